"""The chat page with the llm writer: its words stream in, then its checked form replaces them.

A scripted OpenAI-compatible server on 127.0.0.1 (`tests/llm_server.py`) stands in for the model
only; the real `ChatOpenAI` client talks HTTP to it, the claim check runs with the real embedder,
and the page's own handlers (`ui.chat.respond`, `app.build_demo`) answer from a real Chroma
index of the bundled report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest
from conftest import make_settings
from llm_server import Reply, ScriptedServer, completion, streamed

import app
from assistant import Assistant
from core.types import Embedder
from ui import chat as ui_chat
from ui import texts

EMPLOYED = "How many people from formerly poor households were employed at the end of 2024?"
RIGHT = "By the end of 2024, 33.05 million people from formerly poor households had jobs"
WRONG = "By the end of 2024, 35.05 million people from formerly poor households had jobs"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


@pytest.fixture
def generating(report_index: Path, embedder: Embedder, server: ScriptedServer) -> Assistant:
    """An assistant offering both writers, the llm one by default, asking `server`."""
    settings = make_settings(
        report_index, writer="llm", llm_url=server.url, llm_model="tiny", llm_deadline=10.0
    )
    return Assistant(settings, embedder=embedder)


def marker_for(assistant: Assistant, server: ScriptedServer, has: str) -> int:
    """The `[n]` the prompt for EMPLOYED gives the first passage holding `has` (asked once
    through the API, the model answering nothing useful)."""
    server.push(completion("Nothing."))
    assistant.ask(EMPLOYED)
    user = server.received[-1].body["messages"][1]["content"]
    found = re.search(rf"^\[(\d+)\] [^\n]*{re.escape(has)}", user, re.MULTILINE)
    assert found, user
    return int(found[1])


def shown(steps: list[tuple]) -> list[str]:
    """The assistant message of each step, as the chat shows it."""
    return [chat[-1]["content"] for chat, *_ in steps]


def test_a_generated_answer_streams_in_then_its_checked_form_replaces_it(
    generating: Assistant, server: ScriptedServer
) -> None:
    n = marker_for(generating, server, "33.05 million")
    server.push(streamed(f"{RIGHT[:20]}", f"{RIGHT[20:]} [{n}]. ", f"{WRONG} [{n}]."))
    steps = list(ui_chat.respond(generating, EMPLOYED, [], [], 5, "en"))
    messages = shown(steps)
    writing = texts.TEXT["en"]["writing"]
    # three drafts as the chunks arrive, growing, plain text with the "writing…" sign
    drafts = [m for m in messages if writing in m]
    assert len(drafts) == 3 and "33\\.05" in drafts[1] and "#src-" not in drafts[-1]
    assert steps[0][3] is None  # no answer until it is whole and checked
    final, sources, _, answer = steps[-1][0][-1]["content"], *steps[-1][1:]
    assert writing not in final and answer is not None and answer.writer == "llm"
    # the supported claim keeps its marker as a link to its source; the wrong number is marked
    assert "33\\.05 million" in final and "(#src-1)" in final
    assert "*⚠️ \\[unsupported\\]*" in final
    assert answer.unsupported and "35.05" in answer.unsupported[0]
    assert "Written by the model" in final and "33.05 million" in sources


def test_a_failed_model_shows_why_and_the_reports_own_sentences(
    generating: Assistant, server: ScriptedServer
) -> None:
    server.push(Reply("status", status=500))
    steps = list(ui_chat.respond(generating, EMPLOYED, [], [], 5, "zh"))
    final, answer = shown(steps)[-1], steps[-1][3]
    assert answer is not None and answer.writer == "extractive" and answer.fallback_reason
    assert final.index("未采用模型的回答") < final.index("33\\.05 million")
    assert "(#src-" in final  # the extractive answer, with its links


def test_the_page_offers_both_writers_and_the_extractive_one_answers_without_the_model(
    generating: Assistant, server: ScriptedServer
) -> None:
    demo = app.build_demo(generating)
    writer = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "rc-writer")
    assert isinstance(writer, gr.Dropdown) and writer.visible is True
    assert writer.choices == [("llm · tiny", "llm"), ("extractive", "extractive")]
    assert writer.value == "llm"
    before = len(server.received)
    steps = list(ui_chat.respond(generating, EMPLOYED, [], [], 5, "en", "extractive"))
    answer = steps[-1][3]
    assert answer is not None and answer.writer == "extractive" and not answer.fallback_reason
    assert len(server.received) == before  # the model was not asked
    assert "Written by the model" not in shown(steps)[-1]
