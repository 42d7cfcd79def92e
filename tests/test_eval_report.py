"""Tests for eval.report: a table, JSON and threshold checks of a Report built from hand-made
Outcomes by eval.run.summarise."""

from __future__ import annotations

import json

import pytest

from core.types import Answer
from eval.report import (
    Thresholds,
    format_intervals,
    format_table,
    format_wrong,
    misses,
    percent,
    to_json,
)
from eval.run import Fact, Outcome, Report, summarise, wilson_interval


def outcome(
    fact_id: str,
    language: str,
    answerable: bool,
    correct: bool,
    gold_rank: int = 0,
    cited: tuple[int, int] = (0, 0),
) -> Outcome:
    """One hand-made outcome; a wrong answerable fact was refused, a wrong unanswerable answered."""
    refused = (not answerable) == correct
    fact = Fact(
        fact_id,
        f"Question {fact_id}?",
        language,
        answerable,
        ("forty-two",) if answerable else (),
        (),
        "other",
    )
    answer = Answer(
        f"Question {fact_id}?",
        "The report does not say." if refused else "Forty-two.",
        refused,
        "en",
    )
    return Outcome(fact, answer, correct, gold_rank, *cited)


@pytest.fixture
def report() -> Report:
    """en: 3 answerable (2 right, ranks 1, 3, 0) + 1 unanswerable refused; zh: 1 answerable wrong,
    1 unanswerable wrongly answered."""
    outcomes = (
        outcome("en-1", "en", True, True, gold_rank=1, cited=(2, 2)),
        outcome("en-2", "en", True, True, gold_rank=3, cited=(1, 2)),
        outcome("en-3", "en", True, False),
        outcome("en-4", "en", False, True),
        outcome("zh-1", "zh", True, False, gold_rank=6),
        outcome("zh-2", "zh", False, False),
    )
    by_language = {
        lang: summarise([o for o in outcomes if o.fact.language == lang]) for lang in ("en", "zh")
    }
    return Report(by_language, summarise(outcomes), outcomes)


def rows(table: str) -> dict[str, list[str]]:
    """Table rows by their first cell, split on runs of two or more spaces."""
    lines = [line for line in table.splitlines() if not set(line) <= {"-", " "}]
    return {line.split()[0]: [c for c in line.split("  ") if c.strip()] for line in lines}


def test_percent_has_one_decimal() -> None:
    assert [percent(x) for x in (2 / 3, 0.0, 1.0, 0.8636)] == ["66.7%", "0.0%", "100.0%", "86.4%"]


def test_format_table_shows_exact_percentages(report: Report) -> None:
    table = rows(format_table(report))
    assert [c.strip() for c in table["language"]] == [
        "language",
        "questions",
        "answerable",
        "accuracy",
        "recall@1",
        "recall@5",
        "MRR",
        "citation precision",
        "refusal correctness",
        "unanswerable refused",
    ]
    # en: accuracy 2/3, recall@1 1/3, recall@5 2/3, MRR (1 + 1/3)/3, citations 3/4,
    # refusal 3/4 (en-3 refused an answerable question), unanswerable refused 1/1
    assert [c.strip() for c in table["en"]] == [
        "en",
        "4",
        "3",
        "66.7%",
        "33.3%",
        "66.7%",
        "0.444",
        "75.0%",
        "75.0%",
        "100.0%",
    ]
    # zh: nothing right, gold passage at rank 6 (counts for MRR only), nothing cited (precision
    # defaults to 100%), its unanswerable question answered
    assert [c.strip() for c in table["zh"]] == [
        "zh",
        "2",
        "1",
        "0.0%",
        "0.0%",
        "0.0%",
        "0.167",
        "100.0%",
        "0.0%",
        "0.0%",
    ]
    # all: accuracy 2/4, recall@1 1/4, recall@5 2/4, MRR (1 + 1/3 + 1/6)/4, citations 3/4,
    # refusal 3/6, unanswerable refused 1/2
    assert [c.strip() for c in table["all"]] == [
        "all",
        "6",
        "4",
        "50.0%",
        "25.0%",
        "50.0%",
        "0.375",
        "75.0%",
        "50.0%",
        "50.0%",
    ]


def test_format_table_has_the_all_row_last_and_aligned_columns(report: Report) -> None:
    lines = format_table(report).splitlines()
    assert [line.split()[0] for line in lines] == [
        "language",
        lines[1].split()[0],
        "en",
        "zh",
        lines[4].split()[0],
        "all",
    ]
    assert set(lines[1]) == set(lines[4]) == {"-", " "}
    assert len({len(line) for line in lines}) == 1


def test_format_table_shows_a_dash_where_nothing_is_answerable() -> None:
    outcomes = (outcome("fa-1", "fa", False, True),)
    report = Report({"fa": summarise(outcomes)}, summarise(outcomes), outcomes)
    assert [c.strip() for c in rows(format_table(report))["fa"]] == [
        "fa",
        "1",
        "0",
        "-",
        "-",
        "-",
        "-",
        "100.0%",
        "100.0%",
        "100.0%",
    ]


def test_format_table_shows_a_dash_where_nothing_is_unanswerable() -> None:
    outcomes = (outcome("en-1", "en", True, False, gold_rank=2),)
    report = Report({"en": summarise(outcomes)}, summarise(outcomes), outcomes)
    assert [c.strip() for c in rows(format_table(report))["en"]][-3:] == ["100.0%", "0.0%", "-"]


@pytest.mark.parametrize(
    ("right", "of", "low", "high"),
    [
        (34, 37, 0.7870, 0.9720),  # en today
        (10, 10, 0.7225, 1.0),  # all right: the low end is n / (n + z^2)
        (0, 5, 0.0, 0.4345),  # none right: the high end is z^2 / (n + z^2)
        (1, 2, 0.0945, 0.9055),
    ],
)
def test_wilson_interval_matches_the_formula_at_95_percent(
    right: int, of: int, low: float, high: float
) -> None:
    assert wilson_interval(right, of) == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_with_no_trials_knows_nothing() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_summarise_counts_right_answers_and_their_interval(report: Report) -> None:
    en = report.by_language["en"]
    assert (en.answered_right, en.answerable) == (2, 3)
    assert en.accuracy_interval == wilson_interval(2, 3)
    assert report.overall.answered_right == 2
    assert json.loads(json.dumps(to_json(report)))["overall"]["accuracy_interval"] == list(
        wilson_interval(2, 4)
    )


def test_format_intervals_shows_counts_and_the_interval_per_language(report: Report) -> None:
    assert format_intervals(report).splitlines() == [
        "language  right  answerable  accuracy  95% interval (Wilson)",
        "--------  -----  ----------  --------  ---------------------",
        "en            2           3     66.7%         20.8% to 93.9%",
        "zh            0           1      0.0%          0.0% to 79.3%",
        "--------  -----  ----------  --------  ---------------------",
        "all           2           4     50.0%         15.0% to 85.0%",
    ]


def test_format_wrong_lists_only_the_wrong_outcomes(report: Report) -> None:
    text = format_wrong(report)
    assert text.splitlines()[0] == "Wrong answers (3 of 6):"
    ids = [line.split()[0] for line in text.splitlines()[1:] if not line.startswith(" ")]
    assert ids == ["en-3", "zh-1", "zh-2"]
    assert "    refused: The report does not say." in text
    assert "gold passage rank: 6" in text and "expected: a refusal" in text


def test_to_json_round_trips_with_details(report: Report) -> None:
    data = json.loads(json.dumps(to_json(report, details=True)))
    assert set(data) == {"by_language", "overall", "outcomes"}
    assert data["by_language"]["en"]["accuracy"] == pytest.approx(2 / 3)
    assert data["overall"]["questions"] == 6
    assert data["outcomes"][2] == {
        "id": "en-3",
        "question": "Question en-3?",
        "correct": False,
        "refused": True,
        "answer": "The report does not say.",
        "gold_rank": 0,
    }
    assert "outcomes" not in to_json(report)


def test_misses_name_each_metric_language_and_value(report: Report) -> None:
    thresholds = Thresholds(
        accuracy={None: 0.5, "zh": 0.1, "fa": 0.5}, refusal_correctness=0.9, recall_at_5=0.5
    )
    assert misses(report, thresholds) == [
        "accuracy for zh is 0.0%, below 10.0%",
        "accuracy for fa cannot be checked: the facts have no answerable fa questions",
        "refusal correctness for all is 50.0%, below 90.0%",
    ]


def test_a_threshold_equal_to_the_score_is_met(report: Report) -> None:
    assert misses(report, Thresholds(accuracy={"en": 2 / 3}, recall_at_5=0.5)) == []
    assert misses(report, Thresholds()) == []
