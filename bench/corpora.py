"""The scale benchmark's corpora: Debian's manuals and the Python docs, as installed by apt,
and which of their files make an index of a given number of passages."""

from __future__ import annotations

import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from ingest.chunk import split
from ingest.load import load

DEBIAN_REFERENCE = Path("/usr/share/debian-reference")
PYTHON_DOCS = Path("/usr/share/doc/python3.11/html")
APT_PACKAGES = "debian-reference-en debian-reference-zh-cn python3.11-doc"

# Some Python doc pages are XHTML; bs4 warns about parsing them as HTML, which is what we want.
warnings.filterwarnings("ignore", message=".*looks like you're using an HTML parser.*")


@dataclass(frozen=True)
class Corpora:
    """The files of each corpus, in a fixed order."""

    debian_en: list[Path]
    debian_zh: list[Path]
    python: list[Path]

    @property
    def ordered(self) -> list[Path]:
        """Every file, Debian's manuals first: small indexes get both languages' manuals."""
        return [*self.debian_en, *self.debian_zh, *self.python]


def find() -> Corpora:
    """The installed corpora, or a one-line error saying how to install them."""
    corpora = Corpora(
        sorted(DEBIAN_REFERENCE.glob("*.en.html")),
        sorted(DEBIAN_REFERENCE.glob("*.zh-cn.html")),
        sorted(PYTHON_DOCS.glob("**/*.html")),
    )
    if not (corpora.debian_en and corpora.debian_zh and corpora.python):
        raise SystemExit(
            f"The benchmark's corpora are missing under {DEBIAN_REFERENCE} or {PYTHON_DOCS}. "
            f"Run: make bench (or apt-get install {APT_PACKAGES})"
        )
    return corpora


def passage_counts(files: list[Path], cache: Path) -> dict[Path, int]:
    """Passages each file splits into (our loader and chunker), cached by path, size and mtime:
    splitting the Python docs takes about a minute."""
    known: dict[str, list[int]] = {}
    if cache.exists():
        known = json.loads(cache.read_text(encoding="utf-8"))
    counts: dict[Path, int] = {}
    for path in files:
        stat = path.stat()
        entry = known.get(str(path))
        if entry is None or entry[:2] != [stat.st_size, int(stat.st_mtime)]:
            entry = [stat.st_size, int(stat.st_mtime), len(split(load(path))[0])]
            known[str(path)] = entry
        counts[path] = entry[2]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(known), encoding="utf-8")
    return counts


def plan(files: list[Path], counts: dict[Path, int], passages: int) -> list[Path]:
    """Files, in order, whose passages add up to about `passages` (within 2%): each file is
    taken if it fits, so the result stays close without cutting a file."""
    chosen: list[Path] = []
    total = 0
    for path in files:
        if total >= passages * 0.98:
            break
        if total + counts[path] <= passages * 1.02:
            chosen.append(path)
            total += counts[path]
    return chosen


def pool_files(corpora: Corpora, counts: dict[Path, int], units: int) -> list[Path]:
    """Debian-reference chapters, English and Chinese, smallest first, of about `units`
    passages and sentences together (these manuals have about 1.5 sentences a passage)."""
    chapters = [p for p in [*corpora.debian_en, *corpora.debian_zh] if p.name.startswith("ch")]
    chosen: list[Path] = []
    total = 0.0
    for path in sorted(chapters, key=lambda p: (counts[p], p.name)):
        estimate = counts[path] * 2.5
        if total + estimate > units * 1.1:
            break
        chosen.append(path)
        total += estimate
    return chosen or [min(chapters, key=lambda p: counts[p])]


def document_chars(paths: list[Path]) -> int:
    """Characters of the documents' text, as loaded."""
    return sum(len(load(p).text) for p in paths)


def named_apart(paths: list[Path], folder: Path) -> list[Path]:
    """`paths` with each Python doc page copied into `folder` under its path in the docs
    (`c-api__index.html`): ReportChat knows a document by its file name, and the Python docs
    have many an `index.html`. Debian's files keep their names (the replay pool knows them)."""
    folder.mkdir(parents=True, exist_ok=True)
    named: list[Path] = []
    for path in paths:
        if path.is_relative_to(PYTHON_DOCS):
            path = Path(
                shutil.copyfile(path, folder / "__".join(path.relative_to(PYTHON_DOCS).parts))
            )
        named.append(path)
    return named
