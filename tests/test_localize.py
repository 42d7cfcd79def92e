"""Tests for answer.localize: spans written in the asker's language, and figures compared."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from answer.localize import Figure, Language, figures_equal, localize, parse_figure, reads_in
from answer.question import feature_spans

REPORT = Path(__file__).resolve().parent.parent / "data" / "report.txt"

ZH_GOLDEN = [
    ("33.05 million", "3305万"),
    ("33.05 million individuals", "3305万人"),
    ("over 160 countries", "160多个国家"),
    ("more than 150", "150多"),
    ("17,522 yuan", "17522元"),
    ("about 2,450 U.S. dollars", "约2450美元"),
    ("close to 20 billion U.S. dollars", "近200亿美元"),
    ("24.7 percent", "24.7%"),
    ("February 2021", "2021年2月"),
    ("2025", "2025年"),
    ("Friday", "星期五"),
    ("from Thursday to Friday", "星期四至星期五"),
    ("five chapters", "五章"),
    ("five-year", "五年"),
    ("over 1,100 projects", "1100多个项目"),
    ("four consecutive years", "连续四年"),
    ("30 million", "3000万"),
    ("1.5 billion", "15亿"),
    ("Huang Zhongshi", "Huang Zhongshi"),
    ("the end of 2024", "2024年底"),
]

FA_GOLDEN = [
    ("33.05 million", "۳۳٫۰۵ میلیون"),
    ("24.7 percent", "۲۴٫۷ درصد"),
    ("February 2021", "فوریه ۲۰۲۱"),
    ("2025", "۲۰۲۵"),
    ("17,522 yuan", "۱۷٬۵۲۲ یوان"),
    ("over 160 countries", "بیش از ۱۶۰ کشور"),
    ("Friday", "جمعه"),
    ("Huang Zhongshi", "Huang Zhongshi"),
    ("Xinhua Institute", "Xinhua Institute"),
]

# Persian spans for an English question: digits in ASCII, number words as digits (دو -> 2).
EN_GOLDEN = [
    ("دو", "2"),
    ("سه", "3"),
    ("چهار", "4"),
    ("پنج", "5"),
    ("۳", "3"),
    ("۳ منطقه", "3 zones"),
    ("شنبه", "Saturday"),
    ("جمعه", "Friday"),
    ("۲۰۲۵", "2025"),
    ("۲۴٫۷ درصد", "24.7 percent"),
    ("۱۷٬۵۲۲ یوان", "17,522 yuan"),
    ("از پنجشنبه تا جمعه", "from Thursday to Friday"),
]


@pytest.mark.parametrize(("span", "expected"), ZH_GOLDEN)
def test_localize_writes_chinese_conventions(span: str, expected: str) -> None:
    assert localize(span, "zh") == expected


@pytest.mark.parametrize(("span", "expected"), FA_GOLDEN)
def test_localize_writes_persian_conventions(span: str, expected: str) -> None:
    assert localize(span, "fa") == expected


@pytest.mark.parametrize(("span", "expected"), EN_GOLDEN)
def test_localize_writes_persian_spans_for_an_english_reader(span: str, expected: str) -> None:
    assert localize(span, "en") == expected


@pytest.mark.parametrize(
    ("span", "language"),
    [
        ("33.05 million individuals", "en"),
        ("February 2021", "en"),
        ("Friday", "en"),
        ("five-year", "en"),
        ("Huang Zhongshi", "en"),
        ("3305万人", "zh"),
        ("星期五", "zh"),
        ("۳ منطقه", "fa"),
        ("دو", "fa"),
    ],
)
def test_localize_leaves_a_span_already_in_the_language_unchanged(
    span: str, language: Language
) -> None:
    assert localize(span, language) == span


@pytest.mark.parametrize(
    ("span", "language", "expected"),
    [
        ("  2025  ", "zh", "2025年"),
        ("  Huang Zhongshi ", "zh", "Huang Zhongshi"),
        ("(about 2,450 U.S. dollars)", "zh", "约2450美元"),
        ("on Friday", "zh", "星期五"),
        ("in February 2021", "zh", "2021年2月"),
        ("the year 2025", "zh", "2025年"),
    ],
)
def test_localize_strips_spacing_brackets_and_empty_prepositions(
    span: str, language: Language, expected: str
) -> None:
    assert localize(span, language) == expected


@pytest.mark.parametrize(
    ("span", "language", "expected"),
    [
        ("over 30 million", "zh", "3000多万"),
        ("over 33.05 million", "zh", "超过3305万"),  # 多 follows only a round number
        ("over 100 percent", "zh", "超过100%"),  # ... and never comes before %
        ("over 20 billion U.S. dollars", "zh", "200多亿美元"),
        ("two chapters", "zh", "两章"),  # 两 before a measure word
        ("two", "zh", "二"),
        ("33,050,000", "zh", "3305万"),
        ("30,000", "zh", "3万"),
        ("February 5, 2021", "zh", "2021年2月5日"),
        ("February", "zh", "2月"),
        ("by the end of 2024", "zh", "截至2024年底"),
        ("from 2021 to 2025", "zh", "2021年至2025年"),
        ("$20 billion", "zh", "200亿美元"),
        ("at least five projects", "zh", "至少五个项目"),
        ("5 February 2021", "fa", "۵ فوریه ۲۰۲۱"),
        ("the end of 2024", "fa", "پایان سال ۲۰۲۴"),
        ("from Thursday to Friday", "fa", "از پنج\u200cشنبه تا جمعه"),
        ("five-year", "fa", "پنج\u200cساله"),
        ("four consecutive years", "fa", "چهار سال متوالی"),
        ("close to 20 billion U.S. dollars", "fa", "نزدیک به ۲۰ میلیارد دلار"),
        ("33.05 million individuals", "fa", "۳۳٫۰۵ میلیون نفر"),
        ("3305万人", "en", "33.05 million people"),
        ("近200亿美元", "en", "nearly 20 billion U.S. dollars"),
        ("160多个国家", "en", "over 160 countries"),
        ("2024年底", "en", "the end of 2024"),
        ("截至2024年底", "en", "by the end of 2024"),  # 至 here is no range
        ("یک پروژه", "en", "1 project"),  # singular after 1
        ("دست\u200cکم دو منطقه", "en", "at least 2 zones"),
        ("۵ فوریه ۲۰۲۱", "en", "February 5, 2021"),
    ],
)
def test_localize_beyond_the_golden_spans(span: str, language: Language, expected: str) -> None:
    assert localize(span, language) == expected


NOT_UNDERSTOOD = [
    "",
    "   ",
    "1,5",  # a decimal comma or a list? Ambiguous, so left alone
    "33.05.1 million",
    "million",
    "over",
    "%",
    "May",  # the month or the verb
    "مه",  # May or fog
    "2021年13月",
    "2021年2月0日",
    "first",
    "dozens",
    "up to 5",
    "COVID-19",
    "from Thursday to Huang Zhongshi",
    "33.05 million widgets",
    "9" * 40,
    "\x00\ufeff",
    "🙂 2025",
    "ظهر",
]


@pytest.mark.parametrize("span", NOT_UNDERSTOOD)
@pytest.mark.parametrize("language", ["en", "zh", "fa"])
def test_anything_not_understood_comes_back_unchanged(span: str, language: Language) -> None:
    assert localize(span, language) == span.strip()


@pytest.mark.parametrize("span", NOT_UNDERSTOOD + ["from Thursday to Friday", "Huang Zhongshi"])
def test_parse_figure_returns_none_for_no_single_figure(span: str) -> None:
    assert parse_figure(span) is None


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("33.05 million", Figure(Decimal("33050000"))),
        ("3305万人", Figure(Decimal("33050000"))),
        ("۳۳٫۰۵ میلیون", Figure(Decimal("33050000"))),
        ("15亿", Figure(Decimal("1500000000"))),
        ("24.7 percent", Figure(Decimal("24.7"), "%")),
        ("17,522 yuan", Figure(Decimal("17522"), "yuan")),
        ("about 2,450 U.S. dollars", Figure(Decimal("2450"), "usd")),
        ("February 2021", Figure(Decimal("2021"), "date:2021-02")),
        ("February 5, 2021", Figure(Decimal("2021"), "date:2021-02-05")),
        ("2024年底", Figure(Decimal("2024"), "date:2024-end")),
        ("2025", Figure(Decimal("2025"), "date:2025")),
        ("February", Figure(Decimal("0"), "date:--02")),
        ("Friday", Figure(Decimal("5"), "weekday")),
        ("پنجشنبه", Figure(Decimal("4"), "weekday")),
        ("five-year", Figure(Decimal("5"), "years")),
        ("连续四年", Figure(Decimal("4"), "years")),
        ("over 160 countries", Figure(Decimal("160"))),
    ],
)
def test_parse_figure_normalises_the_value_and_unit(text: str, figure: Figure) -> None:
    assert parse_figure(text) == figure


def test_parse_figure_is_exact_decimal_arithmetic() -> None:
    figure = parse_figure("33.05 million")
    assert figure is not None and isinstance(figure.value, Decimal)
    assert str(figure.value) == "33050000"  # no float rounding, no exponent
    assert str(figure.value / 10**4) == "3305"


SAME_FIGURE = [
    ("33.05 million", "3305万"),
    ("3305万", "33,050,000"),
    ("33.05 million", "33,050,000"),
    ("2,450", "2450"),
    ("24.7 percent", "24.7%"),
    ("24.7%", "۲۴٫۷ درصد"),
    ("February 2021", "2021年2月"),
    ("2021年2月", "February 2021"),
    ("160", "over 160"),
    ("33.05 million individuals", "3305万人"),
    ("close to 20 billion U.S. dollars", "200亿美元"),
    ("five", "5"),
    ("five-year", "五年"),
    ("Friday", "星期五"),
]


@pytest.mark.parametrize(("a", "b"), SAME_FIGURE)
def test_figures_equal_across_translations_both_ways(a: str, b: str) -> None:
    assert figures_equal(a, b)
    assert figures_equal(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("33.05 million", "33.5 million"),
        ("2024", "2021"),
        ("24.7 percent", "24.7"),  # a share is not a count
        ("17,522 yuan", "17,522 U.S. dollars"),
        ("2025", "2,025"),  # a year is not a quantity
        ("2024年底", "2024"),  # the end of a year says more than the year
        ("Huang Zhongshi", "Huang Zhongshi"),  # names state no figure
        ("", ""),
    ],
)
def test_figures_equal_tells_different_figures_apart(a: str, b: str) -> None:
    assert not figures_equal(a, b)
    assert not figures_equal(b, a)


@pytest.mark.parametrize(
    ("span", "localized"),
    [(s, z) for s, z in ZH_GOLDEN + FA_GOLDEN if s != z and "Thursday" not in s],
)
def test_a_localized_span_reads_back_as_the_same_figure(span: str, localized: str) -> None:
    assert figures_equal(span, localized)


def _report_spans() -> list[str]:
    """Every figure and date span the question module finds in the bundled report."""
    spans = set()
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        for kind in ("number", "date"):
            spans |= {line[a:b] for a, b in feature_spans(kind, line)}
    return sorted(spans)


@pytest.mark.parametrize("language", ["zh", "fa", "en"])
def test_every_span_of_the_report_localizes_to_the_same_figure_or_stays(language: Language) -> None:
    spans = _report_spans()
    assert "33.05 million" in spans and "شنبه" in spans  # both articles were read
    for span in spans:
        localized = localize(span, language)
        assert localized == span or figures_equal(span, localized), span
        if language == "zh" and localized != span:
            assert not re.search("[A-Za-z]", localized), localized


def test_an_answer_line_holds_only_a_script_its_reader_reads() -> None:
    """Latin names and digits stand in any line; Persian script only in a Persian one, Han only
    in a Chinese one (a Chinese reader gets the Persian word in the quote, not as the answer)."""
    assert reads_in("Xinhua Institute", "zh") and reads_in("3305万", "zh")
    assert reads_in("17,522", "fa") and reads_in("خبرنگار", "fa")
    assert not reads_in("خبرنگار", "zh")
    assert not reads_in("新华研究院", "fa")
