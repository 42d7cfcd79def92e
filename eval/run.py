"""Run the evaluation set and score answers, retrieval, citations and refusals."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.text import clean
from core.types import Answer, Corpus

FACTS = Path(__file__).resolve().parent / "facts.jsonl"
_MARKUP = re.compile(r"\*\*|\[\d+\]")


@dataclass(frozen=True)
class Fact:
    """One evaluation question and what a right answer looks like."""

    id: str
    question: str
    language: str
    answerable: bool
    answers: tuple[str, ...]
    evidence: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Outcome:
    """How the assistant did on one fact."""

    fact: Fact
    answer: Answer
    correct: bool  # answerable: answered and a pattern matches; unanswerable: refused
    gold_rank: int  # 1-based rank of the first retrieved passage holding the evidence; 0 if none
    citations_ok: int
    citations_total: int


@dataclass(frozen=True)
class Scores:
    """Aggregates over a group of outcomes (one language, or all)."""

    questions: int
    answerable: int
    accuracy: float  # right answers among answerable questions
    recall_at_1: float
    recall_at_5: float
    mrr: float
    citation_precision: float  # cited passages that hold the evidence, in answered questions
    refusal_correctness: float  # refused exactly when unanswerable, over all questions
    unanswerable_refused: float  # refused among unanswerable questions (1.0 if there are none)
    answered_right: int = 0  # the count behind `accuracy`
    # Where accuracy on questions like these would lie, with 95% confidence (Wilson score
    # interval): 34 right of 37 is 91.9%, but anything from 78.7% to 97.2% fits it.
    accuracy_interval: tuple[float, float] = (0.0, 1.0)


@dataclass(frozen=True)
class Report:
    """Scores per language and overall, with every outcome for inspection."""

    by_language: dict[str, Scores]
    overall: Scores
    outcomes: tuple[Outcome, ...] = field(repr=False)


def load_facts(path: Path = FACTS) -> list[Fact]:
    """Read facts.jsonl."""
    facts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            facts.append(
                Fact(
                    raw["id"],
                    raw["question"],
                    raw["language"],
                    bool(raw["answerable"]),
                    tuple(raw["answers"]),
                    tuple(raw["evidence"]),
                    raw["kind"],
                )
            )
    return facts


def judge(fact: Fact, answer: Answer, corpus: Corpus) -> Outcome:
    """Score one answer against its fact."""
    plain = _MARKUP.sub("", answer.text)
    matched = any(re.search(p, plain, re.IGNORECASE) for p in fact.answers)
    correct = answer.refused if not fact.answerable else (not answer.refused and matched)
    gold = [pid for pid in answer.retrieved if _holds(fact, corpus.by_id[pid].text)]
    rank = answer.retrieved.index(gold[0]) + 1 if gold else 0
    ok = total = 0
    if fact.answerable and not answer.refused:
        for c in answer.citations:
            total += 1
            passage = corpus.by_id.get(c.passage_id)
            ok += bool(passage and c.quote in passage.text and _holds(fact, passage.text))
    return Outcome(fact, answer, correct, rank, ok, total)


def _holds(fact: Fact, text: str) -> bool:
    """Does a passage hold the fact's evidence (or, failing a listed span, its answer)?"""
    cleaned = clean(text)
    return any(clean(e) in cleaned for e in fact.evidence) or any(
        re.search(p, text, re.IGNORECASE) for p in fact.answers
    )


def summarise(outcomes: Sequence[Outcome]) -> Scores:
    """Aggregate outcomes into scores."""
    answerable = [o for o in outcomes if o.fact.answerable]
    unanswerable = [o for o in outcomes if not o.fact.answerable]
    n_ans = len(answerable) or 1
    right = sum(o.correct for o in answerable)
    cited = sum(o.citations_total for o in outcomes)
    return Scores(
        questions=len(outcomes),
        answerable=len(answerable),
        accuracy=right / n_ans,
        recall_at_1=sum(o.gold_rank == 1 for o in answerable) / n_ans,
        recall_at_5=sum(0 < o.gold_rank <= 5 for o in answerable) / n_ans,
        mrr=sum(1 / o.gold_rank for o in answerable if o.gold_rank) / n_ans,
        citation_precision=sum(o.citations_ok for o in outcomes) / cited if cited else 1.0,
        refusal_correctness=sum(o.answer.refused != o.fact.answerable for o in outcomes)
        / (len(outcomes) or 1),
        unanswerable_refused=sum(o.answer.refused for o in unanswerable) / len(unanswerable)
        if unanswerable
        else 1.0,
        answered_right=right,
        accuracy_interval=wilson_interval(right, len(answerable)),
    )


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a proportion (Wilson 1927; Brown, Cai & DasGupta 2001
    recommend it for small samples, where the normal approximation misbehaves near 0 and 1).
    z = 1.96 gives 95% confidence; with no trials, nothing is known: (0, 1)."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - spread), min(1.0, centre + spread))


def run(
    ask: Callable[[str], Answer], corpus: Corpus, facts: Sequence[Fact] | None = None
) -> Report:
    """Ask every fact's question and score the answers."""
    facts = load_facts() if facts is None else facts
    return _report(tuple(judge(f, ask(f.question), corpus) for f in facts))


def _report(outcomes: tuple[Outcome, ...]) -> Report:
    languages = sorted({o.fact.language for o in outcomes})
    return Report(
        by_language={
            lang: summarise([o for o in outcomes if o.fact.language == lang]) for lang in languages
        },
        overall=summarise(outcomes),
        outcomes=outcomes,
    )


def at_threshold(report: Report, threshold: float) -> Report:
    """The scores `report` would have had with refusal threshold `threshold`.

    `report` must come from a run with no threshold (every answer the writer could give, with
    its confidence). The writer refuses exactly when its confidence is below the threshold, so an
    answer below it becomes a refusal with no citations; answers refused for other reasons stay
    refused. `tests/test_eval_sweep.py` checks this against real runs.
    """
    return _report(tuple(_refused_below(o, threshold) for o in report.outcomes))


def _refused_below(outcome: Outcome, threshold: float) -> Outcome:
    if outcome.answer.refused or outcome.answer.confidence >= threshold:
        return outcome
    refused = replace(outcome.answer, refused=True, citations=())
    return replace(
        outcome,
        answer=refused,
        correct=not outcome.fact.answerable,
        citations_ok=0,
        citations_total=0,
    )


def sweep(
    report: Report, step: float = 0.005, keep: Sequence[float] = ()
) -> list[tuple[float, Report]]:
    """`at_threshold` on a grid `step` apart across the answers' confidences, plus the thresholds
    in `keep`; of the grid, only thresholds where some score changes are kept. `report` comes
    from a run with no threshold."""
    confidences = [o.answer.confidence for o in report.outcomes if not o.answer.refused]
    grid = {round(i * step, 6) for i in _steps(confidences, step)}
    rows: list[tuple[float, Report]] = []
    for threshold in sorted(grid | set(keep)):
        scored = at_threshold(report, threshold)
        changed = not rows or (scored.by_language, scored.overall) != (
            rows[-1][1].by_language,
            rows[-1][1].overall,
        )
        if changed or threshold in keep:
            rows.append((threshold, scored))
    return rows


def _steps(confidences: Sequence[float], step: float) -> range:
    """Grid indices from the lowest confidence (nothing refused) to one step above the highest
    (everything refused); rounded first, so that 0.70 / 0.05 is 14, not 13.999..."""
    if not confidences:
        return range(0)
    low = math.floor(round(min(confidences) / step, 9))
    high = math.ceil(round(max(confidences) / step, 9))
    return range(low, high + 2)


def preference(scores: Scores) -> tuple[float, float]:
    """How `best_threshold` ranks scores: first the share of all questions handled right (an
    answerable one answered right, an unanswerable one refused), so a wrong answer counts no
    better than a wrong refusal; then citation precision, so that of two thresholds equal on
    that, the one that refuses more wrong answers wins."""
    unanswerable = scores.questions - scores.answerable
    right = scores.accuracy * scores.answerable + scores.unanswerable_refused * unanswerable
    return (right / (scores.questions or 1), scores.citation_precision)


def best_threshold(report: Report, step: float = 0.005) -> float:
    """The threshold `preference` likes best, from a run with no threshold: the middle between
    the confidences around it, so that a small drift does not flip the answers at its edges.

    Scores only change at a confidence: any threshold in (c[j-1], c[j]] answers c[j] and
    refuses c[j-1]. Of equally good thresholds the lowest wins.
    """
    confidences = sorted({o.answer.confidence for o in report.outcomes if not o.answer.refused})
    if not confidences:
        return 0.0
    uppers = [*confidences, confidences[-1] + step]  # the last refuses everything
    lowers = [confidences[0] - step, *confidences]
    best = max(
        range(len(uppers)),
        key=lambda j: (preference(at_threshold(report, uppers[j]).overall), -j),
    )
    return (lowers[best] + uppers[best]) / 2  # not rounded: it could cross a confidence


def held_out(report: Report) -> list[tuple[float, Report]]:
    """A two-fold check of choosing the threshold on the questions it is then scored on: for
    every other question (from the first, then from the second), the threshold best on the
    rest, and the scores it gives on these. `report` comes from a run with no threshold."""
    halves = [report.outcomes[k::2] for k in (0, 1)]
    checks = []
    for k in (0, 1):
        chosen = best_threshold(_report(halves[1 - k]))
        checks.append((chosen, at_threshold(_report(halves[k]), chosen)))
    return checks
