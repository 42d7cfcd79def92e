"""Show an evaluation `Report`: tables, a JSON object, the wrong answers, the missed thresholds.

A run that holds test questions is shown, and checked, per split: a table for dev and one for
test, JSON keys `dev`, `test` and `all`, and thresholds applied to the test split.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from eval.run import (
    OVERVIEW_MIN_POINTS,
    Cutoffs,
    Outcome,
    Report,
    Scores,
    by_split,
    has_test_split,
    select,
)

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
# The second table, of what the first has no room for: answers refused that should not have
# been, false premises refused, overviews, and answers opening in the question's language.
CHECK_COLUMNS = (
    "language",
    "wrongly refused",
    "false premises refused",
    f"overview ≥{OVERVIEW_MIN_POINTS} points",
    "key points (mean)",
    "first line in language",
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


def format_checks(report: Report) -> str:
    """The `CHECK_COLUMNS` table, one row per language and `all`; `-` where a group has none of
    the questions a column counts."""
    rows = [_check_cells(lang, scores) for lang, scores in sorted(report.by_language.items())]
    return _aligned(list(CHECK_COLUMNS), rows, total=_check_cells("all", report.overall))


def _check_cells(name: str, scores: Scores) -> list[str]:
    return [
        name,
        percent(scores.wrongly_refused) if scores.answerable else _NONE,
        percent(scores.false_premise_refused) if scores.false_premises else _NONE,
        percent(scores.overview_enough_points) if scores.overviews else _NONE,
        f"{scores.overview_points:.2f}" if scores.overviews else _NONE,
        percent(scores.native_first_line) if scores.native_answers else _NONE,
    ]


def format_report(report: Report) -> str:
    """What `reportchat eval` prints: the scores table, the accuracy intervals and the checks
    table; with test questions, one of each per split, titled `dev (N questions)`."""
    sections: tuple[Callable[[Report], str], ...] = (format_table, format_intervals, format_checks)
    if not has_test_split(report):
        return "\n\n".join(show(report) for show in sections)
    splits = by_split(report)
    return "\n\n".join(
        f"{name} ({len(part.outcomes)} questions)\n{show(part)}"
        for show in sections
        for name, part in splits.items()
    )


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


Scored = tuple[float | Cutoffs, Report]  # a threshold for all languages, or each one's own


def format_sweep(
    rows: Sequence[tuple[float, Report]],
    current: Cutoffs,
    held_out: Sequence[tuple[float, Report]] = (),
    test: Sequence[Scored] = (),
    in_use: Report | None = None,
) -> str:
    """One row per refusal threshold (the `current` one starred; when each language has its
    own, a starred row of their scores, `in_use`, after the sweep): accuracy per language and
    overall, citation precision, refusal correctness and unanswerable questions refused; then
    the `held_out` check and the `test` split's rows (at the threshold best on dev and the ones
    in use), if given."""
    languages = sorted(
        {
            lang
            for _, report in (*rows, *held_out, *test)
            for lang, s in report.by_language.items()
            if s.answerable
        }
    )
    header = [
        "threshold",
        *(f"accuracy {lang}" for lang in languages),
        "accuracy all",
        "citation precision",
        "refusal correctness",
        "unanswerable refused",
    ]
    body = [_sweep_cells(_threshold_label(t, current, 3), report, languages) for t, report in rows]
    if current.single is None and in_use is not None:
        body.append(_sweep_cells(_threshold_label(current, current, 3), in_use, languages))
    if current.single is None:
        note = f"* the thresholds in use, each language's own ({current.label()})"
    else:
        note = f"* the threshold in use ({current.label()})"
    text = _aligned(header, body) + "\n" + note
    if held_out:
        halves = [
            _sweep_cells(f"{t:.4f} on half {2 - k}, scored on half {k + 1}", report, languages)
            for k, (t, report) in enumerate(held_out)
        ]
        text += (
            "\n\nHeld out: the best threshold (eval.run.preference) on every other question, "
            "scored on the rest\n" + _aligned(header, halves)
        )
    if test:
        scored = [
            _sweep_cells(_threshold_label(t, current, 4), report, languages) for t, report in test
        ]
        text += (
            "\n\nTest split, at the threshold best on dev (eval.run.best_threshold) and at the "
            "one in use (*)\n" + _aligned(header, scored)
        )
    return text


def _threshold_label(threshold: float | Cutoffs, current: Cutoffs, digits: int) -> str:
    """A sweep row's first cell: the threshold, starred when it is the one in use."""
    if isinstance(threshold, Cutoffs):
        return "in use*" if threshold.single is None else f"{threshold.label(digits)}*"
    return f"{threshold:.{digits}f}{'*' if threshold == current.single else ''}"


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
    """The wrong outcomes, one block each: id, question, what was said, what was expected; for a
    multi-part question or an overview, which parts or key points matched."""
    wrong = [o for o in report.outcomes if not o.correct]
    if not wrong:
        return f"No wrong answers ({len(report.outcomes)} questions)."
    per_split = has_test_split(report)
    lines = [f"Wrong answers ({len(wrong)} of {len(report.outcomes)}):"]
    for outcome in wrong:
        fact = outcome.fact
        tags = [fact.language, *([fact.split] if per_split else []), fact.category]
        said = "refused" if outcome.answer.refused else "answered"
        rank = str(outcome.gold_rank) if outcome.gold_rank else "not retrieved"
        lines += [
            f"{fact.id} [{', '.join(tags)}] {fact.question}",
            f"    {said}: {_shorten(outcome.answer.text)}",
            f"    expected: {expected(outcome)}; gold passage rank: {rank}",
            *_matched(outcome),
        ]
    return "\n".join(lines)


def expected(outcome: Outcome) -> str:
    """What a right answer to the outcome's fact would have been, in one line."""
    fact = outcome.fact
    if fact.category == "false_premise":
        premise = getattr(outcome.answer, "premise", None)  # set by writers that check premises
        flagged = f" (premise: {premise})" if premise else ""
        return f"a refusal or a correction of the false premise{flagged}"
    if not fact.answerable:
        return "a refusal"
    if fact.category == "multi_part":
        matched = sum(m is True for m in outcome.parts_matched)
        asked = sum(m is not None for m in outcome.parts_matched)
        return f"every part the report answers, matched {matched} of {asked}"
    if fact.category == "overview":
        matched = sum(outcome.points_matched)
        total = len(outcome.points_matched)
        return f"at least {OVERVIEW_MIN_POINTS} key points, matched {matched} of {total}"
    return " | ".join(fact.answers)


def _matched(outcome: Outcome) -> list[str]:
    """`      part 2 missed: 1,?000 | a thousand`, one line per part or key point."""
    fact = outcome.fact
    if fact.category == "multi_part":
        named, groups, found = "part", fact.parts, outcome.parts_matched
    elif fact.category == "overview":
        named, groups, found = "key point", fact.key_points, outcome.points_matched
    else:
        return []
    lines = []
    for n, (patterns, matched) in enumerate(zip(groups, found, strict=True), 1):
        if matched is None:
            lines.append(f"      {named} {n}: not in the report")
        else:
            lines.append(
                f"      {named} {n} {'matched' if matched else 'missed'}: " + " | ".join(patterns)
            )
    return lines


def _shorten(text: str, limit: int = _SHOWN_ANSWER) -> str:
    """`text` on one line, cut to about `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def to_json(report: Report, details: bool = False) -> dict[str, object]:
    """The object `reportchat eval --json` prints: scores per language and overall, and with
    `details` every outcome. A run with test questions adds the same scores per split, under
    `dev`, `test` and `all` (the top-level scores are `all`'s), and names each outcome's split,
    category and matched parts."""
    out = _scores_json(report)
    per_split = has_test_split(report)
    if per_split:
        out.update({name: _scores_json(part) for name, part in by_split(report).items()})
        out["all"] = _scores_json(report)
    if details:
        out["outcomes"] = [_outcome_json(o, per_split) for o in report.outcomes]
    return out


def _scores_json(report: Report) -> dict[str, object]:
    return {
        "by_language": {lang: asdict(s) for lang, s in sorted(report.by_language.items())},
        "overall": asdict(report.overall),
    }


def sweep_json(
    rows: Sequence[tuple[float, Report]],
    current: Cutoffs,
    held_out: Sequence[tuple[float, Report]] = (),
    test: Sequence[Scored] = (),
    best: float | None = None,
    in_use: Report | None = None,
) -> dict[str, object]:
    """The object `reportchat eval --sweep --json` prints: the threshold in use (a number, or
    one per language when they differ) and the swept questions' scores at it (`in_use`), the
    scores at each threshold, the held-out check (threshold chosen on the other half, scores),
    the threshold `best` on the swept questions, and the test split's scores at chosen
    thresholds."""

    def scored(pairs: Sequence[Scored]) -> list[dict[str, object]]:
        return [
            {"threshold": t.to_json() if isinstance(t, Cutoffs) else t, **_scores_json(report)}
            for t, report in pairs
        ]

    return {
        "threshold_in_use": current.to_json(),
        "in_use": _scores_json(in_use) if in_use is not None else None,
        "best_threshold": best,
        "sweep": scored(rows),
        "held_out": scored(held_out),
        "test": scored(test),
    }


def _outcome_json(outcome: Outcome, per_split: bool = False) -> dict[str, object]:
    out: dict[str, object] = {
        "id": outcome.fact.id,
        "question": outcome.fact.question,
        "correct": outcome.correct,
        "refused": outcome.answer.refused,
        "answer": outcome.answer.text,
        "gold_rank": outcome.gold_rank,
    }
    if per_split:
        fact = outcome.fact
        out |= {
            "split": fact.split,
            "category": fact.category,
            "parts_matched": list(outcome.parts_matched) if fact.parts else None,
            "key_points_matched": list(outcome.points_matched) if fact.key_points else None,
            "first_line_native": outcome.first_line_native,
        }
    return out


@dataclass(frozen=True)
class Thresholds:
    """Scores a run must reach.

    `accuracy` and `unanswerable_refused` map a language to its minimum; the key None applies
    to every language that has such questions and no minimum of its own. `wrongly_refused` is
    a maximum; the others are minimums of the overall scores.
    """

    accuracy: Mapping[str | None, float] = field(default_factory=dict)
    refusal_correctness: float | None = None
    citation_precision: float | None = None
    recall_at_5: float | None = None
    unanswerable_refused: Mapping[str | None, float] = field(default_factory=dict)
    wrongly_refused: float | None = None
    false_premise_refused: float | None = None
    native_first_line: float | None = None


# Scores compare equal to a threshold written as the same fraction (0.9 vs 9/10), but sums of
# floats can land a hair below it; this slack is far below the 0.1% the table shows.
_SLACK = 1e-9


def checked_split(report: Report) -> tuple[str | None, Report]:
    """The part of a run the thresholds apply to: its test split if it has one (the questions
    nothing was tuned on), else all of it."""
    return ("test", select(report, "test")) if has_test_split(report) else (None, report)


def misses(report: Report, thresholds: Thresholds, split: str | None = None) -> list[str]:
    """One line per threshold the report misses, e.g. `accuracy for zh is 86.4%, below 90.0%`;
    with `split`, `accuracy for zh in the test split is ...`."""
    where = f" in the {split} split" if split else ""
    lines = _per_language(
        "accuracy",
        report,
        thresholds.accuracy,
        lambda s: s.accuracy if s.answerable else None,
        "answerable",
        where,
    )
    lines += _per_language(
        "unanswerable refused",
        report,
        thresholds.unanswerable_refused,
        lambda s: s.unanswerable_refused if s.questions > s.answerable else None,
        "unanswerable",
        where,
    )
    overall = report.overall
    minimums = (
        ("refusal correctness", overall.refusal_correctness, thresholds.refusal_correctness),
        ("citation precision", overall.citation_precision, thresholds.citation_precision),
        ("recall@5", overall.recall_at_5, thresholds.recall_at_5),
    )
    for metric, value, minimum in minimums:
        if minimum is not None:
            lines += _miss(metric, "all" + where, value, minimum)
    counted = (
        (
            "false premises refused",
            overall.false_premises,
            "false-premise questions",
            overall.false_premise_refused,
            thresholds.false_premise_refused,
        ),
        (
            "first line in language",
            overall.native_answers,
            "answered zh or fa questions",
            overall.native_first_line,
            thresholds.native_first_line,
        ),
    )
    for metric, count, questions, value, minimum in counted:
        if minimum is None:
            continue
        if count:
            lines += _miss(metric, "all" + where, value, minimum)
        else:
            lines.append(f"{metric} for all{where} cannot be checked: there are no {questions}")
    maximum = thresholds.wrongly_refused
    if maximum is not None and overall.wrongly_refused - _SLACK > maximum:
        lines.append(
            f"wrongly refused for all{where} is {percent(overall.wrongly_refused)}, "
            f"above {percent(maximum)}"
        )
    return lines


def _per_language(
    metric: str,
    report: Report,
    minimums: Mapping[str | None, float],
    value: Callable[[Scores], float | None],
    questions: str,
    where: str,
) -> list[str]:
    """Misses of a per-language minimum; `value` is None for a language without the questions
    it counts, and a language named in `minimums` without them is a miss too."""
    lines = []
    default = minimums.get(None)
    named = {lang: v for lang, v in minimums.items() if lang is not None}
    measured = {lang: value(s) for lang, s in sorted(report.by_language.items())}
    for language, score in measured.items():
        minimum = named.get(language, default)
        if minimum is not None and score is not None:
            lines += _miss(metric, language + where, score, minimum)
    for language in sorted(lang for lang in named if measured.get(lang) is None):
        lines.append(
            f"{metric} for {language}{where} cannot be checked: the facts have no {questions} "
            f"{language} questions"
        )
    return lines


def _miss(metric: str, group: str, value: float, minimum: float) -> list[str]:
    if value + _SLACK >= minimum:
        return []
    return [f"{metric} for {group} is {percent(value)}, below {percent(minimum)}"]
