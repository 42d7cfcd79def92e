"""Hybrid retrieval: dense and lexical rankings fused by reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Sequence

from core.types import Hit, Retriever

# Cormack, Clarke & Büttcher (2009), "Reciprocal Rank Fusion outperforms Condorcet and
# individual rank learning methods": k=60 damps the weight of the very top ranks.
RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[Hit]], k: int = RRF_K) -> list[Hit]:
    """Merge rankings: each sentence scores sum(1 / (k + rank)); keeps the best similarity seen."""
    scores: dict[str, float] = {}
    best: dict[str, Hit] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            sid = hit.sentence.id
            scores[sid] = scores.get(sid, 0.0) + 1.0 / (k + rank)
            if sid not in best or hit.similarity > best[sid].similarity:
                best[sid] = hit
    fused = [Hit(best[sid].sentence, score, best[sid].similarity) for sid, score in scores.items()]
    fused.sort(key=lambda h: (-h.score, h.sentence.id))
    return fused


class HybridRetriever:
    """Asks every retriever for `candidates` hits and fuses their rankings."""

    def __init__(self, retrievers: Sequence[Retriever], candidates: int = 30) -> None:
        self._retrievers = list(retrievers)
        self._candidates = candidates

    def retrieve(self, query: str, k: int) -> list[Hit]:
        """The `k` best sentences by reciprocal rank fusion."""
        rankings = [r.retrieve(query, max(k, self._candidates)) for r in self._retrievers]
        return reciprocal_rank_fusion(rankings)[:k]
