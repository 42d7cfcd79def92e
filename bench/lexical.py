"""Benchmark: the lexical index at ~200k real sentences: terms per document, merge, queries.

Run with `.venv/bin/python bench/lexical.py [--sentences N]`. The corpus is the Debian Reference
(English and Chinese) and the Python 3.11 HTML docs as installed by Debian, loaded and split as
ingest does, repeated until N sentences with nothing changed but the sentence ids. Every figure
is a median over repeated runs in this one process; the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.types import Sentence  # noqa: E402
from ingest.chunk import split  # noqa: E402
from ingest.load import load  # noqa: E402
from retriever.lexical import (  # noqa: E402
    LexicalIndex,
    LexicalRetriever,
    Terms,
    load_tokenizer,
    terms_of,
    tokenize,
)

SOURCES = [Path("/usr/share/debian-reference"), Path("/usr/share/doc/python3.11/html")]
QUERIES = [
    "install a package with apt-get", "configure the network interface", "ssh keys",
    "file system permissions", "mount a USB disk", "bash history", "sources.list mirror",
    "upgrade the whole system", "keyboard layout", "sudo root password", "vim editor",
    "tar gzip archive", "grep regular expression", "dpkg reconfigure", "systemd service unit",
    "list comprehension", "asyncio event loop", "dictionary keys and values", "unicode strings",
    "exception traceback", "import a module from a package", "decorator with arguments",
    "garbage collection reference count", "thread lock", "subprocess pipe", "json dumps",
    "regular expression match groups", "os.path join", "datetime timezone", "class inheritance",
    "generator yield", "context manager with statement", "f-string formatting",
    "软件包 管理", "网络 配置", "文件系统 权限", "如何 安装 软件包", "系统 升级", "用户 密码",
    "命令行 shell", "磁盘 分区", "编辑器 vim", "Debian 发行版 镜像", "root 账户 sudo",
    "apt-get 更新 软件源", "内核 模块", "备份 数据", "字符 编码", "时区 设置", "打印机 驱动",
]  # fmt: skip
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """`fn()` and the seconds it took."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def median_time(fn: Callable[[], object], runs: int) -> float:
    """The median seconds of `runs` calls of `fn`."""
    return statistics.median(timed(fn)[1] for _ in range(runs))


def median_wall_cpu(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `runs` calls (CPU time is what a loaded box does not
    inflate)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def corpus(target: int) -> list[Sentence]:
    """At least `target` sentences: the sources' HTML pages, repeated with fresh ids."""
    base = [s for path in _pages() for s in split(load(path))[1]]
    print(f"  {len(base):,} distinct sentences")
    sentences: list[Sentence] = []
    copy = 0
    while len(sentences) < target:
        sentences.extend(replace(s, id=f"c{copy}:{s.id}") for s in base)
        copy += 1
    return sentences[:target]


def _pages() -> list[Path]:
    return [p for root in SOURCES for p in sorted(root.rglob("*.html"))]


def documents(sentences: list[Sentence]) -> list[list[Sentence]]:
    """The sentences cut into documents: runs of one document name (each copy its own run)."""
    return [
        list(run) for _, run in groupby(sentences, key=lambda s: (s.id.split(":")[0], s.document))
    ]


def ms(wall: float, cpu: float) -> str:
    """`wall` and `cpu` seconds as milliseconds."""
    return f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms), median"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5, help="repeats of each timed merge")
    parser.add_argument("--baseline", action="store_true", help="also time the old bm25s build")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", module="ingest.load")  # bs4 on XHTML pages
    logging.getLogger("bm25s").setLevel(logging.WARNING)

    print(f"Loading and splitting {len(_pages())} HTML pages ...")
    sentences, seconds = timed(lambda: corpus(args.sentences))
    docs = documents(sentences)
    print(f"  {len(sentences):,} sentences in {len(docs):,} documents ({seconds:.1f} s)")

    load_tokenizer()
    parts, build = timed(lambda: [terms_of(doc) for doc in docs])
    nnz = sum(len(p.indices) for p in parts)
    print(f"Terms per document (tokenise + count): {build:.2f} s  ({nnz:,} entries)")

    blobs, to_bytes = timed(lambda: [p.to_bytes() for p in parts])
    size = sum(len(b) for b in blobs) / 2**20
    wall, cpu = median_wall_cpu(lambda: [Terms.from_bytes(b) for b in blobs], args.runs)
    print(f"to_bytes: {to_bytes:.2f} s ({size:.1f} MiB); from_bytes: {ms(wall, cpu)}")

    wall, cpu = median_wall_cpu(lambda: LexicalIndex(parts), args.runs)
    print(f"Merge of all parts into one index: {ms(wall, cpu)}")

    def cold() -> None:  # a start: parts fresh from bytes, their strings never hashed yet
        LexicalRetriever.from_terms(sentences, [Terms.from_bytes(b) for b in blobs])

    wall, cpu = median_wall_cpu(cold, args.runs)
    print(f"Start from bytes (from_bytes + id check + merge): {ms(wall, cpu)}")
    retriever = LexicalRetriever.from_terms(sentences, parts)

    index = LexicalIndex(parts)
    tokens = [tokenize(q) for q in QUERIES]
    top = [median_time(partial(index.top, t, 50), 5) for t in tokens]
    ask = [median_time(partial(retriever.retrieve, q, 50), 5) for q in QUERIES]
    print(
        f"Query, {len(QUERIES)} queries, k=50: median top() {statistics.median(top) * 1000:.2f} ms "
        f"(max {max(top) * 1000:.2f}); median retrieve() incl. tokenize "
        f"{statistics.median(ask) * 1000:.2f} ms (max {max(ask) * 1000:.2f})"
    )

    if args.baseline:
        import bm25s

        def old() -> None:
            bm25s.BM25().index([tokenize(s.clean) for s in sentences], show_progress=False)

        print(f"Baseline, the old start-up (tokenise all + bm25s index): {timed(old)[1]:.1f} s")


if __name__ == "__main__":
    main()
