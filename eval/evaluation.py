"""One evaluation for the page and `eval --html`: the scores at the threshold in use, the
refusal-threshold sweep from the same answers, and which documents the index held.

A single run is made with no refusal threshold; the scores at the threshold in use are then
`at_threshold` of it (tests/test_eval_sweep.py checks that this is what a run with the
threshold set gives), so the report and its sweep come from one pass over the facts.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant import Assistant
from core.types import Answer
from eval.run import FACTS, Fact, Report, at_threshold, load_facts, run, sweep

Tick = Callable[[int, int], None]  # (questions answered, questions in all)


@dataclass(frozen=True)
class IndexNote:
    """What the index held when the facts were asked, and a warning if that is not the set's
    own report."""

    documents: tuple[str, ...]
    warning: str = ""  # '' when the index is the set's own report, or the set is not ours


@dataclass(frozen=True)
class Evaluation:
    """A run's report at the threshold in use, its sweep, and what it was run on."""

    report: Report
    threshold: float
    sweep: tuple[tuple[float, Report], ...]
    swept_split: str | None  # the split the sweep covers (dev when there is one), None for all
    note: IndexNote
    facts_name: str


def of_bundled_set(facts: Sequence[Fact]) -> bool:
    """Are `facts` the bundled set or a part of it (each id there, with the same question), so
    about the bundled report?"""
    bundled = {f.id: f.question for f in load_facts(FACTS)}
    return bool(facts) and all(bundled.get(f.id) == f.question for f in facts)


def index_note(assistant: Assistant, bundled_set: bool) -> IndexNote:
    """The indexed documents; for the bundled facts or a part of them (`bundled_set`), a
    one-line warning when the index is anything but the bundled report alone, unchanged."""
    documents = assistant.documents()
    names = tuple(d.name for d in documents)
    if not bundled_set:
        return IndexNote(names)
    report = assistant.settings.bundled_report
    shown = f"{report.parent.name}/{report.name}"
    own = hashlib.sha256(report.read_bytes()).hexdigest()
    others = [d.name for d in documents if d.sha256 != own]
    problems = []
    if not any(d.sha256 == own for d in documents):
        problems.append(f"does not hold {shown} as shipped")
    if others:
        problems.append(f"holds {', '.join(others)}")
    if not problems:
        return IndexNote(names)
    return IndexNote(
        names,
        f"The bundled facts are about {shown}, but the index {' and '.join(problems)}: these "
        f"scores are over what is indexed. For the set's own scores, index {shown} alone "
        "(reportchat remove NAME, or a fresh --index).",
    )


def unbounded(assistant: Assistant) -> Assistant:
    """An assistant over the same index that never refuses for low confidence."""
    settings = replace(assistant.settings, refusal_threshold=-math.inf)
    return Assistant(settings, embedder=assistant.embedder)


def evaluation_of(free: Report, threshold: float, note: IndexNote, facts_name: str) -> Evaluation:
    """The evaluation of a run made with no threshold (`free`), at `threshold`; the sweep
    covers the dev split when the run has one (thresholds are chosen on dev), else all."""
    split = "dev" if any(o.fact.split == "dev" for o in free.outcomes) else None
    rows = sweep(free, keep=(threshold,), split=split)
    return Evaluation(
        at_threshold(free, threshold), threshold, tuple(rows), split, note, facts_name
    )


def evaluate(
    assistant: Assistant,
    facts: Sequence[Fact],
    facts_name: str,
    tick: Tick | None = None,
    free_assistant: Assistant | None = None,
) -> Evaluation:
    """Ask every fact (through `free_assistant`, default `unbounded(assistant)`), calling
    `tick` after each answer, and score the run at `assistant`'s threshold."""
    asker = free_assistant or unbounded(assistant)
    note = index_note(assistant, of_bundled_set(facts))
    done = 0

    def ask(question: str) -> Answer:
        nonlocal done
        answer = asker.ask(question)
        done += 1
        if tick:
            tick(done, len(facts))
        return answer

    free = run(ask, asker.corpus(), facts)
    return evaluation_of(free, assistant.refusal_threshold, note, facts_name)
