"""What a claim names or denies that the passages it cites must state too (answer/claims.py).

- A name in Han script (what jieba tags as a person, place or organisation) in a claim citing
  an English passage must be found there: through the name CC-CEDICT gives it (北京 -> Beijing),
  else, for a name the dictionary lacks, as its pinyin (黄仲实 -> Huang Zhongshi; 石马村 ->
  Shima Village: a place's kind is translated). A name it
  cannot find is not verified, so the claim is not supported: a transliterated foreign name
  (马穆·达费 for Mamou Daffe) is flagged too, which is the safe side to err on.
- A name in Persian script is told by the title before it (استاندار گلستان, the governor of
  Golestan): the word after the title must be in the cited passages.
- A claim that negates (not, never, 没有, 并未, نیست, نمی…) what its cited passages state with
  no negation at all says the opposite of them, however close its words and embedding are.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from core.glossary import Glossary
from core.text import clean, content_words, stem, words

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
_LATIN = re.compile(r"[A-Za-z]{3,}")
_NAME_TAGS = ("nr", "ns", "nt")  # jieba's person, place and organisation names
# A place's kind after its name is translated, not spelt: 石马村 is Shima Village.
_PLACE_SUFFIX = re.compile(r"(?<=..)[村县省市镇乡区州]$")
# Persian titles a name follows: governor, province, city, county, minister, head, mister, ...
_FA_TITLES = frozenset("استاندار استان شهر شهرستان وزیر رئیس آقای خانم دکتر کشور فرماندار".split())
_FA_TOKEN = re.compile(r"[\u0600-\u06ff\u200c]+")
_NEGATION = re.compile(
    r"(?<![A-Za-z])(?:not|never|none|neither|nor|cannot|no(?!\.\s*\d))(?![A-Za-z])|n['’”]t\b"
    r"|没有|没|未(?!来)|并非|不是|不会|不能|不再|从未|无法|绝不|并不"
    r"|(?<![\u0600-\u06ff])(?:نه|نیست\w*|نبود\w*|هیچ|نمی\S*|ندار\w*|نداشت\w*|نشد\w*|نکرد\w*)"
    r"(?![\u0600-\u06ff])",
    re.IGNORECASE,
)


def missing_han_name(claim: str, source: str, glossary: Glossary) -> str:
    """The first Han-script name in `claim` that the Latin-script `source` does not state,
    or "" (also when either side is not in those scripts)."""
    if not _HAN.search(claim) or not _LATIN.search(source):
        return ""
    letters = re.sub(r"[^a-z]", "", source.lower())
    known = {stem(w) for w in words(source)}
    tagged = _tagged(claim)
    for i, (word, tag) in enumerate(tagged):
        if tag == "nr" and len(word) == 1 and glossary.is_surname(word):
            # jieba cut a name apart (李 + 明说, 盘 + 和 + 林): the name is two or three
            # characters starting or ending here, and one of them must be spelt in the passage
            before = "".join(w for w, _ in tagged[max(0, i - 2) : i])
            after = "".join(w for w, _ in tagged[i + 1 : i + 3])
            names = [word + after[:1], word + after[:2], before[-1:] + word, before[-2:] + word]
            names = [name for name in names if len(name) > 1]  # one syllable is in any text
            if names and not any(s in letters for name in names for s in glossary.pinyin(name)):
                return names[0]
            continue
        if not tag.startswith(_NAME_TAGS) or not _HAN_WORD.fullmatch(word):
            continue
        if glossary.is_name(word):
            senses = glossary.name_words(word)
            if senses and not any(name <= known for name in senses):
                return word
        elif _person(word, tag, glossary) and not any(
            spelling in letters for spelling in glossary.pinyin(_PLACE_SUFFIX.sub("", word))
        ):
            return word
        # else a common word jieba took for a name (文明, civilisation): nothing to check
    return ""


def _person(word: str, tag: str, glossary: Glossary) -> bool:
    """Whether `word` reads as a person's name the dictionary lacks: jieba's person tag, two
    or three characters, a surname first (张伟; not 农村居民, which jieba also tags so)."""
    return (
        tag == "nr" and len(word) <= 3 and not glossary.knows(word) and glossary.is_surname(word[0])
    )


def missing_persian_name(claim: str, source: str) -> str:
    """The first word after a Persian title in `claim` (the governor of X) that `source` does
    not hold, or ""."""
    tokens = _FA_TOKEN.findall(clean(claim))
    held = set(_FA_TOKEN.findall(clean(source)))
    for title, name in zip(tokens, tokens[1:], strict=False):
        if title in _FA_TITLES and name not in held and name not in _FA_TITLES:
            return name
    return ""


def denies(claim: str, source: str) -> bool:
    """Whether `claim` negates what `source` (its cited passages) does not: `source` holds no
    negation at all, or, in the same script, none before the words the claim negates (the
    claim's "not co-creators" against the passage's "not as passive followers")."""
    negations = list(_NEGATION.finditer(claim))
    if not negations:
        return False
    stated = list(_NEGATION.finditer(source))
    if not stated:
        return True
    if _HAN.search(claim) or not _LATIN.search(claim) or not _LATIN.search(source):
        return False  # scopes in two scripts cannot be compared word for word
    denied_in_source = set().union(*(_scope(source, m.end()) for m in stated))
    denied = (_scope(claim, m.end()) for m in negations)
    return any(words and not words & denied_in_source for words in denied)


def _scope(text: str, at: int) -> set[str]:
    """The content words in the five words after position `at`: what a negation there denies."""
    return content_words(" ".join(text[at:].split()[:5]))


@lru_cache(maxsize=1024)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """`text` cut into words with jieba's part-of-speech tags."""
    return tuple((w.word, w.flag) for w in _posseg().cut(text))


@lru_cache(maxsize=1)
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg
