"""ReportChat's retrieval as a LangChain retriever, run inside an LCEL chain."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.prompts import PromptTemplate
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant import Assistant
from core.errors import QuestionError
from langchain_retriever import ReportChatRetriever


def test_it_returns_passages_with_our_citation_metadata(report_assistant: Assistant) -> None:
    retriever = ReportChatRetriever(assistant=report_assistant, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("How many people from poor households were employed in 2024?")
    assert 1 <= len(docs) <= 3
    assert [d.metadata["n"] for d in docs] == list(range(1, len(docs) + 1))
    assert len({d.metadata["passage_id"] for d in docs}) == len(docs)  # each passage once
    best = docs[0]
    assert "33.05 million" in best.page_content
    assert best.metadata["quote"] in best.page_content
    assert best.metadata["document"] == "report.txt"
    assert best.metadata["label"].startswith('report.txt › "')


def test_it_runs_in_an_lcel_chain(report_assistant: Assistant) -> None:
    def context(docs: list[Document]) -> str:
        return "\n".join(f"[{d.metadata['n']}] {d.page_content}" for d in docs)

    prompt = PromptTemplate.from_template("Passages:\n{context}\n\nQuestion: {question}")
    chain = (
        {
            "context": ReportChatRetriever(assistant=report_assistant, k=2) | context,
            "question": RunnablePassthrough(),
        }
        | prompt
        | RunnableLambda(lambda value: value.to_string())
    )
    text = chain.invoke("Which organisation released the report?")
    assert text.startswith("Passages:\n[1] ")
    assert "Xinhua Institute" in text
    assert text.endswith("Question: Which organisation released the report?")


def test_a_question_the_assistant_refuses_to_take_raises_its_error(
    report_assistant: Assistant,
) -> None:
    with pytest.raises(QuestionError):
        ReportChatRetriever(assistant=report_assistant).invoke("   ")
