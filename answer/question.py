"""What a question asks for: a number, a person or organisation, a date, a place, a list, or else."""

from __future__ import annotations

import re
from typing import Literal

AnswerType = Literal["number", "person", "date", "place", "list", "other"]

# Checked in order: "how many years" asks for a number, "in which year" for a date.
_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\b(when|what year|which year|what month|which month|what date|what day"
                        r"|which day|how long ago)\b|什么时候|何时|哪一年|哪年|几月|哪天|哪一天|چه زمانی|کی |چه سالی|چه روزی", re.I)),
    ("number", re.compile(r"\b(how many|how much|what percentage|what percent|what share"
                          r"|what number|what amount|how large|how big)\b|多少|几|百分之|چند|چقدر|چه تعداد", re.I)),
    ("person", re.compile(r"\b(who|whom|whose|which person|which minister|which official"
                          r"|which organi[sz]ation|which institute|which agency|what organi[sz]ation"
                          r"|what institute|what agency|which ministry|what ministry)\b|谁|哪位|哪个机构|什么机构|哪个部门|چه کسی|کی گفت|کدام سازمان|چه سازمانی|چه نهادی", re.I)),
    ("place", re.compile(r"\b(where|which city|what city|which country|which province"
                         r"|which village|which county|what country|in what place)\b|哪里|在哪|哪个城市|哪个国家|哪个省|何地|کجا|کدام شهر|کدام استان", re.I)),
    ("list", re.compile(r"\b(what are|which are|list|name the|what were|which were|what (?:five|four|three)"
                        r"|aspects|principles|practices|goals|include)\b|哪些|哪几|包括|列出|كدام|چه مواردی|کدام‌ها|چه چیزهایی", re.I)),
)


def answer_type(question: str) -> AnswerType:
    """Classify `question` by the kind of answer it expects."""
    for kind, pattern in _PATTERNS:
        if pattern.search(question):
            return kind
    return "other"


_NUMBER = re.compile(
    r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|thousand|percent|%|yuan|dollars))?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b"
    r"|\b(?:first|second|third|final)\b|دو|سه|چهار|پنج",
    re.I,
)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|last year"
    r"|this year|next year)\b|شنبه|یکشنبه|دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|جمعه|ظهر"
)
# Two or more capitalised words ("Huang Zhongshi", "Xinhua Institute") or a title + name.
_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[-\s](?:of\s|and\s)?[A-Z][a-z]+)+\b|\b(?:Minister|Ministry|Institute|Agency"
    r"|Committee|Party)\b|استاندار|مدیر|رستمی|خبرنگار"
)
_PLACE = re.compile(
    r"\b(?:in|at|from|of)\s+(?:the\s+)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)*|\b(?:Province|County|Village"
    r"|City|Beijing|China|Mali|Ecuador|Zhejiang|Sichuan)\b|مازندران|استان"
)
_FEATURES: dict[AnswerType, re.Pattern[str]] = {
    "number": _NUMBER,
    "date": _DATE,
    "person": _NAME,
    "place": _PLACE,
}


def feature_spans(answer: AnswerType, text: str) -> list[tuple[int, int]]:
    """Where `text` holds something of the kind `answer` asks for (empty for list/other)."""
    pattern = _FEATURES.get(answer)
    return [m.span() for m in pattern.finditer(text)] if pattern else []
