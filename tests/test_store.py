"""Contract tests for ingest.store, run against a Chroma folder in tmp_path and a real `chroma run`
server on a loopback port alike.

Vectors are written by hand (three dimensions) so similarities are known exactly; the store
only needs an embedder's id, never the model.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from chromadb.errors import ChromaError

from core.errors import EmbedderMismatchError, IndexError_, InputError
from core.types import Corpus, Document, DocumentInfo, Passage, Sentence
from ingest.chunk import split
from ingest.store import LAYOUT, ChromaStore, close_indexes, drop_collection

NOTES_V1 = (
    "Notes\nThe orchard grew 120 apple trees in 2023. Farmers sold the fruit in town.\n\n"
    "The river flooded twice. Nobody was hurt.\n"
)
NOTES_V2 = "Notes\nThe bakery opened in May. It sold rye bread.\n"
DIARY = "# Diary\n\nIt rained on Monday. The sun came out on Tuesday.\n\n## Later\n\nWe left.\n"
RELEASE_WAIT = 10.0  # seconds Chroma may take to close an index's files after its client closes
Opener = Callable[..., ChromaStore]  # (embedder_id="fake-embedder", collection=None) -> store


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


def corpus_of(store: ChromaStore) -> Corpus:
    """What a reader of `store` sees: every complete document's units, in name order."""
    passages: list[Passage] = []
    sentences: list[Sentence] = []
    for record in store.complete():
        p, s = store.units(record)
        passages.extend(p)
        sentences.extend(s)
    return Corpus(tuple(passages), tuple(sentences))


@pytest.fixture(params=["folder", "server"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens the test's index (a fresh folder, or a fresh collection on the session's server)."""
    url = request.getfixturevalue("chroma_server") if request.param == "server" else ""
    base = f"t{uuid.uuid4().hex[:12]}" if url else "test"

    def opener(embedder_id: str = "fake-embedder", collection: str | None = None) -> ChromaStore:
        return ChromaStore(tmp_path / "index", collection or base, embedder_id, url)

    return opener


@pytest.fixture
def store(open_store: Opener) -> ChromaStore:
    """An empty store."""
    return open_store()


def test_a_new_store_is_empty(store: ChromaStore) -> None:
    assert store.is_empty()
    assert store.documents() == []
    assert corpus_of(store).passages == () and corpus_of(store).sentences == ()
    assert store.query([1.0, 0.0, 0.0], "sentence", 5) == []
    assert store.generation() == 0


def test_replace_then_corpus_round_trips_every_field(store: ChromaStore) -> None:
    notes, diary = make_document("notes.txt", NOTES_V1), make_document("diary.md", DIARY)
    store_document(store, notes)
    store_document(store, diary)
    corpus = corpus_of(store)
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
    corpus = corpus_of(store)
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
    before = corpus_of(store)
    store_document(store, notes)
    assert corpus_of(store) == before


def test_delete_removes_one_document(store: ChromaStore) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    store_document(store, make_document("diary.md", DIARY))
    assert store.remove("notes.txt") == 6  # 2 passages + 4 sentences
    assert [d.name for d in store.documents()] == ["diary.md"]
    assert all(p.document == "diary.md" for p in corpus_of(store).passages)
    assert store.remove("notes.txt") == 0
    assert store.remove("never-there.txt") == 0


def test_a_replace_with_vectors_of_the_wrong_dimension_keeps_the_old_version(
    store: ChromaStore,
) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    store_document(store, v1)
    before = corpus_of(store)
    passages, sentences = split(v2)
    with pytest.raises(ChromaError, match="dimension"):
        store.replace(v2, passages, sentences, vectors(1, dim=4), vectors(2, dim=4), "T2")
    assert corpus_of(store) == before
    assert [d.sha256 for d in store.documents()] == [v1.sha256]


def test_a_replace_failing_after_its_first_batch_keeps_the_old_version(
    store: ChromaStore,
) -> None:
    v1 = make_document("big.txt", "Big\nThe first version.\n")
    store_document(store, v1)
    before = corpus_of(store)
    v2 = make_document("big.txt", "the second version")
    passages = [
        Passage(f"{v2.sha256[:12]}:p{i}", "big.txt", "Big", i + 1, i, i + 1, "x", "x")
        for i in range(1100)
    ]
    # the store writes 1000 units at a time: the first batch lands, the second one fails
    bad = [*vectors(1000), *vectors(100, dim=2)]
    with pytest.raises(ChromaError, match="dimension"):
        store.replace(v2, passages, [], bad, [], "T2")
    assert corpus_of(store) == before
    assert [d.sha256 for d in store.documents()] == [v1.sha256]


def test_a_replace_with_too_few_vectors_keeps_the_old_version(store: ChromaStore) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    store_document(store, v1)
    before = corpus_of(store)
    passages, sentences = split(v2)
    with pytest.raises(ValueError):
        store.replace(v2, passages, sentences, vectors(1), vectors(1), "T2")
    assert corpus_of(store) == before


def test_a_replace_with_vectors_shifted_between_kinds_is_refused(store: ChromaStore) -> None:
    v1, v2 = make_document("notes.txt", NOTES_V1), make_document("notes.txt", NOTES_V2)
    store_document(store, v1)
    before = corpus_of(store)
    passages, sentences = split(v2)  # 1 passage, 2 sentences
    with pytest.raises(ValueError):
        store.replace(v2, passages, sentences, [], vectors(3), "T2")
    assert corpus_of(store) == before


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


def test_another_embedder_cannot_open_the_index(store: ChromaStore, open_store: Opener) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    with pytest.raises(EmbedderMismatchError) as caught:
        open_store("other-embedder").documents()
    message = str(caught.value)
    assert "'fake-embedder'" in message and "'other-embedder'" in message
    assert "--rebuild" in message and "--embedder fake-embedder" in message
    assert "\n" not in message
    # the same embedder still opens it, and another collection is free for the other embedder
    assert open_store().documents() != []
    assert open_store("other-embedder", f"{store.name}-other").is_empty()


def test_an_index_with_vectors_made_another_way_must_be_rebuilt(
    store: ChromaStore, open_store: Opener
) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    # what ReportChat wrote before units leaned toward their titles: the same index, layout 2
    manifest = store._collection("manifest")
    manifest.modify(metadata={**(manifest.metadata or {}), "layout": LAYOUT - 1})
    with pytest.raises(IndexError_) as caught:
        open_store().check_layout()
    message = str(caught.value)
    assert f"layout {LAYOUT - 1}, this one reads {LAYOUT}" in message
    assert "reportchat ingest --rebuild" in message and "\n" not in message
    assert store._collection("sentences").count() == 4  # refused, nothing taken away
    drop_collection(store.path, store.name, store.url)
    fresh = open_store()
    fresh.check_layout()  # an empty place is any layout's to build
    store_document(fresh, make_document("notes.txt", NOTES_V1))
    open_store().check_layout()
    assert [d.name for d in open_store().documents()] == ["notes.txt"]


def test_drop_collection_lets_another_embedder_start_afresh(
    store: ChromaStore, open_store: Opener
) -> None:
    store_document(store, make_document("notes.txt", NOTES_V1))
    drop_collection(store.path, store.name, store.url)
    reopened = open_store("other-embedder")
    assert reopened.is_empty()
    store_document(reopened, make_document("diary.md", DIARY))
    assert [d.name for d in reopened.documents()] == ["diary.md"]
    drop_collection(store.path, "never-made", store.url)  # dropping nothing is fine


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


def open_files_below(folder: Path) -> int:
    """How many of this process's descriptors are open on files below `folder`."""
    below = folder.resolve()
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        try:
            count += Path(fd.readlink()).is_relative_to(below)
        except OSError:  # closed while listed
            continue
    return count


def test_closing_the_indexes_below_a_folder_frees_their_files_and_they_reopen(
    tmp_path: Path,
) -> None:
    kept, closed = tmp_path / "kept", tmp_path / "closed"
    for folder in (kept, closed):
        store_document(ChromaStore(folder, "units", "fake-embedder"), make_document("n", NOTES_V1))
    assert open_files_below(kept) > 0 and open_files_below(closed) > 0
    close_indexes(closed)
    # Chroma lets go of its database on a thread of its own, a moment after the close
    deadline = time.monotonic() + RELEASE_WAIT
    while open_files_below(closed) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert open_files_below(closed) == 0 and open_files_below(kept) > 0
    again = ChromaStore(closed, "units", "fake-embedder")
    assert [d.name for d in again.documents()] == ["n"]


def _store_in_another_process(folder: Path, name: str, text: str) -> None:
    """Store one document in `folder` from a real second process, which then exits."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path;"
        "from test_store import ChromaStore, make_document, store_document;"
        "store_document(ChromaStore(Path(sys.argv[2]), 'units', 'fake-embedder'),"
        " make_document(sys.argv[3], sys.argv[4]))"
    )
    here = Path(__file__).resolve().parent
    subprocess.run(
        [sys.executable, "-c", script, str(here), str(folder), name, text],
        cwd=here.parent,
        check=True,
        timeout=120,
    )


def test_a_client_reopens_only_for_a_change_made_by_another_process_since_it_looked(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "index"
    _store_in_another_process(folder, "n", NOTES_V1)  # another process built the index
    # a fresh client: it opened after that change, so the change is no reason to reopen it
    # (nor to drop the vectors it read meanwhile, as the warm-up does)
    store = ChromaStore(folder, "units", "fake-embedder")
    client = store._client()
    assert store.query([1.0, 1.0, 0.5], "sentence", 1)
    store.refresh()
    assert store._client() is client
    store_document(store, make_document("d", DIARY))  # our own change: still current
    store.refresh()
    assert store._client() is client
    _store_in_another_process(folder, "o", NOTES_V2)  # another process adds a document
    store.refresh()
    assert store._client() is not client
    assert [d.name for d in store.documents()] == ["d", "n", "o"]
