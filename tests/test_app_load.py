"""Twenty clients at once, over real HTTP on 127.0.0.1, while a document is being added: every
answer equals the one a single client gets, and questions are answered while the upload embeds
(the new document is swapped in only once it is whole)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from app_server import free_port
from conftest import make_settings
from gradio_client import Client

from app import build_demo
from assistant import Assistant
from core.types import Embedder

CLIENTS = 20
QUESTIONS = [
    "How many people from formerly poor households were employed at the end of 2024?",
    "Which organisation released the report?",
    "By the end of 2024, to how many countries had China provided development assistance?",
    "How many projects has the Global Development Initiative implemented?",
    "Who is Mali's minister that praised the report?",
    "报告是由哪个机构发布的？",
    "2024年底，脱贫人口务工就业规模是多少？",
    "What is the capital of Canada?",
    "How many free zones does Mazandaran have now?",
    "When was the report released?",
]


def comparable(result: dict) -> dict:
    """An `/ask` result without its timings (the only part that may differ)."""
    return {k: v for k, v in result.items() if k != "timings_ms"}


@pytest.mark.slow
def test_twenty_clients_get_one_clients_answers_while_an_upload_embeds(
    index_copy: Path, embedder: Embedder, tmp_path: Path
) -> None:
    assistant = Assistant(make_settings(index_copy), embedder=embedder)
    assistant.warm_up()
    port = free_port()
    demo = build_demo(assistant)
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        single = {
            q: comparable(Client(url, verbose=False).predict(q, api_name="/ask")) for q in QUESTIONS
        }

        ledger = tmp_path / "ledger.txt"
        ledger.write_text(
            "Ledger\n"
            + "\n\n".join(
                f"Entry {i} records {i * 7 + 3} crates of quinces shipped in week {i % 52}."
                for i in range(1500)
            ),
            encoding="utf-8",
        )
        embedding = threading.Event()

        def progress(_what: str, done: int, _total: int) -> None:
            if done:
                embedding.set()

        upload = threading.Thread(
            target=assistant.ingest, args=([ledger],), kwargs={"progress": progress}
        )
        upload.start()
        assert embedding.wait(timeout=300)  # the first batch is embedded and written

        def ask_all(_client: int) -> list[tuple[dict, bool]]:
            client = Client(url, verbose=False)
            return [
                (comparable(client.predict(q, api_name="/ask")), upload.is_alive())
                for q in QUESTIONS
            ]

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            answered = [r for rs in pool.map(ask_all, range(CLIENTS)) for r in rs]
        upload.join(timeout=600)
        assert not upload.is_alive()
        after = {
            q: comparable(Client(url, verbose=False).predict(q, api_name="/ask")) for q in QUESTIONS
        }
    finally:
        demo.close()

    # each answer is the one a single client gets from the index before the new document is
    # swapped in, or after (a refusal's closest passages may then include the ledger's)
    assert len(answered) == CLIENTS * len(QUESTIONS) == 200
    for result, _ in answered:
        assert result in (single[result["question"]], after[result["question"]])
    during = sum(alive and result == single[result["question"]] for result, alive in answered)
    assert during > 0, "no question was answered while the upload embedded"
    assert [d.name for d in assistant.documents()] == ["ledger.txt", "report.txt"]
