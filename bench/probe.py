"""One fresh process of the scale benchmark: open an index as an app would, time its start-up,
read its memory, then time warm questions. Prints one JSON object.

    python bench/probe.py ours|peer INDEX QUESTIONS.json

Start-up is from constructing the app to the end of its warm-up (the models loaded, the index
open, one question's worth of search structures built); imports are timed apart.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def status_mb(field: str) -> float:
    """A field of /proc/self/status (VmRSS, VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"/proc/self/status has no {field}: the benchmark needs Linux's /proc.")


def ours(index: Path, questions: list[str]) -> dict[str, object]:
    """ReportChat through its public API."""
    from assistant import Assistant
    from core.config import Settings

    imported = time.perf_counter()
    assistant = Assistant(Settings(index_path=index))
    assistant.warm_up()
    ready = time.perf_counter()
    rss = status_mb("VmRSS")
    infos = assistant.documents()
    timings = []
    for q in questions:
        t = assistant.ask(q).timings
        timings.append([t.total, t.retrieve, t.answer])
    return {
        "import_s": imported - STARTED,
        "startup_s": ready - imported,
        "rss_mb": rss,
        "peak_rss_mb": status_mb("VmHWM"),
        "passages": sum(d.passages for d in infos),
        "units": sum(d.passages + d.sentences for d in infos),
        "timings": timings,
    }


def peer(index: Path, questions: list[str]) -> dict[str, object]:
    """The LangChain + Chroma peer (bench/peer.py), with the same query embedder."""
    from peer import Peer

    from ingest.embed import make_embedder

    imported = time.perf_counter()
    app = Peer(index, make_embedder("e5-small"))
    app.ask("warm up")
    ready = time.perf_counter()
    rss = status_mb("VmRSS")
    timings = []
    for q in questions:
        started = time.perf_counter()
        app.ask(q)
        ms = (time.perf_counter() - started) * 1000
        timings.append([ms, ms, None])  # it retrieves; its LLM, which we do not run, answers
    return {
        "import_s": imported - STARTED,
        "startup_s": ready - imported,
        "rss_mb": rss,
        "peak_rss_mb": status_mb("VmHWM"),
        "units": app.count(),
        "timings": timings,
    }


def main() -> int:
    """Run one probe and print its figures as JSON on the last line of stdout."""
    which, index, questions_file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    probe = {"ours": ours, "peer": peer}[which]
    print(json.dumps(probe(index, questions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
