"""Shared fixtures: the real embedder loaded once, and a built index of the bundled report.

Building the index takes about ten seconds, so it is built once per session and copied
(`index_copy`) for each test that may write to it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from chroma_server import ChromaServer

from assistant import Assistant
from core.config import Settings
from core.types import Corpus, Embedder
from ingest.embed import make_embedder
from ingest.store import close_indexes


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on its test (`item.report_call`), for fixtures that add
    evidence to a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def close_the_tests_indexes(tmp_path: Path) -> Iterator[None]:
    """Close the indexes a test opened in its own folder once it ends: each Chroma client
    otherwise keeps its files open for the rest of the session (over 1,024 descriptors late in
    the suite)."""
    yield
    close_indexes(tmp_path)


def make_settings(index_path: Path, **changes: Any) -> Settings:
    """Default settings (no `REPORTCHAT_*` variables) with the index at `index_path`."""
    return replace(Settings(), index_path=index_path, **changes)


@pytest.fixture(scope="session")
def settings_for() -> Callable[..., Settings]:
    """`settings_for(path, **changes)`: default settings with the index at `path`."""
    return make_settings


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled e5-small embedder, loaded once per session."""
    return make_embedder("e5-small")


@pytest.fixture(scope="session")
def report_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The path of an index of data/report.txt, built once per session. Do not write to it."""
    path = tmp_path_factory.mktemp("report-index") / "index"
    Assistant(make_settings(path), embedder=embedder).ensure_index()
    return path


@pytest.fixture
def index_copy(report_index: Path, tmp_path: Path) -> Path:
    """A fresh copy of `report_index` that a test may change."""
    return Path(shutil.copytree(report_index, tmp_path / "index"))


@pytest.fixture
def assistant(index_copy: Path, embedder: Embedder) -> Assistant:
    """An assistant over `index_copy`, using the session's embedder."""
    return Assistant(make_settings(index_copy), embedder=embedder)


@pytest.fixture(scope="session")
def report_assistant(report_index: Path, embedder: Embedder) -> Assistant:
    """An assistant over the session's index of the bundled report. Only read from it."""
    return Assistant(make_settings(report_index), embedder=embedder)


@pytest.fixture(scope="session")
def corpus(report_assistant: Assistant) -> Corpus:
    """Every passage and sentence of the bundled report's index (a test module may define its
    own `corpus` for a tiny hand-made one)."""
    return report_assistant.corpus()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a real `chroma run` server for the session (each test uses its own
    collection on it)."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    try:
        yield server.url
    finally:
        server.stop()
