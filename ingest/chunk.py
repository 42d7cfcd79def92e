"""Split a document into sections, paragraphs (passages) and sentences, keeping character offsets.

Small-to-big: sentences are what answers quote, passages are what a reader sees beside them.
Offsets index the document's original text; cleaning is character for character
(`core.text.clean`), so the same offsets index the clean text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.errors import DocumentError
from core.text import clean
from core.types import Document, HiddenText, Passage, Sentence
from ingest.suspicious import suspicious

MAX_PASSAGE_CHARS = 1200  # ~250 words: longer paragraphs are cut at sentence ends
MAX_TITLE_CHARS = 150
_SOURCE_LINE = re.compile(r"^\s*(source|sources|来源|منبع)\s*[:：]", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ENDS_SENTENCE = re.compile(r"[.!?。！？؟:;,\"'”’)\]»]\s*$")

# Words that end with a period without ending a sentence ("U.S. dollars", "No. 3").
_ABBREVIATIONS = frozenset(
    "u.s u.k u.n e.u mr mrs ms dr prof st jr sr inc ltd co corp vs etc e.g i.e jan feb mar apr "
    "jun jul aug sep sept oct nov dec fig vol pp gen gov sen rep dept approx est".split()
)
_CJK_END = re.compile(r"[。！？!?][”」』）)\"']*")
_LATIN_END = re.compile(r"[.!?؟][\"'”’)\]»]*(?=\s+)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True)
class _Paragraph:
    section: str
    number: int
    start: int
    end: int


def split(document: Document) -> tuple[list[Passage], list[Sentence]]:
    """Cut `document` into passages and sentences, each knowing its section and paragraph;
    a passage that reads like an instruction to a model, or where the loader left out hidden
    text that did, says why in `suspicious`."""
    original = document.text
    cleaned = clean(original)
    prefix = document.sha256[:12]
    passages: list[Passage] = []
    sentences: list[Sentence] = []
    for para in _paragraphs(cleaned, original, default_section=_stem(document.name)):
        spans = sentence_spans(cleaned, para.start, para.end)
        for p_start, p_end, group in _pack(spans):
            passage = Passage(
                id=f"{prefix}:p{len(passages)}",
                document=document.name,
                section=para.section,
                paragraph=para.number,
                start=p_start,
                end=p_end,
                text=original[p_start:p_end],
                clean=cleaned[p_start:p_end],
                suspicious=suspicious(original[p_start:p_end]),
            )
            passages.append(passage)
            for s_start, s_end in group:
                sentences.append(
                    Sentence(
                        id=f"{prefix}:s{len(sentences)}",
                        passage_id=passage.id,
                        document=document.name,
                        section=para.section,
                        paragraph=para.number,
                        start=s_start,
                        end=s_end,
                        text=original[s_start:s_end],
                        clean=cleaned[s_start:s_end],
                    )
                )
    return _flag_hidden(passages, document.hidden), sentences


def _flag_hidden(passages: list[Passage], hidden: tuple[HiddenText, ...]) -> list[Passage]:
    """`passages`, each flagged where hidden text that reads like an instruction was left
    out: in the passage around its place, else the next one (else the last)."""
    for piece in hidden:
        why = suspicious(piece.text)
        if not why or not passages:
            continue
        at = next((i for i, p in enumerate(passages) if piece.offset <= p.end), -1)
        reason = f"hidden text left out ({piece.how}), {why}"
        was = passages[at].suspicious
        passages[at] = replace(passages[at], suspicious=f"{was}; {reason}" if was else reason)
    return passages


def check_units(name: str, passages: int, sentences: int, limit: int) -> None:
    """Refuse a file that makes more than `limit` passages and sentences together (DocumentError),
    before any of them is embedded: each costs an embedding and a row in the index."""
    units = passages + sentences
    if units > limit:
        raise DocumentError(
            f"{name}: makes {units:,} passages and sentences ({passages:,} + {sentences:,}); "
            f"the limit is {limit:,} per file (REPORTCHAT_MAX_UNITS). Split the file, or raise "
            "the limit."
        )


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets of the sentences of `text[start:end]`, stripped of surrounding white space.

    Knows English (not splitting "U.S. dollars" or "No. 3"), Chinese (。！？) and Persian (؟).
    """
    end = len(text) if end is None else end
    cuts: set[int] = set()
    for m in _CJK_END.finditer(text, start, end):
        cuts.add(m.end())
    for m in _LATIN_END.finditer(text, start, end):
        if _is_sentence_end(text, m.start(), m.end(), end):
            cuts.add(m.end())
    spans: list[tuple[int, int]] = []
    begin = start
    for cut in sorted(cuts | {end}):
        s, e = _strip(text, begin, cut)
        if e > s:
            spans.append((s, e))
        begin = cut
    return spans


def _is_sentence_end(text: str, mark: int, after: int, end: int) -> bool:
    """Is the punctuation at `mark` a sentence end? (`after` is past any closing quotes.)"""
    nxt = after
    while nxt < end and text[nxt].isspace():
        nxt += 1
    if nxt >= end:
        return True
    following = text[nxt]
    if text[mark] == ".":
        word = _WORD_BEFORE.search(text, max(0, mark - 20), mark + 1)
        token = word.group(1).lower() if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            return False
        if token == "no" and following.isdigit():
            return False
        if following.islower():
            return False
    return (
        following.isupper()
        or following.isdigit()
        or not following.isascii()
        or following in "\"'(["
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pack(spans: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Group a paragraph's sentences into passages of at most MAX_PASSAGE_CHARS."""
    groups: list[list[tuple[int, int]]] = [[]]
    for span in spans:
        current = groups[-1]
        if current and span[1] - current[0][0] > MAX_PASSAGE_CHARS:
            groups.append([span])
        else:
            current.append(span)
    return [(g[0][0], g[-1][1], g) for g in groups if g]


def _paragraphs(text: str, original: str, default_section: str) -> list[_Paragraph]:
    """Find titles and paragraphs. A title is a markdown heading, or a short unpunctuated line
    that opens the document, follows a `Source:` line, or stands alone between blank lines.
    Titles are kept as written (`original`): they are for display."""
    lines = _lines(text)
    paragraphs: list[_Paragraph] = []
    section = default_section
    number = 0
    open_start: int | None = None
    open_end = 0
    previous_kind = "start"  # start | blank | source | title | text

    def close() -> None:
        nonlocal open_start, number
        if open_start is not None:
            number += 1
            paragraphs.append(_Paragraph(section, number, open_start, open_end))
            open_start = None

    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            close()
            previous_kind = "blank" if previous_kind != "source" else "source"
            continue
        if _SOURCE_LINE.match(stripped):
            close()
            previous_kind = "source"
            continue
        next_blank = i + 1 >= len(lines) or not text[lines[i + 1][0] : lines[i + 1][1]].strip()
        if _is_title(stripped, previous_kind, next_blank):
            close()
            section = _MD_HEADING.sub("", original[start:end].strip()).rstrip("#").strip()
            number = 0
            previous_kind = "title"
            continue
        if open_start is not None and _ENDS_SENTENCE.search(text[open_start:open_end]):
            close()
        if open_start is None:
            open_start = start + (len(line) - len(line.lstrip()))
        open_end = start + len(line.rstrip())
        previous_kind = "text"
    close()
    return paragraphs


def _is_title(line: str, previous_kind: str, next_blank: bool) -> bool:
    if _MD_HEADING.match(line):
        return True
    if len(line) > MAX_TITLE_CHARS or _ENDS_SENTENCE.search(line):
        return False
    return previous_kind in ("start", "source") or (previous_kind == "blank" and next_blank)


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name
