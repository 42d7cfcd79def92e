"""Optional reranking with a sentence-transformers CrossEncoder, when one is configured."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from core.errors import ModelError
from core.types import Corpus, Hit


class CrossEncoderReranker:
    """Scores (question, passage) pairs with a cross-encoder and reorders the hits."""

    def __init__(self, name_or_path: str, corpus: Corpus) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import CrossEncoder

        try:
            self._model: Any = CrossEncoder(name_or_path, device="cpu")
        except (OSError, ValueError) as err:
            raise ModelError(
                f"Cannot load reranker {name_or_path!r} offline ({err}). Give a local "
                "CrossEncoder folder in REPORTCHAT_RERANKER, or leave it empty to skip reranking."
            ) from err
        self._corpus = corpus

    def rerank(self, query: str, hits: Sequence[Hit], k: int) -> list[Hit]:
        """Reorder `hits` by cross-encoder score of the sentence in its passage's context."""
        if not hits:
            return []
        pairs = [(query, self._corpus.passage_of(h.sentence).clean) for h in hits]
        scores = self._model.predict(pairs)
        ranked = sorted(zip(hits, scores, strict=True), key=lambda pair: -float(pair[1]))
        return [Hit(h.sentence, float(s), h.similarity) for h, s in ranked[:k]]
