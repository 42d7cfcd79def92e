"""The index on disk: a Chroma collection of passages and sentences, bound to one embedder.

We always hand Chroma our own vectors (its default embedding function downloads a model and fails
offline), and record the embedder's id in the collection so another embedder cannot misread it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from core.errors import EmbedderMismatchError, InputError
from core.types import Corpus, Document, DocumentInfo, Kind, Match, Passage, Sentence

_BATCH = 1000  # well under Chroma's max batch size (5461 on SQLite)
# Chroma's rules for a collection name, checked here so a bad one fails before any work.
_COLLECTION_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


class ChromaStore:
    """Passages and sentences with their vectors, in a persistent Chroma collection."""

    def __init__(self, path: Path, collection: str, embedder_id: str) -> None:
        if not _COLLECTION_NAME.match(collection) or ".." in collection or _IPV4.match(collection):
            raise InputError(
                f"Collection name {collection!r} is not allowed: use 3-63 letters, digits, '.', '_'"
                " or '-', starting and ending with a letter or digit, no '..', not an IP address"
                " (REPORTCHAT_COLLECTION)."
            )
        self.path = Path(path)
        self.name = collection
        self.embedder_id = embedder_id
        self._client = chromadb.PersistentClient(
            path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self._collection: Any = None
        existing = {c.name for c in self._client.list_collections()}
        if collection in existing:
            self._collection = self._client.get_collection(collection, embedding_function=None)
            built_with = (self._collection.metadata or {}).get("embedder")
            if built_with != embedder_id:
                raise EmbedderMismatchError(
                    f"The index at {self.path} (collection {collection!r}) was built with embedder "
                    f"{built_with!r}, not {embedder_id!r}. Use --embedder {built_with}, "
                    "or rebuild: reportchat ingest --rebuild PATH..."
                )

    # -- reading -------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """True when nothing has been ingested."""
        return self._collection is None or self._collection.count() == 0

    def documents(self) -> list[DocumentInfo]:
        """What the index holds, one entry per document, in name order."""
        if self._collection is None:
            return []
        got = self._collection.get(include=["metadatas"])
        seen: dict[str, dict[str, Any]] = {}
        for meta in got["metadatas"] or []:
            entry = seen.setdefault(
                str(meta["document"]),
                {"sha256": meta["sha256"], "at": meta["ingested_at"], "passage": 0, "sentence": 0},
            )
            entry[str(meta["kind"])] += 1
        return [
            DocumentInfo(name, str(e["sha256"]), e["passage"], e["sentence"], str(e["at"]))
            for name, e in sorted(seen.items())
        ]

    def corpus(self) -> Corpus:
        """Every passage and sentence, in document order (for lexical search and citations)."""
        if self._collection is None:
            return Corpus()
        got = self._collection.get(include=["metadatas", "documents"])
        passages: list[Passage] = []
        sentences: list[Sentence] = []
        for uid, meta, clean in zip(got["ids"], got["metadatas"], got["documents"], strict=True):
            common = {
                "id": uid,
                "document": str(meta["document"]),
                "section": str(meta["section"]),
                "paragraph": int(meta["paragraph"]),
                "start": int(meta["start"]),
                "end": int(meta["end"]),
                "text": str(meta["text"]),
                "clean": clean,
            }
            if meta["kind"] == "passage":
                passages.append(Passage(**common))
            else:
                sentences.append(Sentence(passage_id=str(meta["passage_id"]), **common))
        passages.sort(key=lambda p: (p.document, p.start))
        sentences.sort(key=lambda s: (s.document, s.start))
        return Corpus(tuple(passages), tuple(sentences))

    def query(self, vector: Sequence[float], kind: Kind, k: int) -> list[Match]:
        """The `k` units of `kind` nearest to `vector`, most similar first."""
        if self._collection is None or k <= 0:
            return []
        got = self._collection.query(
            query_embeddings=[list(vector)],
            n_results=k,
            where={"kind": kind},
            include=["distances"],
        )
        return [
            Match(uid, 1.0 - float(dist))
            for uid, dist in zip(got["ids"][0], got["distances"][0], strict=True)
        ]

    # -- writing -------------------------------------------------------------------------------

    def replace(
        self,
        document: Document,
        passages: Sequence[Passage],
        sentences: Sequence[Sentence],
        passage_vectors: Sequence[Sequence[float]],
        sentence_vectors: Sequence[Sequence[float]],
        ingested_at: str,
    ) -> None:
        """Store `document`'s units, then drop any older version of it: a failure midway leaves
        the old version whole and none of the new."""
        if len(passage_vectors) != len(passages) or len(sentence_vectors) != len(sentences):
            raise ValueError(
                f"{document.name}: {len(passage_vectors)} vectors for {len(passages)} passages "
                f"and {len(sentence_vectors)} for {len(sentences)} sentences"
            )
        collection = self._ensure_collection()
        base = {"document": document.name, "sha256": document.sha256, "ingested_at": ingested_at}
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        texts: list[str] = []
        for p in passages:
            ids.append(p.id)
            texts.append(p.clean)
            metas.append({**base, **_position(p), "kind": "passage"})
        for s in sentences:
            ids.append(s.id)
            texts.append(s.clean)
            metas.append({**base, **_position(s), "kind": "sentence", "passage_id": s.passage_id})
        vectors = [list(v) for v in (*passage_vectors, *sentence_vectors)]
        try:
            for i in range(0, len(ids), _BATCH):
                collection.upsert(
                    ids=ids[i : i + _BATCH],
                    embeddings=vectors[i : i + _BATCH],
                    documents=texts[i : i + _BATCH],
                    metadatas=metas[i : i + _BATCH],
                )
        except BaseException:
            collection.delete(where={"sha256": document.sha256})
            raise
        collection.delete(
            where={"$and": [{"document": document.name}, {"sha256": {"$ne": document.sha256}}]}
        )

    def delete(self, name: str) -> int:
        """Remove a document by name; returns how many units went."""
        if self._collection is None:
            return 0
        ids = self._collection.get(where={"document": name}, include=[])["ids"]
        if ids:
            self._collection.delete(ids=ids)
        return len(ids)

    def _ensure_collection(self) -> Any:
        if self._collection is None:
            self._collection = self._client.get_or_create_collection(
                self.name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder_id},
            )
        return self._collection


def drop_collection(path: Path, collection: str) -> None:
    """Delete a collection whatever embedder built it (for `ingest --rebuild`)."""
    client = chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    if collection in {c.name for c in client.list_collections()}:
        client.delete_collection(collection)


def _position(unit: Passage | Sentence) -> dict[str, Any]:
    return {
        "section": unit.section,
        "paragraph": unit.paragraph,
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
    }
