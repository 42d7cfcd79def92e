"""The index: Chroma collections of sentences and passages, and a manifest saying what is whole.

Layout, for a collection name `report`:

- `report.sentences` and `report.passages` hold the units with their vectors, text and position.
  Two collections, so a query never needs a metadata filter (Chroma's filtered queries grow
  linearly with the collection, unfiltered ones stay flat).
- `report.manifest` holds one record per document version (`writing`, `complete` or
  `removing`) and a `generation` record bumped by every change. A document is visible only
  once its record says `complete`, and the record is written after all its units, so a writer
  killed at any point leaves every document as before or whole; the next writer's `repair`
  finishes the job. Readers compare `generation()` before each question to notice another
  process's change.

We always hand Chroma our own vectors (its default embedding function downloads a model and fails
offline), and record the embedder's id so another embedder cannot misread the index.
Every read is paged (Chroma 1.5.9 fails a `get` of more than 32,766 rows).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import chromadb
import httpx
import numpy as np
from chromadb.config import Settings as ChromaSettings

from core.errors import EmbedderMismatchError, IndexError_, InputError, ServerUnavailableError
from core.types import Document, DocumentInfo, Kind, Match, Passage, Sentence

WRITE_BATCH = 1000  # units per upsert: well under Chroma's max batch (5461 on SQLite)
READ_PAGE = 10_000  # rows per get: Chroma fails above 32,766
LAYOUT = 3  # 1: one collection with a `kind` filter (before the manifest); 2: units embedded
# with their section title in front (`ingest/vectors.py` says why no longer)
# Chroma's rules for a collection name, checked here so a bad one fails before any work.
_COLLECTION_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_GENERATION = "generation"
# Only a flagged passage carries `suspicious` (the reason) and `flagged` (True, for counting:
# Chroma's `$ne` matches rows without the key, so "suspicious != ''" would count every row of
# an index built before the flag); a row without them reads as not suspicious.
_SUSPICIOUS = "suspicious"
_FLAGGED = "flagged"
_PROCESS = uuid.uuid4().hex  # who made a change: our own changes need no reopening
State = Literal["writing", "complete", "removing"]


@dataclass(frozen=True)
class Record:
    """The manifest's entry for one stored version of a document."""

    name: str
    sha256: str
    state: State
    passages: int
    sentences: int
    ingested_at: str

    @property
    def id(self) -> str:
        """The manifest id: one per (name, content)."""
        return f"doc:{self.sha256}:{hashlib.sha1(self.name.encode()).hexdigest()[:12]}"

    def info(self) -> DocumentInfo:
        """What `documents` shows."""
        return DocumentInfo(self.name, self.sha256, self.passages, self.sentences, self.ingested_at)


class _Clients:
    """One Chroma client per place in this process, reopened when another process changed it
    (an embedded client keeps its vector index in memory and would miss or trip over rows that
    another process added or deleted: "Error finding id")."""

    def __init__(self) -> None:
        self._clients: dict[str, Any] = {}
        # (place, collection) -> the generation its client was known to be current at: read
        # before the client's first vector query of that collection, or at its first refresh
        self._seen: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self.copies: dict[str, Path] = {}  # read-only index folder -> its private copy
        self.copy_lock = threading.Lock()

    def get(self, place: str, make: Any) -> Any:
        with self._lock:
            if place not in self._clients:
                self._clients[place] = make()
            return self._clients[place]

    def seen(self, place: str, collection: str, generation: int) -> int:
        """The generation the client of `place` is current at for `collection`, recording
        `generation` as that if none is yet (its client has read no vectors of it)."""
        with self._lock:
            return self._seen.setdefault((place, collection), generation)

    def reopen(self, place: str) -> None:
        with self._lock:
            client = self._clients.pop(place, None)
            for key in [k for k in self._seen if k[0] == place]:
                del self._seen[key]
        if client is not None and hasattr(client, "close"):
            client.close()

    def under(self, folder: Path) -> list[str]:
        """The places of the local indexes opened below `folder`."""
        with self._lock:
            return [p for p in self._clients if Path(p).is_relative_to(folder)]


_CLIENTS = _Clients()


def close_indexes(folder: Path) -> None:
    """Close this process's Chroma clients of the indexes below `folder` (its files and
    threads), as before the folder is deleted; a store that opens one again gets a new client."""
    for place in _CLIENTS.under(folder.resolve()):
        _CLIENTS.reopen(place)


RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0)  # seconds between tries when a server does not answer


class _Retrying:
    """A Chroma server client (or collection) whose calls are retried with backoff while the
    server does not answer, then fail with one line; a collection it returns is wrapped too."""

    def __init__(self, target: Any, url: str) -> None:
        self._target = target
        self._url = url

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            for delay in (*RETRY_DELAYS, None):
                try:
                    result = attribute(*args, **kwargs)
                except httpx.TransportError as err:
                    if delay is None:
                        raise ServerUnavailableError(
                            f"The Chroma server at {self._url} does not answer ({err}). Start "
                            "it (chroma run --path DIR --port N) or fix REPORTCHAT_CHROMA_URL; "
                            "the next question tries again."
                        ) from err
                    time.sleep(delay)
                    continue
                return _Retrying(result, self._url) if _is_collection(result) else result
            raise AssertionError("unreachable")

        return call


def _is_collection(value: Any) -> bool:
    return type(value).__name__ == "Collection"


def _check_name(collection: str) -> None:
    if not _COLLECTION_NAME.match(collection) or ".." in collection or _IPV4.match(collection):
        raise InputError(
            f"Collection name {collection!r} is not allowed: use 3-63 letters, digits, '.', '_'"
            " or '-', starting and ending with a letter or digit, no '..', not an IP address"
            " (REPORTCHAT_COLLECTION)."
        )


def server_address(url: str) -> tuple[str, int]:
    """Host and port of `http://host:port`, or an InputError naming the setting."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputError(
            f"REPORTCHAT_CHROMA_URL={url!r} is not a server address. Set it to e.g. "
            "http://127.0.0.1:8000 (the address `chroma run` prints)."
        )
    return parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 8000)


class ChromaStore:
    """Passages and sentences with their vectors, in a local folder or on a Chroma server."""

    def __init__(self, path: Path, collection: str, embedder_id: str, url: str = "") -> None:
        """The index in folder `path`, or on the server at `url` when one is given.

        Opening reads nothing and creates nothing: a folder that does not exist is an empty
        index until the first write."""
        _check_name(collection)
        self.path = Path(path)
        self.url = url
        self.name = collection
        self.embedder_id = embedder_id
        if url:
            server_address(url)  # fail on a bad address now, not at the first question
        self._checked = False
        # the vector collections a question searches, by kind, with the client they came from:
        # looking one up costs a database read (3 ms), twice a question
        self._searched: dict[str, tuple[Any, Any]] = {}

    @property
    def place(self) -> str:
        """Where the index lives, for messages: the folder or the server's address."""
        return self.url or str(self.path)

    # -- connection --------------------------------------------------------------------------

    def _client(self, create: bool = False) -> Any:
        if self.url:
            host, port = server_address(self.url)
            return _CLIENTS.get(
                self.url,
                lambda: _Retrying(
                    _Retrying(chromadb, self.url).HttpClient(
                        host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False)
                    ),
                    self.url,
                ),
            )
        if not create and not (self.path / "chroma.sqlite3").exists():
            return None
        if create:
            self.path.mkdir(parents=True, exist_ok=True)
        return _CLIENTS.get(
            str(self.path.resolve()),
            lambda: chromadb.PersistentClient(
                path=str(self.readable_copy() if self.read_only else self.path),
                settings=ChromaSettings(anonymized_telemetry=False),
            ),
        )

    @property
    def read_only(self) -> bool:
        """Is the index folder one we cannot write (permissions, a read-only mount)?"""
        return self.path.is_dir() and not os.access(self.path, os.W_OK)

    def readable_copy(self) -> Path:
        """A private copy of a read-only index that Chroma can open (it writes to its database
        even to read it): questions are answered and documents listed from the copy, once per
        process; writes are refused by the write lock."""
        with _CLIENTS.copy_lock:
            key = str(self.path.resolve())
            if key not in _CLIENTS.copies:
                folder = Path(tempfile.mkdtemp(prefix="reportchat-readonly-")) / "index"
                atexit.register(shutil.rmtree, folder.parent, True)
                shutil.copytree(self.path, folder, ignore=shutil.ignore_patterns("cache"))
                for sub in folder.rglob("*"):
                    sub.chmod(0o700 if sub.is_dir() else 0o600)
                folder.chmod(0o700)
                _CLIENTS.copies[key] = folder
            return _CLIENTS.copies[key]

    def _collection(self, suffix: str, create: bool = False) -> Any:
        """`report.<suffix>`, or None when it does not exist and `create` is false."""
        client = self._client(create)
        if client is None:
            return None
        name = f"{self.name}.{suffix}"
        if create:
            meta = {"embedder": self.embedder_id, "layout": LAYOUT}
            config = {"hnsw": {"space": "cosine"}} if suffix != "manifest" else None
            found = client.get_or_create_collection(
                name, embedding_function=None, configuration=config, metadata=meta
            )
        else:
            try:
                found = client.get_collection(name, embedding_function=None)
            except (ValueError, chromadb.errors.NotFoundError):
                return None
        if not self._checked:
            self._check_embedder(client, found)
        return found

    def _check_embedder(self, client: Any, found: Any) -> None:
        built_with = (found.metadata or {}).get("embedder")
        if built_with != self.embedder_id:
            raise EmbedderMismatchError(
                f"The index at {self.place} (collection {self.name!r}) was built with embedder "
                f"{built_with!r}, not {self.embedder_id!r}. Use --embedder {built_with}, "
                "or rebuild: reportchat ingest --rebuild PATH..."
            )
        self._checked = True

    def check_layout(self) -> None:
        """Refuse an index an older ReportChat built: one collection and no manifest, or
        vectors made another way (its questions would be compared with vectors unlike theirs)."""
        client = self._client()
        if client is None:
            return
        manifest = self._collection("manifest")
        if manifest is None:
            built = 1 if self.name in {c.name for c in client.list_collections()} else LAYOUT
        else:
            built = int((manifest.metadata or {}).get("layout", 1))
        if built < LAYOUT:
            raise IndexError_(
                f"The index at {self.place} (collection {self.name!r}) was built by an older "
                f"ReportChat (layout {built}, this one reads {LAYOUT}). Rebuild it: "
                "reportchat ingest --rebuild data/report.txt"
            )

    def refresh(self) -> None:
        """Reopen the connection if another process changed the index since our client last
        looked. A client that has read no vectors yet is current whoever wrote last: a start
        keeps the client it opened (and the vector indexes the warm-up is loading into it)."""
        if self.url:
            return  # a server keeps one index for everyone: nothing to reopen
        got = self._generation_record()
        if got is None:
            return
        value, by = got
        place = str(self.path.resolve())
        if by != _PROCESS and _CLIENTS.seen(place, self.name, value) != value:
            _CLIENTS.reopen(place)

    def _generation_record(self) -> tuple[int, str] | None:
        """The generation and the process that made it, or None before the first change."""
        manifest = self._collection("manifest")
        if manifest is None:
            return None
        got = manifest.get(ids=[_GENERATION], include=["metadatas"])
        if not got["ids"]:
            return None
        meta = got["metadatas"][0]
        return int(meta["value"]), str(meta.get("by", ""))

    # -- reading -----------------------------------------------------------------------------

    def generation(self) -> int:
        """A number that changes whenever a document is committed or removed (0: nothing yet)."""
        got = self._generation_record()
        return got[0] if got is not None else 0

    def records(self) -> list[Record]:
        """Every manifest record, whatever its state, in name order."""
        manifest = self._collection("manifest")
        if manifest is None:
            return []
        found = [
            Record(
                str(m["name"]),
                str(m["sha256"]),
                m["state"],
                int(m["passages"]),
                int(m["sentences"]),
                str(m["ingested_at"]),
            )
            for _, m, _ in _pages(manifest, where={"state": {"$ne": "none"}})
        ]
        return sorted(found, key=lambda r: (r.name, r.ingested_at))

    def complete(self) -> list[Record]:
        """The documents a reader sees: the newest complete version of each name."""
        newest: dict[str, Record] = {}
        for r in self.records():
            if r.state == "complete":
                newest[r.name] = r  # records() sorts each name's versions oldest first
        return list(newest.values())

    def is_empty(self) -> bool:
        """True when no document is whole in the index."""
        return not self.complete()

    def documents(self) -> list[DocumentInfo]:
        """What the index holds, one entry per document, in name order, each with how many of
        its passages are flagged as reading like an instruction (0 in an index built before
        the flag)."""
        flagged: dict[str, int] = {}
        passages = self._collection("passages")
        if passages is not None:  # one filtered read: only flagged rows carry the key
            for _, meta, _ in _pages(passages, where={_FLAGGED: True}):
                flagged[str(meta["sha256"])] = flagged.get(str(meta["sha256"]), 0) + 1
        return [replace(r.info(), suspicious=flagged.get(r.sha256, 0)) for r in self.complete()]

    def rows(self) -> dict[str, int]:
        """How many passage and sentence rows the index holds, whole documents or not (a check
        that nothing was left behind or written twice)."""
        counts = {}
        for kind in ("passages", "sentences"):
            collection = self._collection(kind)
            counts[kind] = collection.count() if collection is not None else 0
        return counts

    def units(self, record: Record) -> tuple[list[Passage], list[Sentence]]:
        """A stored document's passages and sentences, in document order."""
        prefix = record.sha256[:12]
        passages = [
            _passage(uid, meta, text)
            for uid, meta, text in _by_ids(
                self._collection("passages"), [f"{prefix}:p{i}" for i in range(record.passages)]
            )
        ]
        sentences = [
            _sentence(uid, meta, text)
            for uid, meta, text in _by_ids(
                self._collection("sentences"), [f"{prefix}:s{i}" for i in range(record.sentences)]
            )
        ]
        if len(passages) != record.passages or len(sentences) != record.sentences:
            raise IndexError_(
                f"The index at {self.place} lists {record.name} with {record.passages} passages "
                f"and {record.sentences} sentences but holds {len(passages)} and "
                f"{len(sentences)}. Rebuild it: reportchat ingest --rebuild PATH..."
            )
        return passages, sentences

    def query(self, vector: Sequence[float], kind: Kind, k: int) -> list[Match]:
        """The `k` units of `kind` nearest to `vector`, most similar first."""
        collection = self._searchable(kind)
        if collection is None or k <= 0:
            return []
        got = collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=k,
            include=["distances"],
        )
        return [
            Match(uid, 1.0 - float(dist))
            for uid, dist in zip(got["ids"][0], got["distances"][0], strict=True)
        ]

    def _searchable(self, kind: Kind) -> Any:
        """The collection of `kind`, looked up again only when the client was reopened."""
        client = self._client()
        known = self._searched.get(kind)
        if known is not None and known[0] is client:
            return known[1]
        collection = self._collection(f"{kind}s")
        if collection is not None:
            if not self.url:  # what the client is current at, before it reads any vector
                _CLIENTS.seen(str(self.path.resolve()), self.name, self.generation())
            self._searched[kind] = (client, collection)
        return collection

    def warm(self, vector: Sequence[float]) -> None:
        """Read both vector indexes into memory now (Chroma loads one on its first query: 2 s
        at 100k passages); Chroma does it without Python's lock, so it can overlap other work."""
        for kind in ("sentence", "passage"):
            self.query(vector, kind, 1)

    # -- writing (callers hold `WriteLock`) --------------------------------------------------

    def start(self, document: Document, passages: int, sentences: int, at: str) -> Record:
        """Record that `document` is being written; it stays invisible until `commit`."""
        record = Record(document.name, document.sha256, "writing", passages, sentences, at)
        self._put_record(record)
        return record

    def put(
        self,
        units: Sequence[Passage | Sentence],
        vectors: Sequence[Sequence[float]] | np.ndarray,
        document: Document,
    ) -> None:
        """Store a batch of one document's units (all of one kind) with their vectors."""
        if len(vectors) != len(units):
            raise ValueError(f"{document.name}: {len(vectors)} vectors for {len(units)} units")
        if not units:
            return
        kind = "sentences" if isinstance(units[0], Sentence) else "passages"
        collection = self._collection(kind, create=True)
        base = {"document": document.name, "sha256": document.sha256}
        for i in range(0, len(units), WRITE_BATCH):
            batch = units[i : i + WRITE_BATCH]
            collection.upsert(
                ids=[u.id for u in batch],
                embeddings=np.asarray(vectors[i : i + WRITE_BATCH], dtype=np.float32),
                documents=[u.clean for u in batch],
                metadatas=[{**base, **_position(u)} for u in batch],
            )

    def replace(
        self,
        document: Document,
        passages: Sequence[Passage],
        sentences: Sequence[Sentence],
        passage_vectors: Sequence[Sequence[float]] | np.ndarray,
        sentence_vectors: Sequence[Sequence[float]] | np.ndarray,
        at: str,
    ) -> None:
        """Store a whole document and commit it: `start`, `put` both kinds, `commit`; any
        failure takes the new version away and leaves the old one whole."""
        if len(passage_vectors) != len(passages) or len(sentence_vectors) != len(sentences):
            raise ValueError(
                f"{document.name}: {len(passage_vectors)} vectors for {len(passages)} passages "
                f"and {len(sentence_vectors)} for {len(sentences)} sentences"
            )
        if any(r.sha256 == document.sha256 and r.name == document.name for r in self.complete()):
            return  # this very version is stored whole already
        record = self.start(document, len(passages), len(sentences), at)
        try:
            self.put(sentences, sentence_vectors, document)
            self.put(passages, passage_vectors, document)
            self.commit(record)
        except BaseException:
            self.abort(record)
            raise

    def commit(self, record: Record) -> None:
        """Make `record`'s document visible, then retire its older versions."""
        self._put_record(_with_state(record, "complete"))
        self._bump()
        for old in self.records():
            if old.name == record.name and old.sha256 != record.sha256:
                self._drop(old)

    def abort(self, record: Record) -> None:
        """Take away what was written of `record` (its older version stays)."""
        self._drop(record)

    def remove(self, name: str) -> int:
        """Remove every version of a document; returns how many units went."""
        removed = 0
        for record in self.records():
            if record.name == name:
                if record.state == "complete":
                    removed += record.passages + record.sentences
                self._drop(record)
        return removed

    def repair(self) -> list[str]:
        """Finish what a killed writer left: drop half-written or half-removed versions and any
        version a newer complete one replaced. Returns what was done, for the log."""
        done: list[str] = []
        newest = {r.name: r for r in self.complete()}
        for record in self.records():
            if record.state != "complete":
                done.append(f"{record.name}: removed a half-{record.state[:-3]}ten version")
                self._drop(record)
            elif newest[record.name] != record:
                done.append(f"{record.name}: removed an older version")
                self._drop(record)
        return done

    def _drop(self, record: Record) -> None:
        """Hide `record` (state `removing`), delete its units, then the record."""
        self._put_record(_with_state(record, "removing"))
        self._bump()
        prefix = record.sha256[:12]
        for kind, count in (("passages", record.passages), ("sentences", record.sentences)):
            collection = self._collection(kind)
            if collection is None:
                continue
            tag = kind[0]
            ids = [f"{prefix}:{tag}{i}" for i in range(count)]
            for i in range(0, len(ids), WRITE_BATCH):
                collection.delete(ids=ids[i : i + WRITE_BATCH])
        self._collection("manifest", create=True).delete(ids=[record.id])

    def _put_record(self, record: Record) -> None:
        self._collection("manifest", create=True).upsert(
            ids=[record.id],
            embeddings=[[0.0]],
            metadatas=[
                {
                    "name": record.name,
                    "sha256": record.sha256,
                    "state": record.state,
                    "passages": record.passages,
                    "sentences": record.sentences,
                    "ingested_at": record.ingested_at,
                }
            ],
        )

    def _bump(self) -> None:
        manifest = self._collection("manifest", create=True)
        manifest.upsert(
            ids=[_GENERATION],
            embeddings=[[0.0]],
            metadatas=[{"value": self.generation() + 1, "by": _PROCESS, "state": "none"}],
        )

    # -- the write lease (a server has no shared folder to put a lock file in) ---------------

    def take_lease(self, owner: str, seconds: float) -> bool:
        """Try to become the one writer for `seconds`; True if we are.

        Chroma's `add` ignores an id that exists, so of two racing writers only one record
        lands, and each reads back whose it is. An expired lease (its writer died) is taken over.
        """
        manifest = self._collection("manifest", create=True)
        lease = {"owner": owner, "until": time.time() + seconds, "state": "none"}
        manifest.add(ids=["lease"], embeddings=[[0.0]], metadatas=[lease])
        held = manifest.get(ids=["lease"], include=["metadatas"])
        if not held["ids"]:
            return False
        meta = held["metadatas"][0]
        if meta["owner"] == owner:
            return True
        if float(meta["until"]) < time.time():
            manifest.delete(ids=["lease"])
        return False

    def renew_lease(self, owner: str, seconds: float) -> None:
        """Extend our lease (a long ingest renews it between batches)."""
        manifest = self._collection("manifest", create=True)
        lease = {"owner": owner, "until": time.time() + seconds, "state": "none"}
        manifest.upsert(ids=["lease"], embeddings=[[0.0]], metadatas=[lease])

    def lease_holder(self) -> str:
        """Who holds the write lease now, or ""."""
        manifest = self._collection("manifest")
        if manifest is None:
            return ""
        held = manifest.get(ids=["lease"], include=["metadatas"])
        return str(held["metadatas"][0]["owner"]) if held["ids"] else ""

    def release_lease(self, owner: str) -> None:
        """Give up the lease if it is ours."""
        if self.lease_holder() == owner:
            self._collection("manifest", create=True).delete(ids=["lease"])


def drop_collection(path: Path, collection: str, url: str = "") -> None:
    """Delete an index whatever embedder built it (for `ingest --rebuild`)."""
    store = ChromaStore(path, collection, "", url)
    client = store._client()
    if client is None:
        return
    names = {c.name for c in client.list_collections()}
    for name in (collection, *(f"{collection}.{s}" for s in ("sentences", "passages", "manifest"))):
        if name in names:
            client.delete_collection(name)


def _pages(collection: Any, where: dict[str, Any] | None = None) -> Iterator[tuple[str, Any, str]]:
    """Every row of `collection` (id, metadata, document), a page at a time."""
    offset = 0
    while True:
        got = collection.get(
            where=where, limit=READ_PAGE, offset=offset, include=["metadatas", "documents"]
        )
        yield from zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        if len(got["ids"]) < READ_PAGE:
            return
        offset += READ_PAGE


def _by_ids(collection: Any, ids: list[str]) -> Iterator[tuple[str, Any, str]]:
    """The rows of `ids` that exist, in the order of `ids`, a page at a time."""
    if collection is None:
        return
    for i in range(0, len(ids), READ_PAGE):
        page = ids[i : i + READ_PAGE]
        got = collection.get(ids=page, include=["metadatas", "documents"])
        rows = {
            u: (m, d)
            for u, m, d in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        }
        for uid in page:
            if uid in rows:
                yield uid, *rows[uid]


def _with_state(record: Record, state: State) -> Record:
    return Record(
        record.name, record.sha256, state, record.passages, record.sentences, record.ingested_at
    )


def _position(unit: Passage | Sentence) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if isinstance(unit, Sentence):
        extra = {"passage_id": unit.passage_id}
    elif unit.suspicious:
        extra = {_SUSPICIOUS: unit.suspicious, _FLAGGED: True}
    return {
        "section": unit.section,
        "paragraph": unit.paragraph,
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
        **extra,
    }


def _common(uid: str, meta: Any, clean: str) -> dict[str, Any]:
    return {
        "id": uid,
        "document": str(meta["document"]),
        "section": str(meta["section"]),
        "paragraph": int(meta["paragraph"]),
        "start": int(meta["start"]),
        "end": int(meta["end"]),
        "text": str(meta["text"]),
        "clean": clean,
    }


def _passage(uid: str, meta: Any, clean: str) -> Passage:
    return Passage(**_common(uid, meta, clean), suspicious=str(meta.get(_SUSPICIOUS) or ""))


def _sentence(uid: str, meta: Any, clean: str) -> Sentence:
    return Sentence(passage_id=str(meta["passage_id"]), **_common(uid, meta, clean))
