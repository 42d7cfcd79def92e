"""Fit the extractive writer's answerability model on the dev half of eval/facts.jsonl.

    python -m eval.train    # fit, cross-validate, calibrate; writes answer/answerability.json

Training examples are candidate sentences: a candidate of an answerable question is positive
when it holds an accepted answer; every candidate of an unanswerable question is negative. The
dev questions are joined by unanswerable variants made by perturbing the answerable ones: a
year, a name or the attribute asked about swapped for one the report lacks (2024 -> 2019,
Mali -> Kenya, rural -> urban), the near misses a reader actually asks. Only the dev split is
read: the test split is never seen by training or calibration.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from answer.answerable import MODEL_FILE, SIGNS, Model, fit, untrained_model
from assistant import Assistant
from core.config import Settings
from core.text import clean
from eval.run import (
    Fact,
    Outcome,
    best_threshold,
    in_language,
    load_facts,
    report_of,
    run,
)

FOLDS = 5
L2 = 1.0  # on standardised features; cross-validated against 0.1 and 10 (see notes)
# Swaps that turn an answerable question into a near miss about the same entity. Each side is
# absent from (or, for urban/城镇, not said of income in) the bundled report: checked in tests.
_SWAPS = {
    "en": (
        (r"\brural\b", "urban"),
        (r"\bincome\b", "debt"),
        (r"\bemployment\b", "unemployment"),
        (r"\bcountries\b", "cities"),
        (r"\bMali\b", "Kenya"),
        (r"\bEcuador\b", "Peru"),
        (r"\bBeijing\b", "Shanghai"),
        (r"\bXinhua Institute\b", "World Bank"),
    ),
    "zh": (
        ("农村", "城镇"),
        ("收入", "债务"),
        ("就业", "失业"),
        ("马里", "肯尼亚"),
        ("厄瓜多尔", "秘鲁"),
        ("北京", "上海"),
        ("国家", "城市"),
    ),
    "fa": (
        ("صادرات", "واردات"),
        ("مازندران", "گیلان"),
        ("مرکبات", "برنج"),
        ("جلسه", "جشنواره"),
    ),
}
_YEAR = re.compile(r"(?<!\d)(20[12]\d|۲۰۲\d)(?!\d)")
# A made-up near miss counts half a written question in fitting: it stands in for questions
# nobody asked, and a person's question is the better evidence of what users ask. Thresholds
# are set on the written questions alone: with the variants counted too (at 0.5) they rose to
# 0.59-0.62 and refused 30% of the answerable dev questions, where the written ones alone put
# the best trade-off lower (`reportchat eval --sweep --split dev`).
VARIANT_WEIGHT = 0.5
_ABSENT_YEAR = "2016"  # no figure of the report falls in 2016


@dataclass(frozen=True)
class Example:
    """One question the model is trained on: a dev fact, or a perturbed copy of one."""

    group: str  # the dev fact it comes from: its variants are held out together
    language: str
    question: str
    answerable: bool
    answers: tuple[str, ...]
    variant: bool = False  # made by `perturb`, not written by a person


def examples(facts: Sequence[Fact]) -> list[Example]:
    """The dev facts the writer answers by quoting one fact, and their perturbed variants."""
    out = []
    for f in facts:
        if getattr(f, "split", "dev") != "dev" or getattr(f, "category", "") in (
            "overview",
            "multi_part",
        ):
            continue
        out.append(Example(f.id, f.language, f.question, f.answerable, f.answers))
        if f.answerable:
            out.extend(Example(f.id, f.language, q, False, (), True) for q in perturb(f))
    return out


def perturb(fact: Fact) -> list[str]:
    """Unanswerable variants of an answerable question (a year, a name or an attribute swapped)."""
    variants = []
    if _YEAR.search(fact.question):
        variants.append(_YEAR.sub(_ABSENT_YEAR, fact.question, count=1))
    for pattern, replacement in _SWAPS.get(fact.language, ()):
        if re.search(pattern, fact.question):
            variants.append(re.sub(pattern, replacement, fact.question, count=1))
    return variants


def _answers(sentence_text: str, patterns: Sequence[str]) -> bool:
    text = clean(sentence_text)
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def collect(assistant: Assistant, items: Sequence[Example]) -> list[list[tuple[list[float], int]]]:
    """For each example, its candidates' feature rows and labels."""
    table = []
    for ex in items:
        rows = []
        for c in assistant.candidates(ex.question):
            positive = ex.answerable and _answers(c.sentence.text, ex.answers)
            rows.append((list(c.row), int(positive)))
        table.append(rows)
    return table


def _top(rows: Sequence[tuple[list[float], int]]) -> tuple[list[float], int]:
    """The candidate the writer ranks first (rows come in its order)."""
    return rows[0]


def _predict(model: Model, rows: Sequence[tuple[list[float], int]]) -> tuple[float, bool]:
    """P(answered) for the candidate the model would quote, and whether it holds an answer."""
    if not rows:
        return 0.0, False
    row, label = _top(rows)
    return model.probability(row), bool(label)


def _model(
    items: Sequence[Example], table: Sequence[Sequence[tuple[list[float], int]]], l2: float
) -> Model:
    """Fitted on each question's top candidate: positive when the question is answerable."""
    tops = [(_top(rows), ex) for ex, rows in zip(items, table, strict=True) if rows]
    answer = fit(
        [row for (row, _), _ in tops],
        [int(ex.answerable) for _, ex in tops],
        l2,
        weights=[VARIANT_WEIGHT if ex.variant else 1.0 for _, ex in tops],
        signs=SIGNS,
    )
    return Model(answer, {"all": 0.5}, {})


def cross_validate(
    items: Sequence[Example], table: Sequence[Sequence[tuple[list[float], int]]], l2: float
) -> dict[str, float]:
    """Grouped k-fold: each fold's questions (with their variants) are scored by a model fitted
    on the other folds, with thresholds calibrated on those folds; returns the share handled
    right, by kind of question."""
    fold_of = _folds([ex.group for ex in items])
    right: dict[str, list[bool]] = {"answerable": [], "unanswerable": [], "perturbed": []}
    for k in range(FOLDS):
        train = _outside(items, table, fold_of, k)
        held = [(ex, rows) for ex, rows in zip(items, table, strict=True) if fold_of[ex.group] == k]
        model = _model([ex for ex, _ in train], [rows for _, rows in train], l2)
        model = replace(model, thresholds=calibrate(model, *zip(*train, strict=True)))
        for ex, rows in held:
            p, holds = _predict(model, rows)
            t = model.threshold(ex.language)
            kind = "perturbed" if ex.variant else "answerable" if ex.answerable else "unanswerable"
            right[kind].append((p >= t and holds) if ex.answerable else p < t)
    return {k: sum(v) / len(v) for k, v in right.items() if v}


def train(settings: Settings, facts: Sequence[Fact], out: Path) -> Model:
    """Fit on the dev facts, cross-validate, calibrate thresholds per language, write `out`."""
    # The features and the ranking do not depend on the model; the shipped one may be for
    # other features.
    assistant = Assistant(
        replace(settings, refusal_threshold=-math.inf), answerability=untrained_model()
    )
    assistant.ensure_index()
    items = examples(facts)
    table = collect(assistant, items)
    cv = {str(l2): cross_validate(items, table, l2) for l2 in (0.1, 1.0, 10.0)}
    model = _model(items, table, L2)
    thresholds = calibrate_out_of_fold(assistant, items, table, facts)
    notes: dict[str, object] = {
        "trained_on": "dev split of eval/facts.jsonl and perturbed variants (python -m eval.train)",
        "questions": sum(not ex.variant for ex in items),
        "variants": sum(ex.variant for ex in items),
        "candidates": sum(len(rows) for rows in table),
        "positives": sum(y for rows in table for _, y in rows),
        "l2": L2,
        "cross_validation": cv,
    }
    model = replace(model, thresholds=thresholds, notes=notes)
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    return model


def calibrate_out_of_fold(
    assistant: Assistant,
    items: Sequence[Example],
    table: Sequence[Sequence[tuple[list[float], int]]],
    facts: Sequence[Fact],
) -> dict[str, float]:
    """Per language, the refusal threshold that handles the most written dev questions right
    (`eval.run.best_threshold`: an answerable one answered right, an unanswerable one refused),
    judged on the answers the writer gives (a list question on the list it quotes), scored as
    `reportchat eval` scores them, each dev question answered by a model fitted on the other
    folds.

    Out of fold, because a question the model was fitted on looks more certain than a new one:
    thresholds set on the fitted model's own confidences (as until 2026-12-03) refused 4.2% of
    the answerable dev questions but 14.7% of the test half's.

    Handled right, not "refuse the most unanswerable ones while refusing at most 5% of the
    answerable ones" (the issue's limit, used until then): out of fold, no Chinese threshold
    above 0.07 keeps within 5%, and at 0.063 the writer refused 41% of the unanswerable dev
    questions, where the best one (0.713) refuses 80% and 9.6% of the answerable ones.
    English and Persian get the same threshold either way (0.655, 0.403 on 401 dev questions).
    """
    dev = [f for f in facts if f.split == "dev"]
    fold_of = _folds([f.id for f in dev])
    outcomes: list[Outcome] = []
    for k in range(FOLDS):
        fitted = _outside(items, table, fold_of, k)
        model = _model([ex for ex, _ in fitted], [rows for _, rows in fitted], L2)
        free = Assistant(
            replace(assistant.settings, refusal_threshold=-math.inf),
            embedder=assistant.embedder,
            answerability=model,
        )
        held = [f for f in dev if fold_of[f.id] == k]
        outcomes.extend(run(free.ask, free.corpus(), held).outcomes)
    report = report_of(outcomes)
    thresholds = {"all": round(best_threshold(report), 4)}
    for language in sorted({f.language for f in dev}):
        thresholds[language] = round(best_threshold(in_language(report, language)), 4)
    return thresholds


def _folds(groups: Sequence[str]) -> dict[str, int]:
    """Each group's fold: the groups sorted, dealt round."""
    return {g: i % FOLDS for i, g in enumerate(sorted(set(groups)))}


def _outside(
    items: Sequence[Example],
    table: Sequence[Sequence[tuple[list[float], int]]],
    fold_of: dict[str, int],
    k: int,
) -> list[tuple[Example, Sequence[tuple[list[float], int]]]]:
    """The examples, with their candidates' rows, of every fold but `k`: what fold k's model
    is fitted on."""
    return [(ex, rows) for ex, rows in zip(items, table, strict=True) if fold_of[ex.group] != k]


def calibrate(
    model: Model, items: Sequence[Example], table: Sequence[Sequence[tuple[list[float], int]]]
) -> dict[str, float]:
    """Per language, the threshold that handles the most written dev questions right (the
    perturbed variants are left out): an answerable one answered with a sentence that holds
    the answer, an unanswerable one refused; the middle of the best interval, as
    `eval.run.best_threshold` does."""
    thresholds: dict[str, float] = {}
    by_language: dict[str, list[tuple[float, bool, bool, float]]] = {}
    for ex, rows in zip(items, table, strict=True):
        if ex.variant:
            continue
        p, holds = _predict(model, rows)
        for key in (ex.language, "all"):
            by_language.setdefault(key, []).append((p, holds, ex.answerable, 1.0))
    for language, cases in by_language.items():
        cuts = sorted({p for p, _, _, _ in cases} | {0.0, 1.0})
        best, best_right = 0.5, -1.0
        for lower, upper in zip(cuts, cuts[1:], strict=False):
            t = (lower + upper) / 2
            right = sum(
                weight * ((p >= t and holds) if a else p < t) for p, holds, a, weight in cases
            )
            if right > best_right:
                best, best_right = t, right
        thresholds[language] = round(best, 4)
    return thresholds


def main() -> int:
    """Train on the bundled facts and write answer/answerability.json."""
    out = Path(__file__).resolve().parent.parent / "answer" / MODEL_FILE
    model = train(Settings.from_env(), load_facts(), out)
    print(model.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
