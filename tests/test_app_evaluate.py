"""Tests for the Evaluate tab's handler (ui/evaluate.py) over a real index, and the `/evaluate`
API through gradio_client against `python app.py` served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest
from app_server import serve
from fact_subset import write_dev_subset
from gradio_client import Client, handle_file

from assistant import Assistant
from ui.evaluate import downloads, run_evaluation

BAD_FACT = '{"id": "x", "question": "Why?"}\n'


def test_a_run_scores_each_language_and_offers_json_csv_and_html(
    report_assistant: Assistant, tmp_path: Path
) -> None:
    facts = write_dev_subset(tmp_path / "dev.jsonl", answerable=2, unanswerable=1)
    ticks: list[tuple[float, str]] = []
    evaluation = run_evaluation(
        report_assistant, str(facts), "all", lambda share, desc: ticks.append((share, desc))
    )
    report = evaluation.report
    assert sorted(report.by_language) == ["en", "fa", "zh"]
    assert [s.questions for _, s in sorted(report.by_language.items())] == [3, 3, 3]
    assert ticks[-1] == (1.0, "9/9") and len(ticks) == 9
    assert evaluation.facts_name == "dev.jsonl"
    assert evaluation.note.documents == ("report.txt",) and evaluation.note.warning == ""
    files = [Path(f) for f in downloads(evaluation)]
    assert [f.name for f in files] == ["evaluation.json", "evaluation.csv", "evaluation.html"]
    assert all(f.stat().st_size > 0 for f in files)


def test_a_bad_facts_file_is_a_one_line_gradio_error_naming_the_upload(
    report_assistant: Assistant, tmp_path: Path
) -> None:
    bad = tmp_path / "mine.jsonl"
    bad.write_text(BAD_FACT, encoding="utf-8")
    with pytest.raises(gr.Error) as caught:
        run_evaluation(report_assistant, str(bad), "all")
    message = str(caught.value.message)
    assert "'mine.jsonl'" in message and str(tmp_path) not in message and "\n" not in message
    assert "missing field 'language'" in message and "one JSON object per line" in message


@pytest.mark.slow
def test_served_evaluate_api_returns_accuracy_per_language(
    index_copy: Path, tmp_path: Path
) -> None:
    facts = write_dev_subset(tmp_path / "dev.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(BAD_FACT, encoding="utf-8")
    with serve(index_copy, tmp_path / "app.log") as url:
        client = Client(url, verbose=False)
        result = client.predict(handle_file(str(facts)), "all", api_name="/evaluate")
        with pytest.raises(Exception, match="missing field 'language'") as caught:
            client.predict(handle_file(str(bad)), "all", api_name="/evaluate")
    assert set(result) == {"by_language", "overall"}  # what `reportchat eval --json` prints
    by_language = result["by_language"]
    assert sorted(by_language) == ["en", "fa", "zh"]
    for scores in by_language.values():
        assert (scores["questions"], scores["answerable"]) == (6, 4)
        assert 0.0 <= scores["accuracy"] <= 1.0
        low, high = scores["accuracy_interval"]
        assert low <= scores["accuracy"] <= high
    assert result["overall"]["questions"] == 18
    assert "bad.jsonl" in str(caught.value)
