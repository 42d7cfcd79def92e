"""Tests for ingest.chunk: sections, paragraphs, passages and sentences with exact offsets."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from core.text import clean
from core.types import Document, Passage, Sentence
from ingest.chunk import MAX_PASSAGE_CHARS, sentence_spans, split
from ingest.load import load

REPORT = Path(__file__).resolve().parent.parent / "data" / "report.txt"
REPORT_SECTIONS = [
    "Think tank report on China poverty alleviation experience",
    "China consolidates poverty alleviation achievements",
    "Report on China”s consolidating poverty alleviation gains",
    "Principles of China”s poverty reduction governance model",
    "۳ منطقه آزاد تجاری در مازندران فعال میشود",
]


def make_document(name: str, text: str) -> Document:
    """A document as `ingest.load` would make it from a file holding `text`."""
    return Document(name, text, hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def report() -> tuple[Document, list[Passage], list[Sentence]]:
    """The bundled report, loaded and split once."""
    document = load(REPORT)
    passages, sentences = split(document)
    return document, passages, sentences


def test_report_has_the_four_english_sections_and_the_persian_one(
    report: tuple[Document, list[Passage], list[Sentence]],
) -> None:
    _, passages, sentences = report
    assert list(dict.fromkeys(p.section for p in passages)) == REPORT_SECTIONS
    assert list(dict.fromkeys(s.section for s in sentences)) == REPORT_SECTIONS


def test_paragraph_numbers_restart_at_one_in_every_section(
    report: tuple[Document, list[Passage], list[Sentence]],
) -> None:
    _, passages, _ = report
    numbering = {
        section: [p.paragraph for p in passages if p.section == section]
        for section in REPORT_SECTIONS
    }
    assert numbering == {
        REPORT_SECTIONS[0]: list(range(1, 19)),
        REPORT_SECTIONS[1]: list(range(1, 10)),
        REPORT_SECTIONS[2]: list(range(1, 7)),
        REPORT_SECTIONS[3]: list(range(1, 6)),
        REPORT_SECTIONS[4]: list(range(1, 5)),
    }


def test_every_unit_is_its_slice_of_the_original_text(
    report: tuple[Document, list[Passage], list[Sentence]],
) -> None:
    document, passages, sentences = report
    assert len(passages) == 42 and len(sentences) == 56
    for unit in [*passages, *sentences]:
        assert document.text[unit.start : unit.end] == unit.text
        assert unit.clean == clean(unit.text)
        assert unit.document == "report.txt"
    by_id = {p.id: p for p in passages}
    for s in sentences:
        parent = by_id[s.passage_id]
        assert parent.start <= s.start < s.end <= parent.end
        assert (s.section, s.paragraph) == (parent.section, parent.paragraph)


def test_ids_are_unique_and_carry_the_content_hash(
    report: tuple[Document, list[Passage], list[Sentence]],
) -> None:
    document, passages, sentences = report
    ids = [u.id for u in [*passages, *sentences]]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith(document.sha256[:12] + ":") for i in ids)


def test_source_lines_are_never_in_a_passage(
    report: tuple[Document, list[Passage], list[Sentence]],
) -> None:
    document, passages, _ = report
    assert document.text.count("Source:") == 5
    assert not any(re.search(r"(?m)^\s*Source\s*:", p.text) for p in passages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "It cost 2,450 U.S. dollars in 2024. Next sentence.",
            ["It cost 2,450 U.S. dollars in 2024.", "Next sentence."],
        ),
        ("See No. 3 for details. Then more.", ["See No. 3 for details.", "Then more."]),
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("این چیست؟ آن است.", ["این چیست؟", "آن است."]),
        ('Mr. Smith said "yes." Then he left.', ['Mr. Smith said "yes."', "Then he left."]),
        ("Is it? Yes! Done.", ["Is it?", "Yes!", "Done."]),
        ("Growth was 2.5 percent. It rose.", ["Growth was 2.5 percent.", "It rose."]),
        ("  One line only  ", ["One line only"]),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


def test_curly_quotes_split_like_straight_ones_and_keep_the_original_text() -> None:
    text = "Notes\nMr. Smith said “yes.” Then he left.\n"
    _, sentences = split(make_document("quotes.txt", text))
    assert [s.text for s in sentences] == ["Mr. Smith said “yes.”", "Then he left."]
    assert [s.clean for s in sentences] == ['Mr. Smith said "yes."', "Then he left."]


def test_markdown_headings_become_section_titles() -> None:
    text = (
        "# Annual Review\n\nFirst paragraph here. It has two sentences.\n\nSecond paragraph.\n\n"
        "## Outlook ##\n\nGrowth will continue.\n"
    )
    passages, sentences = split(make_document("notes.md", text))
    assert [(p.section, p.paragraph, p.text) for p in passages] == [
        ("Annual Review", 1, "First paragraph here. It has two sentences."),
        ("Annual Review", 2, "Second paragraph."),
        ("Outlook", 1, "Growth will continue."),
    ]
    assert [(s.passage_id, s.text) for s in sentences] == [
        (passages[0].id, "First paragraph here."),
        (passages[0].id, "It has two sentences."),
        (passages[1].id, "Second paragraph."),
        (passages[2].id, "Growth will continue."),
    ]


def test_a_document_without_a_title_uses_its_file_name() -> None:
    passages, _ = split(make_document("plain.txt", "just text, no title. Another one.\n"))
    assert [(p.section, p.paragraph) for p in passages] == [("plain", 1)]


def test_long_paragraphs_are_cut_into_passages_of_one_paragraph_number() -> None:
    body = " ".join(
        f"Sentence number {i} talks about rural income growth in the county." for i in range(60)
    )
    text = f"Title line\n{body}\nA second paragraph.\n"
    document = make_document("long.txt", text)
    passages, sentences = split(document)
    long_ones = [p for p in passages if p.paragraph == 1]
    assert len(long_ones) == 4
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in long_ones)
    assert " ".join(p.text for p in long_ones) == body  # cut only between sentences
    assert [(p.section, p.paragraph) for p in passages[4:]] == [("Title line", 2)]
    assert len(sentences) == 61
    assert all(document.text[s.start : s.end] == s.text for s in sentences)
