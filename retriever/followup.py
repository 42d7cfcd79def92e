"""Follow-up questions: fold a question that cannot stand alone into the one asked before it.

"What was the rural income in 2024?" then "and in 2021?" searches for "What was the rural
income in 2021?". Pure heuristics over words, no model. The rule:

1. Only the last earlier question is used, and only if it is in the same language
   (`detect_language`): a Chinese question after an English one is searched as typed, and a
   Russian one never hides inside an English question. Callers check the question as typed
   (length, language, characters: `Assistant.check_question`) before they rewrite it.
2. A question with at least `SHORT` content words stands on its own, whatever its form.
3. A fragment, with no verb of its own, is a follow-up if it brings something to merge (a
   content word, a number, a name, a pronoun: `has_content`): "and in 2021?", "What about
   Ecuador?", "In 2021?", "那2021年呢？", "و در سال ۲۰۲۱؟". A verb is a question word (what,
   who, 谁, 什么, چه), an auxiliary or copula (is, did, 是, 有, است), an opening imperative (tell,
   list, 介绍), or, with no opening "and ...", a lower-case English word in -ed ("praised").
4. A question with a verb stands on its own unless it leans on a pronoun: one that points
   back at people or places (he, they, there, 他, او) with fewer than `SHORT` content words, or
   any pronoun with no content word at all ("他是谁？", "Who is he?", "What was it in 2021?").
   "It", "this" and "that" (它, 这, آن) in a question that says something of its own stand for
   the report, the default topic: "Where was it launched?", "这份报告的主要内容是什么？" and
   "Who is Mali's minister that praised the report?" are searched as typed.

When in doubt the question is searched as typed: a complete question merged into the previous
one searches for neither. A follow-up is merged slot by slot: a year replaces a year, a number a
number, a name the one name of the previous question; a complete question leaning on a pronoun
follows the previous question ("Who praised the report? Who is he?"); anything else is appended.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.text import (
    PRONOUNS,
    STOPWORDS,
    clean,
    content_words,
    detect_language,
    has_content,
    words,
)

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
    + "چه چند کی کجا چرا آیا چقدر چگونه چطور کدام کیست چیست".split()
)
_VERBS = frozenset(
    "is are was were am be been being do does did has have had can could will would shall "
    "should may might must".split()
    + "是 有".split()
    + "است هست بود بودند شد شده شود شوند کرد کرده کند کنند دارد دارند داشت گفت".split()
)
_IMPERATIVES = frozenset(
    "tell list name give show explain describe summarise summarize compare define find".split()
)
_IMPERATIVES_HAN = ("介绍", "说明", "列出", "列举", "总结", "解释", "描述", "告诉")
_PERSIAN_PRESENT = re.compile(r"(?:^|\s)ن?می\u200c")  # می‌شود, نمی‌دانم: a verb's prefix
_PAST_PARTICIPLE = re.compile(r"\b[a-z]{2,}ed\b")  # as written: "United" in a name is no verb
# Pronouns that point back at people or places named before; "it", "this", "that" may stand
# for the report itself.
_BACK = frozenset("he him his she her they them their there 他 她 او آنجا".split())
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
    first), or `question` unchanged if it stands on its own, there is nothing before it, or the
    question before it is in another language."""
    previous = next((h.strip() for h in reversed(history) if h.strip()), "")
    if not previous or not is_followup(question):
        return question
    if detect_language(question) != detect_language(previous):
        return question
    return _merge(previous, question.strip())


def is_followup(question: str) -> bool:
    """Whether `question` cannot stand alone (the rule is in the module docstring)."""
    lead = _LEAD.match(question)
    rest = question[lead.end() :] if lead else question
    tokens = words(rest)
    content = _content_count(tokens)
    if not tokens or content >= SHORT:
        return False
    if not has_verb(rest, opened=lead is not None):
        return has_content(rest)
    leans_on = [t for t in words(question) if t in PRONOUNS]
    return bool(leans_on) and (content == 0 or any(t in _BACK for t in leans_on))


def has_verb(question: str, opened: bool = False) -> bool:
    """Whether `question` has a verb of its own rather than being a fragment ("in 2021?").

    `opened`: the question followed an opening "and", "what about", ...; an English word in
    -ed is then no verb ("and for registered users?").
    """
    tokens = words(question)
    if any(t.split("'")[0] in _QUESTION_WORDS or t in _VERBS for t in tokens):
        return True
    if tokens and tokens[0] in _IMPERATIVES:
        return True
    if any(verb in question for verb in _IMPERATIVES_HAN) or _PERSIAN_PRESENT.search(question):
        return True
    return not opened and _PAST_PARTICIPLE.search(clean(question)) is not None


def _content_count(tokens: list[str]) -> float:
    """Meaningful words, numbers excluded: a Han character counts as half a word."""
    count = 0.0
    for token in tokens:
        if token in STOPWORDS or token in _QUESTION_WORDS or token in PRONOUNS:
            continue
        if token in _VERBS or token[0].isdigit() or token == "年":
            continue
        count += 0.5 if _HAN.fullmatch(token) else 1.0
    return count


def _merge(previous: str, question: str) -> str:
    """Put the follow-up's year or number into the previous question's slot, else its name,
    else set it after the previous question (a complete one) or append it (a fragment)."""
    lead = _LEAD.match(question)
    rest = question[lead.end() :] if lead else question
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
    if has_verb(rest, opened=lead is not None):
        # "Who praised the report?" then "Who is he?": search both, the first says who "he" is
        joiner = "" if detect_language(previous) == "zh" else " "
        return f"{previous}{joiner}{question}"
    name = _NAME.fullmatch(rest)
    names = list(_NAME.finditer(previous, pos=_first_word_end(previous)))
    if name and len(names) == 1:
        # "Who is Mali's minister ...?" then "What about Ecuador?": one name for another
        (swapped,) = names
        return previous[: swapped.start()] + rest + previous[swapped.end() :]
    # "What about it?" brings nothing: the previous question is asked again
    return _append(previous, rest) if content_words(rest) else previous


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
