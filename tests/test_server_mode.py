"""Server mode: assistants on a real `chroma run` (loopback) behave as on a local folder, see one
another's changes, and get through the server going down and coming back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chroma_server import ChromaServer
from conftest import make_settings

from assistant import Assistant
from core.errors import ServerUnavailableError
from core.types import Embedder

REPORT = Path(__file__).resolve().parent.parent / "data" / "report.txt"
QUESTION = "How many walnut trees did the Hale orchard plant?"
RELEASED = "Which organisation released the report?"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChromaServer]:
    """A server of this test's own (it may be stopped); the local unit cache in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    running = ChromaServer(tmp_path / "server").start()
    yield running
    running.stop()


def on(server: ChromaServer, embedder: Embedder, tmp_path: Path) -> Assistant:
    """An assistant on `server` (its local folder setting is never touched)."""
    settings = make_settings(tmp_path / "unused-folder", chroma_url=server.url)
    return Assistant(settings, embedder=embedder)


@pytest.mark.slow
def test_two_instances_on_one_server_see_one_index(
    server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    first, second = on(server, embedder, tmp_path), on(server, embedder, tmp_path)
    assert first.ingest([REPORT])[0].status == "added"
    released = second.ask(RELEASED)
    assert not released.refused and "Xinhua Institute" in released.text
    assert "4,321" not in second.ask(QUESTION).text

    notes = tmp_path / "orchard.txt"
    notes.write_text("Orchard\nThe Hale orchard planted 4,321 walnut trees in spring.\n")
    assert first.ingest([notes])[0].status == "added"
    answer = second.ask(QUESTION)  # the second instance notices the change before answering
    assert not answer.refused and "4,321" in answer.text
    listed = {d.name: d for d in second.documents()}
    assert list(listed) == ["orchard.txt", "report.txt"]

    orchard = listed["orchard.txt"]
    assert second.remove("orchard.txt") == orchard.passages + orchard.sentences == 2
    gone = first.ask(QUESTION)
    assert "4,321" not in gone.text and all(c.document == "report.txt" for c in gone.citations)
    assert [d.name for d in first.documents()] == ["report.txt"]
    assert not (tmp_path / "unused-folder").exists()


@pytest.mark.slow
def test_a_server_down_gives_one_line_and_the_next_question_after_it_is_back_works(
    server: ChromaServer, embedder: Embedder, tmp_path: Path
) -> None:
    assistant = on(server, embedder, tmp_path)
    assistant.ingest([REPORT])
    before = assistant.ask(RELEASED)
    server.stop()
    with pytest.raises(ServerUnavailableError) as caught:
        assistant.ask(RELEASED)
    message = str(caught.value)
    assert "\n" not in message and server.url in message and "chroma run" in message
    server.start()  # the same folder and port: a restart
    assert assistant.ask(RELEASED).text == before.text
