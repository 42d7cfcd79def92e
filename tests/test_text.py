"""Tests for core.text: cleaning, language detection, words, stems, figures and dedup keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.text import (
    clean,
    content_words,
    dedup_key,
    detect_language,
    has_content,
    has_control_characters,
    is_small_talk,
    looks_like_code,
    numbers,
    readable,
    stem,
    strip_invisible,
    words,
)

REPORT = Path(__file__).resolve().parent.parent / "data" / "report.txt"


def test_clean_turns_a_quote_between_letters_into_an_apostrophe() -> None:
    assert clean("China”s") == "China's"
    assert clean("wouldn”t and We”re") == "wouldn't and We're"


def test_clean_keeps_opening_and_closing_quotes_as_straight_double_quotes() -> None:
    assert clean("titled “Striving for a Better Life,” was") == (
        'titled "Striving for a Better Life," was'
    )
    assert clean("as equal “co-creators.”") == 'as equal "co-creators."'


def test_clean_maps_persian_and_arabic_digits_and_letters() -> None:
    assert clean("۳ منطقه") == "3 منطقه"
    assert clean("۱۴۰۳") == "1403"
    assert clean("٢٠٢٤") == "2024"
    assert clean("كيف") == "کیف"  # Arabic kaf/yeh become the Persian letters


def test_clean_normalises_dashes_and_spaces() -> None:
    assert clean("experience — all\u00a0of\tit") == "experience - all of it"


@pytest.mark.parametrize(
    "text",
    [
        "China”s “quoted” text — with ‘marks’ and\u00a0spaces\u200b۱۲۳",
        REPORT.read_text(encoding="utf-8"),
    ],
)
def test_clean_is_one_to_one_in_length(text: str) -> None:
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    # the same offsets index both: every untouched character stays where it was
    assert all(a == b for a, b in zip(text, cleaned, strict=True) if a.isascii() and a != "\t")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("How many people were employed?", "en"),
        ("到2024年底有多少脱贫人口就业？", "zh"),
        ("در مازندران چند منطقه آزاد وجود دارد؟", "fa"),
        ("Сколько людей работает?", "ru"),
        ("報告はいつ発表されましたか？", "ja"),  # Han characters, but kana make it Japanese
        ("12345", "unknown"),
        ("?!", "unknown"),
        ("", "unknown"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_words_lower_case_and_keep_numbers_and_apostrophes_whole() -> None:
    assert words("China”s GDP grew 2.5% in 2024, to 17,522 yuan.") == [
        "china's",
        "gdp",
        "grew",
        "2.5",
        "in",
        "2024",
        "to",
        "17,522",
        "yuan",
    ]


def test_words_make_each_han_character_a_word() -> None:
    assert words("中国发展。") == ["中", "国", "发", "展"]


@pytest.mark.parametrize(
    ("a", "b", "common"),
    [
        ("titled", "title", "titl"),
        ("countries", "country", "country"),
        ("lifted", "lift", "lift"),
        ("China's", "China", "China"),
    ],
)
def test_stem_brings_word_forms_together(a: str, b: str, common: str) -> None:
    assert stem(a) == stem(b) == common


def test_stem_leaves_other_scripts_alone() -> None:
    assert stem("مناطق") == "مناطق"
    assert stem("发展") == "发展"


def test_content_words_drop_stopwords_and_stem() -> None:
    assert content_words("What did the report say about the countries titled?") == {
        "country",
        "titl",
    }
    assert content_words("In 2024, 33.05 million were employed") == {
        "2024",
        "33.05",
        "million",
        "employ",
    }


def test_persian_words_match_with_or_without_the_zero_width_non_joiner() -> None:
    # readers type می‌شود (with U+200C); the bundled report writes میشود
    assert words("فعال می\u200cشود") == words("فعال میشود") == ["فعال", "میشود"]
    assert content_words("برنامه\u200cریزی صادرات") == content_words("برنامهریزی صادرات")
    assert dedup_key("استان\u200cهای شمالی") == dedup_key("استانهای شمالی")
    assert clean("می\u200cشود") == "می\u200cشود"  # offsets stay those of the original


def test_strict_numbers_leave_out_one_and_ordinals() -> None:
    question = "Which one of the five aspects came first, before the 2 goals and 三个 principles?"
    assert numbers(question) == {"1", "5", "2", "3"}
    assert numbers(question, strict=True) == {"5", "2", "3"}
    assert numbers("报告从哪五个方面总结？", strict=True) == {"5"}


def test_content_words_drop_question_words_in_every_language() -> None:
    # "which", "how much", "was", "did" ask; they say nothing the report could contain
    assert content_words("Which meeting was it?") == {"meet"}
    assert content_words("این اظهارات در کدام جلسه مطرح شد؟") == {"اظهارات", "جلسه", "مطرح"}
    assert content_words("حجم صادرات چقدر بود؟") == {"حجم", "صادرات"}
    assert content_words("چه کسی آن را منتشر کرد؟") == {"کسی", "منتشر"}


def test_content_words_of_chinese_text_are_not_empty() -> None:
    assert content_words("中国发展援助") != set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a five-year transitional period", {"5"}),
        ("五年过渡期", {"5"}),
        ("四川省", set()),  # Sichuan, not the figure four
        ("17,522 yuan", {"17522"}),
        ("24.7 percent over 2021", {"24.7", "2021"}),
        ("۳ منطقه", {"3"}),
        ("两个 三项", {"2", "3"}),
    ],
)
def test_numbers_are_written_the_same_in_every_language(text: str, expected: set[str]) -> None:
    assert numbers(text) == expected


def test_dedup_key_ignores_typography_case_spacing_and_punctuation() -> None:
    assert dedup_key("China”s  GDP — grew!") == dedup_key("china's gdp - grew")
    assert dedup_key("“Formerly” poor areas.") == dedup_key("formerly poor areas")
    assert dedup_key("China grew.") != dedup_key("China's GDP grew.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", False),
        ("tab\tand\nnew\r\nlines", False),
        ("nul\x00byte", True),
        ("escape \x1b[31m", True),
        ("delete\x7f", True),
    ],
)
def test_has_control_characters(text: str, expected: bool) -> None:
    assert has_control_characters(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many peo\u200bple were employed?", "How many people were employed?"),
        ("peo\u200dple\u2060 and \ufeffBOM", "people and BOM"),
        ("peo\u200cple", "people"),  # a non-joiner between Latin letters splits a word for nothing
        ("\u200cpeople\u200c", "people"),
        ("\u202eWho praised the report?\u202c", "Who praised the report?"),
        ("\u2066Mali\u2069 \u200eand\u200f \u202a\u202b\u202d\u2067\u2068x", "Mali and x"),
        ("plain text", "plain text"),
    ],
)
def test_strip_invisible_removes_zero_width_and_bidirectional_characters(
    text: str, expected: str
) -> None:
    assert strip_invisible(text) == expected


def test_strip_invisible_keeps_the_persian_non_joiner_inside_words() -> None:
    assert strip_invisible("فعال می\u200cشود") == "فعال می\u200cشود"
    assert strip_invisible("برنامه\u200cریزی") == "برنامه\u200cریزی"
    # a zero-width space next to it goes, the non-joiner stays
    assert strip_invisible("می\u200b\u200cشود") == "می\u200cشود"


def test_strip_invisible_leaves_clean_and_words_as_they_were() -> None:
    text = "How many peo\u200bple?"
    assert clean(text) == "How many peo ple?"  # clean still maps one character to one
    assert words(strip_invisible(text)) == ["how", "many", "people"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a", False),
        ("中", False),
        ("的", False),
        ("?", False),
        ("-h", False),
        ("the of and", False),
        ("Who is he?", True),  # a pronoun a follow-up can resolve
        ("他是谁？", True),
        ("and in 2021?", True),
        ("What about Ecuador?", True),
        ("GDP?", True),
    ],
)
def test_has_content(text: str, expected: bool) -> None:
    assert has_content(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-h", True),
        ("--help", True),
        ("--index=.reportchat", True),
        ("'; DROP TABLE embeddings; --", True),
        ("1 UNION SELECT name FROM sqlite_master --", True),
        ("Did the report drop table 3?", False),  # SQL words, but no statement
        ("-5% or more?", False),
        ("What is the e-CNY?", False),
        ("Which projects were chosen; which were dropped?", False),
    ],
)
def test_looks_like_code(text: str, expected: bool) -> None:
    assert looks_like_code(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", True),
        ("Thanks!", True),
        ("thank you very much.", True),
        ("ok", True),
        ("lol", True),
        ("hahaha", True),
        ("谢谢", True),
        ("嗯", True),
        ("好的。", True),
        ("مرسی", True),
        ("سلام!", True),
        ("هههه", True),
        # a question that opens with a greeting or a reply is a question
        ("Hello, who released the report?", False),
        ("ok so which countries praised the report?", False),
        ("No poverty relapse?", False),
        ("谢谢，报告是谁发布的？", False),
        ("Mali", False),
        ("asdf", False),
        ("you", False),  # a word of "thank you", not small talk by itself
        ("it", False),
    ],
)
def test_is_small_talk(text: str, expected: bool) -> None:
    assert is_small_talk(text) is expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hector Villagran-Cepeda曾经担任什么职务?", "zh"),  # a name as the report spells it
        ("Mamou Daffe در کدام کشور وزیر است؟", "fa"),
        ("What did Pan Helin say about China?", "en"),
        ("马里部长Mamou Daffe说了什么？", "zh"),
    ],
)
def test_a_latin_name_does_not_make_a_chinese_or_persian_question_english(
    text: str, code: str
) -> None:
    assert detect_language(text) == code


def test_readable_cleans_typography_but_keeps_persian_letters_and_digits() -> None:
    assert readable("China”s “green” — plan") == 'China\'s "green" - plan'
    assert readable("۳ منطقه آزاد يك") == "۳ منطقه آزاد يك"  # clean() would write 3 and ی, ک
    assert len(readable("China”s")) == len("China”s")
