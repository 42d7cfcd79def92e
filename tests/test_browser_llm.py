"""Browser test of generated answers: `python app.py` on 127.0.0.1 with the llm writer, asking
a scripted OpenAI-compatible server in this process (the stand-in for the model only), driven by
a real headless Chromium with the fixtures of tests/test_browser.py."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import serve
from gradio_client import Client
from llm_server import ScriptedServer, completion, streamed
from playwright.sync_api import Browser, expect
from test_browser import ANSWER_TIMEOUT, Session, browser  # noqa: F401 (a fixture used by name)

pytestmark = pytest.mark.browser

EMPLOYED = "How many people from formerly poor households were employed at the end of 2024?"
RIGHT = "By the end of 2024, 33.05 million people from formerly poor households had jobs"
WRONG = "By the end of 2024, 35.05 million people from formerly poor households had jobs"


@pytest.fixture(scope="module")
def model() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


@pytest.fixture(scope="module")
def generating_url(
    tmp_path_factory: pytest.TempPathFactory, report_index: Path, model: ScriptedServer
) -> Iterator[str]:
    """The app over a copy of the report index, its default writer the scripted model."""
    folder = tmp_path_factory.mktemp("browser-llm")
    index = shutil.copytree(report_index, folder / "index")
    env = {
        "REPORTCHAT_WRITER": "llm",
        "REPORTCHAT_LLM_URL": model.url,
        "REPORTCHAT_LLM_MODEL": "tiny",
        "REPORTCHAT_LLM_DEADLINE": "20",
    }
    with serve(index, folder / "app.log", env=env) as served:
        yield served


def test_a_generated_answer_is_shown_checked_with_its_unsupported_claim_marked(
    browser: Browser,  # noqa: F811
    generating_url: str,
    model: ScriptedServer,
) -> None:
    # which [n] the prompt gives the passage with the figure, asked once through the API
    model.push(completion("Nothing."))
    Client(generating_url, verbose=False).predict(EMPLOYED, api_name="/ask")
    prompt = model.received[-1].body["messages"][1]["content"]
    found = re.search(r"^\[(\d+)\] [^\n]*33\.05 million", prompt, re.MULTILINE)
    assert found, prompt
    n = found[1]
    model.push(streamed(RIGHT[:20], f"{RIGHT[20:]} [{n}]. ", f"{WRONG} [{n}]."))

    session = Session(browser, generating_url, "en-US")
    try:
        page = session.page
        page.locator("#rc-settings").get_by_text("Settings").click()
        # two writers configured: the choice is shown, the configured one chosen
        expect(page.locator("#rc-writer input")).to_have_value("llm · tiny")
        page.locator("#rc-question textarea").fill(EMPLOYED)
        page.locator("#rc-ask").click()
        answer = page.locator('[data-testid="bot"]').last
        expect(answer).to_contain_text("Written by the model", timeout=ANSWER_TIMEOUT)
        expect(answer).to_contain_text("33.05 million")
        expect(answer).to_contain_text("⚠️ [unsupported]")
        expect(answer).not_to_contain_text("writing…")
        # both claims cite the passage, renumbered [1]: each marker is a link to it
        expect(answer.locator('a[href="#src-1"]')).to_have_count(2)
        expect(page.locator("#src-1 mark")).to_contain_text("33.05 million")
        assert session.external == [] and session.dialogs == []
    finally:
        session.close()
