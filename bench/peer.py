"""The peer: what a typical LangChain + Chroma app does with the same files.

It reads each file's text (BeautifulSoup's `get_text`, as LangChain's BSHTMLLoader does), cuts it
into chunks of about 1,000 characters the way LangChain's RecursiveCharacterTextSplitter does
(langchain-text-splitters is not installed here, so a plain version is written out below), keeps
one Chroma collection, and answers a question with the top 5 chunks by vector similarity.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
from bs4 import BeautifulSoup
from chromadb.config import Settings as ChromaSettings

from core.types import Embedder

CHUNK_CHARS = 1000
CHUNK_OVERLAP = 100
TOP_K = 5
COLLECTION = "langchain"  # LangChain's default collection name
_SEPARATORS = ("\n\n", "\n", " ", "")
_BATCH = 5000  # under Chroma's max batch size (5461 on SQLite)


def read_text(path: Path) -> str:
    """A file's text: HTML through BeautifulSoup, anything else as UTF-8."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm"):
        return BeautifulSoup(raw, "lxml").get_text("\n")
    return raw


def split_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Chunks of at most `size` characters, cut at the coarsest separator that works and
    merged back up to `size`, each starting with up to `overlap` characters of the last."""
    return [c for c in _split(text, _SEPARATORS, size, overlap) if c.strip()]


def _split(text: str, separators: Sequence[str], size: int, overlap: int) -> list[str]:
    sep = next((s for s in separators if s == "" or s in text), "")
    rest = separators[separators.index(sep) + 1 :] if sep else ()
    pieces = list(text) if sep == "" else text.split(sep)
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for piece in pieces:
        if len(piece) > size and rest:
            if current:
                chunks.append(sep.join(current).strip())
                current, length = [], 0
            chunks.extend(_split(piece, rest, size, overlap))
            continue
        if current and length + len(sep) + len(piece) > size:
            chunks.append(sep.join(current).strip())
            # keep a tail of the last chunk as overlap, as the LangChain splitter does
            while current and (
                length > overlap or (length + len(sep) + len(piece) > size and length > 0)
            ):
                length -= len(current.pop(0)) + (len(sep) if len(current) > 0 else 0)
        current.append(piece)
        length += len(piece) + (len(sep) if len(current) > 1 else 0)
    if current:
        chunks.append(sep.join(current).strip())
    return chunks


def _client(index: Path) -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    return chromadb.PersistentClient(
        path=str(index), settings=ChromaSettings(anonymized_telemetry=False)
    )


def build(index: Path, paths: Sequence[Path], embedder: Embedder) -> tuple[int, int, int]:
    """Index `paths` into one collection; returns (chunks, embedded characters, text characters)."""
    collection = _client(index).get_or_create_collection(COLLECTION, embedding_function=None)
    ids: list[str] = []
    texts: list[str] = []
    metadatas: list[dict[str, str | int]] = []
    chars = 0
    for path in paths:
        text = read_text(path)
        chars += len(text)
        for n, chunk in enumerate(split_text(text)):
            ids.append(f"{path}:{n}")
            texts.append(chunk)
            metadatas.append({"source": str(path), "n": n})
    for i in range(0, len(texts), _BATCH):
        batch = texts[i : i + _BATCH]
        collection.add(
            ids=ids[i : i + _BATCH],
            documents=batch,
            metadatas=metadatas[i : i + _BATCH],
            embeddings=embedder.embed_documents(batch),
        )
    return len(texts), sum(len(t) for t in texts), chars


class Peer:
    """The peer app opened on an index built by `build`."""

    def __init__(self, index: Path, embedder: Embedder) -> None:
        self._collection = _client(index).get_collection(COLLECTION, embedding_function=None)
        self._embedder = embedder

    def count(self) -> int:
        """Chunks in the collection."""
        return int(self._collection.count())

    def ask(self, question: str) -> list[str]:
        """The top chunks for `question` (what the app would hand its LLM)."""
        vector = self._embedder.embed_query(question)
        found = self._collection.query(
            query_embeddings=[vector],
            n_results=TOP_K,
            include=["documents", "metadatas", "distances"],
        )
        return list((found["documents"] or [[]])[0])
