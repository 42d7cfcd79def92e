"""Questions that take a claim for granted: "Why did the report say poverty rose in 2024?"

Such a question is answered only if the report states its premise; otherwise the writer says
that the report does not say it and quotes what the report does say. The premise is the
question's clause after "why" (为什么, چرا), with "did the report say (that)" and the like
removed; the writer checks it word by word against the passage it would quote.
"""

from __future__ import annotations

import re

_WHY = {
    "en": re.compile(
        r"^\s*(?:so\s+|but\s+|and\s+)?why\s+(?:exactly\s+)?"
        r"(?:did|does|do|is|was|were|are|has|have|had|would|will|should|can|could)\s+(?P<rest>.+)$",
        re.IGNORECASE,
    ),
    "zh": re.compile(r"^(?P<pre>.*?)(?:为什么|为何|为啥|怎么会)(?P<rest>.+)$"),
    "fa": re.compile(r"^(?P<pre>.*?)چرا\s+(?P<rest>.+)$"),
}
_SAYS = {
    "en": re.compile(
        r"^(?:the\s+report|the\s+article|it|they|he|she|[\w'’-]+(?:\s+[\w'’-]+){0,4}?)\s+"
        r"(?:say|says|said|claim|claims|state|states|note|notes|argue|argues|conclude|"
        r"concludes|call|calls)\s+(?:that\s+)?(?P<claim>.+)$",
        re.IGNORECASE,
    ),
    "zh": re.compile(
        r"^(?:这份)?(?:报告|文章|报道|他|她|它)?(?:中)?(?:说|称|认为|指出|提到)(?P<claim>.+)$"
    ),
    "fa": re.compile(
        r"^(?:گزارش|مقاله|او|وی)\s+(?:گفت|می\u200c?گوید|نوشت|ادعا کرد)\s*(?:که\s+)?(?P<claim>.+)$"
    ),
}
_TAIL = re.compile(r"[\s?？؟.。!！]+$")
# 为 + 什么 where 为 is "for" and 什么 its object, not 为什么 "why": 为什么作出了贡献 asks what
# something contributed to (为…作出贡献, 为…服务 are set phrases), and takes nothing for granted.
# "报告为什么说中国作出了贡献" still asks why: a verb of saying opens a claim of its own.
_FOR_WHAT = re.compile(
    r"为什么(?!.*(?:说|认为|称|指出|提到|表示))"
    r"(?:[^，,。？?；;]{0,10}?(?:作出|做出|作|做)[^，,。？?；;]{0,8}贡献|服务)"
)


def premise(question: str, language: str) -> str | None:
    """The claim `question` takes for granted, or None if it asks "why" of nothing."""
    why = _WHY.get(language)
    if language == "zh" and _FOR_WHAT.search(question):
        return None
    m = why.match(question.strip()) if why else None
    if m is None:
        return None
    rest = _TAIL.sub("", m["rest"]).strip()
    if language != "en" and m["pre"].strip():
        rest = f"{_TAIL.sub('', m['pre']).strip()}{' ' if language == 'fa' else ''}{rest}"
    says = _SAYS[language].match(rest)
    claim = says["claim"] if says else rest
    return claim.strip(" ,，،") or None
