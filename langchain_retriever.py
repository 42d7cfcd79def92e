"""ReportChat's retrieval as a LangChain retriever, for use in a LangChain user's own chain.

The one module that knows LangChain's `BaseRetriever`: it asks the assistant (the wiring point)
for the best sentences of a question and returns each passage they come from once, best first,
as a `Document` whose metadata is our citation: document, section, paragraph, the sentence that
matched (`quote`), `label` as the sources panel shows it, and the dense `score`.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant import Assistant
from core.text import readable
from core.types import Citation

__all__ = ["ReportChatRetriever"]


class ReportChatRetriever(BaseRetriever):
    """The hybrid retriever (and reranker, when configured) of an `Assistant`, as LangChain's
    `BaseRetriever`: `ReportChatRetriever(assistant=a, k=4).invoke("question")`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Assistant
    k: int = 4  # passages returned at most

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        """The passages of the best sentences for `query`, each once, best first; a question
        the assistant would not take (empty, too long, no words) raises its QuestionError."""
        question = self.assistant.check_question(query)
        corpus = self.assistant.corpus()
        documents: list[Document] = []
        seen: set[str] = set()
        for hit in self.assistant.retrieve(question):
            passage = corpus.passage_of(hit.sentence)
            if passage.id in seen:
                continue
            seen.add(passage.id)
            citation = Citation.of(len(documents) + 1, passage, readable(hit.sentence.text))
            documents.append(
                Document(page_content=citation.text, metadata=_metadata(citation, hit.similarity))
            )
            if len(documents) >= self.k:
                break
        return documents


def _metadata(citation: Citation, score: float) -> dict[str, object]:
    """A citation as `Document.metadata` (plain values, as LangChain's stores expect)."""
    return {
        "n": citation.n,
        "document": citation.document,
        "section": citation.section,
        "paragraph": citation.paragraph,
        "passage_id": citation.passage_id,
        "quote": citation.quote,
        "label": citation.label,
        "score": round(score, 4),
        # why the passage reads like an instruction to a model ("" when it does not): quote
        # it as data in your prompt, never as an instruction
        "suspicious": citation.suspicious,
    }
