"""Turn files into `Document`s: pick the format by content, then by extension, and extract text.

Formats: plain text and markdown (kept verbatim), PDF (pypdf), HTML (BeautifulSoup with lxml;
the markup is data and is never executed) and DOCX (python-docx).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

import docx
import pypdf
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml.etree import XMLSyntaxError
from pypdf import PasswordType
from pypdf.errors import DependencyError, PyPdfError

from core.errors import (
    CorruptDocumentError,
    DocumentError,
    EmptyDocumentError,
    MissingPathError,
    UnsupportedFormatError,
)
from core.types import Document

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".pdf", ".html", ".htm", ".docx")

_Kind = Literal["text", "pdf", "html", "docx"]
_KIND_BY_EXTENSION: dict[str, _Kind] = {
    ".txt": "text",
    ".md": "text",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
_SNIFF_BYTES = 8192  # how far we look for NUL bytes, the way `file` and git call data binary
_BODY_TAG = re.compile(r"<body[\s>/]", re.IGNORECASE)
_SUPPORTED = ", ".join(SUPPORTED_EXTENSIONS)
_OCR_HINT = "It may be scanned: run OCR first (e.g. ocrmypdf in.pdf out.pdf)."

# pypdf reports malformed structure with builtin errors as well as its own.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    RecursionError,
    zlib.error,
)
_DOCX_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    PackageNotFoundError,
    XMLSyntaxError,
    ValueError,
    zlib.error,
    EOFError,
    NotImplementedError,
)

_DROPPED_TAGS = ("script", "style", "noscript", "template", "title")
_PARAGRAPH_TAGS = frozenset(
    (
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "form",
        "figure",
        "hr",
        "address",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    )
)
_LINE_TAGS = frozenset(("li", "tr", "dt", "dd", "caption", "figcaption"))
_CELL_TAGS = frozenset(("td", "th"))


def load(path: Path | str) -> Document:
    """Read one file into a `Document`, choosing the format by content and then by extension."""
    source = os.fspath(path)
    file = Path(path)
    if not file.exists():
        raise MissingPathError(
            f"No such file: {source!r}. Check the path, or run: reportchat ingest data/report.txt"
        )
    if file.is_dir():
        raise DocumentError(f"{source!r} is a directory, not a file. Pass one of the files in it.")
    if not file.is_file():
        raise DocumentError(f"{source!r} is not a regular file. Pass a document file instead.")
    data = _read(file, source)
    kind = _sniff(data) or _KIND_BY_EXTENSION.get(file.suffix.lower())
    if kind is None:
        raise _unsupported(file, source)
    if not data:
        raise EmptyDocumentError(f"Empty file: {source!r} has no bytes. Add text or leave it out.")
    text = _EXTRACTORS[kind](data, source).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        hint = _OCR_HINT if kind == "pdf" else "Add text or leave it out."
        raise EmptyDocumentError(f"No text in {source!r} after extracting it as {kind}. {hint}")
    return Document(
        name=file.name, text=text, sha256=hashlib.sha256(data).hexdigest(), source=source
    )


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Expand directories into their supported files (recursive, sorted); check named files."""
    found: list[Path] = []
    for path in paths:
        source, given = os.fspath(path), Path(path)
        if not given.exists():
            raise MissingPathError(
                f"No such file or directory: {source!r}. Check the path, "
                "or run: reportchat ingest data/report.txt"
            )
        if given.is_dir():
            found.extend(sorted(file for file in given.rglob("*") if _is_listed(file, given)))
        elif given.suffix.lower() in SUPPORTED_EXTENSIONS or _sniff(_read(given, source)):
            found.append(given)
        else:
            raise _unsupported(given, source)
    return list(dict.fromkeys(found))  # a file named twice is loaded once


def _is_listed(file: Path, root: Path) -> bool:
    """Whether a file found under `root` is one to ingest."""
    return (
        file.is_file()
        and file.suffix.lower() in SUPPORTED_EXTENSIONS
        # hidden folders (.git, .reportchat) and Office lock files (~$x.docx) are not documents
        and not any(part.startswith(".") for part in file.relative_to(root).parts)
        and not file.name.startswith("~$")
    )


def _unsupported(file: Path, source: str) -> UnsupportedFormatError:
    """The error for a file whose extension and content are none of ours."""
    kind = repr(file.suffix) if file.suffix else "(no extension)"
    return UnsupportedFormatError(
        f"Unsupported file type {kind}: {source!r}. Convert it to one of {_SUPPORTED}."
    )


def _read(file: Path, source: str) -> bytes:
    """The file's bytes, or DocumentError if it cannot be read."""
    try:
        return file.read_bytes()
    except OSError as err:
        raise DocumentError(
            f"Cannot read {source!r}: {_one_line(err)}. Check its permissions."
        ) from err


def _sniff(data: bytes) -> _Kind | None:
    """The format the bytes themselves announce, or None if they announce none of ours."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, EOFError):
            return None
    try:
        text = _decode(data)
    except ValueError:
        return None
    if text.lstrip().lower().startswith(("<!doctype html", "<html")) or _BODY_TAG.search(text):
        return "html"
    return None


def _decode(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; ValueError if the bytes look binary."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif b"\x00" in data[:_SNIFF_BYTES]:
        raise ValueError(f"NUL bytes in the first {_SNIFF_BYTES // 1024} KiB")
    else:
        text = data.decode("utf-8-sig")
    if "\x00" in text[:_SNIFF_BYTES]:  # e.g. UTF-32, whose BOM starts like UTF-16's
        raise ValueError("NUL characters after decoding")
    return text


def _text(data: bytes, source: str) -> str:
    """Plain text or markdown, kept as written."""
    try:
        return _decode(data)
    except ValueError as err:
        raise CorruptDocumentError(
            f"{source!r} is not a text file ({_one_line(err)}). Give it its real extension "
            "(.pdf, .docx), or re-save it as UTF-8 text."
        ) from err


def _pdf(data: bytes, source: str) -> str:
    """The text layer of every page, pages separated by a blank line."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise CorruptDocumentError(
                f"{source!r} is an encrypted PDF that needs a password. "
                "Save an unprotected copy (e.g. qpdf --decrypt --password=PW in.pdf out.pdf)."
            )
        if not reader.pages:
            raise CorruptDocumentError(f"{source!r} is a PDF with no pages. Re-export the PDF.")
        return "\n\n".join(page.extract_text() for page in reader.pages)
    except DependencyError as err:
        raise CorruptDocumentError(
            f"Cannot decrypt {source!r}: {_one_line(err)}. Run: pip install cryptography"
        ) from err
    except _PDF_ERRORS as err:
        raise CorruptDocumentError(
            f"Broken PDF {source!r}: {_one_line(err)}. Re-export or repair it "
            "(e.g. qpdf in.pdf out.pdf)."
        ) from err


def _html(data: bytes, source: str) -> str:
    """Visible text, one block element per line and a blank line between paragraphs."""
    soup = BeautifulSoup(_text(data, source), "lxml")
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    parts: list[str] = []
    pending = 0  # newlines owed before the next text: block edges take the max, <br> adds one
    stack: list[tuple[PageElement, bool]] = [(soup, False)]
    while stack:  # iterative, so deeply nested markup cannot overflow the Python stack
        node, closing = stack.pop()
        if isinstance(node, Tag):
            if node.name == "br" and not closing:
                pending = min(pending + 1, 2)
            elif node.name in _PARAGRAPH_TAGS:
                pending = 2
            elif node.name in _LINE_TAGS:
                pending = max(pending, 1)
            elif node.name in _CELL_TAGS and not closing and parts and not pending:
                parts.append(" | ")
            if not closing:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            # PreformattedString covers comments, doctypes, CDATA: markup, not visible text
            words = re.sub(r"\s+", " ", str(node))
            if pending and words.strip():
                parts.append("\n" * pending if parts else "")
                pending = 0
            if not pending:
                parts.append(words)
    lines = (re.sub(r" {2,}", " ", line).strip() for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _docx(data: bytes, source: str) -> str:
    """Paragraphs (headings too) separated by blank lines; tables one row per line."""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                rows = []
                for row in item.rows:
                    cells = list(dict.fromkeys(row.cells))  # a merged cell repeats per grid column
                    rows.append(" | ".join(" ".join(cell.text.split()) for cell in cells))
                blocks.append("\n".join(row for row in rows if row.strip(" |")))
            else:
                blocks.append(item.text)
    except _DOCX_ERRORS as err:
        raise CorruptDocumentError(
            f"Broken DOCX {source!r}: {_one_line(err)}. Open and re-save it in Word or LibreOffice."
        ) from err
    return "\n\n".join(block for block in blocks if block.strip())


_EXTRACTORS: dict[_Kind, Callable[[bytes, str], str]] = {
    "text": _text,
    "pdf": _pdf,
    "html": _html,
    "docx": _docx,
}


def _one_line(err: BaseException) -> str:
    """An exception's message squeezed onto one short line."""
    message = " ".join(str(err).split()) or type(err).__name__
    return message if len(message) <= 200 else message[:197] + "..."
