"""One evaluation for the page and `eval --html`: the scores at the thresholds in use, the
refusal-threshold sweep from the same answers, and which documents the index held.

A single run is made with no refusal threshold; the scores at the thresholds in use (each
language's own, as the writer applies them) are then `at_threshold` of it, except for the few
questions the writer answers part by part, which are asked again at those thresholds
(tests/test_eval_sweep.py checks that this is what a real run gives). So the report and its
sweep come from one pass over the facts, plus those few.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant import Assistant
from core.errors import QuestionError
from core.types import Answer
from eval.run import (
    FACTS,
    Cutoffs,
    Fact,
    Report,
    at_threshold,
    load_facts,
    replaced,
    run,
    select,
    sweep,
)

Tick = Callable[[int, int], None]  # (questions answered, questions in all)


@dataclass(frozen=True)
class IndexNote:
    """What the index held when the facts were asked, and a warning if that is not the set's
    own report."""

    documents: tuple[str, ...]
    warning: str = ""  # '' when the index is the set's own report, or the set is not ours


@dataclass(frozen=True)
class Evaluation:
    """A run's report at the thresholds in use, its sweep, and what it was run on."""

    report: Report
    cutoffs: Cutoffs
    sweep: tuple[tuple[float, Report], ...]  # one threshold for every language
    swept_split: str | None  # the split the sweep covers (dev when there is one), None for all
    note: IndexNote
    facts_name: str

    @property
    def in_use(self) -> Report:
        """The swept split's scores at the thresholds in use (a point of the sweep when they
        are one threshold for all languages)."""
        return select(self.report, self.swept_split)


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


def cutoffs_of(assistant: Assistant) -> Cutoffs:
    """The refusal thresholds `assistant`'s writer applies."""
    return Cutoffs.of(assistant.refusal_threshold, assistant.refusal_thresholds)


def evaluation_of(
    free: Report,
    cutoffs: Cutoffs,
    note: IndexNote,
    facts_name: str,
    asked: Report | None = None,
) -> Evaluation:
    """The evaluation of a run made with no threshold (`free`) at `cutoffs`, with the questions
    `asked` again at them (see `in_parts`) scored from that run; the sweep covers the dev split
    when the run has one (thresholds are chosen on dev), else all."""
    split = "dev" if any(o.fact.split == "dev" for o in free.outcomes) else None
    keep = () if cutoffs.single is None else (cutoffs.single,)
    rows = sweep(free, keep=keep, split=split)
    report = replaced(at_threshold(free, cutoffs), asked)
    return Evaluation(report, cutoffs, tuple(rows), split, note, facts_name)


def in_parts(assistant: Assistant, facts: Sequence[Fact]) -> list[Fact]:
    """The facts `assistant` answers part by part. The writer refuses each part at the
    threshold on its own, so the one confidence of a run with no threshold cannot tell what a
    threshold does to their answers: to score them at the thresholds in use, ask them again."""
    return [f for f in facts if _asks_parts(assistant, f.question)]


def _asks_parts(assistant: Assistant, question: str) -> bool:
    try:
        return len(assistant.parts(question)) > 1
    except QuestionError:  # refused before any threshold
        return False


def evaluate(
    assistant: Assistant,
    facts: Sequence[Fact],
    facts_name: str,
    tick: Tick | None = None,
    free_assistant: Assistant | None = None,
) -> Evaluation:
    """Ask every fact (through `free_assistant`, default `unbounded(assistant)`), and those
    answered part by part through `assistant` too, calling `tick` after each answer; score
    the run at `assistant`'s thresholds."""
    asker = free_assistant or unbounded(assistant)
    note = index_note(assistant, of_bundled_set(facts))
    again = in_parts(assistant, facts)
    done = 0

    def counted(ask: Callable[[str], Answer]) -> Callable[[str], Answer]:
        def asked(question: str) -> Answer:
            nonlocal done
            answer = ask(question)
            done += 1
            if tick:
                tick(done, len(facts) + len(again))
            return answer

        return asked

    free = run(counted(asker.ask), asker.corpus(), facts)
    exact = run(counted(assistant.ask), assistant.corpus(), again)
    return evaluation_of(free, cutoffs_of(assistant), note, facts_name, asked=exact)
