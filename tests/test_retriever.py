"""Tests for retriever.lexical, retriever.hybrid and retriever.dense on a tiny corpus.

The corpus is three one-paragraph sections, split by `ingest.chunk` into six sentences, stored
with the session embedder's vectors in a real Chroma collection.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.types import Corpus, Document, Embedder, Hit, Sentence
from ingest.chunk import split
from ingest.store import ChromaStore
from ingest.vectors import document_vectors
from retriever.dense import DenseRetriever
from retriever.hybrid import RRF_K, HybridRetriever, reciprocal_rank_fusion
from retriever.lexical import LexicalRetriever, tokenize

TINY = """Rural incomes

In 2024 the per capita disposable income of rural residents reached 17,522 yuan. Income growth in these counties outpaced the national average.

Employment

By the end of 2024, 33.05 million people from formerly poor households had jobs. Employment stayed above 30 million for four years.

Foreign aid

China provided development assistance to more than 160 countries. The Global Development Initiative funded over 1,100 projects.
"""  # noqa: E501 - one paragraph a line, as in a report
DOCUMENT = Document("tiny.txt", TINY, hashlib.sha256(TINY.encode()).hexdigest())
PASSAGES, SENTENCES = split(DOCUMENT)
CORPUS = Corpus(tuple(PASSAGES), tuple(SENTENCES))
# The six sentences by what they say.
INCOME, GROWTH, JOBS, ABOVE_30M, AID, PROJECTS = (s.id for s in SENTENCES)


def make_sentence(sid: str) -> Sentence:
    """A bare sentence with id `sid` (for fusion, which looks only at ids)."""
    return Sentence(sid, "p", "d.txt", "S", 1, 0, 1, sid, sid)


def ids(hits: list[Hit]) -> list[str]:
    """The sentence ids of `hits`, in order."""
    return [h.sentence.id for h in hits]


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> ChromaStore:
    """The tiny corpus in a Chroma collection, embedded once for this module."""
    store = ChromaStore(tmp_path_factory.mktemp("tiny") / "index", "tiny", embedder.id)
    of_passages, of_sentences = document_vectors(embedder, PASSAGES, SENTENCES)
    store.replace(DOCUMENT, PASSAGES, SENTENCES, of_passages, of_sentences, "T")
    return store


@pytest.fixture(scope="module")
def hybrid(tiny_index: ChromaStore, embedder: Embedder) -> HybridRetriever:
    """Dense (Chroma + the session embedder) and lexical retrieval over the tiny corpus, fused."""
    corpus = CORPUS
    return HybridRetriever(
        [DenseRetriever(tiny_index, embedder, corpus), LexicalRetriever(corpus.sentences)],
        candidates=10,
    )


def test_the_tiny_corpus_splits_into_three_sections_of_two_sentences() -> None:
    assert [(s.section, s.text) for s in SENTENCES] == [
        (
            "Rural incomes",
            "In 2024 the per capita disposable income of rural residents reached 17,522 yuan.",
        ),
        ("Rural incomes", "Income growth in these counties outpaced the national average."),
        (
            "Employment",
            "By the end of 2024, 33.05 million people from formerly poor households had jobs.",
        ),
        ("Employment", "Employment stayed above 30 million for four years."),
        ("Foreign aid", "China provided development assistance to more than 160 countries."),
        ("Foreign aid", "The Global Development Initiative funded over 1,100 projects."),
    ]


# -- lexical ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("What is the income of the rural residents?", ["incom", "rural", "resident"]),
        ("中国发展援助", ["中国", "发展", "援助"]),
        ("报告提到了什么援助？", ["援助"]),  # Chinese stopwords go too
        ("مناطق آزاد تجاری در مازندران", ["مناطق", "آزاد", "تجاری", "مازندران"]),
        ("فعال می\u200cشود", ["فعال", "میشود"]),  # as the report writes it, without U+200C
        ("China”s countries, titled", ["china", "country", "titl"]),
        ("The 17,522 yuan", ["17,522", "yuan"]),
        ("What is it?", []),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rural income", [INCOME, GROWTH]),
        ("income growth national average", [GROWTH, INCOME]),
        ("development assistance countries", [AID, PROJECTS]),
        ("How many people had jobs?", [JOBS]),
        ("中国发展援助", []),  # no Chinese words in the corpus
        ("What is it?", []),  # only stopwords
    ],
)
def test_lexical_golden_rankings(query: str, expected: list[str]) -> None:
    hits = LexicalRetriever(SENTENCES).retrieve(query, 10)
    assert ids(hits) == expected
    assert all(h.score > 0 and h.similarity == 0.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_lexical_retrieval_keeps_to_k() -> None:
    assert ids(LexicalRetriever(SENTENCES).retrieve("rural income", 1)) == [INCOME]


def test_lexical_retrieval_over_nothing_finds_nothing() -> None:
    assert LexicalRetriever([]).retrieve("rural income", 5) == []


# -- reciprocal rank fusion -------------------------------------------------------------------


def test_reciprocal_rank_fusion_sums_one_over_k_plus_rank() -> None:
    a, b, c = make_sentence("a"), make_sentence("b"), make_sentence("c")
    dense = [Hit(a, 0.9, similarity=0.9), Hit(b, 0.8, similarity=0.8)]
    lexical = [Hit(b, 7.0), Hit(c, 3.0)]
    fused = reciprocal_rank_fusion([dense, lexical])
    assert RRF_K == 60
    assert ids(fused) == ["b", "a", "c"]
    assert [h.score for h in fused] == pytest.approx([1 / 62 + 1 / 61, 1 / 61, 1 / 62])
    # the best dense similarity seen is kept; a lexical-only hit has none
    assert [h.similarity for h in fused] == [0.8, 0.9, 0.0]


def test_reciprocal_rank_fusion_breaks_ties_by_sentence_id() -> None:
    x, y = make_sentence("s2"), make_sentence("s1")
    fused = reciprocal_rank_fusion([[Hit(x, 1.0), Hit(y, 0.5)], [Hit(y, 1.0), Hit(x, 0.5)]])
    assert ids(fused) == ["s1", "s2"]
    assert fused[0].score == fused[1].score == pytest.approx(1 / 61 + 1 / 62)


def test_reciprocal_rank_fusion_with_another_k_and_no_rankings() -> None:
    a = make_sentence("a")
    assert [h.score for h in reciprocal_rank_fusion([[Hit(a, 1.0)]], k=0)] == [1.0]
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


# -- dense and hybrid over Chroma --------------------------------------------------------------


def test_dense_retrieval_returns_blended_cosine_similarities(
    tiny_index: ChromaStore, embedder: Embedder
) -> None:
    dense = DenseRetriever(tiny_index, embedder, CORPUS)
    hits = dense.retrieve("How many projects did the Global Development Initiative fund?", 6)
    assert ids(hits)[:2] == [PROJECTS, AID]
    assert sorted(ids(hits)) == sorted(s.id for s in SENTENCES)
    assert all(h.score == h.similarity and -1.0 <= h.similarity <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(dense.retrieve("How many projects?", 2)) == 2


@pytest.mark.parametrize(
    ("query", "top"),
    [
        ("How many people from poor households had jobs?", JOBS),
        ("What did rural residents earn in 2024?", INCOME),
        ("中国向多少个国家提供了发展援助？", AID),  # no shared words: found by the dense side
        ("农村居民人均可支配收入是多少？", INCOME),
    ],
)
def test_hybrid_retrieval_puts_the_answering_sentence_first(
    hybrid: HybridRetriever, query: str, top: str
) -> None:
    hits = hybrid.retrieve(query, 3)
    assert len(hits) == 3
    assert ids(hits)[0] == top
    assert hits[0].similarity > 0.5  # the dense similarity survives fusion


def test_hybrid_retrieval_returns_each_sentence_once(hybrid: HybridRetriever) -> None:
    hits = hybrid.retrieve("rural income in 2024", 10)
    assert sorted(ids(hits)) == sorted(s.id for s in SENTENCES)


def test_dense_retrieval_over_an_empty_store_finds_nothing(
    tmp_path: Path, embedder: Embedder
) -> None:
    store = ChromaStore(tmp_path / "index", "empty", embedder.id)
    assert DenseRetriever(store, embedder, Corpus()).retrieve("anything", 5) == []
