"""Follow-up questions: fold a short, elliptical question into the one asked before it.

"What was the rural income in 2024?" then "and in 2021?" searches for "What was the rural
income in 2021?". Pure heuristics over words, no model: a question is a follow-up when it is
short (under `SHORT` content words) and elliptical (it opens with "and", "what about", "那", ...,
leans on a pronoun, or has no content word or question word of its own). It is merged into the
previous question slot by slot: a year replaces a year, a number a number, a name the one name
of the previous question; anything else is appended. A self-contained question is returned
unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import STOPWORDS, clean, words

SHORT = 4  # content words from which a question stands on its own, whatever its form

# Openings that mark an elliptical question. Longest first, so "and what about" wins over "and".
_LEADS_LATIN = (
    "and what about",
    "and how about",
    "what about",
    "how about",
    "what of",
    "same for",
    "and",
    "also",
    "then",
)
_LEADS_HAN = ("那么", "还有", "另外", "那", "和", "而")
_LEADS_ARABIC = ("و",)  # Persian "and", written as its own word
_LEAD = re.compile(
    r"^\s*(?:"
    + "|".join(rf"{re.escape(lead)}\b" for lead in _LEADS_LATIN + _LEADS_ARABIC)
    + "|"
    + "|".join(re.escape(lead) for lead in _LEADS_HAN)
    + r")[\s,，、]*",
    re.IGNORECASE,
)
_QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how".split()
    + "什 哪 谁 几 何 怎 吗 多".split()  # one character each: `words` splits Han text that way
    + "چه چند کی کجا چرا آیا".split()
)
_PRONOUNS = frozenset(
    "it its they them their that this those these he him his she her there".split()
    + "它 他 她 其 这 那 此".split()
    + "آن این او".split()
)
_TAIL = re.compile(r"[\s?？؟.。!！]*$")
# Chinese question tails that carry no meaning ("2021年呢？" = "and in 2021?").
_HAN_PARTICLES = re.compile(r"(?:呢|吗|的呢|怎么样|如何|又如何|怎样)$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_PREPOSITION = re.compile(r"^(?:in|for|of|at|on|during|by)\b\s*", re.IGNORECASE)
# A name in Latin script: capitalised words ("Ecuador", "Pan Helin"), without a possessive 's.
_NAME = re.compile(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*")


def rewrite(question: str, history: Sequence[str]) -> str:
    """`question` made self-contained using the last of `history` (earlier questions, oldest
    first), or `question` unchanged if it stands on its own or there is nothing before it."""
    previous = next((h.strip() for h in reversed(history) if h.strip()), "")
    if not previous or not is_followup(question):
        return question
    return _merge(previous, question.strip())


def is_followup(question: str) -> bool:
    """Whether `question` is too short and elliptical to be searched on its own."""
    tokens = words(question)
    if not tokens:
        return False
    content = _content_count(tokens)
    if content >= SHORT:
        return False
    if _LEAD.match(question) or content == 0:
        return True
    asks = any(t in _QUESTION_WORDS for t in tokens)
    leans_back = any(t in _PRONOUNS for t in tokens)
    return not asks or leans_back


def _content_count(tokens: list[str]) -> float:
    """Meaningful words, numbers excluded: a Han character counts as half a word."""
    count = 0.0
    for token in tokens:
        if token in STOPWORDS or token in _QUESTION_WORDS or token in _PRONOUNS:
            continue
        if token[0].isdigit() or token == "年":
            continue
        count += 0.5 if _HAN.fullmatch(token) else 1.0
    return count


def _merge(previous: str, question: str) -> str:
    """Put the follow-up's year or number into the previous question's slot, else append it."""
    rest = _LEAD.sub("", question, count=1)
    rest = _HAN_PARTICLES.sub("", _TAIL.sub("", rest)).strip()
    for kind in ("year", "number"):
        new = _slots(kind, rest)
        # `clean` maps character for character (Persian digits -> ASCII), so offsets carry over
        old = _slots(kind, previous)
        if len(new) != 1 or not old:
            continue
        value = rest[new[0].start() : new[0].end()]
        merged = previous[: old[-1].start()] + value + previous[old[-1].end() :]
        extra = rest[: new[0].start()] + rest[new[0].end() :]
        extra = _PREPOSITION.sub("", extra.strip()).removeprefix("年").strip()
        # "and in the year 2021?": keep "year" only if the previous question lacks it
        fresh = [w for w in words(extra) if w not in words(previous)]
        return _append(merged, extra) if _content_count(fresh) else merged
    name = _NAME.fullmatch(rest)
    names = list(_NAME.finditer(previous, pos=_first_word_end(previous)))
    if name and len(names) == 1:
        # "Who is Mali's minister ...?" then "What about Ecuador?": one name for another
        (swapped,) = names
        return previous[: swapped.start()] + rest + previous[swapped.end() :]
    return _append(previous, rest) if rest else previous


def _first_word_end(text: str) -> int:
    """Where the first word ends: a sentence's capitalised first word is not a name."""
    first = re.match(r"\s*\S+", text)
    return first.end() if first else 0


def _slots(kind: str, text: str) -> list[re.Match[str]]:
    """The years, or the numbers that are not years, in `text` (Persian digits read as ASCII)."""
    normal = clean(text)
    if kind == "year":
        return list(_YEAR.finditer(normal))
    return [m for m in _NUMBER.finditer(normal) if not _YEAR.fullmatch(m.group())]


def _append(previous: str, extra: str) -> str:
    """`previous` with `extra` added before its closing question mark."""
    body = _TAIL.sub("", previous)
    mark = previous[len(body) :].strip() or "?"
    joiner = "" if _HAN.search(body[-1:]) and _HAN.search(extra[:1]) else " "
    return f"{body}{joiner}{extra}{mark}"
