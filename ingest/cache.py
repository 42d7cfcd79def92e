"""A local copy of each stored document's units (and what was derived from them), so a start-up
or a change reads only the documents it has not seen, not every row of the index.

Files are named by content hash and unit counts, so any process (or a second machine on one
Chroma server) can share them: a document's units follow from its content. A missing, damaged or
unwritable cache only costs time: the units are read from the index again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from core.types import Passage, Sentence

VERSION = 2  # 2: a passage row ends with its `suspicious` reason


@dataclass(frozen=True)
class Cached:
    """One document's units, and named blobs derived from them (e.g. its lexical terms)."""

    passages: list[Passage]
    sentences: list[Sentence]
    extras: dict[str, bytes] = field(default_factory=dict)


class UnitCache:
    """Documents' units in files under `folder`, keyed by content hash and unit counts."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, sha256: str, passages: int, sentences: int) -> Path:
        return self.folder / f"{sha256}-{passages}-{sentences}.v{VERSION}"

    def load(self, sha256: str, passages: int, sentences: int) -> Cached | None:
        """The cached units, or None if absent or not what the counts say."""
        try:
            raw = self._file(sha256, passages, sentences).read_bytes()
            version, p_rows, s_rows, extras = marshal.loads(raw)
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if version != VERSION or len(p_rows) != passages or len(s_rows) != sentences:
            return None
        return Cached([Passage(*r) for r in p_rows], [Sentence(*r) for r in s_rows], extras)

    def save(self, sha256: str, cached: Cached) -> bool:
        """Write atomically (a reader never sees half a file); False if the folder is not
        writable (a read-only index still answers)."""
        rows = (
            VERSION,
            [_passage_row(p) for p in cached.passages],
            [_sentence_row(s) for s in cached.sentences],
            dict(cached.extras),
        )
        target = self._file(sha256, len(cached.passages), len(cached.sentences))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(rows))
            os.replace(temp, target)
        except OSError:
            return False
        return True

    def keep_only(self, sha256s: set[str]) -> None:
        """Delete the files of documents no longer in the index."""
        if not self.folder.is_dir():
            return
        for f in self.folder.iterdir():
            if f.name.split("-", 1)[0] not in sha256s:
                with contextlib.suppress(OSError):
                    f.unlink()


def _passage_row(p: Passage) -> tuple[object, ...]:
    return (
        p.id,
        p.document,
        p.section,
        p.paragraph,
        p.start,
        p.end,
        p.text,
        p.clean,
        p.suspicious,
    )


def _sentence_row(s: Sentence) -> tuple[object, ...]:
    return (s.id, s.passage_id, s.document, s.section, s.paragraph, s.start, s.end, s.text, s.clean)
