"""What the extractive writer knows of the words of the indexed documents, built per document.

Each document's words are worked out once, when it is added (`words_of`, ~0.3 ms a sentence:
stemming is the cost), stored as bytes beside its units, and merged at start-up in a few dict
and set operations, so a start or a change never re-reads every sentence. Look-ups go through
`Vocabulary`, which asks each document's small tables (a question needs only a few words).
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from core.text import content_words, dedup_key
from core.types import Passage, Sentence

VERSION = 2  # 2: the vocabulary holds the initials of multi-word names (`acronyms`)
_T = TypeVar("_T")
# Look-ups remembered (a question makes a few hundred; each asks every document's table, 459
# of them at 100k passages, so repeating one cost 0.15 ms). Forgotten all at once when full.
MEMO = 100_000


@dataclass(frozen=True)
class DocumentWords:
    """One document's words: per sentence its language and dedup key, and which sentences (by
    position in the document) and how many passages hold each content word."""

    languages: tuple[str, ...]
    keys: dict[str, tuple[int, ...]]  # dedup key -> sentence positions
    containing: dict[str, tuple[int, ...]]  # content word of a sentence -> sentence positions
    passages_with: dict[str, int]  # content word of a passage (with its title) -> passages
    vocabulary: frozenset[str]  # content words of every sentence with its title

    def to_bytes(self) -> bytes:
        """A compact, versioned form (marshal of plain values: no code, no pickle)."""
        return marshal.dumps(
            (
                VERSION,
                self.languages,
                self.keys,
                self.containing,
                self.passages_with,
                tuple(sorted(self.vocabulary)),
            )
        )

    @classmethod
    def from_bytes(cls, blob: bytes) -> DocumentWords:
        """The inverse of `to_bytes`; ValueError for another version or damaged bytes."""
        try:
            version, languages, keys, containing, passages_with, vocabulary = marshal.loads(blob)
        except (EOFError, ValueError, TypeError) as err:
            raise ValueError(f"Damaged document words ({err}); compute them again.") from err
        if version != VERSION:
            raise ValueError(
                f"Document words of format {version}, not {VERSION}; compute them again."
            )
        return cls(languages, keys, containing, passages_with, frozenset(vocabulary))


def words_of(
    passages: Sequence[Passage], sentences: Sequence[Sentence], language_of: Callable[[str], str]
) -> DocumentWords:
    """Work out one document's words. `language_of(text)` is the writer's language detector."""
    keys: dict[str, list[int]] = {}
    containing: dict[str, list[int]] = {}
    vocabulary: set[str] = set()
    for i, s in enumerate(sentences):
        keys.setdefault(dedup_key(s.clean), []).append(i)
        vocabulary |= content_words(f"{s.section} {s.clean}") | acronyms(s.clean)
        for word in content_words(s.clean):
            containing.setdefault(word, []).append(i)
    passages_with: dict[str, int] = {}
    for p in passages:
        for word in content_words(f"{p.section} {p.clean}"):
            passages_with[word] = passages_with.get(word, 0) + 1
    return DocumentWords(
        tuple(language_of(s.clean) for s in sentences),
        {k: tuple(v) for k, v in keys.items()},
        {k: tuple(v) for k, v in containing.items()},
        passages_with,
        frozenset(vocabulary),
    )


# A run of capitalised words, joined by of/and/the/for: "Global Development Initiative",
# "Belt and Road Initiative", "Communist Party of China".
_NAME_RUN = re.compile(r"[A-Z][a-z][\w'-]*(?:\s+(?:(?:of|and|the|for)\s+)*[A-Z][a-z][\w'-]*)+")
SHORTEST_ACRONYM = 3  # letters: two-letter initials say too little ("un", "gd")


def acronyms(text: str) -> set[str]:
    """The initials of the multi-word names in `text`, lower-cased, of every run of two or more
    of their capitalised words: "the Global Development Initiative" gives gdi (and gd, di are
    too short), so a question about "China's GDI" asks of a name the report uses."""
    out: set[str] = set()
    for run in _NAME_RUN.finditer(text):
        initials = [w[0].lower() for w in run.group().split() if w[0].isupper()]
        for a in range(len(initials)):
            for b in range(a + SHORTEST_ACRONYM, len(initials) + 1):
                out.add("".join(initials[a:b]))
    return out


class Vocabulary:
    """The words of all documents, looked up across their tables.

    `sentences` are every document's sentences in order, `parts` each document's words, in the
    same order (a part's positions count from its document's first sentence)."""

    def __init__(self, sentences: Sequence[Sentence], parts: Sequence[DocumentWords]) -> None:
        sizes = [len(p.languages) for p in parts]
        if sum(sizes) != len(sentences):
            raise ValueError(
                f"Document words for {sum(sizes)} sentences, but there are {len(sentences)}"
            )
        self._sentences = sentences
        self._parts = list(parts)
        self._offsets: list[int] = []
        offset = 0
        for size in sizes:
            self._offsets.append(offset)
            offset += size
        self.language = {
            s.id: lang
            for s, lang in zip(sentences, (x for p in parts for x in p.languages), strict=True)
        }
        self.words: frozenset[str] = frozenset().union(*(p.vocabulary for p in parts))
        self._memo: dict[tuple[str, str], object] = {}

    def _remember(self, table: str, key: str, work_out: Callable[[], _T]) -> _T:
        """`work_out()`, remembered under (table, key) while the vocabulary lives."""
        found = self._memo.get((table, key))
        if found is None:
            if len(self._memo) >= MEMO:
                self._memo.clear()
            found = self._memo[(table, key)] = work_out()
        return found  # type: ignore[return-value]

    def _at(self, table: str, key: str) -> list[Sentence]:
        def work_out() -> tuple[Sentence, ...]:
            found: list[Sentence] = []
            for offset, part in zip(self._offsets, self._parts, strict=True):
                rows = getattr(part, table).get(key, ())
                found.extend(self._sentences[offset + i] for i in rows)
            return tuple(found)

        return list(self._remember(table, key, work_out))

    def same_text(self, sentence: Sentence) -> list[Sentence]:
        """The sentences whose text equals `sentence`'s but for typography, in order."""
        return self._at("keys", dedup_key(sentence.clean)) or [sentence]

    def containing(self, word: str) -> list[Sentence]:
        """The sentences holding content word `word`, in order."""
        return self._at("containing", word)

    def count(self, word: str) -> int:
        """How many sentences hold content word `word`."""
        return self._remember(
            "count", word, lambda: sum(len(p.containing.get(word, ())) for p in self._parts)
        )

    def passages_with(self, word: str) -> int:
        """How many passages (with their titles) hold content word `word`."""
        return self._remember(
            "passages", word, lambda: sum(p.passages_with.get(word, 0) for p in self._parts)
        )


def per_document(
    passages: Sequence[Passage], sentences: Sequence[Sentence], language_of: Callable[[str], str]
) -> list[DocumentWords]:
    """Words for a corpus given as one list (tests, tools): one part per run of a document's
    sentences, in order."""
    by_document: dict[str, list[Passage]] = {}
    for p in passages:
        by_document.setdefault(p.document, []).append(p)
    parts: list[DocumentWords] = []
    start = 0
    while start < len(sentences):
        name = sentences[start].document
        end = start
        while end < len(sentences) and sentences[end].document == name:
            end += 1
        parts.append(words_of(by_document.get(name, []), sentences[start:end], language_of))
        start = end
    return parts
