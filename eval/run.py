"""Run the evaluation set and score answers, retrieval, citations and refusals."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.text import clean, detect_language, readable
from core.types import Answer, Corpus

FACTS = Path(__file__).resolve().parent / "facts.jsonl"
_MARKUP = re.compile(r"\*\*|\[\d+\]")
_LINE_MARKS = re.compile(r"^\s*(?:[#>*•-]+|\d+[.)])\s+")  # a heading, quote or list mark

CATEGORIES = (
    "fact",
    "paraphrase",
    "colloquial",
    "typo",
    "near_miss",
    "unanswerable",
    "false_premise",
    "overview",
    "multi_part",
)
_NOT_ANSWERABLE = frozenset({"unanswerable", "false_premise"})
_ANSWERABLE = frozenset({"overview", "multi_part"})  # the others may be either (a typo of either)
SPLITS = ("dev", "test")  # choose thresholds and tune on dev; report the test split untouched
# The bar for an overview: it is right when it makes at least three of its key points.
OVERVIEW_MIN_POINTS = 3
# Answers to these languages' questions should open in them; English is the report's own
# language, so an English first line says nothing about a language switch.
NATIVE_LANGUAGES = ("zh", "fa")

Patterns = tuple[tuple[str, ...], ...]  # one tuple of accepted patterns per part or key point


@dataclass(frozen=True)
class Fact:
    """One evaluation question and what a right answer looks like.

    `category` left empty is derived from the old fields: `paraphrase` for that kind,
    `unanswerable` when not answerable, else `fact`. A `multi_part` fact has `parts`, one tuple
    of patterns per part (an empty one for a part the report does not answer); an `overview`
    has `key_points`. Invalid combinations raise ValueError naming the fact.
    """

    id: str
    question: str
    language: str
    answerable: bool
    answers: tuple[str, ...]
    evidence: tuple[str, ...]
    kind: str
    category: str = ""
    split: str = "dev"
    parts: Patterns = ()
    key_points: Patterns = ()

    def __post_init__(self) -> None:
        if not self.category:
            object.__setattr__(self, "category", _default_category(self.kind, self.answerable))
        problem = _problem(self)
        if problem:
            raise ValueError(f"fact {self.id!r}: {problem}")


def _default_category(kind: str, answerable: bool) -> str:
    if kind == "paraphrase":
        return "paraphrase"
    return "fact" if answerable else "unanswerable"


def _problem(fact: Fact) -> str:
    """What is wrong with a fact's new fields, or '' if nothing."""
    if fact.category not in CATEGORIES:
        return f"category {fact.category!r} is not one of {', '.join(CATEGORIES)}"
    if fact.split not in SPLITS:
        return f"split {fact.split!r} is not one of {', '.join(SPLITS)}"
    if fact.category in _NOT_ANSWERABLE and fact.answerable:
        return f"a {fact.category} fact needs answerable false"
    if fact.category in _ANSWERABLE and not fact.answerable:
        return f"a {fact.category} fact needs answerable true"
    if fact.category == "multi_part" and not any(fact.parts):
        return "a multi_part fact needs parts with at least one non-empty list of patterns"
    if fact.category == "overview" and len(fact.key_points) < OVERVIEW_MIN_POINTS:
        return f"an overview fact needs at least {OVERVIEW_MIN_POINTS} key_points"
    if fact.parts and fact.category != "multi_part":
        return "only a multi_part fact has parts"
    if fact.key_points and fact.category != "overview":
        return "only an overview fact has key_points"
    for pattern in (*fact.answers, *_flat(fact.parts), *_flat(fact.key_points)):
        try:
            re.compile(pattern)
        except re.error as err:
            return f"pattern {pattern!r} is not a regular expression ({err})"
    return ""


def _flat(groups: Patterns) -> tuple[str, ...]:
    return tuple(p for group in groups for p in group)


@dataclass(frozen=True)
class Outcome:
    """How the assistant did on one fact."""

    fact: Fact
    answer: Answer
    # answerable: answered and a pattern matches (multi_part: every answerable part; overview:
    # OVERVIEW_MIN_POINTS key points); unanswerable or false premise: refused
    correct: bool
    gold_rank: int  # 1-based rank of the first retrieved passage holding the evidence; 0 if none
    citations_ok: int
    citations_total: int
    parts_matched: tuple[bool | None, ...] = ()  # per part; None for one the report cannot answer
    points_matched: tuple[bool, ...] = ()  # per key point of an overview
    first_line_native: bool | None = None  # a zh/fa answer opens in its language; None unchecked


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
    wrongly_refused: float = 0.0  # refused among answerable questions
    false_premises: int = 0
    false_premise_refused: float = 1.0  # refused (or corrected) among false premises
    overviews: int = 0
    overview_points: float = 0.0  # key points an overview made, on average
    overview_enough_points: float = 1.0  # overviews making OVERVIEW_MIN_POINTS key points
    native_answers: int = 0  # answered zh and fa questions, behind `native_first_line`
    native_first_line: float = 1.0  # of those, answers whose first line is in their language


@dataclass(frozen=True)
class Report:
    """Scores per language and overall, with every outcome for inspection."""

    by_language: dict[str, Scores]
    overall: Scores
    outcomes: tuple[Outcome, ...] = field(repr=False)


def load_facts(path: Path = FACTS) -> list[Fact]:
    """Read facts.jsonl; `category`, `split`, `parts` and `key_points` are optional."""
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
                    category=raw.get("category") or "",
                    split=raw.get("split") or "dev",
                    parts=_patterns(raw, "parts"),
                    key_points=_patterns(raw, "key_points"),
                )
            )
    return facts


def _patterns(raw: dict[str, Any], key: str) -> Patterns:
    """A list of lists of patterns; a flat list of strings is a TypeError, not one part per
    character."""
    groups = raw.get(key) or []
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and all(isinstance(p, str) for p in g) for g in groups
    ):
        raise TypeError(f"fact {raw.get('id')!r}: {key} must be a list of lists of patterns")
    return tuple(tuple(group) for group in groups)


def judge(fact: Fact, answer: Answer, corpus: Corpus) -> Outcome:
    """Score one answer against its fact."""
    plain = _MARKUP.sub("", answer.text)
    answered = not answer.refused
    parts = tuple(answered and _found(p, plain) if p else None for p in fact.parts)
    points = tuple(answered and _found(p, plain) for p in fact.key_points)
    if not fact.answerable:
        # a challenged false premise is a refusal too (`Answer.premise` says which it was)
        correct = answer.refused
    elif fact.category == "multi_part":
        correct = answered and all(m for m in parts if m is not None)
    elif fact.category == "overview":
        correct = sum(points) >= OVERVIEW_MIN_POINTS
    else:
        correct = answered and _found(fact.answers, plain)
    gold = [pid for pid in answer.retrieved if _holds(fact, corpus.by_id[pid].text)]
    rank = answer.retrieved.index(gold[0]) + 1 if gold else 0
    ok = total = 0
    if fact.answerable and answered:
        for c in answer.citations:
            total += 1
            passage = corpus.by_id.get(c.passage_id)
            ok += bool(passage and c.quote in readable(passage.text) and _holds(fact, passage.text))
    native = (
        _opens_in(fact.language, plain, [c.quote for c in answer.citations])
        if answered and fact.language in NATIVE_LANGUAGES
        else None
    )
    return Outcome(fact, answer, correct, rank, ok, total, parts, points, native)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _found(patterns: Iterable[str], text: str) -> bool:
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def _opens_in(language: str, text: str, quotes: Sequence[str] = ()) -> bool:
    """Is the first non-blank line of `text` (markup already stripped) in `language`?

    Words the line takes from the quoted sentences (a name "as the report writes it":
    "答：Xinhua Institute [1]") are the report's, not the line's language, and are left out;
    a line that is nothing but the report's words is not in the asker's language.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    line = _LINE_MARKS.sub("", lines[0])
    quoted = {w.lower() for q in quotes for w in _LATIN_WORD.findall(q)}
    own = _LATIN_WORD.sub(lambda m: " " if m.group().lower() in quoted else m.group(), line)
    return detect_language(own) == language


def _holds(fact: Fact, text: str) -> bool:
    """Does a passage hold the fact's evidence (or, failing a listed span, one of its answers,
    parts or key points)?"""
    cleaned = clean(text)
    patterns = (*fact.answers, *_flat(fact.parts), *_flat(fact.key_points))
    return any(clean(e) in cleaned for e in fact.evidence) or _found(patterns, text)


def _share(flags: Sequence[bool], default: float = 1.0) -> float:
    return sum(flags) / len(flags) if flags else default


def summarise(outcomes: Sequence[Outcome]) -> Scores:
    """Aggregate outcomes into scores."""
    answerable = [o for o in outcomes if o.fact.answerable]
    unanswerable = [o for o in outcomes if not o.fact.answerable]
    premises = [o.answer.refused for o in outcomes if o.fact.category == "false_premise"]
    overviews = [sum(o.points_matched) for o in outcomes if o.fact.category == "overview"]
    native = [o.first_line_native for o in outcomes if o.first_line_native is not None]
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
        unanswerable_refused=_share([o.answer.refused for o in unanswerable]),
        answered_right=right,
        accuracy_interval=wilson_interval(right, len(answerable)),
        wrongly_refused=_share([o.answer.refused for o in answerable], default=0.0),
        false_premises=len(premises),
        false_premise_refused=_share(premises),
        overviews=len(overviews),
        overview_points=sum(overviews) / len(overviews) if overviews else 0.0,
        overview_enough_points=_share([n >= OVERVIEW_MIN_POINTS for n in overviews]),
        native_answers=len(native),
        native_first_line=_share(native),
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
    return report_of(tuple(judge(f, ask(f.question), corpus) for f in facts))


def report_of(outcomes: Sequence[Outcome]) -> Report:
    """The report over `outcomes`, by language and overall."""
    kept = tuple(outcomes)
    languages = sorted({o.fact.language for o in kept})
    return Report(
        by_language={
            lang: summarise([o for o in kept if o.fact.language == lang]) for lang in languages
        },
        overall=summarise(kept),
        outcomes=kept,
    )


def select(report: Report, split: str | None) -> Report:
    """The report over the outcomes of one split; `report` itself for None."""
    if split is None:
        return report
    return report_of(tuple(o for o in report.outcomes if o.fact.split == split))


def in_language(report: Report, language: str) -> Report:
    """The report over the outcomes of questions in one language."""
    return report_of(tuple(o for o in report.outcomes if o.fact.language == language))


def by_split(report: Report) -> dict[str, Report]:
    """A report per split that has outcomes, dev before test."""
    present = {o.fact.split for o in report.outcomes}
    return {split: select(report, split) for split in SPLITS if split in present}


def has_test_split(report: Report) -> bool:
    """Does the report hold test questions (so its scores are shown, and checked, per split)?"""
    return any(o.fact.split == "test" for o in report.outcomes)


@dataclass(frozen=True)
class Cutoffs:
    """The refusal thresholds a writer applies: an answer in one of `languages` is refused
    below that language's own, any other below `default`. The extractive writer's calibrated
    thresholds are per language (`answer/answerability.json`); a configured one is the same
    for all."""

    default: float
    languages: tuple[tuple[str, float], ...] = ()  # (language, threshold), sorted

    @staticmethod
    def of(default: float, languages: Mapping[str, float]) -> Cutoffs:
        return Cutoffs(default, tuple(sorted(languages.items())))

    def at(self, language: str) -> float:
        """The threshold an answer in `language` is refused below."""
        return dict(self.languages).get(language, self.default)

    @property
    def single(self) -> float | None:
        """The one threshold of every language, or None when they differ."""
        return self.default if all(t == self.default for _, t in self.languages) else None

    def label(self, digits: int = 3) -> str:
        """`0.650`, or `en 0.646, fa 0.403, zh 0.713` when each language has its own."""
        if self.single is not None:
            return f"{self.single:.{digits}f}"
        return ", ".join(f"{lang} {t:.{digits}f}" for lang, t in self.languages)

    def to_json(self) -> float | dict[str, float]:
        """The threshold, or one per language when they differ."""
        return self.single if self.single is not None else dict(self.languages)


def at_threshold(report: Report, threshold: float | Cutoffs) -> Report:
    """The scores `report` would have had with refusal threshold `threshold` (one for every
    language, or each language's own).

    `report` must come from a run with no threshold (every answer the writer could give, with
    its confidence). The writer refuses exactly when its confidence is below the threshold of
    the answer's language, so an answer below it becomes a refusal with no citations; answers
    refused for other reasons stay refused. `tests/test_eval_sweep.py` checks this against
    real runs.
    """
    cutoffs = threshold if isinstance(threshold, Cutoffs) else Cutoffs(threshold)
    return report_of(
        tuple(_refused_below(o, cutoffs.at(o.answer.language)) for o in report.outcomes)
    )


def replaced(report: Report, asked: Report | None) -> Report:
    """`report` with the outcome of each question `asked` holds taken from `asked`."""
    if asked is None or not asked.outcomes:
        return report
    again = {o.fact.id: o for o in asked.outcomes}
    return report_of(tuple(again.get(o.fact.id, o) for o in report.outcomes))


def _refused_below(outcome: Outcome, threshold: float) -> Outcome:
    """`outcome` as `judge` scores it had its answer been refused at `threshold`."""
    if outcome.answer.refused or outcome.answer.confidence >= threshold:
        return outcome
    refused = replace(outcome.answer, refused=True, citations=())
    return replace(
        outcome,
        answer=refused,
        correct=not outcome.fact.answerable,
        citations_ok=0,
        citations_total=0,
        parts_matched=tuple(None if m is None else False for m in outcome.parts_matched),
        points_matched=tuple(False for _ in outcome.points_matched),
        first_line_native=None,
    )


def sweep(
    report: Report, step: float = 0.005, keep: Sequence[float] = (), split: str | None = None
) -> list[tuple[float, Report]]:
    """`at_threshold` on a grid `step` apart across the answers' confidences, plus the thresholds
    in `keep`; of the grid, only thresholds where some score changes are kept. `report` comes
    from a run with no threshold; with `split`, only that split's outcomes are swept."""
    report = select(report, split)
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


def best_threshold(report: Report, step: float = 0.005, split: str | None = None) -> float:
    """The threshold `preference` likes best, from a run with no threshold (with `split`, on
    that split's outcomes alone): the middle between the confidences around it, so that a small
    drift does not flip the answers at its edges.

    Scores only change at a confidence: any threshold in (c[j-1], c[j]] answers c[j] and
    refuses c[j-1]. Of equally good thresholds the lowest wins.
    """
    report = select(report, split)
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


def held_out(report: Report, split: str | None = None) -> list[tuple[float, Report]]:
    """A two-fold check of choosing the threshold on the questions it is then scored on: for
    every other question (from the first, then from the second), the threshold best on the
    rest, and the scores it gives on these. `report` comes from a run with no threshold; with
    `split`, only that split's outcomes are halved."""
    report = select(report, split)
    halves = [report.outcomes[k::2] for k in (0, 1)]
    checks = []
    for k in (0, 1):
        chosen = best_threshold(report_of(halves[1 - k]))
        checks.append((chosen, at_threshold(report_of(halves[k]), chosen)))
    return checks
