"""Tests for answer.verify: real answers pass the citation check; each kind of damage is found."""

from __future__ import annotations

from dataclasses import replace

import pytest

from answer.extractive import ExtractiveWriter
from answer.verify import citation_problems
from assistant import Assistant
from core.types import Answer, Corpus

EMPLOYED = (
    "How many individuals from previously impoverished households were engaged in employment?"
)
THINK_TANK_5 = 'report.txt › "Think tank report on China poverty alleviation experience" ¶5'


@pytest.fixture(scope="module")
def answer(report_assistant: Assistant, corpus: Corpus) -> Answer:
    """The writer's two-citation answer to the employment question."""
    hits = report_assistant.retrieve(EMPLOYED)
    written = ExtractiveWriter(corpus).write(EMPLOYED, hits)
    assert not written.refused and [c.n for c in written.citations] == [1, 2]
    assert written.text.endswith(" [1][2]")
    return written


def with_citation(answer: Answer, n: int, **changes: str) -> Answer:
    """`answer` with citation `n` changed."""
    citations = tuple(replace(c, **changes) if c.n == n else c for c in answer.citations)
    return replace(answer, citations=citations)


def test_a_real_answer_has_no_problems(answer: Answer, corpus: Corpus) -> None:
    assert citation_problems(answer, corpus) == []


@pytest.mark.parametrize(
    "question",
    ["What is the capital of Ecuador?", "马里有多少人口?", "در مازندران چند منطقه آزاد وجود دارد؟"],
)
def test_answers_and_refusals_from_ask_have_no_problems(
    report_assistant: Assistant, corpus: Corpus, question: str
) -> None:
    answer = report_assistant.ask(question)
    assert answer.citations
    assert citation_problems(answer, corpus) == []


def test_a_marker_without_a_citation(answer: Answer, corpus: Corpus) -> None:
    broken = replace(answer, text=answer.text + " Also this. [3][7]")
    assert citation_problems(broken, corpus) == [
        "marker [3] has no citation",
        "marker [7] has no citation",
    ]


def test_a_citation_never_referred_to(answer: Answer, corpus: Corpus) -> None:
    broken = replace(answer, text=answer.text.replace("[2]", ""))
    assert citation_problems(broken, corpus) == ["[2] is never referred to in the answer"]


def test_a_quote_that_is_not_in_the_passage(answer: Answer, corpus: Corpus) -> None:
    broken = with_citation(answer, 1, quote="China employed 40 million people.")
    assert citation_problems(broken, corpus) == [f"[1] quotes text that is not in {THINK_TANK_5}"]


def test_a_passage_that_is_not_in_the_index(answer: Answer, corpus: Corpus) -> None:
    broken = with_citation(answer, 2, passage_id="0123456789ab:p7")
    assert citation_problems(broken, corpus) == [
        "[2] cites passage '0123456789ab:p7', which is not in the index"
    ]


def test_text_that_differs_from_the_indexed_passage(answer: Answer, corpus: Corpus) -> None:
    first = answer.citations[0]
    altered = first.text.replace("33.05 million", "43.05 million")
    assert altered != first.text
    broken = with_citation(answer, 1, text=altered)
    assert citation_problems(broken, corpus) == [
        f"[1] does not reproduce passage {first.passage_id!r} as indexed"
    ]
    renamed = with_citation(answer, 1, document="other.txt")
    assert citation_problems(renamed, corpus) == [
        f"[1] does not reproduce passage {first.passage_id!r} as indexed"
    ]


def test_every_problem_is_reported_at_once(answer: Answer, corpus: Corpus) -> None:
    broken = with_citation(answer, 1, quote="Made up.", text="Made up too.")
    broken = replace(broken, text=broken.text.replace("[1]", "[5]"))
    first = answer.citations[0]
    assert citation_problems(broken, corpus) == [
        "marker [5] has no citation",
        f"[1] does not reproduce passage {first.passage_id!r} as indexed",
        f"[1] quotes text that is not in {THINK_TANK_5}",
        "[1] is never referred to in the answer",
    ]
