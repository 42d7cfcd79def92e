"""Figures, dates and names from an answer, written the way the asker's language writes them.

There is no translation model: a Chinese or Persian asker's short answer line is the answer's
span (`33.05 million individuals`, `February 2021`) rewritten in their conventions (`3305万人`,
`2021年2月`; `۳۳٫۰۵ میلیون نفر`, `فوریه ۲۰۲۱`). Each span is first read into a normalised
`Figure`, so the same reading also tells whether two phrases state the same figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.text import for_matching
from core.types import Language

__all__ = ["Figure", "Language", "figures_equal", "localize", "parse_figure"]


@dataclass(frozen=True)
class Figure:
    """What a phrase states, whatever its language or wording.

    `unit` is "" for a plain count (the thing counted is not part of the figure), "%", "yuan",
    "usd", "years" (a duration), "weekday" (value 1 = Monday ... 7 = Sunday), or
    "date:2021", "date:2021-02", "date:2021-02-05", "date:2024-end", "date:--02" (a month
    alone, as ISO 8601 writes it); a date's value is its year (0 for a month alone).
    """

    value: Decimal
    unit: str = ""


@dataclass(frozen=True)
class _Forms:
    """One word or phrase in each language; the first form of each is the one we write."""

    en: tuple[str, ...]
    zh: tuple[str, ...]
    fa: tuple[str, ...]

    def of(self, language: Language) -> tuple[str, ...]:
        """The forms `language` writes."""
        return {"en": self.en, "zh": self.zh, "fa": self.fa}[language]


@dataclass(frozen=True)
class _Tail:
    """What follows a number: a unit or the thing counted, as templates around `{n}`."""

    unit: str
    forms: _Forms  # English lists the plural, then the singular, then other spellings


def _forms(en: str, zh: str, fa: str) -> _Forms:
    """`_Forms` from "|"-separated alternatives, so each table row fits on a line or two."""
    return _Forms(tuple(en.split("|")), tuple(zh.split("|")), tuple(fa.split("|")))


_TAILS = {
    "percent": _Tail(
        "%", _forms("{n} percent|{n} percent|{n}%|{n} per cent", "{n}%|百分之{n}", "{n} درصد|{n}%")
    ),
    "yuan": _Tail("yuan", _forms("{n} yuan|{n} yuan|{n} RMB", "{n}元", "{n} یوان")),
    "usd": _Tail(
        "usd",
        _forms(
            "{n} U.S. dollars|{n} U.S. dollar|{n} US dollars|{n} dollars|{n} USD|${n}|US${n}",
            "{n}美元",
            "{n} دلار|{n} دلار آمریکا",
        ),
    ),
    "people": _Tail(
        "", _forms("{n} people|{n} person|{n} individuals|{n} persons", "{n}人", "{n} نفر")
    ),
    "countries": _Tail("", _forms("{n} countries|{n} country", "{n}个国家", "{n} کشور")),
    "projects": _Tail("", _forms("{n} projects|{n} project", "{n}个项目", "{n} پروژه")),
    "chapters": _Tail("", _forms("{n} chapters|{n} chapter", "{n}章", "{n} فصل")),
    "aspects": _Tail("", _forms("{n} aspects|{n} aspect|{n} key aspects", "{n}个方面", "{n} جنبه")),
    "zones": _Tail("", _forms("{n} zones|{n} zone", "{n}个区", "{n} منطقه")),
    "households": _Tail("", _forms("{n} households|{n} household", "{n}户", "{n} خانوار")),
    "villages": _Tail("", _forms("{n} villages|{n} village", "{n}个村", "{n} روستا")),
    "provinces": _Tail("", _forms("{n} provinces|{n} province", "{n}个省", "{n} استان")),
    "consecutive years": _Tail(
        "years",
        _forms(
            "{n} consecutive years|{n} consecutive year",
            "连续{n}年",
            "{n} سال متوالی|{n} سال پیاپی",
        ),
    ),
    # Before the adjective "five-year", so that 五年 reads back as the plain duration.
    "years": _Tail("years", _forms("{n} years|{n} year", "{n}年", "{n} سال")),
    "year-long": _Tail("years", _forms("{n}-year|{n}-year", "{n}年", "{n}\u200cساله")),
}
_APPROX = {
    "over": _forms("over|more than|above|in excess of", "超过|逾", "بیش از|بالغ بر"),
    "about": _forms(
        "about|around|approximately|roughly|some", "约|大约", "حدود|در حدود|تقریبا|تقریباً"
    ),
    "nearly": _forms("nearly|close to|almost", "近|将近|接近", "نزدیک به|قریب به"),
    "at least": _forms("at least|no fewer than|no less than", "至少", "دست\u200cکم|حداقل"),
    "under": _forms("less than|fewer than|under|below", "不到|不足", "کمتر از"),
}
# "by the end of 2024": a date's own prefix, not an approximation of a quantity.
_BY = {"en": "by ", "zh": "截至", "fa": "تا "}

_EN_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_FA_WORDS = "صفر یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده".split()
_HAN_DIGITS = "零一二三四五六七八九"
_SCALE_WORDS: dict[Language, dict[int, str]] = {
    "en": {3: "thousand", 6: "million", 9: "billion", 12: "trillion"},
    "fa": {3: "هزار", 6: "میلیون", 9: "میلیارد", 12: "تریلیون"},
    "zh": {4: "万", 8: "亿"},
}
_SCALES = {w: p for words in _SCALE_WORDS.values() for p, w in words.items()} | {"千": 3}

_EN_MONTHS = (
    "January February March April May June July August September October November December".split()
)
# The Gregorian months as Iranian news writes them; after a "/", other common spellings.
_FA_MONTHS = [
    m.split("/")
    for m in "ژانویه فوریه مارس آوریل مه/می ژوئن ژوئیه/جولای اوت/آگوست سپتامبر اکتبر "
    "نوامبر دسامبر".split()
]
_EN_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_FA_WEEKDAYS = "دوشنبه سه\u200cشنبه چهارشنبه پنج\u200cشنبه جمعه شنبه یک\u200cشنبه".split()

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # "17,522" or "33.05", never "1,5"
_MAX_DIGITS = 15  # longer is no figure a report writes, and would outrun Decimal's precision


def _pattern(text: str) -> str:
    """`text` as a regex matched literally, any run of spaces standing for any spacing."""
    return r"\s*".join(re.escape(part) for part in for_matching(text).split(" "))


def _alternatives(forms: list[str]) -> str:
    """One regex alternation of `forms`, longest first so "more than" is not read as "more"."""
    return "|".join(_pattern(f) for f in sorted(forms, key=len, reverse=True))


_NUMBER_RE: dict[Language, str] = {
    "en": rf"(?P<num>{_DIGITS}|{_alternatives(_EN_WORDS)})"
    r"(?:[\s-]*(?P<scale>thousand|million|billion|trillion))?",
    "fa": rf"(?P<num>{_DIGITS}|{_alternatives(_FA_WORDS)})"
    r"(?:\s*(?P<scale>هزار|میلیون|میلیارد|تریلیون))?",
    # 160多个国家, 3000多万: the "more than" of 多 sits between the number and its scale.
    "zh": rf"(?P<num>{_DIGITS}|[零一二两三四五六七八九十]+)(?P<more>多|余)?(?P<scale>千|万|亿)?",
}


def _quantity_patterns(language: Language) -> list[tuple[str, re.Pattern[str]]]:
    """(tail key, pattern) for every way `language` writes [approximation] number [tail]."""
    approx = _alternatives([f for forms in _APPROX.values() for f in forms.of(language)])
    prefix = f"(?:(?P<approx>{approx})" + ("" if language == "zh" else r"\s+") + ")?"
    number = _NUMBER_RE[language]
    patterns = [("", re.compile(prefix + number, re.I))]
    for key, tail in _TAILS.items():
        for form in tail.forms.of(language):
            before, _, after = form.partition("{n}")
            regex = prefix + _pattern(before) + number + (_pattern(after) if after else "")
            patterns.append((key, re.compile(regex, re.I)))
    return patterns


_LANGUAGES: tuple[Language, ...] = ("en", "zh", "fa")
_QUANTITIES = {lang: _quantity_patterns(lang) for lang in _LANGUAGES}
_APPROX_KEYS = {
    for_matching(f).lower(): key
    for key, forms in _APPROX.items()
    for lang in _LANGUAGES
    for f in forms.of(lang)
}

_MONTH_KEYS = {m.lower(): i for i, m in enumerate(_EN_MONTHS, 1)} | {
    name: i for i, names in enumerate(_FA_MONTHS, 1) for name in names
}
_EN_MONTH = "|".join(_EN_MONTHS)
_FA_MONTH = "|".join(name for names in _FA_MONTHS for name in names)
# A month alone is a date too ("in February"), but not May, nor مه/می: as often "may", "fog".
_EN_MONTH_ALONE = "|".join(m for m in _EN_MONTHS if m != "May")
_FA_MONTH_ALONE = "|".join(name for names in _FA_MONTHS if "مه" not in names for name in names)
# Groups: e = a year whose end is meant, y* = years, m* = months, d* = days, by = "by"/"as of".
_DATES: dict[Language, re.Pattern[str]] = {
    "en": re.compile(
        r"(?:(?P<by>by|as of|until)\s+|(?:in|on)\s+)?(?:the\s+)?(?:"
        r"(?:end|close) of (?:the year\s+)?(?P<e>\d{4})|(?:year\s+)?(?P<y1>(?:19|20)\d\d)"
        rf"|(?P<m1>{_EN_MONTH})(?:\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?)?\s+(?P<y2>\d{{4}})"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_EN_MONTH})\s+(?P<y3>\d{{4}})"
        rf"|(?P<m3>{_EN_MONTH_ALONE}))",
        re.I,
    ),
    "zh": re.compile(
        r"(?P<by>截至|截止)?(?:(?P<e>\d{4})年[底末]"
        r"|(?P<y1>\d{4})年(?:(?P<m1>\d{1,2})月(?:(?P<d1>\d{1,2})[日号])?)?|(?P<m2>\d{1,2})月)"
    ),
    "fa": re.compile(
        r"(?:(?P<by>تا)\s+)?(?:(?:پایان|اواخر|آخر)\s+(?:سال\s+)?(?P<e>\d{4})"
        rf"|(?:(?P<d1>\d{{1,2}})\s+)?(?P<m1>{_FA_MONTH})\s+(?:سال\s+)?(?P<y1>\d{{4}})"
        rf"|(?:سال\s+)?(?P<y2>(?:19|20)\d\d)|(?P<m2>{_FA_MONTH_ALONE}))"
    ),
}
_WEEKDAY_KEYS = (
    {name.lower(): i for i, name in enumerate(_EN_WEEKDAYS, 1)}
    | {f"{p}{d}": i for i, d in enumerate("一二三四五六", 1) for p in ("星期", "周", "礼拜")}
    | {f"{p}{d}": 7 for d in "日天" for p in ("星期", "周", "礼拜")}
    | {for_matching(name): i for i, name in enumerate(_FA_WEEKDAYS, 1)}
)
_RANGES: dict[Language, tuple[re.Pattern[str], str]] = {
    "en": (
        re.compile(r"(?:from\s+)?(?P<a>.+?)\s+(?:to|through)\s+(?P<b>.+)", re.I),
        "from {a} to {b}",
    ),
    "zh": (re.compile(r"从?(?P<a>.+?)[至到](?P<b>.+)"), "{a}至{b}"),
    "fa": (re.compile(r"(?:از\s+)?(?P<a>.+?)\s+تا\s+(?P<b>.+)"), "از {a} تا {b}"),
}
_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%", "％": "%"})
_TO_PERSIAN = str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬")
_PERSIAN = re.compile(r"[\u0600-\u06ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Date:
    """A calendar date as precise as the report wrote it: a year, its month, its day or its end;
    year 0 for a month alone."""

    year: int
    month: int = 0
    day: int = 0
    end: bool = False

    @property
    def unit(self) -> str:
        """The `Figure` unit spelling this date: `date:2021-02`, `date:2024-end`."""
        month = f"-{self.month:02d}" if self.month else ""
        day = f"-{self.day:02d}" if self.day else ""
        year = f"{self.year:04d}" if self.year else "-"  # ISO 8601's --02 for a month alone
        return f"date:{year}{month}{day}{'-end' if self.end else ''}"


@dataclass(frozen=True)
class _Reading:
    """A span understood: its figure, and how it was written, to write it that way again."""

    figure: Figure
    approx: str = ""  # a key of _APPROX, or "by" before a date
    tail: str = ""  # a key of _TAILS
    scale: int = 0  # the power of ten of the scale word written: million 6, 万 4
    spelled: bool = False  # "five", 五, پنج: written as a word in Chinese and Persian again
    grouped: bool = False  # "17,522": written with thousands separators
    date: _Date | None = None


def _script(text: str) -> Language:
    """The language a span is written in; digits and Latin letters count as English."""
    if _PERSIAN.search(text):
        return "fa"
    return "zh" if _HAN.search(text) else "en"


def _normal(text: str) -> str:
    """`text` as the patterns expect it: clean digits and separators, single spaces, no
    zero-width non-joiner, no surrounding punctuation or brackets."""
    text = " ".join(for_matching(text).translate(_SEPARATORS).split())
    return text.strip(" .,;:!?()[]\"'،؛。，、（）")


def _han_value(text: str) -> int | None:
    """五 -> 5, 十二 -> 12, 两 -> 2, 三十五 -> 35; None for anything else."""
    text = text.replace("两", "二")
    m = re.fullmatch(
        r"([一二三四五六七八九])?十([一二三四五六七八九])?|[零一二三四五六七八九]", text
    )
    if m is None:
        return None
    if "十" not in text:
        return _HAN_DIGITS.index(text)
    tens, ones = m.groups()
    return (_HAN_DIGITS.index(tens) if tens else 1) * 10 + (_HAN_DIGITS.index(ones) if ones else 0)


def _han(n: int) -> str:
    """5 -> 五, 12 -> 十二, 35 -> 三十五 (0 to 99)."""
    if n < 10:
        return _HAN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_HAN_DIGITS[tens] if tens > 1 else "") + "十" + (_HAN_DIGITS[ones] if ones else "")


def _word_value(word: str, language: Language) -> int | None:
    """The value of a number word of `language`: five, 五, پنج -> 5."""
    if language == "zh":
        return _han_value(word)
    words = _EN_WORDS if language == "en" else _FA_WORDS
    return words.index(word.lower()) if word.lower() in words else None


def _exact(value: Decimal) -> Decimal:
    """`value` without trailing zeros or an exponent: 33050000, not 3.305E+7."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _read_quantity(text: str, language: Language) -> _Reading | None:
    """[approximation] number [scale] [unit or thing counted], as `language` writes it."""
    for key, pattern in _QUANTITIES[language]:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        num = m["num"]
        spelled = num[0] not in "0123456789"
        if len(re.sub(r"\D", "", num)) > _MAX_DIGITS:
            return None
        word = _word_value(num, language) if spelled else None
        if spelled and word is None:
            return None
        base = Decimal(word) if word is not None else Decimal(num.replace(",", ""))
        scale = _SCALES.get((m["scale"] or "").lower(), 0)
        approx = _APPROX_KEYS.get((m["approx"] or "").lower(), "")
        if m.groupdict().get("more"):
            approx = approx or "over"
        unit = _TAILS[key].unit if key else ""
        figure = Figure(_exact(base.scaleb(scale)), unit)
        return _Reading(figure, approx, key, scale, spelled, "," in num)
    return None


def _read_date(text: str, language: Language) -> _Reading | None:
    """A year, a month of a year, a day, or a year's end, as `language` writes it."""
    m = _DATES[language].fullmatch(text)
    if m is None:
        return None
    groups = {k: v for k, v in m.groupdict().items() if v}
    first = {kind: next((v for k, v in groups.items() if k.startswith(kind)), "") for kind in "ymd"}
    year = int(groups.get("e") or first["y"] or 0)
    month = _MONTH_KEYS.get(first["m"].lower(), 0) or int(first["m"] or 0)
    day = int(first["d"] or 0)
    if (first["m"] and not 1 <= month <= 12) or (first["d"] and not 1 <= day <= 31):
        return None
    date = _Date(year, month, day, end="e" in groups)
    return _Reading(Figure(Decimal(year), date.unit), "by" if "by" in groups else "", date=date)


def _read(text: str, language: Language) -> _Reading | None:
    """A date, a weekday or a quantity written in `language`, or None if `text` is none of them."""
    text = _normal(text)
    weekday = _WEEKDAY_KEYS.get(re.sub(r"^on\s+", "", text.lower()).replace(" ", ""))
    if weekday is not None:
        return _Reading(Figure(Decimal(weekday), "weekday"))
    return _read_date(text, language) or _read_quantity(text, language)


def _digits(value: Decimal, grouped: bool, language: Language) -> str:
    """`value` in `language`'s digits: 17522, 17,522, ۱۷٬۵۲۲; decimals as written, 33.05, ۳۳٫۰۵."""
    text = format(value.normalize(), ",f" if grouped and language != "zh" else "f")
    return text.translate(_TO_PERSIAN) if language == "fa" else text


def _scale_for(reading: _Reading, language: Language) -> int:
    """The power of ten `language` names after the number: 万 or 亿 in Chinese, million in
    English and Persian; 0 where the number is written out in full."""
    value, scale = reading.figure.value, reading.scale
    if language == "zh":
        # 33.05 million -> 3305万 and 30,000 -> 3万, but 17,522 yuan stays 17522元.
        if value >= 10**4 and (scale or value % 10**4 == 0):
            return 8 if value >= 10**8 else 4
        return 0
    if scale in _SCALE_WORDS[language]:
        return scale
    # 3305万 -> 33.05 million: the largest English scale the figure reaches, if any.
    return next((s for s in (12, 9, 6) if scale and value >= 10**s), 0)


def _write_quantity(reading: _Reading, language: Language) -> str:
    """A quantity in `language`: 3305万人, ۳۳٫۰۵ میلیون نفر, 33.05 million people."""
    scale = _scale_for(reading, language)
    mantissa = reading.figure.value.scaleb(-scale).normalize()
    # Chinese writes "over 160" as 160多, but only after a round number (over 33.05 -> 超过33.05)
    # and not before a percent sign (超过100%, never 100多%).
    many = (
        language == "zh"
        and reading.approx == "over"
        and not reading.spelled
        and reading.figure.unit != "%"
        and mantissa == mantissa.to_integral_value()
        and mantissa >= 10
        and mantissa % 10 == 0
    )
    if reading.spelled and not reading.scale and language != "en":
        n = int(mantissa)
        # 两 before a measure word (两个国家, 两年); 二 as the bare numeral.
        number = "两" if n == 2 and reading.tail and language == "zh" else _han(n)
        if language == "fa":
            number = _FA_WORDS[n] if n < len(_FA_WORDS) else _digits(mantissa, False, language)
    else:
        grouped = reading.grouped or mantissa >= 10**4
        number = _digits(mantissa, grouped, language) + ("多" if many else "")
        if scale:
            number += ("" if language == "zh" else " ") + _SCALE_WORDS[language][scale]
    if reading.tail:
        forms = _TAILS[reading.tail].forms.of(language)
        singular = language == "en" and reading.figure.value == 1
        number = forms[1 if singular else 0].replace("{n}", number)
    if reading.approx and not many:
        number = (
            _APPROX[reading.approx].of(language)[0] + ("" if language == "zh" else " ") + number
        )
    return number


def _write_date(date: _Date, by: bool, language: Language) -> str:
    """A date in `language`: 2021年2月, فوریه ۲۰۲۱, February 2021; 2024年底 for a year's end."""
    year = str(date.year or "")
    year = year.translate(_TO_PERSIAN) if language == "fa" else year
    if language == "zh":
        parts = (
            f"{year}年" if year else "",
            "底" if date.end else "",
            f"{date.month}月" if date.month else "",
            f"{date.day}日" if date.day else "",
        )
        text = "".join(parts)
    elif date.end:
        text = f"پایان سال {year}" if language == "fa" else f"the end of {year}"
    elif language == "fa":
        day = str(date.day).translate(_TO_PERSIAN) if date.day else ""
        month = _FA_MONTHS[date.month - 1][0] if date.month else ""
        text = " ".join(part for part in (day, month, year) if part)
    elif date.month:
        day = f" {date.day}," if date.day else ""
        text = f"{_EN_MONTHS[date.month - 1]}{day} {year}".strip()
    else:
        text = year
    return _BY[language] + text if by else text


def _write(reading: _Reading, language: Language) -> str:
    """A reading written in `language`."""
    if reading.date is not None:
        return _write_date(reading.date, reading.approx == "by", language)
    if reading.figure.unit == "weekday":
        n = int(reading.figure.value)
        return {
            "en": _EN_WEEKDAYS[n - 1],
            "zh": "星期" + "一二三四五六日"[n - 1],
            "fa": _FA_WEEKDAYS[n - 1],
        }[language]
    return _write_quantity(reading, language)


def localize(span: str, language: Language) -> str:
    """`span` (a figure, date, amount or name as the report writes it, English or Persian) written
    in `language`'s conventions; a name or anything not understood comes back unchanged (stripped).

    A span already in `language` comes back unchanged. Number words become Han or Persian number
    words (five -> 五, پنج), but digits in English (دو -> 2), as the English report writes most
    figures, and a digit is what `core.text.numbers` compares.
    """
    text = span.strip()
    source = _script(text)
    if source == language or not text:
        return text
    m = _RANGES[source][0].fullmatch(_normal(text))
    if m is not None:  # from Thursday to Friday -> 星期四至星期五; only if both ends are understood
        a, b = _read(m["a"], source), _read(m["b"], source)
        if a is not None and b is not None:
            return _RANGES[language][1].format(a=_write(a, language), b=_write(b, language))
    reading = _read(text, source)
    return text if reading is None else _write(reading, language)


def reads_in(text: str, language: Language) -> bool:
    """Can a reader of `language` read `text` in an answer line? Latin letters and digits can
    stand in any line (a name as the report writes it); Persian or Han script only in its own."""
    script = _script(text)
    return script in ("en", language)


def parse_figure(text: str) -> Figure | None:
    """The figure `text` states (English, Chinese or Persian), or None if it states none."""
    reading = _read(text, _script(text))
    return None if reading is None else reading.figure


def figures_equal(a: str, b: str) -> bool:
    """Do two phrases state the same figure in any of the forms a translation takes?

    33.05 million = 3305万 = 33,050,000; 2,450 = 2450; 24.7 percent = 24.7%;
    February 2021 = 2021年2月. An approximation ("over 160") or the thing counted
    ("160 countries") does not change the figure.
    """
    first = parse_figure(a)
    return first is not None and first == parse_figure(b)
