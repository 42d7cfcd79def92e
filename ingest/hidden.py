"""Text a reader of the page never sees: HTML comments and invisible HTML or DOCX text.

The loader drops all of it. Hidden text that reads like an instruction (`ingest.suspicious`)
leaves a mark where it was (`MARK`); `take_marks` removes the marks and says where each was, so
the chunker flags the passage there. Why drop rather than quote it as flagged data: nobody
reading the document sees it, so nothing a reader could ask about is lost, and its only plausible
reader is a model, which it must not reach (not in the index, the sources, nor the prompt).
Benign hidden text (a collapsed menu, a build comment) is dropped without a flag: flagging every
web page's hidden menu would teach readers to ignore the label.

What counts as invisible is read from the markup itself: HTML's `hidden` attribute and inline
styles (`display:none`, `visibility:hidden`, `font-size:0`, `opacity:0`, white or transparent
text with no background set on it or around it); DOCX's hidden runs (`w:vanish`), white runs
without a highlight, and runs under 1 pt. A style sheet's rules (`.x {display:none}`) and text
moved off the page are not evaluated.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag
from docx.shared import RGBColor
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.types import HiddenText
from ingest.suspicious import suspicious

MARK = "\x00"  # where hidden text was; never in a document's visible text (removed on reading)
MIN_VISIBLE_PT = 1.0  # DOCX runs smaller than this are unreadable on screen and on paper

_STYLE_HIDES = (
    ("display:none", re.compile(r"(?:^|;)\s*display\s*:\s*none\b", re.IGNORECASE)),
    ("visibility:hidden", re.compile(r"(?:^|;)\s*visibility\s*:\s*(?:hidden|collapse)\b", re.I)),
    ("font-size:0", re.compile(r"(?:^|;)\s*font-size\s*:\s*0*\.?0+(?:[a-z%]+)?\s*(?:;|!|$)", re.I)),
    ("opacity:0", re.compile(r"(?:^|;)\s*opacity\s*:\s*0*\.?0+%?\s*(?:;|!|$)", re.IGNORECASE)),
)
_WHITE = re.compile(
    r"(?:^|;)\s*color\s*:\s*(?:white|transparent|#fff(?:fff)?|rgba?\(\s*255\s*,\s*255\s*,\s*255"
    r"(?:\s*,\s*[\d.]+)?\s*\)|rgba\([^)]*,\s*0(?:\.0+)?\s*\))\s*(?:;|!|$)",
    re.IGNORECASE,
)
# A mark, with the space before it or, alone in its paragraph, the break before it; one at
# either end of the text takes the white space next to it.
_MARKS = re.compile(rf"\A{MARK}\s*|\s*{MARK}\Z|\n\n{MARK}(?=\n\n)| ?{MARK}")
_BACKGROUND = re.compile(r"(?:^|;)\s*background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)
_WHITE_BACKGROUND = re.compile(r"^\s*(?:white|#fff(?:fff)?|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))")


def take_marks(text: str) -> tuple[str, list[int]]:
    """`text` without its marks (and the space, or the paragraph break, each leaves), and the
    offset of each in it."""
    out: list[str] = []
    offsets: list[int] = []
    position = removed = 0
    for found in _MARKS.finditer(text):
        out.append(text[position : found.start()])
        offsets.append(found.start() - removed)
        removed += len(found.group())
        position = found.end()
    out.append(text[position:])
    return "".join(out), offsets


def hide_html(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Take every comment and invisible element out of `soup`; one that reads like an
    instruction leaves a mark. Returns (how it was hidden, its text) for each mark, in order."""
    found: list[tuple[str, str]] = []
    for node in list(soup.descendants):
        if not isinstance(node, Comment | Tag) or _inside_mark(node):
            continue
        how = "HTML comment" if isinstance(node, Comment) else _html_hides(node)
        if not how:
            continue
        text = " ".join(str(node).split()) if how == "HTML comment" else node.get_text(" ")
        if suspicious(text):
            found.append((how, " ".join(text.split())))
            node.replace_with(NavigableString(MARK))
        else:
            node.extract()
    return found


def _inside_mark(node: object) -> bool:
    """Was `node` taken out with an element already replaced by a mark?"""
    top = node
    while getattr(top, "parent", None) is not None:
        top = top.parent  # type: ignore[attr-defined]
    return not isinstance(top, BeautifulSoup)


def _html_hides(tag: Tag) -> str:
    """How `tag` hides its text from a reader, or ""."""
    if tag.has_attr("hidden"):
        return "hidden attribute"
    style = str(tag.get("style") or "")
    for how, pattern in _STYLE_HIDES:
        if pattern.search(style):
            return how
    if _WHITE.search(style) and not _has_background(tag):
        return "white or transparent text"
    return ""


def _has_background(tag: Tag) -> bool:
    """Does `tag` or an element around it set a background other than white?"""
    for element in (tag, *tag.parents):
        if isinstance(element, Tag):
            found = _BACKGROUND.search(str(element.get("style") or ""))
            if found and not _WHITE_BACKGROUND.match(found.group(1)):
                return True
    return False


def docx_text(paragraph: Paragraph, hidden: list[tuple[str, str]]) -> str:
    """The paragraph's visible text (as python-docx's `text`) without its invisible runs; a
    stretch of them that reads like an instruction leaves a mark, its (how, text) appended to
    `hidden`."""
    parts: list[tuple[str, str]] = []  # (how it is hidden or "", text), hidden runs merged
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            how = _docx_hides(run)
            if how and parts and parts[-1][0]:
                parts[-1] = (parts[-1][0], parts[-1][1] + run.text)  # one stretch
            else:
                parts.append((how, run.text))
    out = []
    for how, text in parts:
        if not how:
            out.append(text)
        elif suspicious(text):
            out.append(MARK)
            hidden.append((how, " ".join(text.split())))
    return "".join(out)


def _docx_hides(run: Run) -> str:
    """How a DOCX run hides its text from a reader, or ""."""
    font = run.font
    if font.hidden:
        return "hidden text (DOCX)"
    if font.size is not None and font.size.pt < MIN_VISIBLE_PT:
        return "tiny text (DOCX)"
    colour = font.color.rgb if font.color.type is not None else None
    if colour == RGBColor(0xFF, 0xFF, 0xFF) and font.highlight_color is None:
        return "white text (DOCX)"
    return ""


def hidden_texts(pieces: list[tuple[str, str]], offsets: list[int]) -> tuple[HiddenText, ...]:
    """Each marked piece with the offset of its mark in the document's text."""
    return tuple(
        HiddenText(offset, how, text) for offset, (how, text) in zip(offsets, pieces, strict=False)
    )
