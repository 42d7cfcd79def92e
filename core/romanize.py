"""Does a name written in Latin letters appear in Persian script? ("Mazandaran" in مازندران)

The embedder does not tie a romanised Persian name to its Persian spelling (e5 scores the Latin
"Mazandaran" about as close to an English sentence as to the article titled …در مازندران…), so
the name is compared by its consonants: Persian writes few vowels, and romanisations differ
mostly in them. Both spellings become a skeleton of consonant classes, with vowels, the letters
that stand for vowels or breath (ا و ی ه ح ع) and their Latin echoes (v w y h) left out:

    Mazandaran -> m z n d r n        مازندران -> m z n d r n
    Rostami    -> r s t m            رستمی     -> r s t m
    Tehran     -> t r n              تهران     -> t r n

A skeleton of fewer than three consonants says too little to match on ("Iran", ایران).
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_CONSONANTS = 3

# Latin digraphs first, each one consonant class; then single letters.
_LATIN_DIGRAPHS = {"kh": "x", "gh": "q", "sh": "S", "ch": "C", "zh": "Z"}
_LATIN = {
    "b": "b", "p": "p", "t": "t", "s": "s", "c": "k", "j": "j", "d": "d", "r": "r", "z": "z",
    "f": "f", "q": "q", "k": "k", "g": "g", "l": "l", "m": "m", "n": "n", "x": "ks",
}  # fmt: skip
_PERSIAN = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "چ": "C",
    "خ": "x", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ژ": "Z", "ش": "S",
    "غ": "q", "ق": "q", "ف": "f", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_PERSIAN_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")


def latin_skeleton(word: str) -> str:
    """The consonant classes of a word in Latin letters ("Mazandaran" -> "mzndrn")."""
    text = word.lower()
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = _LATIN_DIGRAPHS.get(text[i : i + 2])
        if pair:
            out.append(pair)
            i += 2
            continue
        out.append(_LATIN.get(text[i], ""))
        i += 1
    return _squeeze("".join(out))


def persian_skeleton(word: str) -> str:
    """The consonant classes of a word in Persian script ("مازندران" -> "mzndrn")."""
    return _squeeze("".join(_PERSIAN.get(ch, "") for ch in word))


def _squeeze(skeleton: str) -> str:
    """Doubled consonants once: "Hassan" and حسن alike."""
    return re.sub(r"(.)\1+", r"\1", skeleton)


@lru_cache(maxsize=4096)
def _persian_skeletons(text: str) -> frozenset[str]:
    """The skeletons of the Persian words of `text` (a passage is asked about again and again)."""
    return frozenset(persian_skeleton(w) for w in _PERSIAN_WORD.findall(text))


def spelt_in_persian(word: str, text: str) -> bool:
    """Does `text` hold a Persian word spelling the Latin `word` (three consonants or more)?"""
    if not _LATIN_WORD.fullmatch(word):
        return False
    skeleton = latin_skeleton(word)
    return len(skeleton) >= MIN_CONSONANTS and skeleton in _persian_skeletons(text)
