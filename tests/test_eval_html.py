"""Tests for the evaluation report as HTML (eval/html.py), its downloads (eval/export.py), the
facts file errors (eval/factfile.py), the indexed-documents warning (eval/evaluation.py) and
`reportchat eval --html` run as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import pytest
from app_server import ROOT
from fact_subset import write_dev_subset

from assistant import Assistant
from cli import main
from core.errors import InputError
from core.types import Answer, Citation, Embedder, Language
from eval.evaluation import Evaluation, IndexNote, evaluation_of, index_note, of_bundled_set
from eval.export import CSV_COLUMNS, csv_text, json_text
from eval.factfile import read_facts
from eval.html import TABLE_COLUMNS, page, row_cells
from eval.report import percent, to_json
from eval.run import Cutoffs, Fact, Outcome, Report, load_facts, summarise, wilson_interval

CURRENT = 0.5
PASSAGE = "The report was released by Xinhua Institute in Beijing."
QUOTE = "released by Xinhua Institute"


class Parsed(HTMLParser):
    """Every tag with its attributes, the text of table rows, and the tags met."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def having(self, **attrs: str) -> list[dict[str, str]]:
        return [a for _, a in self.tags if all(a.get(k) == v for k, v in attrs.items())]


def outcome(fact_id: str, answerable: bool, confidence: float, right: bool = True) -> Outcome:
    """An answer at `confidence` citing the passage; wrong answers say something else."""
    question = f"{fact_id}: who released <script>alert(1)</script> the report?"
    fact = Fact(fact_id, question, fact_id[:2], answerable, ("Xinhua Institute",), (), "other")
    text = "Xinhua Institute [1]" if right else "Nobody <b>at all</b> [1]"
    cited = Citation(1, "report.txt", "Foreword", 3, PASSAGE, QUOTE, "p1")
    language = cast(Language, fact.language)
    answer = Answer(question, text, False, language, citations=(cited,), confidence=confidence)
    return Outcome(fact, answer, answerable and right, 1, int(right), 1)


def free_run() -> Report:
    """en: right at 0.9, wrong at 0.8, unanswerable answered at 0.3; zh: right at 0.7 and 0.6;
    fa: an unanswerable one answered at 0.2."""
    outcomes = (
        outcome("en-1", True, 0.9),
        outcome("en-2", True, 0.8, right=False),
        outcome("en-3", False, 0.3),
        outcome("zh-1", True, 0.7),
        outcome("zh-2", True, 0.6),
        outcome("fa-1", False, 0.2),
    )
    return report_of(outcomes)


def report_of(outcomes: tuple[Outcome, ...]) -> Report:
    languages = sorted({o.fact.language for o in outcomes})
    by_language = {
        lang: summarise([o for o in outcomes if o.fact.language == lang]) for lang in languages
    }
    return Report(by_language, summarise(outcomes), outcomes)


@pytest.fixture
def evaluation() -> Evaluation:
    note = IndexNote(("report.txt", "notes.txt"), "the index also holds notes.txt")
    return evaluation_of(free_run(), Cutoffs(CURRENT), note, "small <facts>.jsonl")


def test_the_page_is_self_contained(evaluation: Evaluation) -> None:
    text = page(evaluation)
    parsed = Parsed(text)
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    linked = [
        value
        for _, attrs in parsed.tags
        for name, value in attrs.items()
        if name in ("src", "href", "xlink:href", "action")
    ]
    assert linked == []
    assert "http://" not in text and "https://" not in text and "url(" not in text
    assert {"table", "svg", "details"} <= tags
    assert len(parsed.having(id="rce-accuracy-chart")) == len(parsed.having(id="rce-sweep-chart"))
    assert len(parsed.having(id="rce-accuracy-chart")) == 1


def test_report_text_is_escaped(evaluation: Evaluation) -> None:
    text = page(evaluation)
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "<b>at all</b>" not in text and "small &lt;facts&gt;.jsonl" in text


def test_the_table_has_a_row_per_language_and_all_with_the_95_percent_interval(
    evaluation: Evaluation,
) -> None:
    rows = Parsed(page(evaluation)).rows
    assert rows[0] == list(TABLE_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["en", "fa", "zh", "all"]
    en = dict(zip(TABLE_COLUMNS, rows[1], strict=True))
    assert (en["questions"], en["answerable"], en["right"]) == ("3", "2", "1")
    assert en["accuracy"] == "50.0%"
    low, high = wilson_interval(1, 2)
    assert en["95% interval (Wilson)"] == f"{percent(low)} to {percent(high)}"
    fa = dict(zip(TABLE_COLUMNS, rows[2], strict=True))
    assert fa["accuracy"] == "-" and fa["unanswerable refused"] == "100.0%"  # refused at 0.5
    assert rows[4] == row_cells("all", evaluation.report.overall)


def test_the_accuracy_chart_draws_each_language_with_answerable_questions_and_its_interval(
    evaluation: Evaluation,
) -> None:
    bars = Parsed(page(evaluation)).having(**{"class": "rce-bar"})
    assert [b["data-language"] for b in bars] == ["en", "zh", "all"]  # fa has none answerable
    scores = {**evaluation.report.by_language, "all": evaluation.report.overall}
    for bar in bars:
        s = scores[bar["data-language"]]
        assert float(bar["data-accuracy"]) == pytest.approx(s.accuracy, abs=1e-4)
        low, high = s.accuracy_interval
        assert float(bar["data-low"]) == pytest.approx(low, abs=1e-4)
        assert float(bar["data-high"]) == pytest.approx(high, abs=1e-4)


def test_the_sweep_curve_has_a_point_per_threshold_and_rings_the_one_in_use(
    evaluation: Evaluation,
) -> None:
    parsed = Parsed(page(evaluation))
    points = parsed.having(**{"class": "rce-point"})
    assert [float(p["data-threshold"]) for p in points] == [t for t, _ in evaluation.sweep]
    assert len(points) > 2
    (ringed,) = parsed.having(id="rce-current")
    assert float(ringed["data-threshold"]) == CURRENT
    # at 0.5 the wrong en answer is given (0.8) and both unanswerable ones refused (0.3, 0.2)
    assert (ringed["cx"], ringed["cy"]) == next(
        (p["cx"], p["cy"]) for p in points if float(p["data-threshold"]) == CURRENT
    )


def test_thresholds_per_language_ring_their_own_scores_off_the_curve() -> None:
    # en refuses below 0.85 (en-2, en-3), zh below 0.65 (zh-2), fa below 0.1 (answers fa-1)
    cutoffs = Cutoffs.of(0.5, {"en": 0.85, "fa": 0.1, "zh": 0.65})
    evaluation = evaluation_of(free_run(), cutoffs, IndexNote(("report.txt",)), "f")
    parsed = Parsed(page(evaluation))

    (ringed,) = parsed.having(id="rce-current")
    assert ringed["data-threshold"] == "en 0.8500, fa 0.1000, zh 0.6500"
    overall = evaluation.report.overall
    assert (overall.accuracy, overall.unanswerable_refused) == (2 / 4, 1 / 2)
    points = {(p["cx"], p["cy"]) for p in parsed.having(**{"class": "rce-point"})}
    assert (ringed["cx"], ringed["cy"]) not in points  # no one threshold scores this
    assert "refusal thresholds en 0.850, fa 0.100, zh 0.650." in page(evaluation)


def test_each_wrong_answer_opens_to_its_question_expected_given_and_cited_passages(
    evaluation: Evaluation,
) -> None:
    text = page(evaluation)
    wrong = Parsed(text).having(**{"class": "rce-wrong"})
    assert [w["data-id"] for w in wrong] == ["en-2"]  # en-3 and fa-1 are refused at 0.5
    block = text[text.index('data-id="en-2"') :].split("</details>")[0]
    for shown in ("Question", "Expected", "Answered", "Cited passages", "Xinhua Institute"):
        assert shown in block
    assert f"<mark>{QUOTE}</mark>" in block
    assert "Nobody &lt;b&gt;at all&lt;/b&gt; [1]" in block


def test_the_index_and_its_warning_are_shown(evaluation: Evaluation) -> None:
    parsed = Parsed(page(evaluation))
    assert parsed.having(id="rce-index") and parsed.having(id="rce-warning")
    quiet = evaluation_of(free_run(), Cutoffs(CURRENT), IndexNote(("report.txt",)), "facts.jsonl")
    assert not Parsed(page(quiet)).having(id="rce-warning")


def test_downloads_are_the_eval_json_and_a_csv_row_per_question(evaluation: Evaluation) -> None:
    expected = json.loads(json.dumps(to_json(evaluation.report, details=True)))  # tuples as lists
    assert json.loads(json_text(evaluation.report)) == expected
    rows = list(csv.reader(io.StringIO(csv_text(evaluation.report))))
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[0] for row in rows[1:]] == [o.fact.id for o in evaluation.report.outcomes]
    en2 = dict(zip(CSV_COLUMNS, rows[2], strict=True))
    assert (en2["correct"], en2["expected"], en2["answer"]) == (
        "False",
        "Xinhua Institute",
        "Nobody <b>at all</b> [1]",
    )


@pytest.mark.parametrize(
    ("content", "phrases"),
    [
        ('{"id": "x", "question": "Why?"}\n', ["missing field 'language'"]),
        ("not json\n", ["JSONDecodeError"]),
        ("\n\n", ["No facts in"]),
        (
            '{"id": "x", "question": "Why?", "language": "en", "answerable": true, '
            '"answers": ["("], "evidence": [], "kind": "other"}\n',
            ["is not a regular expression"],
        ),
    ],
)
def test_a_bad_facts_file_is_one_line_naming_the_problem_and_the_fix(
    tmp_path: Path, content: str, phrases: list[str]
) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_facts(path, shown="mine.jsonl")
    message = str(caught.value)
    assert "\n" not in message and "'mine.jsonl'" in message and str(tmp_path) not in message
    assert "one JSON object per line" in message
    for phrase in phrases:
        assert phrase in message


def test_no_facts_of_the_split_asked_for_names_the_fix(tmp_path: Path) -> None:
    path = write_dev_subset(tmp_path / "dev.jsonl", answerable=1, unanswerable=0)
    with pytest.raises(InputError, match="No test facts in .*--split all"):
        read_facts(path, "test")


def test_a_part_of_the_bundled_set_is_about_the_bundled_report(tmp_path: Path) -> None:
    part = load_facts(write_dev_subset(tmp_path / "dev.jsonl"))
    assert of_bundled_set(part)
    changed = Fact(part[0].id, "Another question?", "en", True, ("x",), (), "other")
    assert not of_bundled_set([*part, changed])


def test_the_index_is_named_and_extra_documents_are_warned_of(
    assistant: Assistant, tmp_path: Path
) -> None:
    assert index_note(assistant, True) == IndexNote(("report.txt",))
    notes = tmp_path / "lanxi-notes.txt"
    notes.write_text("Lanxi field notes\nThe Lanxi cooperative grew tea in 2023.\n", "utf-8")
    assistant.ingest([notes])
    note = index_note(assistant, True)
    assert sorted(note.documents) == ["lanxi-notes.txt", "report.txt"]
    assert "data/report.txt" in note.warning and "holds lanxi-notes.txt" in note.warning
    assert "reportchat remove" in note.warning
    assert index_note(assistant, False).warning == ""  # another set's report is not ours to know


def test_eval_html_writes_one_self_contained_file_and_warns_of_extra_documents(
    index_copy: Path, assistant: Assistant, tmp_path: Path
) -> None:
    notes = tmp_path / "lanxi-notes.txt"
    notes.write_text("Lanxi field notes\nThe Lanxi cooperative grew tea in 2023.\n", "utf-8")
    assistant.ingest([notes])
    facts = write_dev_subset(tmp_path / "dev.jsonl", answerable=2, unanswerable=1)
    out = tmp_path / "report.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    run = subprocess.run(
        [sys.executable, "cli.py", "eval", "--index", str(index_copy), "--facts", str(facts)]
        + ["--html", str(out)],
        cwd=ROOT,
        env={**env, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "holds lanxi-notes.txt" in warnings[0]
    assert run.stdout.splitlines()[0].split()[:3] == ["language", "questions", "answerable"]
    parsed = Parsed(out.read_text(encoding="utf-8"))
    assert [row[0] for row in parsed.rows[1:]] == ["en", "fa", "zh", "all"]
    assert [row[1] for row in parsed.rows[1:]] == ["3", "3", "3", "9"]
    assert len(parsed.having(**{"class": "rce-bar"})) == 4
    assert parsed.having(id="rce-sweep-chart") and parsed.having(id="rce-current")
    assert parsed.having(id="rce-warning")
    assert not [a for _, a in parsed.tags if "src" in a or "href" in a]


def test_a_run_with_test_questions_has_a_table_per_split_and_one_of_all() -> None:
    free = free_run()
    outcomes = tuple(
        replace(o, fact=replace(o.fact, split="test")) if o.fact.id.startswith("zh") else o
        for o in free.outcomes
    )
    evaluation = evaluation_of(
        report_of(outcomes), Cutoffs(CURRENT), IndexNote(("report.txt",)), "f"
    )
    text = page(evaluation)
    headings = [line for line in text.splitlines() if line.startswith("<h3>")]
    assert headings == ["<h3>dev (4 questions)</h3>", "<h3>test (2 questions)</h3>"] + [
        "<h3>all (6 questions)</h3>"
    ]
    assert "Refusal threshold (dev questions)" in text  # chosen on dev, as `eval --sweep` does
    assert len(evaluation.sweep[0][1].outcomes) == 4


def test_plain_eval_warns_of_extra_documents_too(
    index_copy: Path, assistant: Assistant, embedder: Embedder, tmp_path: Path, capsys
) -> None:
    notes = tmp_path / "lanxi-notes.txt"
    notes.write_text("Lanxi field notes\nThe Lanxi cooperative grew tea in 2023.\n", "utf-8")
    assistant.ingest([notes])
    facts = write_dev_subset(tmp_path / "dev.jsonl", answerable=1, unanswerable=0)
    code = main(["eval", "--index", str(index_copy), "--facts", str(facts)], embedder=embedder)
    err = capsys.readouterr().err
    assert code == 0
    assert [line for line in err.splitlines() if line.startswith("warning: ")] == [
        f"warning: {index_note(assistant, True).warning}"
    ]


def test_eval_html_into_a_missing_folder_fails_before_asking(
    report_index: Path, embedder: Embedder, tmp_path: Path, capsys
) -> None:
    facts = write_dev_subset(tmp_path / "dev.jsonl", answerable=1, unanswerable=0)
    out = tmp_path / "missing" / "report.html"
    argv = ["eval", "--index", str(report_index), "--facts", str(facts), "--html", str(out)]
    assert main(argv, embedder=embedder) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"error: No folder {str(out.parent)!r} to write the HTML report in. "
        "Pass --html a path in an existing folder."
    ]
