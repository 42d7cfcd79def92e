"""Tests for answer.vocabulary: a document's words worked out once, stored as bytes, merged."""

from __future__ import annotations

import hashlib
import marshal

import pytest

from answer.extractive import answer_language
from answer.vocabulary import DocumentWords, Vocabulary, per_document, words_of
from assistant import Assistant
from core.types import Document
from ingest.chunk import split

NOTES = (
    "Notes\nThe orchard grew 120 apple trees in 2023. Farmers sold the apples in town.\n\n"
    "The river flooded twice. Nobody was hurt.\n\nThe orchard grew 120 apple trees in 2023!\n"
)
DIARY = "# Diary\n\nIt rained on Monday. 星期二出了太阳。\n\n## Later\n\nThe river was calm.\n"


def document(name: str, text: str) -> Document:
    return Document(name, text, hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def merged() -> tuple[Vocabulary, list, list]:
    units = [split(document("diary.md", DIARY)), split(document("notes.txt", NOTES))]
    passages = [p for ps, _ in units for p in ps]
    sentences = [s for _, ss in units for s in ss]
    parts = [words_of(ps, ss, answer_language) for ps, ss in units]
    return Vocabulary(sentences, parts), passages, sentences


def test_lookups_span_every_document_in_order(merged: tuple[Vocabulary, list, list]) -> None:
    vocabulary, _, sentences = merged
    assert [s.text for s in vocabulary.containing("river")] == [
        "The river was calm.",
        "The river flooded twice.",
    ]
    assert vocabulary.count("river") == 2 and vocabulary.count("walnut") == 0
    assert vocabulary.passages_with("orchard") == 2  # two paragraphs of notes.txt say it
    first = next(s for s in sentences if s.text.startswith("The orchard"))
    assert [s.text for s in vocabulary.same_text(first)] == [
        "The orchard grew 120 apple trees in 2023.",
        "The orchard grew 120 apple trees in 2023!",
    ]
    assert {"orchard", "river", "diary", "appl", "later"} <= vocabulary.words  # titles too
    assert "walnut" not in vocabulary.words
    chinese = next(s for s in sentences if "太阳" in s.text)
    assert vocabulary.language[chinese.id] == "zh"
    assert vocabulary.language[first.id] == "en"


def test_bytes_round_trip_and_merging_per_document_equals_one_pass(
    merged: tuple[Vocabulary, list, list],
) -> None:
    vocabulary, passages, sentences = merged
    parts = per_document(passages, sentences, answer_language)
    again = Vocabulary(sentences, [DocumentWords.from_bytes(p.to_bytes()) for p in parts])
    assert again.language == vocabulary.language and again.words == vocabulary.words
    for word in ("river", "orchard", "appl", "阳"):  # Chinese content words are characters
        assert vocabulary.containing(word)
        assert again.containing(word) == vocabulary.containing(word)
        assert again.passages_with(word) == vocabulary.passages_with(word)


def test_damaged_or_old_bytes_are_a_value_error(merged: tuple[Vocabulary, list, list]) -> None:
    _, passages, sentences = merged
    blob = per_document(passages, sentences, answer_language)[0].to_bytes()
    with pytest.raises(ValueError, match="compute them again"):
        DocumentWords.from_bytes(blob[: len(blob) // 2])
    old = marshal.dumps((0, (), {}, {}, {}, ()))
    with pytest.raises(ValueError, match="format 0"):
        DocumentWords.from_bytes(old)


def test_words_for_other_sentences_are_refused(merged: tuple[Vocabulary, list, list]) -> None:
    _, passages, sentences = merged
    parts = per_document(passages, sentences, answer_language)
    with pytest.raises(ValueError, match="sentences"):
        Vocabulary(sentences[:-1], parts)


def test_remembered_lookups_stay_right_when_the_memory_fills(
    merged: tuple[Vocabulary, list, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Look-ups are remembered (a question repeats many); a full memory is forgotten, not
    wrong, and a caller changing a returned list changes nothing remembered."""
    vocabulary, passages, sentences = merged
    monkeypatch.setattr("answer.vocabulary.MEMO", 3)
    fresh = Vocabulary(sentences, per_document(passages, sentences, answer_language))
    words = ["river", "orchard", "walnut", "appl", "river", "orchard", "rain", "river"]
    for _ in range(2):
        for word in words:
            found = fresh.containing(word)
            assert [s.id for s in found] == [s.id for s in vocabulary.containing(word)]
            assert fresh.count(word) == vocabulary.count(word) == len(found)
            assert fresh.passages_with(word) == vocabulary.passages_with(word)
            found.clear()
    assert len(fresh._memo) <= 3


def test_the_vocabulary_holds_the_initials_of_multi_word_names() -> None:
    from answer.vocabulary import acronyms

    text = "the Global Development Initiative, and the Belt and Road Initiative, said he"
    assert acronyms(text) == {"gdi", "bri"}
    assert acronyms("Communist Party of China") == {"cpc"}
    assert acronyms("The report said so.") == set()  # one capitalised word is no name run


def test_a_question_asking_of_a_name_by_its_initials_is_answered(
    report_assistant: Assistant,
) -> None:
    answer = report_assistant.ask("How many projects has the GDI implemented?")
    assert not answer.refused and "1,100" in answer.text
    assert report_assistant.ask("What is China's GDP?").refused  # initials of no name it uses
