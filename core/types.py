"""The data that crosses module boundaries, and the one-verb roles components play."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from core.text import readable

Language = Literal["en", "zh", "fa"]
Kind = Literal["passage", "sentence"]


@dataclass(frozen=True)
class HiddenText:
    """Text of a file no reader sees (an HTML comment, invisible HTML or DOCX text), which the
    loader left out: where it was in the document's text, how it was hidden, what it said."""

    offset: int
    how: str
    text: str


@dataclass(frozen=True)
class Document:
    """A loaded file: its display name, original text and content hash."""

    name: str
    text: str
    sha256: str
    source: str = ""  # the path it came from, for messages
    hidden: tuple[HiddenText, ...] = ()  # what the loader left out of `text`, by offset


@dataclass(frozen=True)
class Passage:
    """A paragraph (or a piece of a long one): what a reader sees beside an answer.

    `start`/`end` are character offsets into the document's original text;
    `text` is the original (display) text and `clean` the normalised text we index.
    `suspicious` says why the passage reads like an instruction to a model ("" when it does
    not, and in an index built before the check): see `ingest.suspicious`.
    """

    id: str
    document: str
    section: str
    paragraph: int
    start: int
    end: int
    text: str
    clean: str
    suspicious: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage: what an answer quotes."""

    id: str
    passage_id: str
    document: str
    section: str
    paragraph: int
    start: int
    end: int
    text: str
    clean: str


@dataclass(frozen=True)
class Corpus:
    """Every passage and sentence in the index, in document order, looked up by id."""

    passages: tuple[Passage, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    by_id: dict[str, Passage] = field(default_factory=dict, compare=False, repr=False)
    children: dict[str, list[Sentence]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({p.id: p for p in self.passages})
        for s in self.sentences:
            self.children.setdefault(s.passage_id, []).append(s)

    def passage_of(self, sentence: Sentence) -> Passage:
        """The passage a sentence belongs to."""
        return self.by_id[sentence.passage_id]

    def sentences_of(self, passage_id: str) -> list[Sentence]:
        """The sentences of a passage, in order."""
        return self.children.get(passage_id, [])


@dataclass(frozen=True)
class Hit:
    """A sentence found for a query.

    `score` ranks hits within one list (higher is better; its scale depends on who made it);
    `similarity` is the dense cosine similarity to the question, comparable across questions,
    or 0.0 where no dense model saw the sentence.
    """

    sentence: Sentence
    score: float
    similarity: float = 0.0


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer: the passage and the exact sentence quoted from it."""

    n: int
    document: str
    section: str
    paragraph: int
    text: str
    quote: str
    passage_id: str = ""
    # the best dense similarity of a retrieved sentence of this passage to the question, 0.0
    # where none was retrieved; shown beside the source, not part of what the citation is
    score: float = field(default=0.0, compare=False)
    # why the passage reads like an instruction to a model ("" when it does not): the sources
    # label it, the answer prompt quotes it as flagged data
    suspicious: str = ""

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str = "") -> Citation:
        """Citation `[n]` of `passage`, quoting `quote` from it (nothing, for a closest passage).

        The passage is shown as cleaned (`China's`, not the source's `China”s`): cleaning maps
        character for character, so the quote's place in it is its place in the original."""
        return cls(
            n,
            passage.document,
            readable(passage.section),
            passage.paragraph,
            readable(passage.text),
            quote,
            passage.id,
            suspicious=passage.suspicious,
        )

    @property
    def label(self) -> str:
        """`report.txt › "Title" ¶3`, the way a reader finds the source."""
        return f'{self.document} › "{self.section}" ¶{self.paragraph}'


@dataclass(frozen=True)
class Claim:
    """One sentence of a generated answer, the `[n]` markers it carries, and whether its cited
    passages support it (`reason` says why not; empty when supported).

    `similarity` is its cosine similarity to the closest sentence of the passages it cites."""

    text: str
    citations: tuple[int, ...]
    supported: bool
    reason: str = ""
    similarity: float = 0.0


@dataclass(frozen=True)
class Timings:
    """Milliseconds spent answering."""

    retrieve: float = 0.0
    answer: float = 0.0
    total: float = 0.0


@dataclass(frozen=True)
class Answer:
    """An answer: text with `[n]` markers, its citations, or a refusal with the closest passages."""

    question: str
    text: str
    refused: bool
    language: Language
    citations: tuple[Citation, ...] = ()
    timings: Timings = field(default_factory=Timings)
    retrieved: tuple[str, ...] = ()  # passage ids in retrieval order, for evaluation
    confidence: float = 0.0  # the writer's score for its best sentence; refusals fall below it
    premise: str | None = None  # "unsupported": the question took for granted what is not said
    writer: Literal["extractive", "llm"] = "extractive"
    claims: tuple[Claim, ...] = ()  # a generated answer's sentences, each checked
    # why this answer should not be shown as is: a generated answer none of whose claims its
    # passages support ("" otherwise); the caller shows the extractive answer instead
    fallback_reason: str = ""

    @property
    def unsupported(self) -> tuple[str, ...]:
        """The texts of the claims the cited passages do not support."""
        return tuple(c.text for c in self.claims if not c.supported)

    def to_json(self) -> dict[str, object]:
        """The object `reportchat ask --json` prints and the UI's API returns."""
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "language": self.language,
            "citations": [
                {
                    "n": c.n,
                    "document": c.document,
                    "section": c.section,
                    "paragraph": c.paragraph,
                    "text": c.text,
                    "quote": c.quote,
                    **({"suspicious": c.suspicious} if c.suspicious else {}),
                }
                for c in self.citations
            ],
            **({"premise": self.premise} if self.premise else {}),
            # an extractive answer quotes the report's sentences as they are: no claims to check
            "writer": self.writer,
            "claims": [
                {
                    "text": c.text,
                    "citations": list(c.citations),
                    "supported": c.supported,
                    "reason": c.reason,
                }
                for c in self.claims
            ],
            "unsupported": list(self.unsupported),
            **({"fallback_reason": self.fallback_reason} if self.fallback_reason else {}),
            "timings_ms": {
                "retrieve": round(self.timings.retrieve, 2),
                "answer": round(self.timings.answer, 2),
                "total": round(self.timings.total, 2),
            },
        }


@dataclass(frozen=True)
class DocumentInfo:
    """What the index holds of one document."""

    name: str
    sha256: str
    passages: int
    sentences: int
    ingested_at: str
    suspicious: int = 0  # passages flagged as reading like an instruction to a model


@dataclass(frozen=True)
class IngestResult:
    """What `ingest` did with one file."""

    name: str
    status: Literal["added", "updated", "skipped"]
    passages: int
    sentences: int
    reason: str = ""


@dataclass(frozen=True)
class Match:
    """An id a vector index found for a query vector, with its cosine similarity."""

    id: str
    similarity: float


class VectorIndex(Protocol):
    """Finds stored units nearest to a vector."""

    def query(self, vector: Sequence[float], kind: Kind, k: int) -> list[Match]:
        """The `k` units of `kind` nearest to `vector`, most similar first."""
        ...


class Embedder(Protocol):
    """Turns text into vectors; queries and documents may be embedded differently."""

    @property
    def id(self) -> str:
        """A stable name recorded in the index, e.g. `e5-small`."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed many passages or sentences."""
        ...


class Retriever(Protocol):
    """Finds the sentences most likely to answer a query."""

    def retrieve(self, query: str, k: int) -> list[Hit]:
        """Return at most `k` hits, best first."""
        ...


class Reranker(Protocol):
    """Reorders hits by a finer relevance model."""

    def rerank(self, query: str, hits: Sequence[Hit], k: int) -> list[Hit]:
        """Return at most `k` hits, best first."""
        ...


class AnswerWriter(Protocol):
    """Writes an answer from the question and the retrieved hits."""

    def write(self, question: str, hits: Sequence[Hit]) -> Answer:
        """Answer `question` from `hits`, or refuse."""
        ...
