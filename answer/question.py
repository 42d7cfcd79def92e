"""What a question asks for: a number, a person or body, a date, a place, a list, or else."""

from __future__ import annotations

import re
from typing import Literal

AnswerType = Literal["number", "person", "date", "place", "list", "other"]


def _any(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the alternatives (English as whole words)."""
    return re.compile("|".join(alternatives), re.IGNORECASE)


# Checked in order: "how many years" asks for a number, "in which year" for a date.
_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        "date",
        _any(
            r"\b(when|what year|which year|what month|which month|what date|what day|which day)\b",
            "什么时候|何时|哪一年|哪年|几月|哪天|哪一天|星期几|周几|礼拜几|几号",
            # not کی: "who" as often as "when"; کدوم is how کدام is spoken
            "چه زمانی|چه سالی|چه روزی|چه تاریخی|(?:کدام|کدوم) (?:روز|سال|تاریخ)",
        ),
    ),
    (
        "number",
        _any(
            r"\b(how many|how much|what percentage|what percent|what share|what number)\b",
            r"\b(what amount|how large|how big|how long|how old|population)\b",
            "多少|几|百分之",
            "چند|چقدر|چه تعداد",
        ),
    ),
    (
        "person",
        _any(
            r"\b(who|whom|whose|which person|which minister|which official)\b",
            r"\b(which|what) (organi[sz]ation|institute|agency|ministry)\b",
            "谁|哪位|哪个机构|什么机构|哪个部门|哪家|哪个单位|什么单位|哪个组织|什么组织",
            "چه کسی|کی گفت|کدام (سازمان|نهاد|مؤسسه|موسسه|وزارتخانه|خبرگزاری)",
            "چه (سازمانی|نهادی|مؤسسه‌ای|موسسه‌ای|وزارتخانه‌ای|خبرگزاری‌ای)",
        ),
    ),
    (
        "place",
        _any(
            r"\b(where|in what place)\b|\b(which|what) (city|country|province|village|county)\b",
            "哪里|在哪里|在哪儿|哪个城市|哪个国家|哪个省|何地",
            "کجا|کدام شهر|کدام استان",
        ),
    ),
    (
        "list",
        _any(
            r"\b(what are|which are|list|name the|what were|which were|what (five|four|three))\b",
            r"\b(aspects|principles|practices|goals|include)\b",
            "哪些|哪几|哪[两三四五六七八九十]|包括|列出|方面|原则|做法|目标",
            "چه مواردی|کدام‌ها|چه چیزهایی",
        ),
    ),
)


def answer_type(question: str) -> AnswerType:
    """Classify `question` by the kind of answer it expects."""
    for kind, pattern in _PATTERNS:
        if pattern.search(question):
            return kind
    return "other"


_NUMBER = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s*(?:million|billion|thousand|percent|%|yuan|dollars))?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b"
    r"|\b(?:first|second|third|final)\b|\b(?:دو|سه|چهار|پنج)\b",
    re.I,
)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|last year"
    r"|this year|next year)\b|\b(?:\w+|\d+) years? ago\b"
    r"|\b(?:شنبه|یکشنبه|دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|جمعه|ظهر)\b"
)
# Two or more capitalised words ("Huang Zhongshi", "Xinhua Institute") or a title + name.
_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[-\s](?:of\s|and\s)?[A-Z][a-z]+)+\b|\b(?:Minister|Ministry|Institute|Agency"
    r"|Committee|Party)\b|\b(?:استاندار|مدیر|وزیر|رئیس|خبرنگار)\b"
    # Persian has no capitals: a body is known by its head noun (chamber, organisation, ...)
    r"|\b(?:اتاق|سازمان|وزارت|نهاد|شرکت|بانک|دانشگاه|اداره|جهاد|مجلس|شورا|کمیته|خبرگزاری"
    r"|مؤسسه|موسسه)\b"
)
_PLACE = re.compile(
    r"\b(?:in|at|from|of)\s+(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)"
    r"|\b(?:Province|County|Village"
    r"|City|Region|District|Country)\b|\b(?:استان|شهر|منطقه)\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_FEATURES: dict[AnswerType, re.Pattern[str]] = {
    "number": _NUMBER,
    "date": _DATE,
    "person": _NAME,
    "place": _PLACE,
}


# The "and" that closes a list of items comes a few words after a comma ("a, b, and c", "c,
# economic headwinds and growing ..."); one that joins two verbs of a clause after a long
# phrase does not ("According to the report, ..., China set a period to consolidate and expand").
_LAST_ITEM = re.compile(r"[,،]\s*(?:[^\s,،]+\s+){0,4}?(?:and|و)\s")


def is_list(text: str) -> bool:
    """Does `text` enumerate three or more items ("a; b; and c", "a, b, and c", "a、b、c")?"""
    commas = text.count(",") + text.count("،")  # Persian writes its own comma
    return (
        text.count(";") >= 2
        or text.count("、") >= 2
        or (commas >= 2 and _LAST_ITEM.search(text) is not None)
    )


def feature_spans(answer: AnswerType, text: str) -> list[tuple[int, int]]:
    """Where `text` holds something of the kind `answer` asks for (empty for list/other)."""
    pattern = _FEATURES.get(answer)
    if pattern is None:
        return []
    # A place is the name after "in"/"of", not the preposition ("in **Beijing**").
    spans = [
        m.span("name") if m.groupdict().get("name") else m.span() for m in pattern.finditer(text)
    ]
    if answer == "number":  # a year is a date, not a quantity: "By the end of 2024, over 160"
        spans = [(a, b) for a, b in spans if not _YEAR.fullmatch(text[a:b])]
    return spans


# A year a figure is compared with is not the year the figure is for: "reached 17,522 yuan, a
# 24.7 percent increase over 2021" says nothing of 2021's income. 比2021年, نسبت به سال ۲۰۲۱.
_BASE_YEAR = re.compile(
    r"\b(?:over|since|than|compared (?:with|to)|from|against)\s+(?:the\s+)?(?:end of\s+)?"
    r"(?:(?:19|20)\d\d)\b"
    r"|[比较](?:(?:19|20)\d\d)年?|نسبت به (?:سال )?(?:(?:19|20)\d\d|[۱۲][۰-۹]{3})",
    re.IGNORECASE,
)


def without_comparisons(text: str) -> str:
    """`text` without the years it compares with ("a 24.7 percent increase over 2021")."""
    return _BASE_YEAR.sub(" ", text)


def comparison_years(text: str) -> set[str]:
    """The years `text` compares with (`over 2021`, 比2021年): as written, digits normalised."""
    found = set()
    for m in _BASE_YEAR.finditer(text.translate(_PERSIAN_DIGITS)):
        found.update(_YEAR.findall(m.group()))
    return found


_PERSIAN_DIGITS = str.maketrans({chr(0x06F0 + d): str(d) for d in range(10)})
