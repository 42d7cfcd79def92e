"""Tests for ingest.store: a real Chroma collection in tmp_path.

Vectors are written by hand (three dimensions) so similarities are known exactly; the store
only needs an embedder's id, never the model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from chromadb.errors import ChromaError

from core.errors import EmbedderMismatchError, InputError
from core.types import Document, DocumentInfo, Passage, Sentence
from ingest.chunk import split
from ingest.store import ChromaStore, drop_collection

NOTES_V1 = (
    "Notes\nThe orchard grew 120 apple trees in 2023. Farmers sold the fruit in town.\n\n"
    "The river flooded twice. Nobody was hurt.\n"
)
NOTES_V2 = "Notes\nThe bakery opened in May. It sold rye bread.\n"
DIARY = "# Diary\n\nIt rained on Monday. The sun came out on Tuesday.\n\n## Later\n\nWe left.\n"


def make_document(name: str, text: str) -> Document:
    """A document as `ingest.load` would make it from a file holding `text`."""
    return Document(name, text, hashlib.sha256(text.encode()).hexdigest(), source=name)


def vectors(count: int, dim: int = 3) -> list[list[float]]:
    """`count` distinct vectors of `dim` dimensions."""
    return [[1.0, float(i + 1), *([0.5] * (dim - 2))] for i in range(count)]


def store_document(store: ChromaStore, document: Document, at: str = "T1") -> None:
    """Split `document` and store it with made-up vectors."""
    passages, sentences = split(document)
    store.replace(
        document, passages, sentences, vectors(len(passages)), vectors(len(sentences)), at
    )


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    """An empty store in tmp_path."""
    return ChromaStore(tmp_path / "index", "test", "fake-embedder")


def test_a_new_store_is_empty(store: ChromaStore) -> None:
    assert store.is_empty()
    assert store.documents() == []
    assert store.corpus().passages == () and store.corpus().sentences == ()
    assert store.query([1.0, 0.0, 0.0], "sentence", 5) == []


def test_replace_then_corpus_round_trips_every_field(store: ChromaStore) -> None:
    notes, diary = make_document("notes.txt", NOTES_V1), make_document("diary.md", DIARY)
    store_document(store, notes)
    store_document(store, diary)
    corpus = store.corpus()
    notes_passages, notes_sentences = split(notes)
    diary_passages, diary_sentences = split(diary)
    # dataclass equality compares every field: id, document, section, paragraph, offsets, texts
    assert corpus.passages == (*diary_passages, *notes_passages)  # by document name, then offset
    assert corpus.sentences == (*diary_sentences, *notes_sentences)
    assert [s.text for s in corpus.sentences_of(notes_passages[0].id)] == [
        "The orchard grew 120 apple trees in 2023.",
        "Farmers sold the fruit in town.",
    ]


def test_documents_counts_passages_and_sentences_per_document(store: ChromaStore) -> None:
    notes, diary = make_document("notes.txt", NOTES_V1), make_document("diary.md", DIARY)
    store_document(store, notes, at="2025-01-01T00:00:00+00:00")
    store_document(store, diary, at="2025-01-02T00:00:00+00:00")
    assert store.documents() == [
        DocumentInfo("diary.md", diary.sha256, 2, 3, "2025-01-02T00:00:00+00:00"),
        DocumentInfo("notes.txt", notes.sha256, 2, 4, "2025-01-01T00:00:00+00:00"),
    ]
    assert not store.is_empty()


def test_replacing_with_a_new_version_drops_the_old_units_and_keeps_others(
    store: ChromaStore,
) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    diary = make_document("diary.md", DIARY)
    store_document(store, v1)
    store_document(store, diary)
    store_document(store, v2, at="T2")
    corpus = store.corpus()
    ids = [u.id for u in [*corpus.passages, *corpus.sentences]]
    assert len(ids) == len(set(ids))
    assert not any(i.startswith(v1.sha256[:12]) for i in ids)
    assert [s.text for s in corpus.sentences if s.document == "notes.txt"] == [
        "The bakery opened in May.",
        "It sold rye bread.",
    ]
    assert [(d.name, d.sha256, d.passages, d.sentences) for d in store.documents()] == [
        ("diary.md", diary.sha256, 2, 3),
        ("notes.txt", v2.sha256, 1, 2),
    ]


def test_replacing_the_same_version_again_changes_nothing(store: ChromaStore) -> None:
    notes = make_document("notes.txt", NOTES_V1)
    store_document(store, notes)
    before = store.corpus()
    store_document(store, notes)
    assert store.corpus() == before


def test_delete_removes_one_document(store: ChromaStore) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    store_document(store, make_document("diary.md", DIARY))
    assert store.delete("notes.txt") == 6  # 2 passages + 4 sentences
    assert [d.name for d in store.documents()] == ["diary.md"]
    assert all(p.document == "diary.md" for p in store.corpus().passages)
    assert store.delete("notes.txt") == 0
    assert store.delete("never-there.txt") == 0


def test_a_replace_with_vectors_of_the_wrong_dimension_keeps_the_old_version(
    store: ChromaStore,
) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    store_document(store, v1)
    before = store.corpus()
    passages, sentences = split(v2)
    with pytest.raises(ChromaError, match="dimension"):
        store.replace(v2, passages, sentences, vectors(1, dim=4), vectors(2, dim=4), "T2")
    assert store.corpus() == before
    assert [d.sha256 for d in store.documents()] == [v1.sha256]


def test_a_replace_failing_after_its_first_batch_keeps_the_old_version(
    store: ChromaStore,
) -> None:
    v1 = make_document("big.txt", "Big\nThe first version.\n")
    store_document(store, v1)
    before = store.corpus()
    v2 = make_document("big.txt", "the second version")
    passages = [
        Passage(f"{v2.sha256[:12]}:p{i}", "big.txt", "Big", i + 1, i, i + 1, "x", "x")
        for i in range(1100)
    ]
    # the store writes 1000 units at a time: the first batch lands, the second one fails
    bad = [*vectors(1000), *vectors(100, dim=2)]
    with pytest.raises(ChromaError, match="dimension"):
        store.replace(v2, passages, [], bad, [], "T2")
    assert store.corpus() == before
    assert [d.sha256 for d in store.documents()] == [v1.sha256]


def test_a_replace_with_too_few_vectors_keeps_the_old_version(store: ChromaStore) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    store_document(store, v1)
    before = store.corpus()
    passages, sentences = split(v2)
    with pytest.raises(ValueError):
        store.replace(v2, passages, sentences, vectors(1), vectors(1), "T2")
    assert store.corpus() == before


def test_a_replace_with_vectors_shifted_between_kinds_is_refused(store: ChromaStore) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    store_document(store, v1)
    before = store.corpus()
    passages, sentences = split(v2)  # 1 passage, 2 sentences
    with pytest.raises(ValueError):
        store.replace(v2, passages, sentences, [], vectors(3), "T2")
    assert store.corpus() == before


def test_query_returns_cosine_similarities_filtered_by_kind(store: ChromaStore) -> None:
    document = make_document("axes.txt", "x")
    passages = [
        Passage("ax:p0", "axes.txt", "Axes", 1, 0, 1, "P", "P"),
        Passage("ax:p1", "axes.txt", "Axes", 2, 1, 2, "Q", "Q"),
    ]
    sentences = [
        Sentence(f"ax:s{i}", "ax:p0", "axes.txt", "Axes", 1, 0, 1, "S", "S") for i in range(3)
    ]
    store.replace(
        document,
        passages,
        sentences,
        [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]],
        "T",
    )
    matches = store.query([2.0, 0.0, 0.0], "sentence", 10)
    assert [m.id for m in matches] == ["ax:s0", "ax:s1", "ax:s2"]
    assert [m.similarity for m in matches] == pytest.approx([1.0, 0.0, -1.0], abs=1e-5)
    assert all(-1.0 - 1e-6 <= m.similarity <= 1.0 + 1e-6 for m in matches)
    assert [m.id for m in store.query([2.0, 0.0, 0.0], "passage", 1)] == ["ax:p1"]
    assert [m.id for m in store.query([2.0, 0.0, 0.0], "passage", 5)] == ["ax:p1", "ax:p0"]
    assert store.query([2.0, 0.0, 0.0], "sentence", 0) == []


def test_another_embedder_cannot_open_the_index(store: ChromaStore, tmp_path: Path) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    with pytest.raises(EmbedderMismatchError) as caught:
        ChromaStore(tmp_path / "index", "test", "other-embedder")
    message = str(caught.value)
    assert "'fake-embedder'" in message and "'other-embedder'" in message
    assert "--rebuild" in message and "--embedder fake-embedder" in message
    assert "\n" not in message
    # the same embedder still opens it, and another collection is free for the other embedder
    assert ChromaStore(tmp_path / "index", "test", "fake-embedder").documents() != []
    assert ChromaStore(tmp_path / "index", "other", "other-embedder").is_empty()


def test_drop_collection_lets_another_embedder_start_afresh(
    store: ChromaStore, tmp_path: Path
) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    drop_collection(tmp_path / "index", "test")
    reopened = ChromaStore(tmp_path / "index", "test", "other-embedder")
    assert reopened.is_empty()
    store_document(reopened, make_document("diary.md", DIARY))
    assert [d.name for d in reopened.documents()] == ["diary.md"]
    drop_collection(tmp_path / "index", "never-made")  # dropping nothing is fine


@pytest.mark.parametrize("name", ["ab", "-abc", "abc-", "bad name", "名字名字", "x" * 64])
def test_an_invalid_collection_name_is_an_input_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as caught:
        ChromaStore(tmp_path / "index", name, "fake-embedder")
    assert repr(name) in str(caught.value) and "REPORTCHAT_COLLECTION" in str(caught.value)


@pytest.mark.parametrize("name", ["a..b", "192.168.1.1"])
def test_collection_names_chroma_rejects_are_input_errors(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        store = ChromaStore(tmp_path / "index", name, "fake-embedder")
        store_document(store, make_document("notes.txt", NOTES_V1))
