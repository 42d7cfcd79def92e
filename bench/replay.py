"""Embedders for the scale benchmark: one that counts what the ingest embeds, one that replays
real vectors so 100k passages can be indexed without embedding them all on two cores."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.types import Embedder

# Noise added to a replayed vector, as a fraction of its unit length: cosine to the pool vector
# it came from stays near 0.96, yet no two replayed texts share a vector (HNSW meets no ties).
NOISE = 0.3


class CountingEmbedder:
    """Delegates to a real embedder and records every batch it is handed, with its vectors."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.batches: list[list[str]] = []
        self.vectors: dict[str, list[float]] = {}

    @property
    def id(self) -> str:
        """The real embedder's id, so the index is the real embedder's."""
        return self.inner.id

    def embed_query(self, text: str) -> list[float]:
        """The real query vector."""
        return self.inner.embed_query(text)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """The real vectors, remembered with their texts."""
        vectors = self.inner.embed_documents(texts)
        self.batches.append(list(texts))
        self.vectors.update(zip(texts, vectors, strict=True))
        return vectors

    @property
    def chars(self) -> int:
        """Characters handed to the embedder, repeats included."""
        return sum(len(t) for batch in self.batches for t in batch)

    @property
    def texts(self) -> int:
        """Texts handed to the embedder, repeats included."""
        return sum(len(batch) for batch in self.batches)


@dataclass(frozen=True)
class Pool:
    """Texts with their real vectors (one row each), and what measuring the ingest found."""

    texts: list[str]
    vectors: np.ndarray
    figures: dict[str, float]
    date: str

    def save(self, folder: Path) -> None:
        """Write the pool as `vectors.npy` and `pool.json` in `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "vectors.npy", self.vectors.astype(np.float32))
        meta = {"texts": self.texts, "figures": self.figures, "date": self.date}
        (folder / "pool.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Pool | None:
        """The pool saved in `folder`, or None if there is none."""
        if not (folder / "pool.json").exists() or not (folder / "vectors.npy").exists():
            return None
        meta = json.loads((folder / "pool.json").read_text(encoding="utf-8"))
        vectors = np.load(folder / "vectors.npy")
        if len(meta["texts"]) != len(vectors):
            return None
        return cls(meta["texts"], vectors, meta["figures"], meta["date"])


class ReplayEmbedder:
    """A text of the pool gets its real vector; any other text a pool vector chosen by a hash
    of the text, plus Gaussian noise seeded by the same hash, renormalised. Queries are real."""

    def __init__(self, real: Embedder, pool: Pool, noise: float = NOISE) -> None:
        self.real = real
        self._rows = {t: i for i, t in enumerate(pool.texts)}
        self._matrix = pool.vectors.astype(np.float64)
        self._scale = noise / np.sqrt(self._matrix.shape[1])
        self.real_texts = 0
        self.replayed_texts = 0
        self._seen: set[bytes] = set()
        self.repeated_texts = 0

    @property
    def id(self) -> str:
        """The real embedder's id: a replayed index opens with the real embedder."""
        return self.real.id

    def embed_query(self, text: str) -> list[float]:
        """The real query vector."""
        return self.real.embed_query(text)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Real vectors for pool texts, replayed ones for the rest."""
        return [self._vector(t) for t in texts]

    def _vector(self, text: str) -> list[float]:
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
        if digest in self._seen:
            self.repeated_texts += 1
        self._seen.add(digest)
        row = self._rows.get(text)
        if row is not None:
            self.real_texts += 1
            return [float(x) for x in self._matrix[row]]
        self.replayed_texts += 1
        seed = int.from_bytes(digest, "little")
        rng = np.random.default_rng(seed)
        base = self._matrix[seed % len(self._matrix)]
        vector = base + rng.normal(0.0, self._scale, base.shape)
        return (vector / np.linalg.norm(vector)).tolist()

    def reset_counts(self) -> None:
        """Start counting real, replayed and repeated texts afresh (one index per size)."""
        self.real_texts = self.replayed_texts = self.repeated_texts = 0
        self._seen.clear()
