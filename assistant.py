"""The one wiring point: settings in, an assistant that ingests documents and answers questions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from answer.answerable import Model, load_model
from answer.extractive import ExtractiveWriter, Scored, answer_language, refusal
from answer.multipart import combine, split_parts
from answer.overview import is_overview, summary_of_topic, topic
from answer.verify import citation_problems
from core.config import Settings
from core.errors import DocumentError, NoIndexError, QuestionError
from core.glossary import default_glossary
from core.synonyms import default_thesaurus
from core.text import (
    SUPPORTED_LANGUAGES,
    detect_language,
    has_content,
    has_control_characters,
    looks_like_code,
    strip_invisible,
)
from core.types import (
    Answer,
    AnswerWriter,
    Corpus,
    Document,
    DocumentInfo,
    Embedder,
    Hit,
    IngestResult,
    Passage,
    Reranker,
    Retriever,
    Sentence,
    Timings,
)
from ingest.chunk import embedding_text, split
from ingest.embed import make_embedder
from ingest.load import expand_paths, load
from ingest.store import ChromaStore, drop_collection
from retriever.dense import DenseRetriever
from retriever.hybrid import HybridRetriever
from retriever.lexical import LexicalRetriever, load_tokenizer
from retriever.rerank import CrossEncoderReranker

Progress = Callable[[str, int, int], None]  # (what, done, total)
EMBED_BATCH = 32
_LANGUAGE_NAMES = {
    "ru": "Russian",
    "ja": "Japanese",
    "ko": "Korean",
    "el": "Greek",
    "he": "Hebrew",
    "hi": "Hindi",
    "th": "Thai",
}


@dataclass(frozen=True)
class _Pipeline:
    """What answering needs, built from the index on first use and after every change to it."""

    corpus: Corpus
    retriever: Retriever
    writer: AnswerWriter
    extractive: ExtractiveWriter
    reranker: Reranker | None = None


def no_progress(_what: str, _done: int, _total: int) -> None:
    """A progress callback that shows nothing."""


def _check_unique_names(documents: Sequence[Document]) -> None:
    """Documents are known by file name: two different files of one name would overwrite."""
    by_name: dict[str, Document] = {}
    for doc in documents:
        other = by_name.setdefault(doc.name, doc)
        if other.sha256 != doc.sha256:
            raise DocumentError(
                f"Two different files are both named {doc.name!r} ({other.source}, {doc.source}). "
                "Rename one, or ingest them separately."
            )


class Assistant:
    """Ingests documents into the index and answers questions from it."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        answerability: Model | None = None,
    ) -> None:
        """`embedder` and `answerability` replace the configured embedder and the shipped
        answerability model (tests load the embedder once; training tries a fitted model)."""
        self.settings = settings
        self._embedder = embedder
        self._answerability = answerability
        self._store: ChromaStore | None = None
        self._pipeline: _Pipeline | None = None
        self._lock = threading.RLock()

    # -- components, built on first use ---------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """The configured embedder, loaded once."""
        with self._lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings.embedder)
            return self._embedder

    @property
    def store(self) -> ChromaStore:
        """The index on disk, opened once (checks it was built by our embedder)."""
        with self._lock:
            if self._store is None:
                self._store = ChromaStore(
                    self.settings.index_path, self.settings.collection, self._embedder_id()
                )
            return self._store

    def _embedder_id(self) -> str:
        # The store only needs the id; don't load a model just to read it.
        return self._embedder.id if self._embedder is not None else self.settings.embedder

    @property
    def refusal_threshold(self) -> float:
        """Below this confidence the writer refuses: the configured value, or the answerability
        model's calibrated threshold over all languages (each language has its own, see
        `answer/answerability.json`)."""
        return self.settings.refusal_threshold or load_model().threshold("all")

    def _components(self) -> _Pipeline:
        with self._lock:
            if self._pipeline is None:
                corpus = self.store.corpus()
                if not corpus.sentences:
                    raise NoIndexError(
                        f"No index at {self.settings.index_path} (collection "
                        f"'{self.settings.collection}'). Run: reportchat ingest data/report.txt"
                    )
                retrievers: list[Retriever] = [
                    DenseRetriever(self.store, self.embedder, corpus),
                    LexicalRetriever(corpus.sentences),
                ]
                reranker = (
                    CrossEncoderReranker(self.settings.reranker, corpus)
                    if self.settings.reranker
                    else None
                )
                writer = ExtractiveWriter(
                    corpus,
                    threshold=self.settings.refusal_threshold or None,
                    closest=self.settings.top_k,
                    thesaurus=default_thesaurus(),
                    glossary=default_glossary(),
                    model=self._answerability,
                )
                self._pipeline = _Pipeline(
                    corpus,
                    HybridRetriever(retrievers, candidates=self.settings.candidates),
                    writer,
                    writer,
                    reranker,
                )
            return self._pipeline

    # -- ingest ---------------------------------------------------------------------------------

    def ingest(
        self, paths: Sequence[Path | str], rebuild: bool = False, progress: Progress = no_progress
    ) -> list[IngestResult]:
        """Index the files under `paths`; unchanged ones (same content hash) are skipped.

        Every file is read and embedded before anything is written, so a bad file, a model
        error or Ctrl-C part-way leaves the index as it was (with `rebuild` too).
        """
        documents = [load(p) for p in expand_paths(paths)]
        _check_unique_names(documents)
        with self._lock:
            # On a rebuild the old index may be another embedder's: don't open it, replace it.
            known = {} if rebuild else {d.name: d.sha256 for d in self.store.documents()}
            seen_hashes = set(known.values())
            results: list[IngestResult] = []
            stale: list[str] = []
            pending: list[tuple[Document, list[Passage], list[Sentence], list[list[float]]]] = []
            for doc in documents:
                if known.get(doc.name) == doc.sha256:
                    results.append(IngestResult(doc.name, "skipped", 0, 0, "unchanged"))
                    continue
                if doc.sha256 in seen_hashes:
                    # Indexed under another name already; an older version of this name goes.
                    if doc.name in known:
                        stale.append(doc.name)
                    reason = "same content indexed" + (
                        ", old version removed" if doc.name in known else ""
                    )
                    results.append(IngestResult(doc.name, "skipped", 0, 0, reason))
                    continue
                seen_hashes.add(doc.sha256)
                passages, sentences = split(doc)
                units: list[Passage | Sentence] = [*passages, *sentences]
                texts = [embedding_text(u) for u in units]
                vectors: list[list[float]] = []
                for i in range(0, len(texts), EMBED_BATCH):
                    vectors.extend(self.embedder.embed_documents(texts[i : i + EMBED_BATCH]))
                    progress(doc.name, min(i + EMBED_BATCH, len(texts)), len(texts))
                pending.append((doc, passages, sentences, vectors))
                status: Literal["added", "updated"] = "updated" if doc.name in known else "added"
                results.append(IngestResult(doc.name, status, len(passages), len(sentences)))
            if rebuild:
                self._store = None
                drop_collection(self.settings.index_path, self.settings.collection)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            for doc, passages, sentences, vectors in pending:
                n = len(passages)
                self.store.replace(doc, passages, sentences, vectors[:n], vectors[n:], now)
            for name in stale:
                self.store.delete(name)
            self._pipeline = None
            return results

    def ensure_index(self, progress: Progress = no_progress) -> bool:
        """Build the index from the bundled report if it is empty; True if it was built."""
        with self._lock:
            if not self.store.is_empty():
                return False
            self.ingest([self.settings.bundled_report], progress=progress)
            return True

    def documents(self) -> list[DocumentInfo]:
        """What the index holds."""
        return self.store.documents()

    def remove(self, name: str) -> int:
        """Remove a document by name; returns the number of passages and sentences removed."""
        with self._lock:
            removed = self.store.delete(name)
            self._pipeline = None
            return removed

    # -- ask ------------------------------------------------------------------------------------

    def check_question(self, question: str) -> str:
        """The question cleaned (invisible characters removed, see `strip_invisible`) and
        stripped, or a QuestionError saying what is wrong with it and what to do.

        Callers check the question as typed, before a follow-up is merged into an earlier one.
        """
        limit = self.settings.max_question_chars
        # A question the report answers, in each language: the example a refused question gets.
        examples = {
            "en": '"Which organisation released the report?"',
            "zh": "“报告是由哪个机构发布的？”",
            "fa": "«مازندران در حال حاضر چند منطقه آزاد دارد؟»",
        }
        text = strip_invisible(question).strip()
        if not text:
            raise QuestionError(
                'The question is empty. Ask something, e.g. "What did the report '
                'say about rural incomes?"'
            )
        if len(text) > limit:
            raise QuestionError(
                f"The question is {len(text):,} characters long; the limit is "
                f"{limit:,}. Ask a shorter question."
            )
        if has_control_characters(text):
            raise QuestionError(
                "The question contains control characters. Retype it as plain text and ask again."
            )
        code = detect_language(text)
        if code == "unknown":
            raise QuestionError(
                f"The question {text[:40]!r} has no words in it. Ask a real question in English, "
                f"Chinese or Persian, e.g. {examples['en']}"
            )
        if code not in SUPPORTED_LANGUAGES:
            name = _LANGUAGE_NAMES.get(code, code)
            raise QuestionError(
                f"The question looks like {name}; ReportChat answers in English, "
                "Chinese or Persian. Ask again in one of those."
            )
        if looks_like_code(text):
            raise QuestionError(
                f"The question {text[:40]!r} looks like code or a command-line option, not a "
                f"question. Ask a real question, e.g. {examples[code]}"
            )
        if not has_content(text) and not is_overview(text):  # "What is the report about?"
            raise QuestionError(
                f"The question {text[:40]!r} has no word to search for, only words every "
                f'sentence has ("the", "of", "的"). Ask a real question, e.g. {examples[code]}'
            )
        return text

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        """The best sentences for `question`: dense and lexical search fused, then reranked
        by the cross-encoder when one is configured."""
        pipeline = self._components()
        k = k or self.settings.candidates
        hits = pipeline.retriever.retrieve(question, k)
        if pipeline.reranker is not None:
            hits = pipeline.reranker.rerank(question, hits, k)
        return hits

    def warm_up(self) -> None:
        """Load the models and build the search structures now, so the first question is as
        quick as the rest (the UI calls this before it starts listening)."""
        self.retrieve("warm up")
        load_tokenizer()
        default_glossary().load()

    def _write(self, question: str, hits: list[Hit]) -> Answer:
        """The writer's answer, or a refusal if any citation of it does not check out."""
        pipeline = self._components()
        answer = pipeline.writer.write(question, hits)
        if citation_problems(answer, pipeline.corpus):
            # Never show a claim we could not check: fall back to the closest passages.
            return refusal(question, hits, pipeline.corpus, self.settings.top_k)
        return answer

    def candidates(self, question: str) -> list[Scored]:
        """The sentences the extractive writer weighs for `question`, with their answerability
        features and probabilities, most probable first (for training and inspection)."""
        text = self.check_question(question)
        return self._components().extractive.score(text, self.retrieve(text))

    def ask(self, question: str) -> Answer:
        """Answer `question` with cited sentences of the report, or refuse honestly."""
        started = time.perf_counter()
        text = self.check_question(question)
        pipeline = self._components()
        corpus = pipeline.corpus
        # a summary of one article is searched by its topic alone: "Give me a short summary of
        # the article on Mazandaran" is closer, by meaning, to any sentence with "summarized"
        about = topic(text) if summary_of_topic(text) and not is_overview(text) else text
        language = answer_language(text)
        parts = split_parts(text, language)
        searched = [(part, self.retrieve(part if len(parts) > 1 else about)) for part in parts]
        retrieved_at = time.perf_counter()
        answers = [self._write(part, hits) for part, hits in searched]
        # a multi-part question gets one cited answer per part, numbered, saying which part
        # the report does not answer
        answer = answers[0]  # `_write` has checked its citations
        if len(answers) > 1:
            answer = combine(text, language, answers)
            if citation_problems(answer, corpus):
                answer = refusal(text, searched[0][1], corpus, self.settings.top_k)
        hits = [h for _, part_hits in searched for h in part_hits]
        done = time.perf_counter()
        return replace(
            answer,
            timings=Timings(
                retrieve=(retrieved_at - started) * 1000,
                answer=(done - retrieved_at) * 1000,
                total=(done - started) * 1000,
            ),
            retrieved=tuple(dict.fromkeys(h.sentence.passage_id for h in hits)),  # in order
        )
