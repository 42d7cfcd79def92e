"""What a question asks for: a number, a person or body, a date, a place, a list, or else."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from core.text import STOPWORDS, stem

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
            # the aspects, principles, ... are what is asked for, not the subject of the
            # question ("What did these practices ensure?" asks what they ensured)
            r"\b(what|which)\s+(?:(?!(?:did|does|do|has|have|had|will|can|could)\b)\w+\s+){0,2}"
            r"(aspects|principles|practices|goals)\b|\binclude\b",
            "哪些|哪几|哪[两三四五六七八九十]|包括|列出",
            r"(方面|原则|做法|目标)(有|是|包括)|(几|[两三四五六七八九十])(个|项|条)\S{0,4}(方面|原则|做法|目标)",
            "چه مواردی|کدام‌ها|چه چیزهایی",
        ),
    ),
)


# A question that asks for the year wants a year, not the weekday or month a sentence gives
# ("In what year was the institute founded?" is not answered by "on Friday"); a question for
# the day or the date is answered by either.
_ASKS_YEAR = _any(
    r"\b(what|which) year\b",
    "哪一年|哪年|几几年|哪个年份|什么年份",
    "چه سالی|(?:کدام|کدوم) سال",
)
_A_YEAR = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<![۰-۹])[۱۲][۹۰][۰-۹]{2}(?![۰-۹])"
    r"|\b(?:last|this|next) year\b|\byears? ago\b",
    re.IGNORECASE,
)


def asks_year(question: str) -> bool:
    """Does `question` ask for a year ("which year", 哪一年, چه سالی)?"""
    return _ASKS_YEAR.search(question) is not None


# A figure joined to a unit of time ("a five-year transitional period") says how long something
# lasts: it answers "how long" or "how many years", not "how many people" or "how many aspects".
_ASKS_DURATION = _any(
    r"\bhow long\b|\bhow many\s+(?:\w+\s+)?(years|months|weeks|days)\b|\b(duration|length)\b",
    "多长|多久|几年|多少年|几个月|多少个月|几天|多少天",
    r"چه مدت|چند سال|چند ماه|چند روز|مدت",
)
_LASTS = re.compile(
    r"(?:-|\s+(?:(?:consecutive|straight|successive|full|more|long)\s+)?)"
    r"(?:years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)


def asks_duration(question: str) -> bool:
    """Does `question` ask how long something lasts ("how long", 多长时间, چه مدت)?"""
    return _ASKS_DURATION.search(question) is not None


def names_duration(text: str, end: int) -> bool:
    """Is the figure ending at `end` of `text` joined to a unit of time ("five-year", "three
    years ago", "four consecutive years")?"""
    return _LASTS.match(text, end) is not None


# "Which session was it?" asked with an ordinal (چندمین جلسه, 第几次) wants an ordinal: "the
# second session" (دومین), not "two free zones" from the sentence beside it.
_ASKS_ORDINAL = _any("چندمین|چندم(?![\u0600-\u06ff])", "第几")
_ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b"
    r"|第[一二三四五六七八九十百\d]+"
    r"|(?<![\u0600-\u06FF])(?:اول|نخست|دوم|سوم|چهارم|پنجم|ششم|هفتم|هشتم|نهم|دهم)(?:ین)?"
    r"(?![\u0600-\u06FF])",
    re.IGNORECASE,
)


# The noun a Persian ordinal is asked of, without a spoken possessive: چندمین جلسه‌شون -> جلسه.
_FA_ORDINAL_OF = re.compile(
    r"چندمین\s+([\u0600-\u06FF]+?)(?:[\s\u200c]*(?:شون|شان|اش|ای))?(?:[\s؟?،]|$)"
)


def asks_ordinal(question: str) -> bool:
    """Does `question` ask for an ordinal ("چندمین جلسه", 第几次)?"""
    return _ASKS_ORDINAL.search(question) is not None


def ordinal_spans(text: str, question: str) -> list[tuple[int, int]]:
    """Where `text` gives the ordinal `question` asks for: "second", 第二, دومین; of the noun
    a Persian question names (چندمین جلسه: دومین جلسه, not منطقه سوم)."""
    spans = [m.span() for m in _ORDINAL.finditer(text)]
    if (of := _FA_ORDINAL_OF.search(question)) is None:
        return spans
    noun = of.group(1)
    return [
        (a, b)
        for a, b in spans
        if text[b:].lstrip().startswith(noun) or text[:a].rstrip().endswith(noun)
    ]


# "How many counties ...", 多少个, چند نفر count things: a sum of money or a share ("17,522
# yuan", "24.7 percent") is no count, unless the question asks in that unit ("how many yuan").
_COUNTS_THINGS = _any(
    r"\bhow many\b",
    "多少[个家名位项座所户人国]|几[个家名位项座所户]",
    "چند(?:[\\s\u200c]*)(?:تا|نفر|کشور|منطقه|شهر|استان|پروژه|جلسه|شهرستان|خانوار)",
)
_MONEY_OR_SHARE = re.compile(
    r"\s*(?:U\.S\.\s*)?(?:yuan|dollars?|percent|%|یوان|دلار|درصد)", re.IGNORECASE
)
_IN_MONEY_OR_SHARE = re.compile(r"yuan|dollars?|percent|%|یوان|دلار|درصد", re.IGNORECASE)
_MONEY_ASKED = re.compile(r"yuan|dollar|percent|%|元|百分|یوان|دلار|درصد", re.IGNORECASE)


def counts_things(question: str) -> bool:
    """Does `question` ask how many things there are (not how much money, nor what share)?"""
    return _COUNTS_THINGS.search(question) is not None and _MONEY_ASKED.search(question) is None


def names_money_or_share(text: str, start: int, end: int) -> bool:
    """Is the figure at `text[start:end]` a sum of money or a share ("17,522 yuan", "24.7
    percent", "20 billion U.S. dollars")?"""
    return bool(_IN_MONEY_OR_SHARE.search(text, start, end)) or bool(
        _MONEY_OR_SHARE.match(text, end)
    )


# "On what date ...", 几月几号, چه تاریخی ask for a day of a month: a weekday ("on Friday") or a
# year alone does not give one.
_ASKS_CALENDAR_DATE = _any(
    r"\b(?:what|which|calendar) date\b",
    "几月几[日号]|哪月哪[日号]|具体日期|几号",
    "چه تاریخی|کدام تاریخ|روز ماه",
)
_A_CALENDAR_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|\d{1,2}\s*月|\d{1,2}\s*[日号]",
    re.IGNORECASE,
)


def asks_calendar_date(question: str) -> bool:
    """Does `question` ask for a date of the calendar ("on what date", 几月几号, چه تاریخی)?"""
    return _ASKS_CALENDAR_DATE.search(question) is not None


def names_calendar_date(span: str) -> bool:
    """Does `span` (a date found in a sentence) name a month ("February 2021"), not only a
    weekday or a year?"""
    return _A_CALENDAR_DATE.search(span) is not None


def names_year(span: str) -> bool:
    """Does `span` (a date found in a sentence) give a year: 2021, "last year", "three years
    ago"; not a weekday or a month alone?"""
    return _A_YEAR.search(span) is not None


# Question words that ask for no typed answer: a manner or a reason ("How does China see ...",
# 为什么, چرا); "how many", "how long", ... are typed above.
_HOW_OR_WHY = _any(
    r"\bwhy\b|\bhow\b(?!\s+(many|much|long|old|large|big|often)\b)",
    "为什么|为何|如何|怎样|怎么",
    "چرا|چگونه|چطور",
)


def answer_type(question: str) -> AnswerType:
    """Classify `question` by the kind of answer it expects: by its first question word, as a
    later one opens a clause of its own ("How does China see other countries *when* it works
    with them?" asks how, not when); where two start together, by the order of _PATTERNS."""
    found: list[tuple[int, int, AnswerType]] = [
        (m.start(), order, kind)
        for order, (kind, pattern) in enumerate(_PATTERNS)
        if (m := pattern.search(question)) is not None
    ]
    if (m := _HOW_OR_WHY.search(question)) is not None:
        found.append((m.start(), len(_PATTERNS), "other"))
    return min(found)[2] if found else "other"


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


# -- the focus: the attribute a question asks about -------------------------------------------
# "How many *pages* ...", "Who *heads* ...", "What is the *capital* of ...", 院长是谁, 多少页,
# جمعیت ... چقدر است: a sentence that answers names it (or a synonym); an on-topic neighbour
# that gives another attribute of the same thing (the chapters, the title) does not. A
# category asked for ("which organisation", 哪个单位, کدام شهر) is not a focus: the answer
# names an instance of it, not the category.
_EN_COPULAS = frozenset("is are was were will 's".split())
_EN_AUXILIARIES = _EN_COPULAS | frozenset("do does did has have had can could would".split())
_PEOPLE = frozenset("people persons individuals 人 人口 نفر".split())  # who is counted
_FOCUS_SPAN = 3  # content words of the phrase kept: "per capita disposable income"
_HAN_COUNTED = frozenset({"多少", "几"})
_HAN_END = frozenset("是 有 为 了 一共 共 总共 到底 究竟 啊 呢 吗 的".split())
_FA_COUNTED = "چند"
_FA_ASKS = frozenset({"چقدر", "چیست", "کیست"})
# "The name of X" asks for X itself: a sentence that answers gives the name, and seldom the word
# "name" (What is the name of the village ... -> "Shima Village"). The focus is then X.
# Not Persian: نام X چیست moved to X (measured) refused no fewer answerable questions, and
# answered one it should not (the names of the two free zones, which the report does not give).
_NAMING = frozenset("name names 名字 名称 名".split())
# Likewise "the number / size / amount of X" (规模是多少, تعداد ...) asks for X's figure: the
# sentence that answers gives the figure, seldom the word for "size".
_MEASURES = frozenset(
    "number amount size total quantity scale 规模 数量 数目 总数 总量 تعداد میزان".split()
)
_VALUE_OF = _NAMING | _MEASURES
_EN_ARTICLES = frozenset({"the", "a", "an", "be"})


def focus(tokens: Sequence[str], language: str) -> frozenset[str]:
    """The words of a question (`tokens`, lower-cased, in order; Chinese segmented into words)
    that name the attribute it asks for; empty when it asks for a category or a plain fact."""
    if language == "zh":
        return _focus_zh(tokens)
    if language == "fa":
        return _focus_fa(tokens)
    return _focus_en(tokens)


def _phrase(tokens: Sequence[str]) -> frozenset[str]:
    """The content words that open `tokens`, up to the first stopword."""
    out: list[str] = []
    for word in tokens:
        if word in STOPWORDS or word in _EN_AUXILIARIES or len(out) == _FOCUS_SPAN:
            break
        out.append(word)
    return frozenset(out)


def _focus_en(tokens: Sequence[str]) -> frozenset[str]:
    words = [t for w in tokens for t in (("what", "is") if w == "what's" else (w,))]
    for i, word in enumerate(words):
        rest = words[i + 1 :]
        if word == "how" and rest[:1] in (["many"], ["much"]):
            # "how many pages", "how much money"; "how many people" counts, it names no attribute
            return _phrase(rest[1:]) - _PEOPLE
        if word in ("who", "whom"):
            return _phrase(rest)  # "who heads", "who wrote"; "who is" asks for a name
        if word in ("what", "which") and rest[:1] and rest[0] in _EN_COPULAS:
            # "what is the capital of", "what will the weather be"; not "what post did ..."
            j = _past(rest, 1, _EN_ARTICLES)
            if j < len(rest) and rest[j] in _VALUE_OF:
                j = _past(rest, j + 1, _EN_ARTICLES | {"of"})  # "the name of the village"
            return _phrase(rest[j:])
        if word in ("what", "which", "who", "whom", "how", "when", "where", "why"):
            return frozenset()
    return frozenset()


def _past(tokens: Sequence[str], start: int, skipped: frozenset[str]) -> int:
    """The index of the first token from `start` on that is not in `skipped`."""
    while start < len(tokens) and tokens[start] in skipped:
        start += 1
    return start


def _focus_zh(tokens: Sequence[str]) -> frozenset[str]:
    for i, word in enumerate(tokens):
        before = [t for t in tokens[:i] if t not in _HAN_END and t not in STOPWORDS]
        if before[-1:] and before[-1] in _VALUE_OF:  # 院长的名字是什么: the focus is 院长
            before = before[:-1]
        if word in _HAN_COUNTED:
            after = [t for t in tokens[i + 1 :] if t not in _HAN_MEASURE_WORDS][:1]
            if after and after[0] not in _HAN_END and after[0] not in STOPWORDS:
                # 多少页; 多少人 counts people, no attribute of them
                return frozenset(after) - _PEOPLE
            return frozenset(before[-1:])  # 预算是多少, 增长了多少
        if word in ("谁", "什么") and tokens[i - 1 : i] == ["是"] and _at_end(tokens[i + 1 :]):
            return frozenset(before[-1:])  # 院长是谁, 标题是什么; not 带来了什么 (a paraphrase)
        if word == "谁" and tokens[i + 1 : i + 2] and tokens[i + 1] not in _HAN_END:
            return frozenset(tokens[i + 1 : i + 2]) - STOPWORDS  # 谁发布
        if word.startswith("哪") or word in ("谁", "什么"):
            return frozenset()  # 哪个单位, 什么看法: a category
    return frozenset()


# Measure words between a count and what it counts (多少个国家, 几位专家).
_HAN_MEASURE_WORDS = frozenset("个 位 名 项 家 条 种 次 份 所 座 只 件 年".split())


def _at_end(tokens: Sequence[str]) -> bool:
    return all(t in _HAN_END for t in tokens)


def _focus_fa(tokens: Sequence[str]) -> frozenset[str]:
    for i, word in enumerate(tokens):
        if word == _FA_COUNTED:
            return frozenset(tokens[i + 1 : i + 2])  # چند هکتار, چند عضو
        if word in _FA_ASKS:
            # Persian puts the head noun first: جمعیت استان مازندران چقدر است
            opening = [t for t in tokens[:i] if t not in STOPWORDS]
            if opening[:1] and opening[0] in _MEASURES:  # تعداد اعضای میز ... چقدر است
                opening = opening[1:]
            return frozenset(opening[:1])
        if word == "کدام":
            return frozenset()
    return frozenset()


# -- the thing counted: "how many *countries*", 多少个脱贫*县* ------------------------------------
# A figure that counts something else ("1,100 projects", "33.05 million individuals") does not
# say how many of it there are: a near miss the report's neighbouring figure would answer.
PEOPLE_FORMS = frozenset(stem(w) for w in ("people", "persons", "individuals"))
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z-]*)")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
_PLURAL = re.compile(r"[a-z-]+[^s]s")  # a plural: "countries", "projects"; not "class"


def counted(
    tokens: Sequence[str], language: str, is_verb: Callable[[str], bool] = lambda _w: False
) -> str | None:
    """The noun a "how many" question counts, as tokenised: the plural word of the phrase after
    "how many" ("how many formerly poor *people* had jobs"), or the noun after 多少/几 and a
    measure word, before a verb (多少个脱贫*县*, 多少脱贫*人口*就业: `is_verb` tells 就业 from
    县); None for any other question (and for Persian)."""
    if language == "en":
        for i, word in enumerate(tokens[:-1]):
            if word == "how" and tokens[i + 1] == "many":
                phrase: list[str] = []
                for later in tokens[i + 2 :]:
                    if later in STOPWORDS or later in _EN_AUXILIARIES:
                        break
                    phrase.append(later)
                # the noun counted is plural, where a verb may follow it ("how many countries
                # took part"): the first plural word, else the phrase's last
                plural = [w for w in phrase if w in _PEOPLE or _PLURAL.fullmatch(w)]
                chosen = plural or phrase[-1:]
                return chosen[0] if chosen else None
    if language == "zh":
        for i, word in enumerate(tokens):
            if word in _HAN_COUNTED:
                rest = [t for t in tokens[i + 1 :] if t not in _HAN_MEASURE_WORDS]
                noun: list[str] = []
                for later in rest:
                    if later in _HAN_END or later in STOPWORDS or not _HAN_WORD.fullmatch(later):
                        break
                    if is_verb(later):
                        if noun:
                            break
                        continue  # a verb before the noun qualifies it: 脱贫县
                    noun.append(later)
                return noun[-1] if noun else None
    return None


def counts_the(text: str, end: int, forms: frozenset[str]) -> bool:
    """Can the figure ending at `end` of `text` count the thing whose stems are `forms`? Not
    if a plural noun that is none of them follows it ("1,100 *projects*" for countries)."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return True  # "more than 150." names nothing after the figure
    word = m.group(1).lower()
    if not word.endswith("s") or word.endswith("ss"):
        return True  # a modifier or a verb, not the noun counted ("five key aspects")
    return stem(word) in forms
