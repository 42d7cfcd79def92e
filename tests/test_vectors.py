"""The stored vectors: every text embedded once, each unit leaning toward its section title."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from core.types import Document, Embedder
from ingest.chunk import split
from ingest.vectors import document_vectors, lean

NOTES = (
    "# Rural incomes\n\n"
    "In 2024 the per capita disposable income of rural residents reached 17,522 yuan. "
    "Income growth in these counties outpaced the national average.\n\n"
    "# Employment\n\n"
    "By the end of 2024, 33.05 million people from formerly poor households had jobs.\n"
)


class Recording:
    """The real embedder, keeping every text it was asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.id = inner.id
        self.texts: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)


def _notes() -> Document:
    return Document("notes.md", NOTES, hashlib.sha256(NOTES.encode()).hexdigest())


def test_each_text_is_embedded_once_bare_and_each_title_once(embedder: Embedder) -> None:
    recording = Recording(embedder)
    passages, sentences = split(_notes())
    of_passages, of_sentences = document_vectors(recording, passages, sentences)
    assert sorted(recording.texts) == sorted(
        [
            "Employment",
            "Rural incomes",
            *(s.clean for s in sentences),
            passages[0].clean,  # the two-sentence passage; the one-sentence one shares
        ]
    )
    assert len(recording.texts) == len(set(recording.texts))
    assert of_passages.shape == (2, of_sentences.shape[1]) and of_sentences.shape[0] == 3
    assert np.array_equal(of_passages[1], of_sentences[2])  # one sentence, one vector
    assert of_passages.dtype == of_sentences.dtype == np.float32


def test_a_unit_leans_toward_its_title_and_stays_unit_length(embedder: Embedder) -> None:
    passages, sentences = split(_notes())
    unit = sentences[2]  # "By the end of 2024, ..." under "Employment"
    bare = np.asarray(embedder.embed_documents([unit.clean])[0], np.float32)
    title = np.asarray(embedder.embed_documents([unit.section])[0], np.float32)
    leaned = lean(unit, bare, title)
    assert abs(float(np.linalg.norm(leaned)) - 1.0) < 1e-5
    assert float(leaned @ title) > float(bare @ title) + 0.01
    # moved toward the title, but still mostly the sentence's own meaning
    assert 0.8 < float(leaned @ bare) < 0.9999
    assert float(leaned @ bare) > float(leaned @ title)


def test_a_unit_with_no_title_keeps_its_bare_vector(embedder: Embedder) -> None:
    _, sentences = split(_notes())
    bare = np.asarray(embedder.embed_documents([sentences[0].clean])[0], np.float32)
    assert np.array_equal(lean(sentences[0], bare, None), bare)
