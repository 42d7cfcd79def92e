"""The llm writer wired in: settings, `Assistant.ask`/`stream`, `--writer` on the command line.

A scripted OpenAI-compatible server on 127.0.0.1 (`tests/llm_server.py`) stands in for the model
only: the real `ChatOpenAI` client talks HTTP to it, the claim check runs with the real embedder,
and the assistant answers from a real Chroma index of the bundled report.
"""

from __future__ import annotations

import json
import logging
import os
import pty
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from cli_env import Run, no_reportchat_variables, read_terminal  # noqa: F401 (autouse)
from llm_server import STALL_CAP, Reply, ScriptedServer, completion, streamed

from answer.generated import interleaved
from assistant import Assistant
from cli import _settings, build_parser, main
from core.config import Settings
from core.errors import InputError
from core.types import Answer, Embedder

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-wiring-secret-9931"
EMPLOYED = (
    "How many individuals from previously impoverished households were employed at the end of 2024?"
)
JOBS = "33.05 million"  # what the report says of EMPLOYED
WRONG = "By the end of 2024, 35.05 million people from formerly poor households had jobs"
RIGHT = "By the end of 2024, 33.05 million people from formerly poor households had jobs"
READ_LIMIT = 120.0  # seconds a subprocess may take to print what a test waits for, at most


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


def llm_settings(index: Path, url: str, deadline: float = 10.0) -> Settings:
    """Default settings over `index` with the llm writer asking the server at `url`."""
    return replace(
        Settings(),
        index_path=index,
        writer="llm",
        llm_url=url,
        llm_model="tiny",
        llm_api_key=KEY,
        llm_deadline=deadline,
    )


@pytest.fixture
def generating(
    report_index: Path, embedder: Embedder, server: ScriptedServer
) -> Callable[..., Assistant]:
    """`generating(deadline=10.0)`: an assistant with the llm writer, asking `server`."""
    return lambda deadline=10.0: Assistant(
        llm_settings(report_index, server.url, deadline), embedder=embedder
    )


@pytest.fixture(scope="module")
def extractive(report_assistant: Assistant) -> Answer:
    """The extractive writer's answer to EMPLOYED: what every fallback must show."""
    return report_assistant.ask(EMPLOYED)


def passage_number(assistant: Assistant, server: ScriptedServer, question: str, has: str) -> int:
    """The `[n]` the prompt for `question` gives the first passage holding `has` (asked once,
    the model answering nothing useful)."""
    server.push(completion("Nothing."))
    assistant.ask(question)
    user = server.received[-1].body["messages"][1]["content"]
    for line in user.splitlines():
        found = re.match(r"\[(\d+)\] (.*)", line)
        if found and has in found[2]:
            return int(found[1])
    raise AssertionError(f"no passage with {has!r} in the prompt:\n{user}")


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# -- settings -------------------------------------------------------------------------------------


def test_the_writer_and_the_model_server_come_from_their_variables() -> None:
    settings = Settings.from_env(
        {
            "REPORTCHAT_WRITER": "llm",
            "REPORTCHAT_LLM_URL": "http://127.0.0.1:11434/v1",
            "REPORTCHAT_LLM_MODEL": "llama3.2",
            "REPORTCHAT_LLM_API_KEY": KEY,
            "REPORTCHAT_LLM_DEADLINE": "12.5",
        }
    )
    assert (settings.writer, settings.llm_url, settings.llm_model) == (
        "llm",
        "http://127.0.0.1:11434/v1",
        "llama3.2",
    )
    assert (settings.llm_api_key, settings.llm_deadline) == (KEY, 12.5)
    assert KEY not in repr(settings) and "llama3.2" in repr(settings)
    # with no variables: the extractive writer, as before
    assert (Settings.from_env({}).writer, Settings.from_env({}).llm_url) == ("extractive", "")


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"REPORTCHAT_WRITER": "gpt"}, ["Unknown answer writer 'gpt'", "extractive, llm"]),
        ({"REPORTCHAT_WRITER": "llm"}, ["REPORTCHAT_LLM_URL is not set", "--writer extractive"]),
        (
            {"REPORTCHAT_WRITER": "llm", "REPORTCHAT_LLM_URL": "http://127.0.0.1:8080/v1"},
            ["REPORTCHAT_LLM_MODEL is not set", "Set it to a model the server"],
        ),
        (
            {"REPORTCHAT_LLM_URL": "localhost:11434"},
            ["REPORTCHAT_LLM_URL='localhost:11434' is not an http(s) URL", "e.g. http://"],
        ),
        ({"REPORTCHAT_LLM_DEADLINE": "0"}, ["REPORTCHAT_LLM_DEADLINE=0 must be more than 0"]),
    ],
    ids=["unknown-writer", "llm-without-url", "llm-without-model", "url-not-http", "deadline-0"],
)
def test_a_bad_writer_setting_is_a_one_line_error_naming_the_fix(
    env: dict[str, str], says: list[str]
) -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({**env, "REPORTCHAT_LLM_API_KEY": KEY})
    message = str(caught.value)
    assert "\n" not in message and KEY not in message
    for phrase in says:
        assert phrase in message


def test_the_writer_flag_overrides_the_variable(
    monkeypatch: pytest.MonkeyPatch, report_index: Path, embedder: Embedder, capsys: Any
) -> None:
    monkeypatch.setenv("REPORTCHAT_WRITER", "llm")  # and no REPORTCHAT_LLM_URL
    refused = main(["ask", EMPLOYED, "--index", str(report_index)], embedder=embedder)
    err = capsys.readouterr().err
    assert refused == 2 and err.count("\n") == 1 and "REPORTCHAT_LLM_URL is not set" in err
    flagged = ["ask", EMPLOYED, "--index", str(report_index), "--writer", "extractive", "--json"]
    assert main(flagged, embedder=embedder) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["writer"] == "extractive" and JOBS in shown["answer"]


# -- ask --json -----------------------------------------------------------------------------------


def test_ask_json_with_the_llm_writer_reports_writer_claims_and_unsupported(
    generating,
    server: ScriptedServer,
    monkeypatch: pytest.MonkeyPatch,
    report_index: Path,
    embedder: Embedder,
    capsys: Any,
) -> None:
    n = passage_number(generating(), server, EMPLOYED, JOBS)
    server.push(completion(f"{RIGHT} [{n}]. {WRONG} [{n}]."))
    for name, value in (("WRITER", "extractive"), ("LLM_URL", server.url), ("LLM_MODEL", "tiny")):
        monkeypatch.setenv(f"REPORTCHAT_{name}", value)
    monkeypatch.setenv("REPORTCHAT_LLM_API_KEY", KEY)
    argv = ["ask", EMPLOYED, "--json", "--writer", "llm", "--index", str(report_index)]
    code = main(argv, embedder=embedder)
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    shown = json.loads(captured.out)
    assert shown["writer"] == "llm" and "fallback_reason" not in shown
    assert [(c["text"], c["citations"], c["supported"]) for c in shown["claims"]] == [
        (f"{RIGHT}.", [1], True),
        (f"{WRONG}.", [1], False),
    ]
    assert shown["claims"][0]["reason"] == ""
    assert shown["claims"][1]["reason"].startswith("the number 35050000 is not in [1]")
    assert shown["unsupported"] == [f"{WRONG}."]
    assert shown["answer"] == f"{RIGHT} [1]. {WRONG} [1]. [unsupported]"
    [citation] = shown["citations"]
    assert JOBS in citation["text"]
    assert KEY not in captured.out
    assert server.received[-1].headers["authorization"] == f"Bearer {KEY}"  # sent, never shown


def test_ask_json_with_a_chinese_claim_checks_it_against_the_english_passage(
    generating, server: ScriptedServer, report_index: Path, embedder: Embedder, capsys: Any
) -> None:
    """A Chinese answer cites English passages: 3305万 is 33.05 million; 3505万 is not."""
    question = "2024年底有多少脱贫人口实现了就业？"
    n = passage_number(generating(), server, question, JOBS)
    right, wrong = (
        "截至2024年底，3305万脱贫人口实现了就业",
        "截至2024年底，3505万脱贫人口实现了就业",
    )
    server.push(completion(f"{right}[{n}]。{wrong}[{n}]。"))
    argv = ["ask", question, "--json", "--writer", "llm", "--index", str(report_index)]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPORTCHAT_LLM_URL", server.url)
        env.setenv("REPORTCHAT_LLM_MODEL", "tiny")
        code = main(argv, embedder=embedder)
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    shown = json.loads(captured.out)
    assert shown["writer"] == "llm" and shown["language"] == "zh"
    assert [(c["citations"], c["supported"]) for c in shown["claims"]] == [
        ([1], True),
        ([1], False),
    ]
    assert "3305万" in shown["claims"][0]["text"] and "3505万" in shown["unsupported"][0]
    assert "[无依据]" in shown["answer"]


def test_an_extractive_answer_reports_its_writer_and_no_claims(extractive: Answer) -> None:
    shown = extractive.to_json()
    assert (shown["writer"], shown["claims"], shown["unsupported"]) == ("extractive", [], [])
    assert "fallback_reason" not in shown


LAZY_PROBE = """
import json, sys
from assistant import Assistant
from core.config import Settings
question, index, url = sys.argv[1:]
settings = Settings(index_path=index, llm_url=url, llm_model="tiny")
assistant = Assistant(settings)
seen = [assistant.writers, assistant.ask(question).writer, "langchain_openai" in sys.modules]
seen += [assistant.ask(question, "llm").writer, "langchain_openai" in sys.modules]
print(json.dumps(seen))
"""


def test_the_llm_writer_is_built_only_when_a_question_chooses_it(
    server: ScriptedServer, report_index: Path
) -> None:
    """With a model server configured but the extractive writer chosen, answering never
    imports LangChain (2.5 s); the first question for the llm writer does."""
    server.push(completion(f"{RIGHT} [1]."))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1"}
    probe = [sys.executable, "-c", LAZY_PROBE, EMPLOYED, str(report_index), server.url]
    done = subprocess.run(
        probe, cwd=ROOT, env=env, capture_output=True, text=True, timeout=READ_LIMIT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    offered, first, imported_before, second, imported_after = json.loads(done.stdout)
    assert offered == ["extractive", "llm"] and first == "extractive"
    assert imported_before is False
    assert (second, imported_after) == ("llm", True)
    assert len(server.received) == 1


# -- falling back ---------------------------------------------------------------------------------

FAILURES = [
    (Reply("status", f"bad key {KEY}", status=401), "refused the API key (401)"),
    (Reply("status", "boom", status=500), "failed (500)"),
    (Reply("stall"), "did not answer within 1 s"),
    (completion("Premier Zhang Wei created 40 million jobs [1]. Nobody knows why."), "no claim"),
    (completion("The report does not say."), "the passages do not answer"),
]


@pytest.mark.parametrize(
    ("reply", "says"), FAILURES, ids=["401", "500", "timeout", "no-claim", "said-nothing"]
)
def test_a_failed_or_unsupported_generated_answer_falls_back_to_the_extractive_one(
    generating, server: ScriptedServer, extractive: Answer, reply: Reply, says: str
) -> None:
    server.push(reply)
    answer = generating(deadline=1.0).ask(EMPLOYED)
    assert answer.writer == "extractive"
    assert (answer.text, answer.citations) == (extractive.text, extractive.citations)
    assert says in answer.fallback_reason
    assert "\n" not in answer.fallback_reason and KEY not in answer.fallback_reason
    assert len(server.received) == 1  # one request: no retries


def test_a_refused_connection_falls_back_to_the_extractive_answer(
    report_index: Path, embedder: Embedder, extractive: Answer
) -> None:
    url = closed_port_url()
    assistant = Assistant(llm_settings(report_index, url, deadline=2.0), embedder=embedder)
    answer = assistant.ask(EMPLOYED)
    assert (answer.writer, answer.text) == ("extractive", extractive.text)
    assert answer.fallback_reason.startswith(f"Cannot reach the model server at {url}")
    streamed_answer = assistant.stream(EMPLOYED)
    assert list(streamed_answer) == []
    assert streamed_answer.answer().fallback_reason == answer.fallback_reason


def test_a_streamed_answer_arrives_in_chunks_then_checked(
    generating, server: ScriptedServer
) -> None:
    assistant = generating()
    n = passage_number(assistant, server, EMPLOYED, JOBS)
    chunks = (
        "By the end of 2024, ",
        "33.05 million people from formerly poor households ",
        f"had jobs [{n}].",
    )
    server.push(streamed(*chunks))
    stream = assistant.stream(EMPLOYED)
    assert list(stream) == list(chunks)
    answer = stream.answer()
    assert (answer.writer, answer.fallback_reason) == ("llm", "")
    assert answer.text == f"{RIGHT} [1]."
    assert [c.supported for c in answer.claims] == [True]
    assert answer.timings.total >= answer.timings.answer > 0
    assert stream.answer() is answer  # checked once


def test_a_stream_cut_mid_answer_falls_back_after_the_chunks_so_far(
    generating, server: ScriptedServer, extractive: Answer
) -> None:
    server.push(Reply("cut", chunks=("By the end of 2024, ", "33.05 million")))
    stream = generating().stream(EMPLOYED)
    assert "".join(stream) == "By the end of 2024, 33.05 million"
    answer = stream.answer()
    assert (answer.writer, answer.text) == ("extractive", extractive.text)
    assert "broke off its streamed answer" in answer.fallback_reason


def test_the_extractive_writer_streams_its_answer_as_one_chunk(
    report_assistant: Assistant, extractive: Answer
) -> None:
    stream = report_assistant.stream(EMPLOYED)
    assert list(stream) == [extractive.text]
    assert stream.answer().text == extractive.text


def test_an_endpoint_failure_prints_one_warning_and_the_extractive_answer(
    server: ScriptedServer,
    report_index: Path,
    embedder: Embedder,
    extractive: Answer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # whatever the client logs, the key is not in it
    server.push(Reply("status", f"invalid key {KEY}", status=401), Reply("status", "x", status=500))
    env = {"WRITER": "llm", "LLM_URL": server.url, "LLM_MODEL": "tiny", "LLM_API_KEY": KEY}
    for name, value in env.items():
        monkeypatch.setenv(f"REPORTCHAT_{name}", value)
    code = main(["ask", EMPLOYED, "--json", "--index", str(report_index)], embedder=embedder)
    captured = capsys.readouterr()
    assert code == 0
    shown = json.loads(captured.out)
    assert (shown["writer"], shown["answer"]) == ("extractive", extractive.text)
    assert "refused the API key (401)" in shown["fallback_reason"]
    [warning] = captured.err.splitlines()
    assert warning.startswith("warning: generated answer not used: The model server at")
    assert warning.endswith("Showing the extractive answer.")
    plain = main(["ask", EMPLOYED, "--index", str(report_index)], embedder=embedder)
    printed = capsys.readouterr()
    assert plain == 0 and printed.out.startswith(extractive.text + "\n\nSources:\n[1] ")
    assert "failed (500)" in printed.err
    assert len(server.received) == 2
    everything = captured.out + captured.err + printed.out + printed.err + caplog.text
    assert KEY not in everything


# -- the command line, as a process ---------------------------------------------------------------


class GatedServer(ScriptedServer):
    """The scripted server, but a stream's first chunk is sent and the rest held back until
    `gate` is set: what the client prints before that, it printed as the answer arrived."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        super().__init__()

    def stop(self) -> None:
        self.gate.set()
        super().stop()

    def before_chunk(self, i: int) -> None:
        if i == 1:
            self.gate.wait(STALL_CAP)


def _read_until(fd: int, wanted: str, seen: bytearray) -> str:
    """Read the terminal `fd` into `seen` until it holds `wanted` or the process ends."""
    return read_terminal(fd, wanted.encode(), READ_LIMIT, seen).decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Terminal:
    """What `reportchat ask` printed to a terminal: before the gate opened, and in all."""

    code: int
    before: str
    shown: str
    err: str


def ask_at_a_terminal(
    server: GatedServer, index: Path, first: str, command: tuple[str, ...] = ("ask", EMPLOYED)
) -> Terminal:
    """Run `reportchat ask EMPLOYED --writer llm` (or `command`) as a process whose stdout is
    a terminal and stdin a pipe holding EMPLOYED; open `server`'s gate once the terminal shows
    `first`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    env |= {
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "REPORTCHAT_INDEX_PATH": str(index),
        "REPORTCHAT_LLM_URL": server.url,
        "REPORTCHAT_LLM_MODEL": "tiny",
        "REPORTCHAT_LLM_API_KEY": KEY,
    }
    main_fd, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", *command, "--writer", "llm"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=terminal,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    assert process.stdin is not None
    process.stdin.write(f"{EMPLOYED}\n".encode())
    process.stdin.close()
    seen = bytearray()
    try:
        before = _read_until(main_fd, first, seen)
        server.gate.set()
        _read_until(main_fd, "\x00never printed", seen)  # to the end
        assert process.stderr is not None
        err = process.stderr.read()
        process.wait(timeout=READ_LIMIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main_fd)
    shown = seen.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return Terminal(process.returncode, before, shown, err.decode("utf-8", errors="replace"))


@pytest.fixture
def jobs_number(generating, server: ScriptedServer) -> int:
    """The `[n]` of the jobs passage in the prompt for EMPLOYED."""
    return passage_number(generating(), server, EMPLOYED, JOBS)


def test_ask_at_a_terminal_prints_the_generated_answer_as_it_arrives(
    report_index: Path, jobs_number: int
) -> None:
    n = jobs_number
    with GatedServer() as server:
        server.push(streamed(RIGHT[:19], f"{RIGHT[19:]} [{n}]."))
        run = ask_at_a_terminal(server, report_index, RIGHT[:19])
    # the first chunk was on the terminal while the server still held back the rest
    assert RIGHT[:19] in run.before and RIGHT[19:] not in run.before
    assert (run.code, run.err) == (0, "")
    assert run.shown.startswith(f"{RIGHT} [{n}].\n\nSources:\n[1] report.txt › ")
    assert run.shown.count(RIGHT) == 1 and JOBS in run.shown.split("Sources:")[1]


def test_at_a_terminal_a_changed_answer_follows_its_draft_checked(
    report_index: Path, jobs_number: int
) -> None:
    n = jobs_number
    with GatedServer() as server:
        server.push(streamed(f"{RIGHT} [{n}]. ", f"{WRONG} [{n}]."))
        run = ask_at_a_terminal(server, report_index, RIGHT)
    assert (run.code, run.err) == (0, "")
    draft, checked = run.shown.split("Checked against its sources:\n\n")
    assert draft == f"{RIGHT} [{n}]. {WRONG} [{n}].\n\n"
    assert checked.startswith(f"{RIGHT} [1]. {WRONG} [1]. [unsupported]\n\nSources:\n[1] ")


def test_at_a_terminal_a_stream_cut_short_is_followed_by_the_extractive_answer(
    report_index: Path, extractive: Answer
) -> None:
    with GatedServer() as server:
        server.push(Reply("cut", chunks=("By the end of 2024, ", "33.05 million")))
        run = ask_at_a_terminal(server, report_index, "33.05 million")
    assert run.code == 0
    assert run.shown.startswith(
        "By the end of 2024, 33.05 million\n\nThe report's own sentences instead:\n\n"
        f"{extractive.text}\n\nSources:\n[1] "
    )
    [warning] = run.err.splitlines()
    assert warning.startswith("warning: generated answer not used: The model server at ")
    assert "broke off its streamed answer" in warning and KEY not in warning + run.shown


def test_chat_at_a_terminal_streams_each_generated_answer(
    report_index: Path, jobs_number: int
) -> None:
    n = jobs_number
    with GatedServer() as server:
        server.push(streamed(RIGHT[:19], f"{RIGHT[19:]} [{n}]."))
        run = ask_at_a_terminal(server, report_index, RIGHT[:19], command=("chat",))
    assert RIGHT[:19] in run.before and RIGHT[19:] not in run.before
    assert (run.code, run.err) == (0, "")
    assert run.shown.startswith(f"{RIGHT} [{n}].\n\nSources:\n[1] report.txt › ")
    assert run.shown.endswith("\n\n")  # a blank line before the next question


def test_serve_passes_the_writer_through_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTCHAT_LLM_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("REPORTCHAT_LLM_MODEL", "llama3.2")
    parsed = build_parser().parse_args(["serve", "--writer", "llm", "--port", "7999"])
    settings = _settings(parsed)
    assert (settings.writer, settings.llm_model, settings.port) == ("llm", "llama3.2", 7999)
    assert _settings(build_parser().parse_args(["serve"])).writer == "extractive"


def test_a_multi_part_question_shows_the_model_passages_for_every_part(
    report_assistant: Assistant,
) -> None:
    first, second = report_assistant.retrieve("jobs", 3), report_assistant.retrieve("income", 2)
    assert interleaved([first, second]) == [first[0], second[0], first[1], second[1], first[2]]


# -- eval -----------------------------------------------------------------------------------------


def test_eval_with_the_llm_writer_scores_the_generated_answers(
    generating,
    server: ScriptedServer,
    report_index: Path,
    embedder: Embedder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    n = passage_number(generating(), server, EMPLOYED, JOBS)
    facts = tmp_path / "facts.jsonl"
    rows = [
        {
            "id": "en-a",
            "question": EMPLOYED,
            "language": "en",
            "answerable": True,
            "answers": ["33.05 million"],
            "evidence": ["33.05 million"],
            "kind": "number",
        },
        {
            "id": "en-b",
            "question": "How many pages does the report have?",
            "language": "en",
            "answerable": False,
            "answers": [],
            "evidence": [],
            "kind": "unanswerable",
        },
    ]
    facts.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    server.push(completion(f"{RIGHT} [{n}]."), completion("The report does not say."))
    for name, value in (("LLM_URL", server.url), ("LLM_MODEL", "tiny"), ("LLM_API_KEY", KEY)):
        monkeypatch.setenv(f"REPORTCHAT_{name}", value)
    argv = [
        "eval",
        "--facts",
        str(facts),
        "--writer",
        "llm",
        "--json",
        "--index",
        str(report_index),
    ]
    code = main(argv, embedder=embedder)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert report["claim_support"] == {
        "answers": 2,
        "generated": 1,
        "claims": 1,
        "supported": 1,
        "share_supported": 1.0,
        "fell_back": 1,
    }
    assert report["overall"]["accuracy"] == 1.0
    assert len(server.received) == 3  # the probe, then one request per question
    server.push(completion(f"{WRONG} [{n}]."), completion("The report does not say."))
    assert main([a for a in argv if a != "--json"], embedder=embedder) == 0
    assert (
        capsys.readouterr()
        .out.rstrip()
        .endswith(
            "claims supported: 0 of 0 (0.0%) in 0 generated answers; "
            "2 of 2 answers fell back to the extractive writer"
        )
    )
