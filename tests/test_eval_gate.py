"""The evaluation set as a regression gate: CI fails if answer quality drops below today's floor.

The floors are the figures measured when the writer was last tuned (README, "Evaluation"),
rounded down; the issue's targets stand above some of them and are tracked there, not here.
"""

from __future__ import annotations

import pytest

from core.assistant import Assistant
from eval.run import load_facts, run

FLOORS = {
    "accuracy_en": 0.91,
    "accuracy_zh": 0.90,
    "accuracy_fa": 0.90,
    "refusal_correctness": 0.91,
    "unanswerable_refused": 0.58,
    "citation_precision": 0.95,
    "recall_at_5": 0.90,
}


@pytest.mark.slow
def test_evaluation_set_stays_above_its_floors(assistant: Assistant) -> None:
    report = run(assistant.ask, assistant.store.corpus(), load_facts())

    measured = {
        "accuracy_en": report.by_language["en"].accuracy,
        "accuracy_zh": report.by_language["zh"].accuracy,
        "accuracy_fa": report.by_language["fa"].accuracy,
        "refusal_correctness": report.overall.refusal_correctness,
        "unanswerable_refused": report.overall.unanswerable_refused,
        "citation_precision": report.overall.citation_precision,
        "recall_at_5": report.overall.recall_at_5,
    }
    below = {k: round(v, 3) for k, v in measured.items() if v < FLOORS[k]}
    assert not below, f"below the floor: {below} (floors {FLOORS})"


@pytest.mark.slow
def test_every_answer_in_the_evaluation_passes_the_citation_check(assistant: Assistant) -> None:
    from answer.verify import citation_problems

    corpus = assistant.store.corpus()
    for fact in load_facts():
        answer = assistant.ask(fact.question)
        assert citation_problems(answer, corpus) == [], fact.id
        for citation in answer.citations:
            assert citation.quote in citation.text
