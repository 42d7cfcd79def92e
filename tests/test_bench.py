"""The benchmarks' code runs against today's app (their timings belong to `make bench`; none is
asserted here): `bench/bench.py` once called a page handler that had moved, and only a full
`make bench` found out."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from assistant import Assistant

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reportchat_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_first_chunk_benchmark_streams_through_the_page_handler(
    report_assistant: Assistant,
) -> None:
    figures = _bench().bench_first_token(report_assistant, rounds=1)
    assert set(figures) == {"first_token_p50_ms", "first_token_p95_ms"}
    assert 0 < figures["first_token_p50_ms"] <= figures["first_token_p95_ms"]
