"""`reportchat eval --verifier`: the claim check scored on eval/claims.jsonl, as a table or one
JSON object, exiting 1 when a case gets the wrong verdict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from core.types import Embedder
from eval.verifier import load_cases

ROOT = Path(__file__).resolve().parent.parent
CASES = load_cases()
GAPS = [c for c in CASES if c.gap]
RIGHT_CASE = {
    "id": "t-1",
    "language": "en",
    "kind": "supported",
    "claim": "By the end of 2024, 33.05 million people from formerly poor households had jobs [1].",
    "passages": {"1": {"line": 6}},
    "expected": "supported",
}


def _reportchat(*args: str) -> subprocess.CompletedProcess[str]:
    """A real `python -m cli` process, with no REPORTCHAT_* settings of the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env | {"HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _claims_file(tmp_path: Path, *cases: dict[str, object]) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")
    return path


@pytest.mark.slow
def test_the_command_prints_a_table_by_language_and_kind_and_exits_0() -> None:
    done = _reportchat("eval", "--verifier")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"claim verifier on {len(CASES)} golden cases"
    assert lines[3].split()[:3] == ["all", str(len(CASES)), str(len(CASES) - len(GAPS))]
    rows = {line.split("  ")[0]: line.split() for line in lines if line.endswith("%")}
    for language in ("en", "zh", "fa"):
        assert rows[language][-3] == str(sum(c.language == language for c in CASES))
    for kind in ("supported", "translated", "wrong number", "wrong passage", "no citation"):
        assert kind in rows, kind
    assert rows["made-up name"][-3] == str(sum(c.kind == "made-up name" for c in CASES))
    assert f"wrong: {len(GAPS)} ({len(GAPS)} known gaps); failing the run: 0" in lines
    for case in GAPS:
        assert f"KNOWN GAP {case.id} ({case.language}, {case.kind}): {case.claim}" in lines
    assert "WRONG" not in done.stdout


@pytest.mark.slow
def test_the_json_is_one_object_with_the_same_counts() -> None:
    done = _reportchat("eval", "--verifier", "--json")

    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    result = json.loads(line)
    assert result["cases"] == len(CASES)
    assert result["right"] == len(CASES) - len(GAPS)
    assert result["passed"] is True
    assert list(result["by_language"]) == ["en", "zh", "fa"]
    assert sum(v["cases"] for v in result["by_kind"].values()) == len(CASES)
    assert result["by_kind"]["translated"]["right"] == result["by_kind"]["translated"]["cases"]
    assert [(w["id"], w["fails_run"]) for w in result["wrong"]] == [(c.id, False) for c in GAPS]
    assert result["gaps_closed"] == []
    assert set(result["thresholds"]) == {"similarity", "word_coverage"}


def test_a_case_with_the_wrong_verdict_fails_the_run(
    tmp_path: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = RIGHT_CASE | {"id": "t-2", "expected": "unsupported", "reason": "no citation"}
    claims = _claims_file(tmp_path, RIGHT_CASE, wrong)

    code = main(["eval", "--verifier", "--claims", str(claims)], embedder=embedder)

    out = capsys.readouterr().out
    assert code == 1
    assert "all      2      1   50.0%" in out
    assert f"WRONG t-2 (en, supported): {RIGHT_CASE['claim']}" in out
    assert "    expected unsupported: no citation..." in out
    assert "    got      supported" in out


def test_a_wrong_reason_is_a_wrong_case_too(
    tmp_path: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    case = RIGHT_CASE | {"claim": "By the end of 2024, 35.05 million people had jobs [1]."}
    claims = _claims_file(tmp_path, case | {"expected": "unsupported", "reason": "no citation"})

    code = main(["eval", "--verifier", "--json", "--claims", str(claims)], embedder=embedder)

    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert result["passed"] is False
    [wrong] = result["wrong"]
    assert wrong["got"].startswith("unsupported: the number 35050000 is not in [1]")
    assert wrong["fails_run"] is True


def test_a_known_gap_the_check_now_gets_right_fails_the_run_until_unmarked(
    tmp_path: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = _claims_file(tmp_path, RIGHT_CASE | {"gap": "thought to be missed"})

    code = main(["eval", "--verifier", "--claims", str(claims)], embedder=embedder)

    assert code == 1
    assert "GAP CLOSED (remove its gap mark) t-1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "No cases in"),
        ("{not json\n", "Cannot read case 1 of"),
        (json.dumps(RIGHT_CASE | {"expected": "maybe"}) + "\n", "expected is 'maybe'"),
        (json.dumps(RIGHT_CASE | {"passages": {"1": {"line": 999}}}) + "\n", "neither a line"),
        (
            json.dumps({k: v for k, v in RIGHT_CASE.items() if k != "claim"}),
            "missing field 'claim'",
        ),
    ],
)
def test_a_bad_claims_file_is_a_one_line_error(
    tmp_path: Path,
    embedder: Embedder,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(content, encoding="utf-8")

    code = main(["eval", "--verifier", "--claims", str(claims)], embedder=embedder)

    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and message in err and "as in eval/claims.jsonl" in err
    assert len(err.splitlines()) == 1


def test_claims_without_verifier_and_verifier_with_sweep_are_refused(
    tmp_path: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--claims", str(tmp_path / "c.jsonl")], embedder=embedder) == 2
    assert "Add --verifier, or drop --claims" in capsys.readouterr().err
    assert main(["eval", "--verifier", "--sweep"], embedder=embedder) == 2
    assert "Drop --sweep and --html" in capsys.readouterr().err
    assert main(["eval", "--verifier", "--claims", str(tmp_path / "none.jsonl")]) == 2
    assert "No claims file at" in capsys.readouterr().err


def test_a_passage_can_be_given_as_text(
    tmp_path: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "In 2024, 12 villages opened a school."
    case = RIGHT_CASE | {"claim": "In 2024, twelve villages opened a school [1]."}
    claims = _claims_file(tmp_path, case | {"passages": {"1": {"text": text}}})

    assert main(["eval", "--verifier", "--claims", str(claims)], embedder=embedder) == 0
    assert "all      1      1  100.0%" in capsys.readouterr().out
