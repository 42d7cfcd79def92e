"""Tests for eval.report: a table, JSON and threshold checks of a Report built from hand-made
Outcomes by eval.run.summarise."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli import _facts, build_parser, main, show_evaluation, show_sweep
from core.types import Answer, Corpus
from eval.evaluation import IndexNote, evaluation_of
from eval.report import (
    Thresholds,
    checked_split,
    format_checks,
    format_intervals,
    format_report,
    format_sweep,
    format_table,
    format_wrong,
    misses,
    percent,
    to_json,
)
from eval.run import (
    Cutoffs,
    Fact,
    Outcome,
    Report,
    at_threshold,
    run,
    select,
    summarise,
    sweep,
    wilson_interval,
)


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


# -- the fact categories and the splits ---------------------------------------------------------

PARTS = (("Xinhua Institute",), (), (r"2021|twenty-twenty-one",))
KEY_POINTS = (("poverty",), ("employ",), ("educat",), ("health",))


def asked(fact_id: str, language: str = "en", answerable: bool = True, **fields: Any) -> Fact:
    """A fact whose right answer says `42`, unless `fields` say otherwise."""
    fields.setdefault("answers", ("42",) if answerable else ())
    answers = fields.pop("answers")
    return Fact(
        fact_id, f"Question {fact_id}?", language, answerable, answers, (), "other", **fields
    )


def said(text: str, refused: bool = False, confidence: float = 1.0) -> Answer:
    return Answer("q", text, refused, "en", confidence=confidence)


def report_of(pairs: list[tuple[Fact, Answer]]) -> Report:
    """`eval.run.run` over these facts, each answered with its answer."""
    answers = {f.question: a for f, a in pairs}
    return run(answers.__getitem__, Corpus(), [f for f, _ in pairs])


REFUSAL = "The report does not say."


@pytest.fixture
def split_report() -> Report:
    """dev: right, a false premise refused, a Chinese answer; test: wrongly refused, an overview
    of 2 key points, a multi-part answer, a right Chinese question answered in English, a false
    premise answered."""
    test: dict[str, Any] = {"split": "test"}
    return report_of(
        [
            (asked("d1"), said("It is 42.")),
            (asked("d2", answerable=False, category="false_premise"), said(REFUSAL, True)),
            (asked("d3", "zh"), said("答案是42。")),
            (asked("t1", **test), said(REFUSAL, True)),
            (
                asked("t2", category="overview", key_points=KEY_POINTS, **test),
                said("Poverty fell and employment rose."),
            ),
            (
                asked("t3", category="multi_part", parts=PARTS, **test),
                said("**Xinhua Institute**[1], in 2021."),
            ),
            (asked("t4", "zh", **test), said("The answer is 42.")),
            (
                asked("t5", answerable=False, category="false_premise", **test),
                said("Yes, in 1990."),
            ),
        ]
    )


def test_format_checks_shows_the_new_columns(split_report: Report) -> None:
    table = rows(format_checks(select(split_report, "test")))

    assert [c.strip() for c in table["language"]] == [
        "language",
        "wrongly refused",
        "false premises refused",
        "overview ≥3 points",
        "key points (mean)",
        "first line in language",
    ]
    # en: t1 refused of 3 answerable; t5 answered; t2 made 2 key points; no zh/fa answer
    assert [c.strip() for c in table["en"]] == ["en", "33.3%", "0.0%", "0.0%", "2.00", "-"]
    assert [c.strip() for c in table["zh"]] == ["zh", "0.0%", "-", "-", "-", "0.0%"]
    assert [c.strip() for c in table["all"]] == ["all", "25.0%", "0.0%", "0.0%", "2.00", "0.0%"]


def test_format_report_without_test_questions_is_the_three_tables(report: Report) -> None:
    text = format_report(report)

    assert text == "\n\n".join(
        [format_table(report), format_intervals(report), format_checks(report)]
    )
    assert "95% interval (Wilson)" in text.splitlines()[7]  # where `reportchat eval` had it


def test_format_report_with_test_questions_shows_each_split(split_report: Report) -> None:
    text = format_report(split_report)
    titles = [line for line in text.splitlines() if line.endswith(" questions)")]

    assert titles == ["dev (3 questions)", "test (5 questions)"] * 3
    dev, test = select(split_report, "dev"), select(split_report, "test")
    assert text.startswith(f"dev (3 questions)\n{format_table(dev)}\n\ntest (5 questions)\n")
    assert f"test (5 questions)\n{format_intervals(test)}\n\n" in text
    assert text.endswith(f"test (5 questions)\n{format_checks(test)}")
    assert [c.strip() for c in rows(format_table(test))["all"]][1:4] == ["5", "4", "50.0%"]


def test_to_json_with_test_questions_adds_dev_test_and_all(split_report: Report) -> None:
    data = json.loads(json.dumps(to_json(split_report, details=True)))

    assert list(data) == ["by_language", "overall", "dev", "test", "all", "outcomes"]
    assert data["all"] == {"by_language": data["by_language"], "overall": data["overall"]}
    assert [data[s]["overall"]["questions"] for s in ("dev", "test", "all")] == [3, 5, 8]
    assert data["test"]["overall"]["wrongly_refused"] == 0.25
    assert data["dev"]["by_language"]["zh"]["native_first_line"] == 1.0
    by_id = {o["id"]: o for o in data["outcomes"]}
    assert by_id["t3"] | {"answer": "-"} == {
        "id": "t3",
        "question": "Question t3?",
        "correct": True,
        "refused": False,
        "answer": "-",
        "gold_rank": 0,
        "split": "test",
        "category": "multi_part",
        "parts_matched": [True, None, True],
        "key_points_matched": None,
        "first_line_native": None,
    }
    assert by_id["t2"]["key_points_matched"] == [True, True, False, False]
    assert (by_id["d3"]["first_line_native"], by_id["t4"]["first_line_native"]) == (True, False)


def test_to_json_without_test_questions_keeps_its_old_keys(report: Report) -> None:
    data = to_json(report, details=True)
    assert list(data) == ["by_language", "overall", "outcomes"]
    outcomes = data["outcomes"]
    assert isinstance(outcomes, list)
    assert set(outcomes[0]) == {"id", "question", "correct", "refused", "answer", "gold_rank"}


def test_format_wrong_names_split_category_and_the_parts_that_matched(
    split_report: Report,
) -> None:
    multi = asked("t6", category="multi_part", parts=PARTS, split="test")
    wrong = report_of(
        [*((o.fact, o.answer) for o in split_report.outcomes), (multi, said("Xinhua Institute."))]
    )
    lines = format_wrong(wrong).splitlines()

    assert lines[0] == "Wrong answers (4 of 9):"
    assert [line.split()[0] for line in lines[1:] if not line.startswith(" ")] == [
        "t1",
        "t2",
        "t5",
        "t6",
    ]
    at = lines.index("t2 [en, test, overview] Question t2?")
    assert lines[at + 2 : at + 7] == [
        "    expected: at least 3 key points, matched 2 of 4; gold passage rank: not retrieved",
        "      key point 1 matched: poverty",
        "      key point 2 matched: employ",
        "      key point 3 missed: educat",
        "      key point 4 missed: health",
    ]
    at = lines.index("t6 [en, test, multi_part] Question t6?")
    assert lines[at + 2 :] == [
        "    expected: every part the report answers, matched 1 of 2; gold passage rank: "
        "not retrieved",
        "      part 1 matched: Xinhua Institute",
        "      part 2: not in the report",
        "      part 3 missed: 2021|twenty-twenty-one",
    ]
    assert (
        "    expected: a refusal or a correction of the false premise; gold passage rank: "
        "not retrieved" in lines
    )


def test_format_wrong_shows_a_flagged_premise() -> None:
    @dataclass(frozen=True)
    class Flagged(Answer):  # what a writer that checks premises returns (core.types, soon)
        premise: str | None = None

    premise = asked("en-1", answerable=False, category="false_premise")
    answer = Flagged("q", "It began in 1990.", False, "en", premise="unsupported")
    assert "false premise (premise: unsupported);" in format_wrong(report_of([(premise, answer)]))


def test_the_thresholds_apply_to_the_test_split(split_report: Report) -> None:
    split, checked = checked_split(split_report)
    thresholds = Thresholds(
        accuracy={None: 0.9},
        unanswerable_refused={None: 0.5, "zh": 0.5},
        wrongly_refused=0.2,
        false_premise_refused=0.5,
        native_first_line=0.5,
    )

    assert (split, [o.fact.id for o in checked.outcomes]) == (
        "test",
        ["t1", "t2", "t3", "t4", "t5"],
    )
    assert misses(checked, thresholds, split=split) == [
        "accuracy for en in the test split is 33.3%, below 90.0%",
        "unanswerable refused for en in the test split is 0.0%, below 50.0%",
        "unanswerable refused for zh in the test split cannot be checked: the facts have no "
        "unanswerable zh questions",
        "false premises refused for all in the test split is 0.0%, below 50.0%",
        "first line in language for all in the test split is 0.0%, below 50.0%",
        "wrongly refused for all in the test split is 25.0%, above 20.0%",
    ]


def test_the_new_thresholds_pass_when_met(split_report: Report) -> None:
    thresholds = Thresholds(
        accuracy={None: 1.0},
        unanswerable_refused={None: 1.0},
        wrongly_refused=0.0,  # a maximum equal to the score is met
        false_premise_refused=1.0,
        native_first_line=1.0,
    )
    assert misses(select(split_report, "dev"), thresholds) == []
    assert checked_split(select(split_report, "dev"))[0] is None


def test_thresholds_on_questions_a_run_has_none_of_cannot_be_checked(report: Report) -> None:
    assert misses(report, Thresholds(false_premise_refused=0.5, native_first_line=0.5)) == [
        "false premises refused for all cannot be checked: there are no false-premise questions",
        "first line in language for all cannot be checked: there are no answered zh or fa "
        "questions",
    ]


# -- the sweep with a test split ----------------------------------------------------------------


@pytest.fixture
def free_split_run() -> Report:
    """A run with no threshold. dev: right at 0.9, unanswerable answered at 0.5 (the best
    threshold on dev is 0.7); test: right at 0.6, unanswerable answered at 0.8."""
    return report_of(
        [
            (asked("en-1"), said("42", confidence=0.9)),
            (asked("en-2", answerable=False), said("7", confidence=0.5)),
            (asked("en-3", split="test"), said("42", confidence=0.6)),
            (asked("en-4", answerable=False, split="test"), said("7", confidence=0.8)),
        ]
    )


def test_format_sweep_shows_the_test_split_at_the_chosen_thresholds(
    free_split_run: Report,
) -> None:
    test = select(free_split_run, "test")
    rows_ = sweep(free_split_run, step=0.05, split="dev")
    text = format_sweep(
        rows_, Cutoffs(0.85), test=[(t, at_threshold(test, t)) for t in (0.7, 0.85)]
    )
    section = text.split("\n\nTest split, at the threshold best on dev")[1].splitlines()

    assert [line.split()[:2] for line in section[3:]] == [["0.7000", "0.0%"], ["0.8500*", "0.0%"]]
    assert section[4].split()[-1] == "100.0%"  # 0.85 refuses en-4 (0.80) too


def test_show_sweep_chooses_on_dev_and_shows_test(
    free_split_run: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(["eval", "--sweep", "--json", "--min-accuracy", "0.5"])

    evaluation = evaluation_of(free_split_run, Cutoffs(0.85), IndexNote(()), "facts.jsonl")
    code = show_sweep(args, free_split_run, evaluation)

    out, err = capsys.readouterr()
    data = json.loads(out)
    assert list(data) == [
        "threshold_in_use",
        "in_use",
        "best_threshold",
        "sweep",
        "held_out",
        "test",
    ]
    assert data["best_threshold"] == pytest.approx(0.7)
    assert all(row["overall"]["questions"] == 2 for row in data["sweep"] + data["test"])
    assert [row["threshold"] for row in data["test"]] == [pytest.approx(0.7), 0.85]
    # checked at the threshold in use, on the test split: en-3 (0.60) is refused there
    assert (code, err) == (1, "accuracy for en in the test split is 0.0%, below 50.0%\n")


# -- the eval command ---------------------------------------------------------------------------


def evaluate(
    capsys: pytest.CaptureFixture[str], report: Report, *flags: str
) -> tuple[int, str, str]:
    """`reportchat eval FLAGS` shown on `report` (as if its run had just been made): exit code,
    stdout, stderr."""
    code = show_evaluation(build_parser().parse_args(["eval", *flags]), report)
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_prints_a_table_per_split(
    split_report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = evaluate(capsys, split_report)
    assert (code, err) == (0, "")
    assert out == format_report(split_report) + "\n"


@pytest.mark.parametrize(
    ("flags", "code", "err"),
    [
        (["--min-accuracy", "0.9"], 1, "accuracy for en in the test split is 33.3%, below 90.0%\n"),
        (["--min-accuracy", "zh=0.9", "--min-refusal", "0.5"], 0, ""),  # zh 1/1; refusal 3/5
        (["--min-refusal", "0.7"], 1, "refusal correctness for all in the test split is 60.0%"),
        (["--max-wrongly-refused", "0.25"], 0, ""),
        (["--max-wrongly-refused", "0.2"], 1, "wrongly refused for all in the test split is 25.0%"),
        (["--min-unanswerable-refused", "en=0.5"], 1, "unanswerable refused for en in the test"),
        (["--min-unanswerable-refused", "0"], 0, ""),
        (["--min-false-premise", "0.5"], 1, "false premises refused for all in the test split"),
        (["--min-native-first-line", "0.5"], 1, "first line in language for all in the test"),
        (["--min-false-premise", "0", "--min-native-first-line", "0"], 0, ""),
    ],
)
def test_eval_gates_exit_1_when_the_test_split_misses_one(
    split_report: Report,
    capsys: pytest.CaptureFixture[str],
    flags: list[str],
    code: int,
    err: str,
) -> None:
    got, _, errors = evaluate(capsys, split_report, *flags)
    assert (got, errors[: len(err)]) == (code, err)
    if not code:
        assert errors == ""


def test_eval_json_carries_each_split(
    split_report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = evaluate(capsys, split_report, "--json")
    assert code == 0
    assert list(json.loads(out)) == ["by_language", "overall", "dev", "test", "all"]


def test_eval_help_says_the_thresholds_apply_to_the_test_split(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert exit_info.value.code == 0
    assert "checked on the test split alone" in text
    for flag in ("--split", "--min-unanswerable-refused", "--max-wrongly-refused"):
        assert flag in text
    assert "--min-false-premise" in text and "--min-native-first-line" in text


def write_facts(path: Path, *lines: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


FACT_LINE = {
    "id": "en-1",
    "question": "Who released the report?",
    "language": "en",
    "answerable": True,
    "answers": ["Xinhua Institute"],
    "evidence": [],
    "kind": "organisation",
}


@pytest.mark.parametrize(
    ("lines", "flags", "message"),
    [
        ([FACT_LINE], ["--split", "test"], "No test facts in"),
        ([FACT_LINE | {"split": "test"}], ["--sweep"], "--sweep chooses the threshold on dev"),
        ([FACT_LINE | {"category": "riddle"}], [], "ValueError: fact 'en-1': category 'riddle'"),
        ([FACT_LINE | {"parts": ["a"]}], [], "TypeError: fact 'en-1': parts must be a list"),
    ],
)
def test_eval_rejects_facts_it_cannot_use_before_building_an_index(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lines: list[dict[str, object]],
    flags: list[str],
    message: str,
) -> None:
    facts = write_facts(tmp_path / "facts.jsonl", *lines)
    index = tmp_path / "index"

    code = main(["eval", "--facts", str(facts), "--index", str(index), *flags])

    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and message in err
    assert not index.exists()  # it failed before opening (or building) an index


def test_eval_split_keeps_only_that_splits_facts(tmp_path: Path) -> None:
    facts = write_facts(
        tmp_path / "facts.jsonl",
        FACT_LINE,
        FACT_LINE | {"id": "en-2", "split": "test"},
        FACT_LINE | {"id": "en-3", "split": "dev"},
    )
    assert [[f.id for f in _facts(facts, split)] for split in ("all", "dev", "test")] == [
        ["en-1", "en-2", "en-3"],
        ["en-1", "en-3"],  # a fact without a split is dev
        ["en-2"],
    ]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["eval", "--split", "train"])
