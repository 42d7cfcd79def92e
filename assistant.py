"""The one wiring point: settings in, an assistant that ingests documents and answers questions."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np

from answer.answerable import Model, load_model
from answer.extractive import ExtractiveWriter, Scored, answer_language, refusal
from answer.generated import (
    Generator,
    ReadyAnswer,
    StreamedAnswer,
    generated_answer,
    interleaved,
)
from answer.multipart import combine, split_parts
from answer.overview import is_overview, summary_of_topic, topic
from answer.verify import citation_problems
from answer.vocabulary import DocumentWords, words_of
from core.config import Settings
from core.errors import DocumentError, InputError, NoIndexError, QuestionError
from core.glossary import default_glossary
from core.synonyms import default_thesaurus
from core.text import (
    SUPPORTED_LANGUAGES,
    detect_language,
    has_content,
    has_control_characters,
    is_small_talk,
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
from ingest.cache import Cached, UnitCache
from ingest.chunk import check_units, split
from ingest.embed import make_embedder
from ingest.load import SUPPORTED_EXTENSIONS as SUPPORTED_EXTENSIONS  # for the page
from ingest.load import expand_paths, load
from ingest.lock import file_lock, lease_lock
from ingest.store import ChromaStore, Record, drop_collection
from ingest.vectors import passage_vectors, title_vectors, unit_vectors
from prompts import AnswerPrompts
from retriever.dense import DenseRetriever
from retriever.followup import rewrite as rewrite  # the page merges follow-ups
from retriever.hybrid import HybridRetriever
from retriever.lexical import LexicalRetriever, Terms, load_tokenizer, terms_of
from retriever.rerank import CrossEncoderReranker

Progress = Callable[[str, int, int], None]  # (what, done, total)
Waiting = Callable[[str], None]  # (who holds the write lock)
STORE_BATCH = 512  # sentences embedded, then written, at a time: memory stays bounded
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
class _Part:
    """One document as answering needs it: its units, lexical terms and words."""

    cached: Cached
    terms: Terms
    words: DocumentWords

    @classmethod
    def of(cls, passages: list[Passage], sentences: list[Sentence]) -> _Part:
        """Work out a document's terms and words (once, when it is added or first read)."""
        terms = terms_of(sentences)
        words = words_of(passages, sentences, answer_language)
        extras = {"terms": terms.to_bytes(), "words": words.to_bytes()}
        return cls(Cached(passages, sentences, extras), terms, words)

    @classmethod
    def restore(cls, cached: Cached) -> _Part | None:
        """The part a cache entry holds, or None if it lacks something or is of an old format."""
        try:
            terms = Terms.from_bytes(cached.extras["terms"])
            words = DocumentWords.from_bytes(cached.extras["words"])
        except (KeyError, ValueError):
            return None
        return cls(cached, terms, words)


@dataclass
class _OnFirstUse:
    """The llm writer, built for its first question rather than with the pipeline: LangChain
    takes 2.5 s to import, and a session may never choose it."""

    build: Callable[[], Generator]
    _built: Generator | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self) -> Generator:
        with self._lock:
            if self._built is None:
                self._built = self.build()
            return self._built


@dataclass(frozen=True)
class _Pipeline:
    """What answering needs, built from the index and rebuilt aside after every change to it."""

    generation: int
    corpus: Corpus
    retriever: Retriever
    writer: AnswerWriter
    extractive: ExtractiveWriter
    reranker: Reranker | None = None
    parts: dict[str, _Part] = field(default_factory=dict)  # by content hash
    model: _OnFirstUse | None = None  # the llm writer, when the settings offer it


def _load_languages() -> None:
    """The Chinese word cutter's and the Chinese-English glossary's dictionaries (2 s; the
    glossary's table is kept in the user's cache folder after the first start)."""
    load_tokenizer()
    default_glossary().load(cache=_user_cache())


def _user_cache() -> Path:
    """ReportChat's folder in the user's cache ($XDG_CACHE_HOME, else ~/.cache)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportchat"


def no_progress(_what: str, _done: int, _total: int) -> None:
    """A progress callback that shows nothing."""


def no_waiting(_holder: str) -> None:
    """A callback for a busy write lock that says nothing (and then waits)."""


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
        self._lock = threading.RLock()  # guards the lazily built components
        self._building = threading.Lock()  # one pipeline build at a time; readers never wait
        self._writing = threading.Lock()  # one ingest or removal at a time in this process

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
        """The index (a local folder or a Chroma server), checked to be built by our embedder."""
        with self._lock:
            if self._store is None:
                store = ChromaStore(
                    self.settings.index_path,
                    self.settings.collection,
                    self._embedder_id(),
                    self.settings.chroma_url,
                )
                store.check_layout()
                self._store = store
            return self._store

    def _embedder_id(self) -> str:
        # The store only needs the id; don't load a model just to read it.
        return self._embedder.id if self._embedder is not None else self.settings.embedder

    def _cache(self) -> UnitCache:
        """Where the units of every stored document are kept locally (see `ingest/cache.py`)."""
        if not self.settings.chroma_url:
            return UnitCache(Path(self.settings.index_path) / "cache")
        key = hashlib.sha1(f"{self.settings.chroma_url}/{self.settings.collection}".encode())
        return UnitCache(_user_cache() / key.hexdigest()[:16])

    @property
    def refusal_threshold(self) -> float:
        """Below this confidence the writer refuses: the configured value, or the answerability
        model's calibrated threshold over all languages (each language has its own, see
        `answer/answerability.json`)."""
        return self.settings.refusal_threshold or self._answerability_model().threshold("all")

    @property
    def refusal_thresholds(self) -> dict[str, float]:
        """The threshold the extractive writer refuses below, per question language: the
        configured value for all, or each language's calibrated one."""
        if self.settings.refusal_threshold:
            return {lang: self.settings.refusal_threshold for lang in SUPPORTED_LANGUAGES}
        return {lang: self._answerability_model().threshold(lang) for lang in SUPPORTED_LANGUAGES}

    def _answerability_model(self) -> Model:
        """The answerability model the extractive writer uses."""
        return self._answerability or load_model()

    def _no_index(self) -> NoIndexError:
        where = self.settings.chroma_url or self.settings.index_path
        return NoIndexError(
            f"No index at {where} (collection '{self.settings.collection}'). "
            "Run: reportchat ingest data/report.txt"
        )

    def _components(self) -> _Pipeline:
        """The current pipeline; rebuilt first if the index changed since it was built (by
        this process or another). While one thread rebuilds, the others keep answering from
        the pipeline they have."""
        current = self._pipeline
        if current is not None and (
            self.store.generation() == current.generation
            or not self._building.acquire(blocking=False)
        ):
            return current
        if current is None:
            self._building.acquire()
        try:
            if self._pipeline is current or self._pipeline is None:
                self._pipeline = self._build(self._pipeline)
            return self._pipeline
        finally:
            self._building.release()

    def _build(
        self, previous: _Pipeline | None, fresh: dict[str, _Part] | None = None
    ) -> _Pipeline:
        """A pipeline over the documents the index holds whole now, reusing what `previous`,
        `fresh` (just written) or the local cache already has of each, so a change costs only
        the changed documents."""
        store = self.store
        store.refresh()
        generation = store.generation()  # read before the records: a later change is seen next
        records = store.complete()
        if not records:
            raise self._no_index()
        known = {**(previous.parts if previous is not None else {}), **(fresh or {})}
        cache = self._cache()
        parts = {r.sha256: known.get(r.sha256) or self._part(store, cache, r) for r in records}
        if previous is None:
            cache.keep_only({r.sha256 for r in store.records()})
        ordered = [parts[r.sha256] for r in records]
        corpus = Corpus(
            tuple(p for part in ordered for p in part.cached.passages),
            tuple(s for part in ordered for s in part.cached.sentences),
        )
        retrievers: list[Retriever] = [
            DenseRetriever(store, self.embedder, corpus),
            LexicalRetriever.from_terms(
                corpus.sentences, [part.terms for part in ordered], glossary=default_glossary()
            ),
        ]
        reranker = (
            CrossEncoderReranker(self.settings.reranker, corpus) if self.settings.reranker else None
        )
        writer = ExtractiveWriter(
            corpus,
            threshold=self.settings.refusal_threshold or None,
            closest=self.settings.top_k,
            thesaurus=default_thesaurus(),
            glossary=default_glossary(),
            model=self._answerability,
            words=[part.words for part in ordered],
        )
        return _Pipeline(
            generation,
            corpus,
            HybridRetriever(retrievers, candidates=self.settings.candidates),
            writer,
            writer,
            reranker,
            parts,
            _OnFirstUse(lambda: self._model(corpus)) if "llm" in self.writers else None,
        )

    def _model(self, corpus: Corpus) -> Generator:
        """The llm writer over `corpus`, talking to the configured OpenAI-compatible server."""
        from answer.llm import LLMWriter  # LangChain takes 2.5 s to import: only when chosen

        return LLMWriter(
            corpus,
            self.embedder,
            AnswerPrompts(),
            base_url=self.settings.llm_url,
            model=self.settings.llm_model,
            api_key=self.settings.llm_api_key or None,
            deadline=self.settings.llm_deadline,
        )

    @staticmethod
    def _part(store: ChromaStore, cache: UnitCache, record: Record) -> _Part:
        """One document as answering needs it: from the local cache, else read from the index
        (and then cached)."""
        cached = cache.load(record.sha256, record.passages, record.sentences)
        part = _Part.restore(cached) if cached is not None else None
        if part is None:
            part = _Part.of(*store.units(record))
            cache.save(record.sha256, part.cached)
        return part

    # -- ingest ---------------------------------------------------------------------------------

    @contextmanager
    def _writer(self, waiting: Waiting) -> Iterator[None]:
        """Be the index's one writer: in this process, then among all processes."""
        with self._writing:
            if self.settings.chroma_url:
                with lease_lock(self.store, waiting):
                    yield
            else:
                with file_lock(Path(self.settings.index_path), waiting):
                    yield

    def ingest(
        self,
        paths: Sequence[Path | str],
        rebuild: bool = False,
        progress: Progress = no_progress,
        waiting: Waiting = no_waiting,
    ) -> list[IngestResult]:
        """Index the files under `paths`; unchanged ones (same content hash) are skipped.

        Every file is read, split and checked before anything is written. Each document then
        becomes visible whole or not at all: a model error, Ctrl-C or SIGKILL part-way leaves
        it as before, and the next ingest finishes the job. Questions keep being answered from
        the current pipeline while documents embed; the new one is swapped in at the end.
        """
        limit = self.settings.max_file_mb
        documents = [load(p, max_file_mb=limit) for p in expand_paths(paths)]
        _check_unique_names(documents)
        split_up = {d.sha256: split(d) for d in documents}
        for doc in documents:
            passages, sentences = split_up[doc.sha256]
            check_units(doc.name, len(passages), len(sentences), self.settings.max_units)
        with self._writer(waiting):
            if rebuild:
                drop_collection(
                    self.settings.index_path, self.settings.collection, self.settings.chroma_url
                )
                with self._lock:
                    self._store = None
            store = self.store
            store.repair()
            known = {r.name: r.sha256 for r in store.complete()}
            seen_hashes = set(known.values())
            results: list[IngestResult] = []
            stale: list[str] = []
            fresh: dict[str, _Part] = {}
            now = datetime.now(UTC).isoformat(timespec="seconds")
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
                passages, sentences = split_up[doc.sha256]
                fresh[doc.sha256] = self._store_document(
                    store, doc, passages, sentences, now, progress
                )
                status: Literal["added", "updated"] = "updated" if doc.name in known else "added"
                results.append(IngestResult(doc.name, status, len(passages), len(sentences)))
            for name in stale:
                store.remove(name)
            self._swap(fresh)
            return results

    def _store_document(
        self,
        store: ChromaStore,
        doc: Document,
        passages: list[Passage],
        sentences: list[Sentence],
        at: str,
        progress: Progress,
    ) -> _Part:
        """Embed and write one document in bounded batches, then commit it (or take it away).
        Returns the document as answering needs it, also saved to the local cache."""
        record = store.start(doc, len(passages), len(sentences), at)
        try:
            titles = title_vectors(self.embedder, sentences)
            batches: list[np.ndarray] = []
            for i in range(0, len(sentences), STORE_BATCH):
                batch = sentences[i : i + STORE_BATCH]
                batches.append(unit_vectors(self.embedder, batch, titles))
                store.put(batch, batches[-1], doc)
                progress(doc.name, i + len(batch), len(sentences))
            vectors = np.concatenate(batches) if batches else np.empty((0, 0), dtype=np.float32)
            of_passages = passage_vectors(self.embedder, passages, sentences, vectors, titles)
            store.put(passages, of_passages, doc)
            store.commit(record)
        except BaseException:
            store.abort(record)
            raise
        part = _Part.of(passages, sentences)
        self._cache().save(doc.sha256, part.cached)
        return part

    def _swap(self, fresh: dict[str, _Part] | None = None) -> None:
        """Build the pipeline for the index as it is now, aside, and put it in place; `fresh`
        are the documents just written, by content hash (not read back from the cache)."""
        with self._building:
            try:
                self._pipeline = self._build(self._pipeline, fresh)
            except NoIndexError:
                self._pipeline = None

    def ensure_index(self, progress: Progress = no_progress) -> bool:
        """Build the index from the bundled report if it is empty; True if it was built."""
        if not self.store.is_empty():
            return False
        self.ingest([self.settings.bundled_report], progress=progress)
        return True

    def corpus(self) -> Corpus:
        """Every passage and sentence of the documents the index holds whole."""
        return self._components().corpus

    def documents(self) -> list[DocumentInfo]:
        """What the index holds (nothing, and nothing created, when there is no index)."""
        return self.store.documents()

    def remove(self, name: str, waiting: Waiting = no_waiting) -> int:
        """Remove a document by name; returns the number of passages and sentences removed."""
        with self._writer(waiting):
            self.store.repair()
            removed = self.store.remove(name)
            self._swap()
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
                'say about rural incomes?"',
                "empty",
            )
        if len(text) > limit:
            raise QuestionError(
                f"The question is {len(text):,} characters long; the limit is "
                f"{limit:,}. Ask a shorter question.",
                "too_long",
                length=len(text),
                limit=limit,
            )
        if has_control_characters(text):
            raise QuestionError(
                "The question contains control characters. Retype it as plain text and ask again.",
                "control",
            )
        code = detect_language(text)
        if code == "unknown":
            raise QuestionError(
                f"The question {text[:40]!r} has no words in it. Ask a real question in English, "
                f"Chinese or Persian, e.g. {examples['en']}",
                "no_words",
            )
        if code not in SUPPORTED_LANGUAGES:
            name = _LANGUAGE_NAMES.get(code, code)
            raise QuestionError(
                f"The question looks like {name}; ReportChat answers in English, "
                "Chinese or Persian. Ask again in one of those.",
                "language",
                name=name,
            )
        if looks_like_code(text):
            raise QuestionError(
                f"The question {text[:40]!r} looks like code or a command-line option, not a "
                f"question. Ask a real question, e.g. {examples[code]}",
                "code",
            )
        if is_small_talk(text):
            raise QuestionError(
                f"{text[:40]!r} is a greeting or a reply, not a question. Ask something about "
                f"the report, e.g. {examples[code]}",
                "small_talk",
            )
        if not has_content(text) and not is_overview(text):  # "What is the report about?"
            raise QuestionError(
                f"The question {text[:40]!r} has no word to search for, only words every "
                f'sentence has ("the", "of", "的"). Ask a real question, e.g. {examples[code]}',
                "no_content",
            )
        return text

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        """The best sentences for `question`: dense and lexical search fused, then reranked
        by the cross-encoder when one is configured."""
        return self._retrieve(self._components(), question, k)

    def _retrieve(self, pipeline: _Pipeline, question: str, k: int | None = None) -> list[Hit]:
        k = k or self.settings.candidates
        hits = pipeline.retriever.retrieve(question, k)
        if pipeline.reranker is not None:
            hits = pipeline.reranker.rerank(question, hits, k)
        return hits

    def warm_up(self) -> None:
        """Load the models and build the search structures now, so the first question is as
        quick as the rest (the UI calls this before it starts listening). Chroma reads its
        vector indexes on a thread of its own meanwhile (it lets go of Python's lock); the
        pipeline and then the Chinese dictionaries are built on this one: both are Python
        work that would only take turns for the lock, and slow each other down doing so."""
        store = self.store
        if store.is_empty():
            raise self._no_index()
        vector = self.embedder.embed_query("warm up")
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-up") as side:
            warmed = side.submit(store.warm, vector)
            self.retrieve("warm up")
            _load_languages()
            warmed.result()

    def _write(self, pipeline: _Pipeline, question: str, hits: list[Hit]) -> Answer:
        """The writer's answer, or a refusal if any citation of it does not check out."""
        answer = pipeline.writer.write(question, hits)
        if citation_problems(answer, pipeline.corpus):
            # Never show a claim we could not check: fall back to the closest passages.
            return refusal(question, hits, pipeline.corpus, self.settings.top_k)
        return answer

    def candidates(self, question: str) -> list[Scored]:
        """The sentences the extractive writer weighs for `question`, with their answerability
        features and probabilities, most probable first (for training and inspection)."""
        text = self.check_question(question)
        pipeline = self._components()
        return pipeline.extractive.score(text, self._retrieve(pipeline, text))

    @property
    def writers(self) -> tuple[str, ...]:
        """The answer writers on offer, the configured one first: the extractive writer, and
        the llm writer too when a server and a model are configured."""
        offered = ("extractive", "llm") if self.settings.llm_url and self.settings.llm_model else ()
        return (self.settings.writer, *(w for w in offered if w != self.settings.writer))

    def _generator(self, pipeline: _Pipeline, writer: str | None) -> Generator | None:
        """The llm writer if `writer` (default: the configured one) names it, else None."""
        chosen = writer or self.settings.writer
        if chosen not in self.writers:
            raise InputError(
                f"The answer writer {chosen!r} is not on offer here; choose one of "
                f"{', '.join(self.writers)} (the llm writer needs REPORTCHAT_LLM_URL and "
                "REPORTCHAT_LLM_MODEL)."
            )
        return pipeline.model.get() if chosen == "llm" and pipeline.model else None

    def ask(self, question: str, writer: str | None = None) -> Answer:
        """Answer `question` with cited sentences of the report, or refuse honestly; with the
        llm writer (`writer`, default the configured one), with the model's checked answer
        unless it fails or does not hold up."""
        started = time.perf_counter()
        text, pipeline, model, searched = self._prepare(question, writer)
        retrieved_at = time.perf_counter()
        if model is None:
            answer = self._extractive(pipeline, text, searched)
        else:
            answer = generated_answer(
                model,
                text,
                interleaved(hits for _, hits in searched),
                lambda: self._extractive(pipeline, text, searched),
                lambda generated: citation_problems(generated, pipeline.corpus),
            )
        return self._finish(answer, searched, started, retrieved_at)

    def stream(self, question: str, writer: str | None = None) -> StreamedAnswer | ReadyAnswer:
        """`ask`, as the answer is written: iterate for its text chunks (the extractive writer
        gives its text as one), then `.answer()` for the answer to show, which is the
        extractive one, with `fallback_reason` set, when the model's did not hold up."""
        started = time.perf_counter()
        text, pipeline, model, searched = self._prepare(question, writer)
        retrieved_at = time.perf_counter()
        if model is None:
            answer = self._extractive(pipeline, text, searched)
            return ReadyAnswer(self._finish(answer, searched, started, retrieved_at))
        return StreamedAnswer(
            model,
            text,
            interleaved(hits for _, hits in searched),
            lambda: self._extractive(pipeline, text, searched),
            lambda generated: citation_problems(generated, pipeline.corpus),
            lambda answer: self._finish(answer, searched, started, retrieved_at),
        )

    def _prepare(
        self, question: str, writer: str | None
    ) -> tuple[str, _Pipeline, Generator | None, list[tuple[str, list[Hit]]]]:
        """What answering `question` starts from: the checked text, one pipeline for all of it,
        the llm writer if `writer` chooses it, and the hits searched for each part."""
        text = self.check_question(question)
        pipeline = self._components()
        model = self._generator(pipeline, writer)
        return text, pipeline, model, self._search(pipeline, text)

    def parts(self, question: str) -> list[str]:
        """The questions `question` asks, as the writer answers them one by one, each refused
        at the threshold on its own; [question] when it asks one. Raises QuestionError as
        `ask` does."""
        return _parts_of(self.check_question(question))

    def _search(self, pipeline: _Pipeline, text: str) -> list[tuple[str, list[Hit]]]:
        """Each part of the question `text` with the hits retrieved for it."""
        # a summary of one article is searched by its topic alone: "Give me a short summary of
        # the article on Mazandaran" is closer, by meaning, to any sentence with "summarized"
        about = topic(text) if summary_of_topic(text) and not is_overview(text) else text
        parts = _parts_of(text)
        return [
            (part, self._retrieve(pipeline, part if len(parts) > 1 else about)) for part in parts
        ]

    def _extractive(
        self, pipeline: _Pipeline, text: str, searched: list[tuple[str, list[Hit]]]
    ) -> Answer:
        """The extractive answer to `text` from the hits `searched` for its parts."""
        answers = [self._write(pipeline, part, hits) for part, hits in searched]
        # a multi-part question gets one cited answer per part, numbered, saying which part
        # the report does not answer
        answer = answers[0]  # `_write` has checked its citations
        if len(answers) > 1:
            answer = combine(text, answer_language(text), answers)
            if citation_problems(answer, pipeline.corpus):
                answer = refusal(text, searched[0][1], pipeline.corpus, self.settings.top_k)
        return answer

    @staticmethod
    def _finish(
        answer: Answer,
        searched: list[tuple[str, list[Hit]]],
        started: float,
        retrieved_at: float,
    ) -> Answer:
        """`answer` with its sources' similarities, its timings and the passages retrieved."""
        hits = [h for _, part_hits in searched for h in part_hits]
        similarity: dict[str, float] = {}
        for h in hits:
            pid = h.sentence.passage_id
            similarity[pid] = max(similarity.get(pid, 0.0), h.similarity)
        done = time.perf_counter()
        return replace(
            answer,
            citations=tuple(
                replace(c, score=similarity.get(c.passage_id, 0.0)) for c in answer.citations
            ),
            timings=Timings(
                retrieve=(retrieved_at - started) * 1000,
                answer=(done - retrieved_at) * 1000,
                total=(done - started) * 1000,
            ),
            retrieved=tuple(dict.fromkeys(h.sentence.passage_id for h in hits)),  # in order
        )


def _parts_of(text: str) -> list[str]:
    """The parts a checked question `text` is searched and answered as, one by one."""
    return split_parts(text, answer_language(text))
