"""Lexical retrieval: BM25 over sentences; tokenizes Latin, Arabic and Han script; a Chinese
query's words are searched by their English glosses too.

A document's sentences are tokenised once into `Terms` (term counts, storable as bytes), and a
`LexicalIndex` merges any list of them into one BM25 matrix with numpy in milliseconds, so an
upload or a start re-tokenises nothing. Scores are those of bm25s's defaults (method "lucene",
k1=1.5, b=0.75, float32), computed with the same operations in the same order.
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain, count, groupby
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from core.glossary import Glossary
from core.text import STOPWORDS, for_matching, stem
from core.types import Hit, Sentence

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[^\W_]+(?:[.,'][^\W_]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# bm25s's defaults (BM25.__init__): Lucene's idf and term-frequency normalisation.
K1 = 1.5
B = 0.75
MAGIC = b"RCTERMS\0"
FORMAT_VERSION = 1  # bump when the layout `Terms.to_bytes` writes changes
_HEADER = struct.Struct("<8sIIQQQQ")  # magic, version, (padding), n, vocabulary, entries, text
_REBUILD = "Rebuild the document's terms with terms_of(sentences)."

IntArray = npt.NDArray[np.int64]
# A Chinese query word is also searched by its English glosses when CC-CEDICT gives it this
# many content words at most: 城镇 "town", not 发展 "to develop; development; growth; ...".
GLOSS_WORDS = 3


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


def query_tokens(query: str, glossary: Glossary | None = None) -> list[str]:
    """`tokenize(query)`, and after it, for each Chinese word of two characters or more that
    the `glossary` gives few English words for (`GLOSS_WORDS`), those words: so a Chinese
    question finds the report's English sentences by their words, not by meaning alone.
    Single characters and words of many senses are left out; their glosses matched everything
    (on dev, 2026-12-04: all glosses lowered Chinese recall@5 85.1 -> 82.5%; these few raised
    it to 86.8%)."""
    tokens = tokenize(query)
    if glossary is None:
        return tokens
    glosses: list[str] = []
    for token in tokens:
        if len(token) >= 2 and _HAN.match(token):
            english = glossary.english(token)
            if len(english) <= GLOSS_WORDS:
                glosses.extend(sorted(english))
    return tokens + glosses


@dataclass(frozen=True, eq=False)
class Terms:
    """One document's sentences tokenised: a CSR matrix of term counts, one row a sentence.

    Row `i` (sentence `sentence_ids[i]`) holds `indices[indptr[i]:indptr[i+1]]`, positions in
    `vocabulary` (the document's distinct tokens), each once, with their `counts`.
    """

    sentence_ids: tuple[str, ...]
    vocabulary: tuple[str, ...]
    indptr: IntArray
    indices: IntArray
    counts: IntArray

    def __post_init__(self) -> None:
        for name in ("sentence_ids", "vocabulary"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in ("indptr", "indices", "counts"):
            array = np.asarray(getattr(self, name))
            if array.ndim != 1 or not (array.size == 0 or array.dtype.kind in "iu"):
                raise ValueError(f"Terms.{name} is not a 1-D integer array. {_REBUILD}")
            array = array.astype(np.int64)
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        self._check()

    def _check(self) -> None:
        n, nnz = len(self.sentence_ids), len(self.indices)
        p = self.indptr
        if len(p) != n + 1 or p[0] != 0 or p[-1] != nnz or np.any(np.diff(p) < 0):
            raise ValueError(
                f"Terms.indptr does not fit {n} sentences and {nnz} entries. {_REBUILD}"
            )
        if len(self.counts) != nnz:
            raise ValueError(f"Terms has {len(self.counts)} counts for {nnz} entries. {_REBUILD}")
        if nnz and (self.indices.min() < 0 or self.indices.max() >= len(self.vocabulary)):
            raise ValueError(f"Terms.indices point outside its vocabulary. {_REBUILD}")
        if nnz and self.counts.min() < 1:
            raise ValueError(f"Terms.counts holds a count below 1. {_REBUILD}")
        if len(set(self.vocabulary)) != len(self.vocabulary):
            raise ValueError(f"Terms.vocabulary repeats a token. {_REBUILD}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Terms):
            return NotImplemented
        return (
            self.sentence_ids == other.sentence_ids
            and self.vocabulary == other.vocabulary
            and all(
                np.array_equal(getattr(self, a), getattr(other, a))
                for a in ("indptr", "indices", "counts")
            )
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, holds arrays: unhashable

    def to_bytes(self) -> bytes:
        """The terms as bytes for an on-disk cache: plain arrays behind a versioned header.

        Layout (little-endian): the `_HEADER` struct (magic, format version, sentence count,
        vocabulary size, entry count, text bytes); `indptr` as int64; `indices` and `counts` as
        int32; then the sentence ids and the vocabulary as UTF-8, each string ended by a NUL.
        """
        strings = [*self.sentence_ids, *self.vocabulary]
        if any("\0" in s for s in strings):
            raise ValueError("A sentence id or token contains a NUL character: rename it.")
        text = "".join(s + "\0" for s in strings).encode("utf-8")
        n, nnz = len(self.sentence_ids), len(self.indices)
        header = _HEADER.pack(MAGIC, FORMAT_VERSION, 0, n, len(self.vocabulary), nnz, len(text))
        return b"".join(
            [
                header,
                self.indptr.astype("<i8").tobytes(),
                self.indices.astype("<i4").tobytes(),
                self.counts.astype("<i4").tobytes(),
                text,
            ]
        )

    @classmethod
    def from_bytes(cls, blob: bytes) -> Terms:
        """Terms written by `to_bytes`; ValueError for anything else or another format version."""
        if len(blob) < _HEADER.size or blob[: len(MAGIC)] != MAGIC:
            raise ValueError(f"Not a lexical terms blob (no {MAGIC!r} header). {_REBUILD}")
        _, version, _, n, n_vocabulary, nnz, n_text = _HEADER.unpack_from(blob)
        if version != FORMAT_VERSION:
            raise ValueError(
                f"Lexical terms are format version {version}, not {FORMAT_VERSION}. {_REBUILD}"
            )
        ends = list(accumulate([_HEADER.size, 8 * (n + 1), 4 * nnz, 4 * nnz, n_text]))
        if ends[-1] != len(blob):
            raise ValueError(
                f"Broken lexical terms blob ({len(blob)} bytes, the header says {ends[-1]}). "
                + _REBUILD
            )
        try:
            strings = blob[ends[3] :].decode("utf-8").split("\0")
        except UnicodeDecodeError as err:
            raise ValueError(f"Broken lexical terms blob ({_one_line(err)}). {_REBUILD}") from err
        if len(strings) != n + n_vocabulary + 1 or strings[-1]:
            raise ValueError(f"Broken lexical terms blob (its strings do not count up). {_REBUILD}")
        return cls(
            sentence_ids=tuple(strings[:n]),
            vocabulary=tuple(strings[n:-1]),
            indptr=np.frombuffer(blob, "<i8", n + 1, ends[0]),
            indices=np.frombuffer(blob, "<i4", nnz, ends[1]),
            counts=np.frombuffer(blob, "<i4", nnz, ends[2]),
        )


def terms_of(sentences: Sequence[Sentence]) -> Terms:
    """Tokenise each sentence's clean text (`tokenize`) into one document's `Terms`."""
    vocabulary: dict[str, int] = {}
    ids: list[int] = []
    lengths: list[int] = []
    for sentence in sentences:
        tokens = tokenize(sentence.clean)
        ids.extend(vocabulary.setdefault(t, len(vocabulary)) for t in tokens)
        lengths.append(len(tokens))
    n, width = len(lengths), max(len(vocabulary), 1)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    # one sort for the whole document: (sentence, token) pairs, counted
    keys, counts = np.unique(rows * width + np.array(ids, dtype=np.int64), return_counts=True)
    entry_rows, indices = np.divmod(keys, width)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(entry_rows, minlength=n), out=indptr[1:])
    return Terms(tuple(s.id for s in sentences), tuple(vocabulary), indptr, indices, counts)


class LexicalIndex:
    """BM25 over the rows of `Terms` parts, concatenated in order (row positions count from 0
    across the parts), with one global vocabulary."""

    def __init__(self, parts: Sequence[Terms]) -> None:
        # Every part's vocabulary end to end, and the global id of each: tokens numbered in
        # first-seen order by dict and map at C speed, with no Python loop over tokens.
        local = list(chain.from_iterable(part.vocabulary for part in parts))
        vocabulary = dict(zip(dict.fromkeys(local), count()))
        remap = np.fromiter(map(vocabulary.__getitem__, local), np.int64, len(local))
        empty = np.zeros(0, np.int64)
        starts = list(accumulate((len(part.vocabulary) for part in parts), initial=0))[:-1]
        nnz = [len(part.indices) for part in parts]
        indices = np.concatenate([empty, *(part.indices for part in parts)])
        cols = remap[indices + np.repeat(np.array(starts, np.int64), nnz)]
        tf = np.concatenate([empty, *(part.counts for part in parts)]).astype(np.float32)
        sizes = np.concatenate([empty, *(np.diff(part.indptr) for part in parts)])
        self._vocabulary = vocabulary
        self._n = n = len(sizes)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        weights = _bm25_weights(cols, tf, indptr, len(vocabulary))
        matrix = sparse.csr_matrix((weights, cols, indptr), shape=(n, len(vocabulary))).tocsc()
        self._data: npt.NDArray[np.float32] = matrix.data
        self._rows: IntArray = matrix.indices
        self._starts: IntArray = matrix.indptr

    def __len__(self) -> int:
        return self._n

    def scores(self, query_tokens: Sequence[str]) -> npt.NDArray[np.float32]:
        """Every row's BM25 score for `query_tokens` (a repeated token counts again; an unknown
        one counts nothing), summed in float32 in query order as bm25s does."""
        scores = np.zeros(self._n, dtype=np.float32)
        for token in query_tokens:
            col = self._vocabulary.get(token)
            if col is not None:
                start, end = self._starts[col], self._starts[col + 1]
                scores[self._rows[start:end]] += self._data[start:end]  # rows unique per column
        return scores

    def top(self, query_tokens: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The `k` best rows for `query_tokens` as (position, score), best first, scores > 0 only;
        equal scores in position order."""
        if k <= 0:
            return []
        scores = self.scores(query_tokens)
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            negated = -scores[hits]
            kth = negated[np.argpartition(negated, k - 1)[k - 1]]
            hits = hits[negated <= kth]  # the k best and everything tied with the k-th
        order = hits[np.lexsort((hits, -scores[hits]))][:k]
        return [(int(i), float(scores[i])) for i in order]


def _bm25_weights(
    cols: IntArray, tf: npt.NDArray[np.float32], indptr: IntArray, n_vocabulary: int
) -> npt.NDArray[np.float32]:
    """Each entry's BM25 weight (CSR `indptr`, column `cols`, count `tf`), as bm25s's
    `build_index_from_ids` computes it: float64 arithmetic on a float32 idf and float32 counts,
    the same operations in the same order, stored as float32."""
    n = len(indptr) - 1
    if n == 0 or len(cols) == 0:
        return np.zeros(len(cols), dtype=np.float32)
    total = np.concatenate([[0.0], np.cumsum(tf, dtype=np.float64)])  # exact: integer sums
    lengths = total[indptr[1:]] - total[indptr[:-1]]  # tokens per sentence
    avg_length = float(total[-1]) / n  # empty sentences count, as in bm25s
    df = np.bincount(cols, minlength=n_vocabulary)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)  # _score_idf_lucene
    norm = K1 * ((1 - B) + B * lengths / avg_length)  # _score_tfc_robertson, per sentence
    tfc = tf / (np.repeat(norm, np.diff(indptr)) + tf)
    return (idf[cols] * tfc).astype(np.float32)


def _one_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0]}" if lines else type(err).__name__


class LexicalRetriever:
    """BM25 over the clean text of every sentence (titles would match every sentence below them)."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        *,
        parts: Sequence[Terms] | None = None,
        glossary: Glossary | None = None,
    ):
        """`parts` are the sentences' stored terms (tokenised here if None); with a
        `glossary`, a Chinese query is searched by its words' English glosses too."""
        self._sentences = list(sentences)
        self._glossary = glossary
        if parts is None:  # one part per run of a document's sentences
            runs = groupby(self._sentences, key=lambda s: s.document)
            parts = [terms_of(list(run)) for _, run in runs]
        _check_ids(self._sentences, parts)
        self._index = LexicalIndex(parts)

    @classmethod
    def from_terms(
        cls, sentences: Sequence[Sentence], parts: Sequence[Terms], glossary: Glossary | None = None
    ) -> LexicalRetriever:
        """A retriever from stored terms, `sentences` in the order of the parts' sentence ids."""
        return cls(sentences, parts=parts, glossary=glossary)

    def retrieve(self, query: str, k: int) -> list[Hit]:
        """Sentences sharing the most (rare) words with `query`, best first."""
        if not self._sentences:
            return []
        tokens = query_tokens(query, self._glossary)
        return [Hit(self._sentences[i], s) for i, s in self._index.top(tokens, k)]


def _check_ids(sentences: Sequence[Sentence], parts: Sequence[Terms]) -> None:
    """ValueError unless the parts' sentence ids are `sentences`' ids, in order."""
    expected = [s.id for s in sentences]
    found = [i for part in parts for i in part.sentence_ids]
    if found == expected:
        return
    if len(found) != len(expected):
        raise ValueError(
            f"Lexical terms cover {len(found)} sentences, not the corpus's {len(expected)}. "
            "Rebuild the terms of the documents that changed."
        )
    at = next(i for i, (a, b) in enumerate(zip(found, expected, strict=True)) if a != b)
    raise ValueError(
        f"Lexical terms hold sentence {found[at]!r} at position {at}, where the corpus has "
        f"{expected[at]!r}. Pass the sentences in the order of the terms, or rebuild them."
    )
