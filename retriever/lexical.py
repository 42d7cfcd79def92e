"""Lexical retrieval: BM25 (bm25s) over sentences; tokenizes Latin, Arabic and Han script."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import bm25s

from core.text import STOPWORDS, for_matching, stem
from core.types import Hit, Sentence

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[^\W_]+(?:[.,'][^\W_]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # its dictionary: ~1.5 s, paid when Chinese first needs cutting
    return jieba


def load_tokenizer() -> None:
    """Load jieba's dictionary now, so a first Chinese question does not wait for it (the UI's
    warm-up calls this; a one-shot English question never needs it)."""
    _jieba()


def tokenize(text: str) -> list[str]:
    """Content words of `text`: lower-cased, stemmed, stopwords dropped; Chinese cut by jieba."""
    tokens: list[str] = []
    for piece in _TOKEN.findall(for_matching(text).lower()):
        if _HAN.match(piece):
            tokens.extend(w for w in _jieba().lcut(piece) if w.strip() and w not in STOPWORDS)
        elif piece not in STOPWORDS:
            tokens.append(stem(piece))
    return [t for t in tokens if t not in STOPWORDS]


class LexicalRetriever:
    """BM25 over the clean text of every sentence (titles would match every sentence below them)."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each build at DEBUG
        self._sentences = list(sentences)
        self._bm25: Any = None
        docs = [tokenize(s.clean) for s in self._sentences]
        if any(docs):
            self._bm25 = bm25s.BM25()
            self._bm25.index(docs, show_progress=False)

    def retrieve(self, query: str, k: int) -> list[Hit]:
        """Sentences sharing the most (rare) words with `query`, best first."""
        tokens = tokenize(query)
        if self._bm25 is None or not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(scores)), key=lambda i: -float(scores[i]))[:k]
        return [Hit(self._sentences[i], float(scores[i])) for i in order if scores[i] > 0]
