"""An evaluation's downloads: the `reportchat eval --json --details` object and a CSV of every
question's outcome."""

from __future__ import annotations

import csv
import io
import json

from eval.report import expected, to_json
from eval.run import Report

CSV_COLUMNS = (
    "id",
    "language",
    "split",
    "category",
    "correct",
    "refused",
    "gold_rank",
    "question",
    "expected",
    "answer",
)


def json_text(report: Report) -> str:
    """The object `reportchat eval --json --details` prints, as text."""
    return json.dumps(to_json(report, details=True), ensure_ascii=False, indent=1)


def csv_text(report: Report) -> str:
    """One row per question, in the order asked, under `CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for outcome in report.outcomes:
        fact = outcome.fact
        writer.writerow(
            [
                fact.id,
                fact.language,
                fact.split,
                fact.category,
                outcome.correct,
                outcome.answer.refused,
                outcome.gold_rank,
                fact.question,
                expected(outcome),
                outcome.answer.text,
            ]
        )
    return out.getvalue()
