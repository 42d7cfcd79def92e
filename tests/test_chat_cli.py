"""Tests for `reportchat chat` (and bad questions on the command line): the real embedder and
the session's index of the bundled report."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_env import Run, no_reportchat_variables, read_terminal  # noqa: F401 (autouse)

from cli import main
from core.types import Embedder

ROOT = Path(__file__).resolve().parent.parent
INCOME = "What was the per capita disposable income of rural residents in 2024?"
MINISTER = "Who is Mali's minister that praised the report?"
ANSWER_KEYS = {"question", "answer", "refused", "language", "citations", "timings_ms"}
ANSWER_KEYS |= {"writer", "claims", "unsupported"}  # issue 11: which writer, its checked claims


@pytest.fixture
def chat(
    embedder: Embedder,
    report_index: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., Run]:
    """`chat(stdin, *flags)` runs `reportchat chat` in-process over the session's index."""

    def invoke(stdin: str, *flags: str) -> Run:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["chat", *flags, "--index", str(report_index)], embedder=embedder)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return invoke


def objects(run: Run) -> list[dict[str, object]]:
    """The JSON objects `chat --json` printed, one a line."""
    return [json.loads(line) for line in run.out.splitlines()]


def test_chat_json_rewrites_only_the_follow_up(chat) -> None:
    run = chat(f"{INCOME}\nand in 2021?\n{MINISTER}\n", "--json")
    assert (run.code, run.err) == (0, "")
    first, second, third = objects(run)
    assert all(set(o) == ANSWER_KEYS | {"searched_for"} for o in (first, second, third))
    assert first["question"] == first["searched_for"] == INCOME
    assert second["question"] == "and in 2021?"
    assert second["searched_for"] == INCOME.replace("2024", "2021")
    assert third["question"] == third["searched_for"] == MINISTER
    assert "Mamou Daffe" in str(third["answer"])


def test_chat_reports_a_bad_question_and_goes_on(chat) -> None:
    stdin = f"{INCOME}\na\n\n   \n-h\nСколько людей работает?\nabc\x07\nand in 2021?\n"
    run = chat(stdin, "--json")
    assert run.code == 0  # a conversation ends at EOF, whatever was asked in it
    answered, *bad, follow_up = objects(run)
    assert answered["searched_for"] == INCOME
    assert [o["question"] for o in bad] == ["a", "-h", "Сколько людей работает?", "abc\x07"]
    assert all(set(o) == {"question", "error"} for o in bad)
    assert "Ask a real question" in str(bad[0]["error"])
    assert "command-line option" in str(bad[1]["error"])
    assert "Russian" in str(bad[2]["error"])
    assert "control characters" in str(bad[3]["error"])
    # bad questions never enter the history: the follow-up builds on the income question
    assert follow_up["searched_for"] == INCOME.replace("2024", "2021")


def test_chat_never_merges_across_languages(chat) -> None:
    run = chat(f"{INCOME}\n那2021年呢？\n", "--json")
    _, chinese = objects(run)
    assert chinese["question"] == chinese["searched_for"] == "那2021年呢？"
    assert chinese["language"] == "zh"


def test_chat_searches_a_question_without_its_invisible_characters(chat) -> None:
    run = chat("Who is Mali's min\u200bister that praised the re\u2060port?\u202c\n", "--json")
    [answer] = objects(run)
    assert answer["question"] == answer["searched_for"] == MINISTER
    assert "Mamou Daffe" in str(answer["answer"])


def test_chat_prints_answers_and_the_rewritten_question(chat) -> None:
    run = chat(f"{INCOME}\nthe of and\nand in 2021?\n")
    assert run.code == 0
    first, rewritten, second = run.out.partition(
        f"\n(searched for: {INCOME.replace('2024', '2021')})\n"
    )
    assert rewritten and "searched for" not in first + second
    assert first.count("Sources:") == second.count("Sources:") == 1
    [error] = run.err.splitlines()
    assert error.startswith("error: The question 'the of and' has no word to search for")


def test_chat_on_empty_input_ends_at_once(chat) -> None:
    assert chat("") == Run(0, "", "")
    assert chat("\n  \n\n", "--json") == Run(0, "", "")


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("-h", "'-h' looks like code or a command-line option"),
        ("--json", "'--json' looks like code or a command-line option"),
        ("'; DROP TABLE embeddings; --", "looks like code"),
        ("的", "'的' has no word to search for"),
    ],
)
def test_ask_after_double_dash_takes_a_flag_as_the_question(
    embedder: Embedder,
    report_index: Path,
    capsys: pytest.CaptureFixture[str],
    question: str,
    phrase: str,
) -> None:
    code = main(["--index", str(report_index), "ask", "--", question], embedder=embedder)
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    [line] = captured.err.splitlines()
    assert line.startswith("error: The question ") and phrase in line
    assert "Ask a real question, e.g." in line


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    """What the terminal at `fd` shows until `wanted` appears (or `seconds` pass)."""
    return read_terminal(fd, wanted, seconds, bytearray())


@pytest.mark.slow
def test_chat_at_a_terminal_prompts_and_ends_at_ctrl_d(report_index: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    env["HF_HUB_OFFLINE"] = "1"
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "cli.py", "chat", "--json", "--index", str(report_index)],
        cwd=ROOT,
        env=env,
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    try:
        assert b"> " in _read_until(parent, b"> ", 240)
        os.write(parent, f"{MINISTER}\n".encode())
        shown = _read_until(parent, b"Mamou Daffe", 120) + _read_until(parent, b"> ", 30)
        assert b'"searched_for"' in shown and b"Mamou Daffe" in shown
        os.write(parent, b"\x04")  # Ctrl-D: end of input
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(parent)
