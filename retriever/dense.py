"""Dense retrieval: sentences scored by their own and their passage's similarity to the query."""

from __future__ import annotations

from core.types import Corpus, Embedder, Hit, VectorIndex

# How much a sentence's own similarity counts against its passage's (small-to-big: the passage
# gives context a lone sentence lacks, e.g. "They include ..."). Picked on eval/facts.jsonl.
SENTENCE_WEIGHT = 0.6


class DenseRetriever:
    """Nearest neighbours in Chroma, over sentences and over passages, from one query vector."""

    def __init__(self, store: VectorIndex, embedder: Embedder, corpus: Corpus) -> None:
        self._store = store
        self._embedder = embedder
        self._corpus = corpus
        self._sentence_ids = {s.id: s for s in corpus.sentences}

    def retrieve(self, query: str, k: int) -> list[Hit]:
        """Up to `k` sentences, best first, each with its blended cosine similarity."""
        vector = self._embedder.embed_query(query)
        sentence_sim = {m.id: m.similarity for m in self._store.query(vector, "sentence", k)}
        passage_sim = {m.id: m.similarity for m in self._store.query(vector, "passage", k)}
        floor_s = min(sentence_sim.values(), default=0.0)
        floor_p = min(passage_sim.values(), default=0.0)
        candidates = set(sentence_sim)
        for pid in passage_sim:
            candidates.update(s.id for s in self._corpus.sentences_of(pid))
        hits = []
        for sid in candidates:
            sentence = self._sentence_ids.get(sid)
            if sentence is None:
                continue
            s_sim = sentence_sim.get(sid, floor_s)
            p_sim = passage_sim.get(sentence.passage_id, floor_p)
            blended = SENTENCE_WEIGHT * s_sim + (1 - SENTENCE_WEIGHT) * p_sim
            hits.append(Hit(sentence, blended, similarity=blended))
        hits.sort(key=lambda h: (-h.score, h.sentence.id))
        return hits[:k]
