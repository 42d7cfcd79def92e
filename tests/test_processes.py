"""One index, many processes: real `reportchat` processes, real SIGKILL, a real served app.

Each test bounds its waits; every process it starts is stopped before it returns.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from app_server import serve
from gradio_client import Client

from ingest.store import ChromaStore

ROOT = Path(__file__).resolve().parent.parent
REPORTCHAT = Path(sys.executable).with_name("reportchat")
WAIT = 300.0  # seconds any one process may take
FRUITS = ["apples", "pears", "plums", "cherries", "quinces", "apricots", "figs", "medlars"]
TOWNS = ["Arden", "Brill", "Cobham", "Dunmore", "Elstow", "Fenwick", "Garth", "Hale"]

pytestmark = pytest.mark.slow


def ledger(path: Path, entries: int, version: str = "first") -> Path:
    """A text file of `entries` distinct sentences, one paragraph each (so each passage shares
    its sentence's vector and the file costs one embedding per sentence): with 1,100 entries,
    three write batches."""
    lines = [f"Ledger, {version} edition"]
    for i in range(entries):
        lines.append(
            f"Entry {i} of the {version} ledger records {i * 7 + 3} crates of "
            f"{FRUITS[i % len(FRUITS)]} shipped to {TOWNS[(i // 8) % len(TOWNS)]} in week {i % 52}."
        )
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def env_for(index: Path) -> dict[str, str]:
    """The environment of a `reportchat` process on `index`, offline."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    return {**inherited, "REPORTCHAT_INDEX_PATH": str(index), "HF_HUB_OFFLINE": "1"}


def reportchat(index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `reportchat ARGS...` on `index` to the end."""
    return subprocess.run(
        [str(REPORTCHAT), *args],
        cwd=ROOT,
        env=env_for(index),
        capture_output=True,
        text=True,
        timeout=WAIT,
    )


@contextmanager
def started(index: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    """`reportchat ARGS...` running, its stderr readable line by line; killed if still alive."""
    process = subprocess.Popen(
        [str(REPORTCHAT), *args],
        cwd=ROOT,
        env=env_for(index),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=WAIT)


def read_until(process: subprocess.Popen[str], needle: str, count: int = 1) -> list[str]:
    """stderr lines up to the `count`-th holding `needle` (fails if the process ends first)."""
    assert process.stderr is not None
    seen: list[str] = []
    found = 0
    deadline = time.monotonic() + WAIT
    while found < count and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            pytest.fail(f"process ended before {count} x {needle!r}: {seen}")
        seen.append(line.rstrip("\n"))
        found += needle in line
    return seen


def documents(index: Path) -> dict[str, tuple[str, int, int]]:
    """name -> (sha256, passages, sentences), from `reportchat documents --json`."""
    done = reportchat(index, "documents", "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {r["name"]: (r["sha256"], r["passages"], r["sentences"]) for r in rows}


def rows(index: Path) -> dict[str, int]:
    """Every passage and sentence row in the index, whole documents or not."""
    return ChromaStore(index, "report", "e5-small").rows()


@pytest.fixture(scope="module")
def clean_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int, int]]:
    """What a clean ingest of the report, ledger v1 and ledger v2 stores."""
    folder = tmp_path_factory.mktemp("clean")
    counts: dict[str, tuple[str, int, int]] = {}
    for version in ("first", "second"):
        index = folder / f"{version}-index"
        (folder / version).mkdir()
        path = ledger(folder / version / "ledger.txt", 1100, version)
        done = reportchat(index, "ingest", str(ROOT / "data" / "report.txt"), str(path))
        assert done.returncode == 0, done.stderr
        found = documents(index)
        counts["report.txt"] = found["report.txt"]
        counts[version] = found["ledger.txt"]
    return counts


@pytest.mark.parametrize("progress_lines", [1, 2])
def test_a_sigkill_mid_write_leaves_the_document_out_and_a_rerun_stores_it_whole(
    tmp_path: Path, clean_counts: dict[str, tuple[str, int, int]], progress_lines: int
) -> None:
    index = tmp_path / "index"
    assert reportchat(index, "ingest", str(ROOT / "data" / "report.txt")).returncode == 0
    big = ledger(tmp_path / "ledger.txt", 1100)
    with started(index, "ingest", "--progress", str(big)) as writer:
        read_until(writer, "ledger.txt:", progress_lines)  # some batches are written
        writer.send_signal(signal.SIGKILL)
    assert documents(index) == {"report.txt": clean_counts["report.txt"]}  # no half document

    rerun = reportchat(index, "ingest", str(big))
    assert rerun.returncode == 0, rerun.stderr
    assert documents(index) == {
        "report.txt": clean_counts["report.txt"],
        "ledger.txt": clean_counts["first"],
    }
    expected = {"passages": 0, "sentences": 0}
    for _, passages, sentences in documents(index).values():
        expected["passages"] += passages
        expected["sentences"] += sentences
    assert rows(index) == expected  # nothing left over from the killed run, nothing twice


def test_a_sigkill_while_a_changed_file_is_written_keeps_the_old_version_whole(
    tmp_path: Path, clean_counts: dict[str, tuple[str, int, int]]
) -> None:
    index = tmp_path / "index"
    path = ledger(tmp_path / "ledger.txt", 1100, "first")
    assert reportchat(index, "ingest", str(path)).returncode == 0
    ledger(path, 1100, "second")
    with started(index, "ingest", "--progress", str(path)) as writer:
        read_until(writer, "ledger.txt:", 2)
        writer.send_signal(signal.SIGKILL)
    assert documents(index) == {"ledger.txt": clean_counts["first"]}
    asked = reportchat(index, "ask", "--json", "How many crates does entry 11 record?")
    assert asked.returncode == 0, asked.stderr
    assert "first ledger" in json.loads(asked.stdout)["answer"]

    assert reportchat(index, "ingest", str(path)).returncode == 0
    assert documents(index) == {"ledger.txt": clean_counts["second"]}
    _, passages, sentences = clean_counts["second"]
    assert rows(index) == {"passages": passages, "sentences": sentences}


def test_two_ingests_at_once_queue_and_both_land_whole(
    tmp_path: Path, clean_counts: dict[str, tuple[str, int, int]]
) -> None:
    index = tmp_path / "index"
    big = ledger(tmp_path / "ledger.txt", 1100)
    with started(index, "ingest", "--progress", str(big)) as first:
        read_until(first, "ledger.txt:")  # it holds the write lock now
        with started(index, "ingest", str(ROOT / "data" / "report.txt")) as second:
            said = read_until(second, "waiting:")
            assert "is writing to the index" in said[-1]
            assert second.wait(timeout=WAIT) == 0
        assert first.wait(timeout=WAIT) == 0
    assert documents(index) == {
        "report.txt": clean_counts["report.txt"],
        "ledger.txt": clean_counts["first"],
    }


def test_a_served_app_sees_another_process_ingest_and_remove(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert reportchat(index, "ingest", str(ROOT / "data" / "report.txt")).returncode == 0
    notes = tmp_path / "orchard.txt"
    notes.write_text(
        "Orchard notes\nThe Hale orchard planted 4,321 walnut trees in spring.\n", encoding="utf-8"
    )
    question = "How many walnut trees did the Hale orchard plant?"
    with serve(index, tmp_path / "app.log") as url:
        client = Client(url, verbose=False)
        before = client.predict(question, api_name="/ask")
        assert "4,321" not in before["answer"]

        assert reportchat(index, "ingest", str(notes)).returncode == 0
        added = client.predict(question, api_name="/ask")
        assert not added["refused"] and "4,321" in added["answer"]
        assert added["citations"][0]["document"] == "orchard.txt"
        report = client.predict("Which organisation released the report?", api_name="/ask")
        assert not report["refused"]

        assert reportchat(index, "remove", "orchard.txt").returncode == 0
        removed = client.predict(question, api_name="/ask")
        assert "4,321" not in removed["answer"]
        assert all(c["document"] != "orchard.txt" for c in removed["citations"])
        again = client.predict("Which organisation released the report?", api_name="/ask")
        assert again["answer"] == report["answer"]


def _read_only_mount_works() -> bool:
    probe = subprocess.run(
        ["unshare", "--mount", "sh", "-c", "mount --bind / /mnt && mount -o remount,bind,ro /mnt"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs `unshare --mount` (root)")
def test_a_read_only_index_answers_and_lists_but_refuses_changes_in_one_line(
    tmp_path: Path,
) -> None:
    index = tmp_path / "index"
    assert reportchat(index, "ingest", str(ROOT / "data" / "report.txt")).returncode == 0
    listed = documents(index)
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    script = (
        f"mount --bind {index} {mounted} && mount -o remount,bind,ro {mounted} && "
        f"{REPORTCHAT} documents --json; echo rc=$?; "
        f"{REPORTCHAT} ask --json 'Which organisation released the report?'; echo rc=$?; "
        f"{REPORTCHAT} remove report.txt; echo rc=$?"
    )
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script],
        cwd=ROOT,
        env=env_for(mounted),
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    out = done.stdout.splitlines()
    assert json.loads(out[0])["name"] == "report.txt" and out[1] == "rc=0"
    assert "Xinhua Institute" in json.loads(out[2])["answer"] and out[3] == "rc=0"
    assert out[4] == "rc=2"
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: The index at {mounted} is read-only: questions can be asked but nothing can be "
        "added or removed. Use a folder you can write (REPORTCHAT_INDEX_PATH)."
    ]
    assert "Traceback" not in done.stderr
    assert documents(index) == listed  # nothing changed underneath
