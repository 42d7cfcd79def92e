"""Tests for eval.run's scoring of the fact categories: hand-made facts, hand-made answers.

Nothing here asks the assistant: a scorer is checked on answers whose right score is known.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from core.types import Answer, Citation, Corpus
from eval.run import (
    OVERVIEW_MIN_POINTS,
    Fact,
    Report,
    at_threshold,
    best_threshold,
    by_split,
    has_test_split,
    held_out,
    judge,
    load_facts,
    run,
    select,
    sweep,
)

NOTHING = Corpus()  # no answer below retrieves a passage, so no passage is needed
REFUSAL = "The report does not say."
OLD_LINES = [
    {
        "id": "en-01",
        "question": "Who released the report?",
        "language": "en",
        "answerable": True,
        "answers": ["Xinhua Institute"],
        "evidence": ["released by Xinhua Institute"],
        "kind": "organisation",
    },
    {
        "id": "en-02",
        "question": "Which institute put the report out?",
        "language": "en",
        "answerable": True,
        "answers": ["Xinhua Institute"],
        "evidence": [],
        "kind": "paraphrase",
    },
    {
        "id": "en-03",
        "question": "How many moons does Jupiter have?",
        "language": "en",
        "answerable": False,
        "answers": [],
        "evidence": [],
        "kind": "unanswerable",
    },
]
# Two regexes per part; the second part is one the report does not answer.
PARTS = (("Xinhua Institute",), (), (r"2021|twenty-twenty-one",))
KEY_POINTS = (("poverty",), ("employ",), ("educat",), ("health",))


def fact(
    fact_id: str = "en-1", language: str = "en", answerable: bool = True, **fields: Any
) -> Fact:
    """A fact asking `Question <id>?`, answered by `forty-two` unless `fields` say otherwise."""
    fields.setdefault("answers", ("forty-two",) if answerable else ())
    answers = fields.pop("answers")
    return Fact(
        fact_id, f"Question {fact_id}?", language, answerable, answers, (), "other", **fields
    )


def said(text: str, refused: bool = False, confidence: float = 1.0) -> Answer:
    """An answer with this text (a refusal when `refused`)."""
    return Answer("q", text, refused, "en", confidence=confidence)


def report_of(pairs: list[tuple[Fact, Answer]]) -> Report:
    """`eval.run.run` over these facts, each answered with its answer."""
    answers = {f.question: a for f, a in pairs}
    return run(answers.__getitem__, NOTHING, [f for f, _ in pairs])


def write_lines(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


# -- loading ------------------------------------------------------------------------------------


def test_old_lines_load_with_the_default_category_and_split(tmp_path: Path) -> None:
    facts = load_facts(write_lines(tmp_path / "facts.jsonl", OLD_LINES))

    assert [(f.category, f.split, f.parts, f.key_points) for f in facts] == [
        ("fact", "dev", (), ()),
        ("paraphrase", "dev", (), ()),
        ("unanswerable", "dev", (), ()),
    ]


def test_new_lines_load_their_fields(tmp_path: Path) -> None:
    lines = [
        {**OLD_LINES[0], "id": "en-10", "category": "multi_part", "split": "test"}
        | {"parts": [list(p) for p in PARTS]},
        {**OLD_LINES[0], "id": "en-11", "category": "overview"}
        | {"key_points": [list(p) for p in KEY_POINTS]},
        {**OLD_LINES[2], "id": "en-12", "category": "false_premise", "split": "test"},
        {**OLD_LINES[0], "id": "en-13", "category": "typo"},
    ]
    facts = load_facts(write_lines(tmp_path / "facts.jsonl", lines))

    assert [(f.category, f.split) for f in facts] == [
        ("multi_part", "test"),
        ("overview", "dev"),
        ("false_premise", "test"),
        ("typo", "dev"),
    ]
    assert facts[0].parts == PARTS
    assert facts[1].key_points == KEY_POINTS


def test_a_fact_built_by_hand_takes_the_default_category() -> None:
    assert fact().category == "fact"
    assert fact(answerable=False).category == "unanswerable"
    assert Fact("x", "q", "en", True, ("a",), (), "paraphrase").category == "paraphrase"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"category": "riddle"}, "category 'riddle' is not one of fact, paraphrase"),
        ({"split": "train"}, "split 'train' is not one of dev, test"),
        ({"category": "false_premise"}, "a false_premise fact needs answerable false"),
        ({"category": "multi_part", "parts": ((), ())}, "needs parts with at least one"),
        ({"category": "overview", "key_points": (("a",), ("b",))}, "at least 3 key_points"),
        ({"parts": (("a",),)}, "only a multi_part fact has parts"),
        ({"answers": ("(unclosed",)}, "pattern '(unclosed' is not a regular expression"),
    ],
)
def test_an_invalid_fact_names_itself_and_the_problem(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=r"^fact 'en-1': ") as raised:
        fact(**fields)
    assert message in str(raised.value)


def test_parts_written_as_a_flat_list_are_a_type_error(tmp_path: Path) -> None:
    line = {**OLD_LINES[0], "category": "multi_part", "parts": ["Xinhua", "2021"]}
    with pytest.raises(TypeError, match="parts must be a list of lists of patterns"):
        load_facts(write_lines(tmp_path / "facts.jsonl", [line]))


# -- judging each category -----------------------------------------------------------------------


def test_multi_part_is_right_when_every_answerable_part_matches() -> None:
    multi = fact(category="multi_part", parts=PARTS, answers=())

    both = judge(multi, said("**Xinhua Institute**[1] released it in 2021 [2]."), NOTHING)
    one = judge(multi, said("Xinhua Institute released it."), NOTHING)
    refused = judge(multi, said(REFUSAL, refused=True), NOTHING)

    assert (both.correct, both.parts_matched) == (True, (True, None, True))
    assert (one.correct, one.parts_matched) == (False, (True, None, False))
    # a refusal makes no part, even if its text happened to hold one
    assert (refused.correct, refused.parts_matched) == (False, (False, None, False))


@pytest.mark.parametrize(("points", "right"), [(2, False), (3, True), (4, True)])
def test_an_overview_needs_three_key_points(points: int, right: bool) -> None:
    overview = fact(category="overview", key_points=KEY_POINTS, answers=())
    text = "; ".join(["poverty fell", "employment rose", "education spread", "health"][:points])

    outcome = judge(overview, said(text), NOTHING)

    assert OVERVIEW_MIN_POINTS == 3
    assert outcome.correct is right
    assert sum(outcome.points_matched) == points
    assert outcome.points_matched == tuple(n < points for n in range(4))


def test_an_overview_refused_makes_no_points() -> None:
    overview = fact(category="overview", key_points=KEY_POINTS, answers=())
    outcome = judge(overview, said("poverty employ educat health", refused=True), NOTHING)
    assert (outcome.correct, outcome.points_matched) == (False, (False,) * 4)


@pytest.mark.parametrize(("refused", "right"), [(True, True), (False, False)])
def test_a_false_premise_is_right_when_refused(refused: bool, right: bool) -> None:
    premise = fact(answerable=False, category="false_premise")
    assert judge(premise, said("It did so in 1990.", refused=refused), NOTHING).correct is right


@pytest.mark.parametrize(
    ("language", "text", "native"),
    [
        ("zh", "**中国**在2020年消除了绝对贫困[1]。\nChina ended absolute poverty.", True),
        ("zh", "China ended absolute poverty in 2020 [1].\n中国在2020年消除了绝对贫困。", False),
        ("zh", "\n\n- 中国在2020年消除了绝对贫困。", True),  # blank lines and a list mark
        ("fa", "چین در سال ۲۰۲۰ فقر مطلق را ریشه‌کن کرد [1].", True),
        ("fa", "China ended absolute poverty in 2020.", False),
        ("en", "China ended absolute poverty in 2020.", None),  # English is not checked
    ],
)
def test_first_line_native_checks_zh_and_fa_answers(
    language: str, text: str, native: bool | None
) -> None:
    asked = fact(language=language, answers=("2020",))
    assert judge(asked, said(text), NOTHING).first_line_native is native


def test_a_name_taken_from_the_quote_does_not_make_a_line_foreign() -> None:
    # "names as the report writes them": the line's own words are Chinese
    quote = "It was released by Xinhua Institute on Friday."
    cited = (Citation(1, "r.txt", "S", 1, quote, quote, "p1"),)
    asked = fact(language="zh", answers=("Xinhua",))
    answer = replace(said(f"答：Xinhua Institute [1]\n报告原文：{quote} [1]"), citations=cited)
    assert judge(asked, answer, NOTHING).first_line_native is True
    # a line that is nothing but the report's words, or an English line, is not Chinese
    bare = replace(said(f"Xinhua Institute [1]\n{quote}"), citations=cited)
    assert judge(asked, bare, NOTHING).first_line_native is False
    english = replace(said("The answer is Xinhua Institute [1]"), citations=cited)
    assert judge(asked, english, NOTHING).first_line_native is False


def test_first_line_native_is_not_checked_on_a_refusal() -> None:
    asked = fact(language="zh", answers=("2020",))
    assert judge(asked, said("报告没有提到。", refused=True), NOTHING).first_line_native is None


# -- the scores ------------------------------------------------------------------------------


def test_summarise_counts_the_new_categories() -> None:
    report = report_of(
        [
            (fact("en-1"), said("Forty-two.")),
            (fact("en-2"), said(REFUSAL, refused=True)),  # wrongly refused
            (fact("en-3", answerable=False, category="false_premise"), said(REFUSAL, refused=True)),
            (fact("en-4", answerable=False, category="false_premise"), said("Yes, in 1990.")),
            (fact("en-5", category="overview", key_points=KEY_POINTS, answers=()), said("poverty")),
            (
                fact("en-6", category="overview", key_points=KEY_POINTS, answers=()),
                said("poverty, employment, education"),
            ),
            (fact("zh-1", "zh", answers=("2020",)), said("中国在2020年。")),
            (fact("zh-2", "zh", answers=("2020",)), said("In 2020.")),
            (fact("fa-1", "fa", answers=("2020",)), said("در سال 2020.")),
        ]
    )
    overall = report.overall

    # answerable: en-1, en-2, the two overviews, zh-1, zh-2 and fa-1
    assert overall.answerable == 7
    assert overall.wrongly_refused == pytest.approx(1 / 7)
    assert (overall.false_premises, overall.false_premise_refused) == (2, 0.5)
    assert (overall.overviews, overall.overview_points) == (2, 2.0)  # 1 and 3 key points
    assert overall.overview_enough_points == 0.5
    assert (overall.native_answers, overall.native_first_line) == (3, pytest.approx(2 / 3))
    # the old meanings hold: an answered false premise is an unanswerable question answered
    assert overall.unanswerable_refused == 0.5
    assert overall.accuracy == pytest.approx(5 / 7)  # en-1, en-6, zh-1, zh-2, fa-1
    assert report.by_language["zh"].native_first_line == 0.5


def test_summarise_without_the_new_categories_keeps_their_neutral_values() -> None:
    overall = report_of([(fact("en-1"), said("Forty-two."))]).overall
    assert (overall.wrongly_refused, overall.false_premises, overall.overviews) == (0.0, 0, 0)
    assert (overall.false_premise_refused, overall.overview_enough_points) == (1.0, 1.0)
    assert (overall.overview_points, overall.native_answers, overall.native_first_line) == (
        0.0,
        0,
        1.0,
    )


# -- splits and thresholds --------------------------------------------------------------------


@pytest.fixture
def split_run() -> Report:
    """dev: right at 0.9, an unanswerable question answered at 0.5; test: right at 0.6, an
    unanswerable question answered at 0.8 (a run with no threshold: nothing refused)."""
    return report_of(
        [
            (fact("en-1"), said("Forty-two.", confidence=0.9)),
            (fact("en-2", answerable=False), said("Seven.", confidence=0.5)),
            (fact("en-3", split="test"), said("Forty-two.", confidence=0.6)),
            (fact("en-4", answerable=False, split="test"), said("Seven.", confidence=0.8)),
        ]
    )


def test_by_split_scores_each_split_on_its_own(split_run: Report) -> None:
    splits = by_split(split_run)

    assert list(splits) == ["dev", "test"]
    assert [o.fact.id for o in splits["test"].outcomes] == ["en-3", "en-4"]
    assert [s.overall.questions for s in splits.values()] == [2, 2]
    assert [s.overall.unanswerable_refused for s in splits.values()] == [0.0, 0.0]
    assert has_test_split(split_run) and not has_test_split(splits["dev"])
    assert select(split_run, None) is split_run


def test_the_threshold_is_chosen_on_dev_alone(split_run: Report) -> None:
    # dev: any threshold in (0.5, 0.9] refuses en-2 alone, and the middle is chosen; over both
    # splits, (0.5, 0.6] and (0.8, 0.9] tie at 3 of 4 right and the lower wins
    assert best_threshold(split_run, split="dev") == pytest.approx(0.7)
    assert best_threshold(split_run) == pytest.approx(0.55)
    rows = sweep(split_run, step=0.05, split="dev")
    assert [t for t, _ in rows] == [0.5, 0.55, 0.95]
    assert all(len(report.outcomes) == 2 for _, report in rows)
    checks = held_out(split_run, split="dev")
    assert [[o.fact.id for o in r.outcomes] for _, r in checks] == [["en-1"], ["en-2"]]
    # the test split, scored at the threshold chosen on dev
    at_best = at_threshold(select(split_run, "test"), 0.7)
    assert [o.answer.refused for o in at_best.outcomes] == [True, False]


def test_refusing_below_the_threshold_clears_parts_points_and_first_line() -> None:
    free = report_of(
        [
            (fact("en-1", category="multi_part", parts=PARTS), said("Xinhua Institute, 2021")),
            (
                fact("en-2", category="overview", key_points=KEY_POINTS),
                said("poverty employ educat"),
            ),
            (fact("zh-1", "zh", answers=("2020",)), said("中国在2020年。")),
        ]
    )
    assert [o.correct for o in free.outcomes] == [True, True, True]

    refused = at_threshold(free, 2.0).outcomes  # above every confidence

    assert [o.correct for o in refused] == [False, False, False]
    assert refused[0].parts_matched == (False, None, False)
    assert refused[1].points_matched == (False,) * 4
    assert refused[2].first_line_native is None
    assert at_threshold(free, 2.0).overall.wrongly_refused == 1.0
