"""Show an evaluation `Report`: a table, a JSON object, the wrong answers, the missed thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from eval.run import Outcome, Report, Scores

COLUMNS = (
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
)
_NONE = "-"  # a metric over answerable (or unanswerable) questions, in a group that has none
_SHOWN_ANSWER = 200  # characters of a wrong answer shown under the table


def percent(value: float) -> str:
    """A fraction as a percentage with one decimal: 0.8636 -> `86.4%`."""
    return f"{value * 100:.1f}%"


def format_table(report: Report) -> str:
    """One row per language and a final `all` row; fractions as percentages, MRR as 0.000."""
    rows = [_cells(language, scores) for language, scores in sorted(report.by_language.items())]
    return _aligned(list(COLUMNS), rows, total=_cells("all", report.overall))


def format_intervals(report: Report) -> str:
    """How far each accuracy can be trusted: right answers of answerable questions and the 95%
    interval around their share (`Scores.accuracy_interval`), per language and overall."""

    def cells(name: str, scores: Scores) -> list[str]:
        low, high = scores.accuracy_interval
        return [
            name,
            str(scores.answered_right),
            str(scores.answerable),
            percent(scores.accuracy),
            f"{percent(low)} to {percent(high)}",
        ]

    header = ["language", "right", "answerable", "accuracy", "95% interval (Wilson)"]
    rows = [cells(lang, s) for lang, s in sorted(report.by_language.items()) if s.answerable]
    total = cells("all", report.overall) if report.overall.answerable else None
    return _aligned(header, rows, total=total)


def format_sweep(
    rows: Sequence[tuple[float, Report]],
    current: float,
    held_out: Sequence[tuple[float, Report]] = (),
) -> str:
    """One row per refusal threshold (the `current` one starred): accuracy per language and
    overall, citation precision, refusal correctness and unanswerable questions refused; then
    the `held_out` check, if given."""
    languages = sorted(
        {lang for _, report in rows for lang, s in report.by_language.items() if s.answerable}
    )
    header = [
        "threshold",
        *(f"accuracy {lang}" for lang in languages),
        "accuracy all",
        "citation precision",
        "refusal correctness",
        "unanswerable refused",
    ]
    body = [
        _sweep_cells(f"{t:.3f}{'*' if t == current else ''}", report, languages)
        for t, report in rows
    ]
    text = _aligned(header, body) + f"\n* the threshold in use ({current:.3f})"
    if held_out:
        halves = [
            _sweep_cells(f"{t:.4f} on half {2 - k}, scored on half {k + 1}", report, languages)
            for k, (t, report) in enumerate(held_out)
        ]
        text += (
            "\n\nHeld out: the best threshold (eval.run.preference) on every other question, "
            "scored on the rest\n" + _aligned(header, halves)
        )
    return text


def _sweep_cells(label: str, report: Report, languages: Sequence[str]) -> list[str]:
    overall = report.overall
    return [
        label,
        *(
            percent(report.by_language[lang].accuracy)
            if lang in report.by_language and report.by_language[lang].answerable
            else _NONE
            for lang in languages
        ),
        percent(overall.accuracy) if overall.answerable else _NONE,
        percent(overall.citation_precision),
        percent(overall.refusal_correctness),
        percent(overall.unanswerable_refused) if overall.questions > overall.answerable else _NONE,
    ]


def _aligned(header: list[str], rows: list[list[str]], total: list[str] | None = None) -> str:
    """Columns padded to one width: the first left-aligned, the rest right-aligned; rules under
    the header and above the `total` row."""
    everything = [header, *rows, *([total] if total else [])]
    widths = [max(len(row[i]) for row in everything) for i in range(len(header))]
    rule = "  ".join("-" * width for width in widths)

    def line(row: list[str]) -> str:
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([row[0].ljust(widths[0]), *rest])

    lines = [line(header), rule, *(line(row) for row in rows)]
    if total:
        lines += [rule, line(total)]
    return "\n".join(lines)


def _cells(name: str, scores: Scores) -> list[str]:
    """A table row; metrics over answerable or unanswerable questions show `-` where there
    are none."""
    measured = scores.answerable > 0
    return [
        name,
        str(scores.questions),
        str(scores.answerable),
        percent(scores.accuracy) if measured else _NONE,
        percent(scores.recall_at_1) if measured else _NONE,
        percent(scores.recall_at_5) if measured else _NONE,
        f"{scores.mrr:.3f}" if measured else _NONE,
        percent(scores.citation_precision),
        percent(scores.refusal_correctness),
        percent(scores.unanswerable_refused) if scores.questions > scores.answerable else _NONE,
    ]


def format_wrong(report: Report) -> str:
    """The wrong outcomes, one block each: id, question, what was said, what was expected."""
    wrong = [o for o in report.outcomes if not o.correct]
    if not wrong:
        return f"No wrong answers ({len(report.outcomes)} questions)."
    lines = [f"Wrong answers ({len(wrong)} of {len(report.outcomes)}):"]
    for outcome in wrong:
        fact = outcome.fact
        said = "refused" if outcome.answer.refused else "answered"
        expected = " | ".join(fact.answers) if fact.answerable else "a refusal"
        rank = str(outcome.gold_rank) if outcome.gold_rank else "not retrieved"
        lines += [
            f"{fact.id} [{fact.language}] {fact.question}",
            f"    {said}: {_shorten(outcome.answer.text)}",
            f"    expected: {expected}; gold passage rank: {rank}",
        ]
    return "\n".join(lines)


def _shorten(text: str, limit: int = _SHOWN_ANSWER) -> str:
    """`text` on one line, cut to about `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def to_json(report: Report, details: bool = False) -> dict[str, object]:
    """The object `reportchat eval --json` prints: scores per language and overall, and with
    `details` every outcome."""
    out: dict[str, object] = {
        "by_language": {lang: asdict(s) for lang, s in sorted(report.by_language.items())},
        "overall": asdict(report.overall),
    }
    if details:
        out["outcomes"] = [_outcome_json(o) for o in report.outcomes]
    return out


def sweep_json(
    rows: Sequence[tuple[float, Report]],
    current: float,
    held_out: Sequence[tuple[float, Report]] = (),
) -> dict[str, object]:
    """The object `reportchat eval --sweep --json` prints: the threshold in use, the scores at
    each threshold, and the held-out check (threshold chosen on the other half, scores)."""
    return {
        "threshold_in_use": current,
        "sweep": [{"threshold": threshold, **to_json(report)} for threshold, report in rows],
        "held_out": [{"threshold": threshold, **to_json(report)} for threshold, report in held_out],
    }


def _outcome_json(outcome: Outcome) -> dict[str, object]:
    return {
        "id": outcome.fact.id,
        "question": outcome.fact.question,
        "correct": outcome.correct,
        "refused": outcome.answer.refused,
        "answer": outcome.answer.text,
        "gold_rank": outcome.gold_rank,
    }


@dataclass(frozen=True)
class Thresholds:
    """Minimum scores a run must reach.

    `accuracy` maps a language to its minimum; the key None applies to every language with
    answerable questions that has no minimum of its own. The other minimums apply to the
    overall scores.
    """

    accuracy: Mapping[str | None, float] = field(default_factory=dict)
    refusal_correctness: float | None = None
    citation_precision: float | None = None
    recall_at_5: float | None = None


# Scores compare equal to a threshold written as the same fraction (0.9 vs 9/10), but sums of
# floats can land a hair below it; this slack is far below the 0.1% the table shows.
_SLACK = 1e-9


def misses(report: Report, thresholds: Thresholds) -> list[str]:
    """One line per threshold the report misses, e.g. `accuracy for zh is 86.4%, below 90.0%`."""
    lines = []
    default = thresholds.accuracy.get(None)
    named = {lang: v for lang, v in thresholds.accuracy.items() if lang is not None}
    measured = {lang: s for lang, s in sorted(report.by_language.items()) if s.answerable}
    for language, scores in measured.items():
        minimum = named.get(language, default)
        if minimum is not None:
            lines += _miss("accuracy", language, scores.accuracy, minimum)
    for language in sorted(set(named) - set(measured)):
        lines.append(
            f"accuracy for {language} cannot be checked: the facts have no answerable "
            f"{language} questions"
        )
    overall = (
        ("refusal correctness", report.overall.refusal_correctness, thresholds.refusal_correctness),
        ("citation precision", report.overall.citation_precision, thresholds.citation_precision),
        ("recall@5", report.overall.recall_at_5, thresholds.recall_at_5),
    )
    for metric, value, minimum in overall:
        if minimum is not None:
            lines += _miss(metric, "all", value, minimum)
    return lines


def _miss(metric: str, group: str, value: float, minimum: float) -> list[str]:
    if value + _SLACK >= minimum:
        return []
    return [f"{metric} for {group} is {percent(value)}, below {percent(minimum)}"]
