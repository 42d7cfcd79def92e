"""Tests for retriever.followup: which questions are follow-ups, and how they are merged."""

from __future__ import annotations

import pytest

from retriever.followup import is_followup, rewrite

INCOME = "What was the rural per capita disposable income in 2024?"
INCOME_ZH = "2024年脱贫县农村居民人均可支配收入是多少？"
INCOME_FA = "درآمد سرانه روستاییان در سال ۲۰۲۴ چقدر بود؟"
MINISTER = "Who is Mali's minister that praised the report?"


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("and in 2021?", "What was the rural per capita disposable income in 2021?"),
        ("What about 2021?", "What was the rural per capita disposable income in 2021?"),
        ("And 2021", "What was the rural per capita disposable income in 2021?"),
        ("how about in 2022?", "What was the rural per capita disposable income in 2022?"),
    ],
)
def test_a_year_replaces_the_year_of_the_previous_question(follow_up: str, expected: str) -> None:
    assert rewrite(follow_up, [INCOME]) == expected


def test_the_last_question_is_the_one_merged_into() -> None:
    history = ["Who praised the report?", INCOME]
    assert rewrite("and in 2021?", history) == (
        "What was the rural per capita disposable income in 2021?"
    )


def test_a_number_replaces_a_number_but_never_a_year() -> None:
    assert rewrite("and 30?", ["Did it grow by 24.7 percent?"]) == "Did it grow by 30 percent?"
    employed = "How many people were employed at the end of 2024, above 30 million?"
    assert rewrite("and 2023?", [employed]) == (
        "How many people were employed at the end of 2023, above 30 million?"
    )


def test_a_follow_up_without_a_slot_is_appended() -> None:
    assert rewrite("and for women?", [INCOME]) == (
        "What was the rural per capita disposable income in 2024 for women?"
    )
    assert rewrite("What about Mali?", ["Who praised the report?"]) == (
        "Who praised the report Mali?"
    )


def test_a_name_replaces_the_one_name_of_the_previous_question() -> None:
    assert rewrite("What about Ecuador?", ["Who is Mali's minister that praised the report?"]) == (
        "Who is Ecuador's minister that praised the report?"
    )
    assert rewrite("And Mamou Daffe?", ["What did Pan Helin say about the report?"]) == (
        "What did Mamou Daffe say about the report?"
    )


def test_a_name_is_appended_when_the_previous_question_has_none_or_several() -> None:
    # the capitalised first word of a question is not a name
    assert rewrite("What about Mali?", ["Who praised the report?"]) == (
        "Who praised the report Mali?"
    )
    assert rewrite("What about China?", ["What did Mali and Ecuador say?"]) == (
        "What did Mali and Ecuador say China?"
    )


def test_chinese_follow_up_replaces_the_year() -> None:
    assert rewrite("那2021年呢？", [INCOME_ZH]) == "2021年脱贫县农村居民人均可支配收入是多少？"
    assert rewrite("还有2022年？", [INCOME_ZH]) == "2022年脱贫县农村居民人均可支配收入是多少？"


def test_persian_follow_up_keeps_its_own_digits() -> None:
    previous = "درآمد روستایی در سال ۱۴۰۲ چقدر بود؟"
    assert rewrite("و در سال ۱۴۰۳؟", [previous]) == "درآمد روستایی در سال ۱۴۰۳ چقدر بود؟"


@pytest.mark.parametrize(
    "question",
    [
        "Who is Huang Zhongshi?",
        "How many projects has the Global Development Initiative implemented?",
        "What did Mali's minister say about the report?",
        "And what did Mali's minister of tourism say about the five key aspects?",
        "报告是由哪个机构发布的？",
        "截至2024年底，中国向多少个国家提供了发展援助？",
        MINISTER,  # "that" is a relative pronoun here, not one pointing back
        "Where was it launched?",  # "it" with something said of it: the report, the default topic
        "这份报告的主要内容是什么？",  # 这 ("this") report
        "What is the report about?",
        "Tell me about the Global Development Initiative",
    ],
)
def test_a_self_contained_question_is_unchanged(question: str) -> None:
    assert not is_followup(question)
    assert rewrite(question, [INCOME]) == question


def test_without_history_nothing_changes() -> None:
    assert rewrite("and in 2021?", []) == "and in 2021?"
    assert rewrite("and in 2021?", ["", "  "]) == "and in 2021?"


@pytest.mark.parametrize(
    "question",
    [
        "and in 2021?",
        "What about 2021?",
        "In 2021?",
        "What was it in 2021?",
        "那2021年呢？",
        "What about Ecuador?",
        "他是谁？",
        "Who is he?",
        "و در سال ۲۰۲۱؟",
        "What did he say about the five key aspects?",
    ],
)
def test_short_elliptical_questions_are_follow_ups(question: str) -> None:
    assert is_followup(question)


def test_a_complete_question_after_a_follow_up_is_searched_as_typed() -> None:
    # the conversation the issue measured: the third question used to get "in 2021" glued on
    income = "What was the per capita disposable income of rural residents in 2024?"
    history = [income]
    history.append(rewrite("and in 2021?", history))
    assert history[-1] == income.replace("2024", "2021")
    assert rewrite(MINISTER, history) == MINISTER


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        ("那2021年呢？", INCOME),  # Chinese after English
        ("and in 2021?", INCOME_ZH),  # English after Chinese
        ("و در سال ۲۰۲۱؟", INCOME),  # Persian after English
        ("А в 2021?", INCOME),  # Russian must reach the language check as typed
        ("他是谁？", MINISTER),
    ],
)
def test_a_follow_up_is_never_merged_across_languages(question: str, previous: str) -> None:
    assert is_followup(question)
    assert rewrite(question, [previous]) == question


def test_persian_follow_up_replaces_the_year() -> None:
    assert rewrite("و در سال ۲۰۲۱؟", [INCOME_FA]) == "درآمد سرانه روستاییان در سال ۲۰۲۱ چقدر بود؟"


def test_a_pronoun_question_with_a_year_takes_the_previous_question_with_that_year() -> None:
    assert rewrite("What was it in 2021?", [INCOME]) == (
        "What was the rural per capita disposable income in 2021?"
    )


def test_a_complete_question_leaning_on_a_pronoun_follows_the_previous_question() -> None:
    assert rewrite("他是谁？", ["谁称赞了这份报告？"]) == "谁称赞了这份报告？他是谁？"
    assert rewrite("Who is he?", [MINISTER]) == f"{MINISTER} Who is he?"
    assert rewrite("او کیست؟", ["چه کسی درباره مناطق آزاد صحبت کرد؟"]) == (
        "چه کسی درباره مناطق آزاد صحبت کرد؟ او کیست؟"
    )


def test_a_follow_up_that_brings_nothing_asks_the_previous_question_again() -> None:
    assert rewrite("What about it?", [INCOME]) == INCOME


@pytest.mark.parametrize("question", ["the of and", "a", "的", "?", "and?"])
def test_a_question_with_nothing_to_merge_is_no_follow_up(question: str) -> None:
    # left as typed, so the question check refuses it rather than asking the previous question
    assert not is_followup(question)
    assert rewrite(question, [INCOME]) == question
