"""Scale benchmark: ReportChat at 1k, 10k and 100k passages beside a LangChain + Chroma peer.

Run with `make bench` (after bench/bench.py), or `python bench/scale.py --sizes 1000,10000`.
Corpora no one here wrote: Debian's debian-reference (English and Chinese) and the Python 3.11
docs, as HTML installed by apt; the bundled report is always in the index, so the evaluation
questions (eval/facts.jsonl) have their answers.

Vectors: embedding 100k passages on two cores would take hours (e5-small embeds about 8 units/s
here), so a pool of real units is embedded once, by measuring the ingest of a few thousand
Debian-reference units with the real embedder (cached, keyed by the pool's files, the code of
ingest/, core/ and the assistant, and this file). Every index is then built by
`Assistant.ingest` with a ReplayEmbedder (bench/replay.py): a pool text gets its real vector,
any other a pool vector chosen by a hash of the text plus noise. Questions are embedded for real.

Every size is built first; then, in rounds over the sizes, fresh processes (bench/probe.py),
ours and the peer's in turn, measure start-up from constructing the app to the end of its
warm-up, RSS after warm-up, warm ask p50/p95 over the evaluation questions. Ingest (file by
file, each followed by its floor): units/s with the real embedder, beside the "floor": the same unit
count over the time the bare embedder takes for exactly the batches the ingest handed it, so
ingest ÷ floor is the share of ingest time spent embedding.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import corpora  # noqa: E402
import peer  # noqa: E402
from replay import NOISE, CountingEmbedder, Pool, ReplayEmbedder  # noqa: E402

from assistant import Assistant  # noqa: E402
from core.config import BUNDLED_REPORT, Settings  # noqa: E402
from core.types import Embedder  # noqa: E402
from eval.run import load_facts  # noqa: E402
from ingest.embed import make_embedder  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportchat-bench"
PROBE = Path(__file__).resolve().parent / "probe.py"
# Issue #9, "Done when"
MAX_P95_GROWTH = 1.5
MAX_STARTUP_S = 5.0
MAX_RSS_MB = 1536.0
MIN_INGEST_OF_FLOOR = 0.9
MAX_EMBEDDED_CHARS = 1.3


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def machine() -> str:
    """CPU, cores, memory and OS, in one line."""
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024**2:.0f} GB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def pool_key(embedder_id: str, files: list[Path], units: int) -> str:
    """What the pool and the ingest figures depend on: the embedder, the files, our code and
    how this file measures them."""
    h = hashlib.sha256(f"{embedder_id}|{units}".encode())
    code = [*sorted((ROOT / "ingest").glob("*.py")), *sorted((ROOT / "core").glob("*.py"))]
    code += [p for p in (ROOT / "assistant.py", Path(__file__)) if p.exists()]
    for path in [BUNDLED_REPORT, *files, *code]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def measure_ingest(real: Embedder, files: list[Path]) -> Pool:
    """Ingest `files` with the real embedder (counted), time the bare embedder on the same
    batches, and keep every real vector, the report's too, as the replay pool."""
    with tempfile.TemporaryDirectory(prefix="scale-ingest-") as tmp:
        counting = CountingEmbedder(real)
        assistant = Assistant(Settings(index_path=Path(tmp) / "ingest"), embedder=counting)
        # file by file, each followed by the floor of its own batches: a neighbour's load on
        # this shared machine then weighs on the ingest and the floor alike (in two halves, as
        # until 2026-12-03, the ratio read 0.85 in one run and 1.02 in the next)
        ingest_s = floor_s = 0.0
        for path in files:
            first = len(counting.batches)
            started = time.perf_counter()
            assistant.ingest([path])
            ingest_s += time.perf_counter() - started
            floor_s += _embed(real, counting.batches[first:])
        units = sum(d.passages + d.sentences for d in assistant.documents())
        report = CountingEmbedder(real)
        Assistant(Settings(index_path=Path(tmp) / "report"), embedder=report).ingest(
            [BUNDLED_REPORT]
        )
    doc_chars = corpora.document_chars(files)
    figures = {
        "files": len(files),
        "units": units,
        "ingest_s": ingest_s,
        "floor_s": floor_s,
        "embedded_texts": counting.texts,
        "embedded_chars": counting.chars,
        "document_chars": doc_chars,
        "units_per_s": units / ingest_s,
        "floor_units_per_s": units / floor_s,
        "embedded_chars_ratio": counting.chars / doc_chars,
    }
    vectors = {**counting.vectors, **report.vectors}
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return Pool(list(vectors), np.array(list(vectors.values()), dtype=np.float32), figures, stamp)


def _embed(embedder: Embedder, batches: list[list[str]]) -> float:
    """Seconds the embedder takes for `batches`."""
    started = time.perf_counter()
    for batch in batches:
        embedder.embed_documents(batch)
    return time.perf_counter() - started


def probe(which: str, index: Path, questions: Path) -> dict[str, Any]:
    """bench/probe.py in a fresh process; its figures, or {"error": its last line}."""
    done = subprocess.run(
        [sys.executable, str(PROBE), which, str(index), str(questions)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit {done.returncode}"]
        return {"error": lines[-1][:300]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def summarise(passages: int, runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One size's row of scale.json from its probes, or None if every probe failed."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return None
    rows = [t for r in ok for t in r["timings"]]
    answers = [t[2] for t in rows if t[2] is not None]
    return {
        "passages": passages,
        "units": ok[0]["units"],
        "ask_p50_ms": round(percentile([t[0] for t in rows], 50), 2),
        "ask_p95_ms": round(percentile([t[0] for t in rows], 95), 2),
        "retrieve_p50_ms": round(percentile([t[1] for t in rows], 50), 2),
        "answer_p50_ms": round(percentile(answers, 50), 2) if answers else None,
        "startup_s": round(statistics.median(r["startup_s"] for r in ok), 3),
        "rss_mb": round(statistics.median(r["rss_mb"] for r in ok), 1),
    }


@dataclass
class Built:
    """One size's two indexes, ours and the peer's, and what was probed of them."""

    target: int
    ours: Path | None  # None if our ingest failed
    peer: Path
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"ours": [], "peer": []})


def build_size(target: int, files: list[Path], replay: ReplayEmbedder, tmp: Path) -> Built:
    """Build both indexes of one size under `tmp`."""
    paths = [BUNDLED_REPORT, *corpora.named_apart(files, tmp / "files")]
    ours_index, peer_index = tmp / "ours", tmp / "peer"
    replay.reset_counts()
    started = time.perf_counter()
    built = True
    try:
        Assistant(Settings(index_path=ours_index), embedder=replay).ingest(paths)
    except Exception as err:  # noqa: BLE001 - any failure of a size is reported, not fatal
        print(f"  ours: ingest failed: {type(err).__name__}: {err}"[:300], flush=True)
        built = False
    print(
        f"  ours: {'built' if built else 'failed'} in {time.perf_counter() - started:.0f} s;"
        " texts embedded: "
        f"{replay.real_texts:,} real, {replay.replayed_texts:,} replayed, "
        f"{replay.repeated_texts:,} repeats of a text embedded before (a one-sentence "
        "passage is its sentence too)",
        flush=True,
    )
    started = time.perf_counter()
    chunks, embedded, chars = peer.build(peer_index, paths, replay)
    print(
        f"  peer: {chunks:,} chunks built in {time.perf_counter() - started:.0f} s; "
        f"embedded chars ÷ text chars {embedded / chars:.2f}",
        flush=True,
    )
    return Built(target, ours_index if built else None, peer_index)


def probe_rounds(sizes: list[Built], questions: Path, repeats: int) -> None:
    """Probe every size's indexes in rounds, ours and the peer's in turn within each size, so
    that a neighbour's load on this shared machine weighs on every size alike: the ratios
    between sizes are read from the same stretch of time (built and probed one size after
    another, as until 2026-12-03, each size's probes lay ten minutes from the next's)."""
    for k in range(repeats):
        for size in sizes:
            print(f"round {k + 1}, {size.target:,} passages", flush=True)
            for which, index in (("ours", size.ours), ("peer", size.peer)):
                if index is None:
                    continue
                run = probe(which, index, questions)
                size.runs[which].append(run)
                _print_probe(which, run)


def rows_of(size: Built) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """scale.json's rows for one probed size, ours and the peer's."""
    # the passages ours counts in its index; the peer holds the same files
    passages = next((r["passages"] for r in size.runs["ours"] if "error" not in r), size.target)
    return summarise(passages, size.runs["ours"]), summarise(passages, size.runs["peer"])


def _print_probe(which: str, run: dict[str, Any]) -> None:
    if "error" in run:
        print(f"  {which}: failed: {run['error']}", flush=True)
        return
    totals = [t[0] for t in run["timings"]]
    print(
        f"  {which}: imports {run['import_s']:.2f} s, start-up {run['startup_s']:.2f} s, "
        f"RSS {run['rss_mb']:.0f} MB (peak {run['peak_rss_mb']:.0f} MB), "
        f"ask p50 {percentile(totals, 50):.1f} ms p95 {percentile(totals, 95):.1f} ms",
        flush=True,
    )


def targets(result: dict[str, Any]) -> list[tuple[str, float, str, bool]]:
    """The Done-when figures this run can give: (what, value, target, met)."""
    sizes = {r["passages"]: r for r in result["sizes"]}
    rows: list[tuple[str, float, str, bool]] = []
    if len(sizes) > 1:
        small, large = sizes[min(sizes)], sizes[max(sizes)]
        growth = large["ask_p95_ms"] / small["ask_p95_ms"]
        what = f"ask p95 at {large['passages']:,} ÷ at {small['passages']:,} passages"
        rows.append((what, growth, f"≤ {MAX_P95_GROWTH} (at 100k ÷ 1k)", growth <= MAX_P95_GROWTH))
    if sizes:
        large = sizes[max(sizes)]
        at = f"at {large['passages']:,} passages"
        s, rss = large["startup_s"], large["rss_mb"]
        rows.append((f"start-up {at} (s)", s, f"≤ {MAX_STARTUP_S} at 100k", s <= MAX_STARTUP_S))
        rows.append((f"RSS {at} (MB)", rss, f"≤ {MAX_RSS_MB:.0f} at 100k", rss <= MAX_RSS_MB))
    ingest = result["ingest"]
    share = ingest["units_per_s"] / ingest["floor_units_per_s"]
    rows.append(("ingest ÷ floor", share, f"≥ {MIN_INGEST_OF_FLOOR}", share >= MIN_INGEST_OF_FLOOR))
    ratio = ingest["embedded_chars_ratio"]
    rows.append(("embedded chars ÷ document chars", ratio, f"≤ {MAX_EMBEDDED_CHARS}", ratio <= 1.3))
    return rows


def print_table(result: dict[str, Any]) -> None:
    """The sizes side by side with the peer's, then the ingest figures and the targets."""
    print(f"\n{'':>9} {'ReportChat':^52} | {'LangChain + Chroma':^33}")
    head = "passages   units  p50 ms  p95 ms  retr ms  ans ms  start s  RSS MB |  chunks"
    print(head + "  p50 ms  p95 ms  start s  RSS MB")
    peers = {r["passages"]: r for r in result["peer"]["sizes"]}
    rows = {r["passages"]: r for r in result["sizes"]}
    for n in sorted(set(rows) | set(peers)):
        o, p = rows.get(n), peers.get(n)
        left = (
            f"{o['units']:7,} {o['ask_p50_ms']:7.1f} {o['ask_p95_ms']:7.1f} "
            f"{o['retrieve_p50_ms']:8.1f} {o['answer_p50_ms']:7.1f} {o['startup_s']:8.2f} "
            f"{o['rss_mb']:7.0f}"
            if o
            else f"{'failed':>7}" + " " * 54
        )
        right = (
            f"{p['units']:7,} {p['ask_p50_ms']:7.1f} {p['ask_p95_ms']:7.1f} "
            f"{p['startup_s']:8.2f} {p['rss_mb']:7.0f}"
            if p
            else "failed"
        )
        print(f"{n:8,} {left} | {right}")
    ingest = result["ingest"]
    print(
        f"\ningest {ingest['units_per_s']:.2f} units/s, floor {ingest['floor_units_per_s']:.2f}"
        f" units/s, embedded chars ÷ document chars {ingest['embedded_chars_ratio']:.2f}"
    )
    print(f"vectors: {result['vectors']}\n")
    for what, value, goal, met in targets(result):
        print(f"{'met   ' if met else 'MISSED'} {what:48} {value:9.2f}  (target {goal})")


def main() -> int:
    """Run the benchmark, write scale.json and scale.png; exit 1 if a measured target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="passages, comma-separated")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k, small pool, 40 Qs")
    parser.add_argument("--pool-units", type=int, default=2000, help="real units to embed")
    parser.add_argument("--questions", type=int, default=0, help="first N questions (0: all)")
    parser.add_argument("--repeats", type=int, default=2, help="fresh processes per app/size")
    parser.add_argument("--fresh", action="store_true", help="re-measure the ingest and pool")
    parser.add_argument("--out", type=Path, default=None, help=f"default {RESULTS}")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.pool_units, args.questions, args.repeats = "1000", 300, 40, 1
    out: Path = args.out or (CACHE / "quick" if args.quick else RESULTS)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    found = corpora.find()
    counts = corpora.passage_counts([BUNDLED_REPORT, *found.ordered], CACHE / "passages.json")
    real = make_embedder("e5-small")
    files = corpora.pool_files(found, counts, args.pool_units)
    cached = CACHE / f"pool-{pool_key(real.id, files, args.pool_units)}"
    pool = None if args.fresh else Pool.load(cached)
    if pool is None:
        print(f"ingest: {len(files)} Debian-reference files with the real embedder", flush=True)
        pool = measure_ingest(real, files)
        pool.save(cached)
    else:
        print(f"ingest: figures and pool from {cached} ({pool.date}); --fresh re-measures")
    replay = ReplayEmbedder(real, pool)

    questions = [f.question for f in load_facts()]
    questions = questions[: args.questions] if args.questions else questions
    result: dict[str, Any] = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "sizes": [],
        "ingest": {k: round(pool.figures[k], 3) for k in ("units_per_s", "floor_units_per_s")},
        "peer": {"sizes": []},
        "vectors": (
            f"real for {len(pool.texts):,} units (the distinct texts of the report's and of "
            f"{pool.figures['units']:,.0f} Debian-reference units, {real.id}), replayed with "
            "noise beyond (a pool vector chosen by a hash of the text, Gaussian noise of norm "
            f"~{NOISE}, renormalised); "
            "questions embedded for real"
        ),
    }
    result["ingest"]["embedded_chars_ratio"] = round(pool.figures["embedded_chars_ratio"], 3)
    with tempfile.TemporaryDirectory(prefix="scale-") as where:
        tmp = Path(where)
        qfile = tmp / "questions.json"
        qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
        built = []
        for target in sizes:
            chosen = corpora.plan(found.ordered, counts, max(target - counts[BUNDLED_REPORT], 0))
            planned = counts[BUNDLED_REPORT] + sum(counts[p] for p in chosen)
            if planned < target * 0.98:
                print(f"the corpora hold only {planned:,} passages; {target:,} is cut to that")
            print(f"{target:,} passages: {len(chosen)} files + the report", flush=True)
            built.append(build_size(target, chosen, replay, tmp / str(target)))
        probe_rounds(built, qfile, args.repeats)
        for size in built:
            ours, theirs = rows_of(size)
            if ours:
                result["sizes"].append(ours)
            if theirs:
                result["peer"]["sizes"].append(theirs)

    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print_table(result)
    from chart import draw

    try:
        draw(result, out / "scale.png")
    except ModuleNotFoundError as err:
        print(f"no chart ({err}). Run: .venv/bin/pip install -e '.[bench]'")
    print(f"\nwrote {out / 'scale.json'} and, if drawn, {out / 'scale.png'}")
    failed = len(result["sizes"]) < len(sizes)
    return 1 if failed or not all(met for *_, met in targets(result)) else 0


if __name__ == "__main__":
    sys.exit(main())
