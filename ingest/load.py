"""Turn files into `Document`s: pick the format by content, then by extension, and extract text.

Formats: plain text and markdown (kept verbatim), PDF (pypdf), HTML (BeautifulSoup with lxml;
the markup is data and is never executed) and DOCX (python-docx).

Limits: a file bigger than `max_file_mb` is refused before it is read; a DOCX whose entries
unpack to more than that, or one entry of which inflates more than `MAX_ZIP_RATIO` times, is
refused before it is parsed; a PDF's text extraction stops as soon as it passes the limit.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import math
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Literal

import docx
import pypdf
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from lxml.etree import XMLSyntaxError
from pypdf import PasswordType
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from core.errors import (
    CorruptDocumentError,
    DocumentError,
    EmptyDocumentError,
    MissingPathError,
    UnsupportedFormatError,
)
from core.types import Document
from ingest.hidden import MARK, docx_text, hidden_texts, hide_html, take_marks

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

MAX_FILE_MB = 50  # the default of Settings.max_file_mb (REPORTCHAT_MAX_FILE_MB)
# Word's XML deflates up to about 30x (python-docx's template: styles.xml 29x, 0.35 MB); an
# entry inflating more than 100x is a zip bomb, unless it is too small to matter.
MAX_ZIP_RATIO = 100
_RATIO_FLOOR = 2**20  # entries under 1 MiB unpacked are never refused for their ratio
_MB = 2**20
_LIMIT_SETTING = "REPORTCHAT_MAX_FILE_MB"

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


def load(path: Path | str, *, max_file_mb: int = MAX_FILE_MB) -> Document:
    """Read one file into a `Document`, choosing the format by content and then by extension.

    A file whose bytes or unpacked content exceed `max_file_mb` is refused (DocumentError)
    before it is parsed.
    """
    source = os.fspath(path)
    file = Path(path)
    if not file.exists():
        raise MissingPathError(
            f"{source}: No such file. Check the path, or run: reportchat ingest data/report.txt"
        )
    if file.is_dir():
        raise DocumentError(f"{source}: is a directory, not a file. Pass one of the files in it.")
    if not file.is_file():
        raise DocumentError(f"{source}: is not a regular file. Pass a document file instead.")
    _check_file_size(file, source, max_file_mb)
    data = _read(file, source)
    kind = _sniff(data) or _KIND_BY_EXTENSION.get(file.suffix.lower())
    if kind is None:
        raise _unsupported(file, source)
    if not data:
        raise EmptyDocumentError(f"{source}: Empty file, no bytes in it. Add text or leave it out.")
    if kind == "docx":
        _check_archive(data, source, max_file_mb)
    # Text and HTML never grow beyond their bytes, which passed the limit above; a PDF's text
    # is bounded while it is extracted.
    hidden: list[tuple[str, str]] = []  # hidden text that reads like an instruction, left out
    extractors: dict[_Kind, Callable[[bytes, str], str]] = {
        "text": _text,
        "pdf": partial(_pdf, max_file_mb=max_file_mb),
        "html": partial(_html, hidden=hidden),
        "docx": partial(_docx, hidden=hidden),
    }
    extract = extractors[kind]
    marked = extract(data, source).replace("\r\n", "\n").replace("\r", "\n")
    text, offsets = take_marks(marked)
    if not text.strip():
        hint = _OCR_HINT if kind == "pdf" else "Add text or leave it out."
        raise EmptyDocumentError(f"{source}: No text in it after extracting it as {kind}. {hint}")
    return Document(
        name=file.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        hidden=hidden_texts(hidden, offsets),
    )


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Expand directories into their supported files (recursive, sorted); check named files."""
    found: list[Path] = []
    for path in paths:
        source, given = os.fspath(path), Path(path)
        if not given.exists():
            raise MissingPathError(
                f"{source}: No such file or directory. Check the path, "
                "or run: reportchat ingest data/report.txt"
            )
        if given.is_dir():
            found.extend(sorted(file for file in given.rglob("*") if _is_listed(file, given)))
        elif given.suffix.lower() in SUPPORTED_EXTENSIONS or _sniff(_read(given, source)):
            found.append(given)
        else:
            raise _unsupported(given, source)
    return list(dict.fromkeys(found))  # a file named twice is loaded once


def ignored_files(root: Path | str) -> list[Path]:
    """The files under the folder `root` that `expand_paths` leaves out for their type (sorted;
    hidden files and Office lock files are not counted: nobody meant them as documents)."""
    folder = Path(root)
    return sorted(
        file
        for file in folder.rglob("*")
        if _is_visible(file, folder) and file.suffix.lower() not in SUPPORTED_EXTENSIONS
    )


def _is_listed(file: Path, root: Path) -> bool:
    """Whether a file found under `root` is one to ingest."""
    return file.suffix.lower() in SUPPORTED_EXTENSIONS and _is_visible(file, root)


def _is_visible(file: Path, root: Path) -> bool:
    """A regular file under `root`, outside hidden folders (.git, .reportchat) and not an Office
    lock file (~$x.docx)."""
    return (
        file.is_file()
        and not any(part.startswith(".") for part in file.relative_to(root).parts)
        and not file.name.startswith("~$")
    )


def _unsupported(file: Path, source: str) -> UnsupportedFormatError:
    """The error for a file whose extension and content are none of ours."""
    kind = f"unsupported extension ({file.suffix})" if file.suffix else "no extension"
    return UnsupportedFormatError(
        f"{source}: {kind}, and its content is none of ours; supported: {_SUPPORTED}. "
        "Convert it to one of those."
    )


def _too_big(source: str, what: str, max_file_mb: int) -> DocumentError:
    """The error for a file over the size limit; `what` says what was found."""
    return DocumentError(
        f"{source}: {what}; the limit is {max_file_mb:,} MB ({_LIMIT_SETTING}). "
        "Split the file, or raise the limit."
    )


def _megabytes(size: int) -> str:
    """`300 MB`, `50.1 MB`: rounded up to a tenth, so a size over the limit never reads as it."""
    return f"{math.ceil(size * 10 / _MB) / 10:,.1f}".removesuffix(".0") + " MB"


def _check_file_size(file: Path, source: str, max_file_mb: int) -> None:
    """Refuse a file whose bytes alone exceed the limit, before reading any of them."""
    try:
        size = file.stat().st_size
    except OSError as err:
        raise DocumentError(
            f"{source}: Cannot read it ({_one_line(err)}). Check its permissions."
        ) from err
    if size > max_file_mb * _MB:
        raise _too_big(source, f"is {_megabytes(size)}", max_file_mb)


def _check_archive(data: bytes, source: str, max_file_mb: int) -> None:
    """Refuse a DOCX whose entries unpack to more than the limit, or one entry of which
    inflates absurdly (a zip bomb), from the sizes its directory declares. zipfile never
    inflates an entry beyond its declared size, so the declared sizes bound python-docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError):
        return  # not readable as a zip: `_docx` reports it as broken
    total = sum(entry.file_size for entry in entries)
    if total > max_file_mb * _MB:
        raise _too_big(source, f"unpacks to {_megabytes(total)} of content", max_file_mb)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > MAX_ZIP_RATIO:
            raise DocumentError(
                f"{source}: {entry.filename} inflates {ratio:,.0f}x "
                f"({_megabytes(entry.compress_size)} to {_megabytes(entry.file_size)}), more "
                f"than {MAX_ZIP_RATIO}x: a zip bomb, not a document. Open and re-save it in Word "
                "or LibreOffice."
            )


def _read(file: Path, source: str) -> bytes:
    """The file's bytes, or DocumentError if it cannot be read."""
    try:
        return file.read_bytes()
    except OSError as err:
        raise DocumentError(
            f"{source}: Cannot read it ({_one_line(err)}). Check its permissions."
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
            f"{source}: is not a text file ({_one_line(err)}). Give it its real extension "
            "(.pdf, .docx), or re-save it as UTF-8 text."
        ) from err


def _pdf(data: bytes, source: str, max_file_mb: int) -> str:
    """The text layer of every page, pages separated by a blank line; DocumentError as soon as
    the text, or any one stream pypdf inflates, passes `max_file_mb`."""
    limit = max_file_mb * _MB
    # pypdf's own per-stream caps (75 MB by default) are lowered to ours.
    caps = pypdf.get_configuration().with_overwrites(
        zlib_maximum_output_length=limit,
        lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit,
        brotli_maximum_output_length=limit,
        array_based_stream_maximum_output_length=limit,
    )
    try:
        with pypdf.apply_configuration(caps):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise CorruptDocumentError(
                    f"{source}: is an encrypted PDF that needs a password. "
                    "Save an unprotected copy (e.g. qpdf --decrypt --password=PW in.pdf out.pdf)."
                )
            if not reader.pages:
                raise CorruptDocumentError(f"{source}: is a PDF with no pages. Re-export the PDF.")
            pages: list[str] = []
            size = 0
            for number, page in enumerate(reader.pages, start=1):
                pages.append(page.extract_text())
                size += len(pages[-1].encode("utf-8"))
                if size > limit:
                    what = f"has more than {_megabytes(limit)} of text by page {number}"
                    raise _too_big(source, what, max_file_mb)
            return "\n\n".join(pages)
    except LimitReachedError as err:
        what = f"unpacks to more than {_megabytes(limit)} (one compressed stream)"
        raise _too_big(source, what, max_file_mb) from err
    except DependencyError as err:
        raise CorruptDocumentError(
            f"{source}: Cannot decrypt it ({_one_line(err)}). Run: pip install cryptography"
        ) from err
    except _PDF_ERRORS as err:
        raise CorruptDocumentError(
            f"{source}: Broken PDF ({_one_line(err)}). Re-export or repair it "
            "(e.g. qpdf in.pdf out.pdf)."
        ) from err


def _html(data: bytes, source: str, hidden: list[tuple[str, str]]) -> str:
    """Visible text, one block element per line and a blank line between paragraphs; comments
    and invisible elements left out, a mark where one that reads like an instruction was (its
    (how, text) appended to `hidden`)."""
    soup = BeautifulSoup(_text(data, source).replace(MARK, ""), "lxml")
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    hidden.extend(hide_html(soup))
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


def _docx(data: bytes, source: str, hidden: list[tuple[str, str]]) -> str:
    """Paragraphs (headings too) separated by blank lines; tables one row per line; invisible
    runs left out, a mark where ones that read like an instruction were (see `_html`)."""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                rows = []
                for row in item.rows:
                    cells = list(dict.fromkeys(row.cells))  # a merged cell repeats per grid column
                    rows.append(" | ".join(_cell_text(cell, hidden) for cell in cells))
                blocks.append("\n".join(row for row in rows if row.strip(" |")))
            else:
                blocks.append(docx_text(item, hidden))
    except _DOCX_ERRORS as err:
        raise CorruptDocumentError(
            f"{source}: Broken DOCX ({_one_line(err)}). Open and re-save it in Word or LibreOffice."
        ) from err
    return "\n\n".join(block for block in blocks if block.strip())


def _cell_text(cell: _Cell, hidden: list[tuple[str, str]]) -> str:
    """A table cell's visible text on one line (python-docx's `cell.text`, less hidden runs)."""
    return " ".join("\n".join(docx_text(p, hidden) for p in cell.paragraphs).split())


def _one_line(err: BaseException) -> str:
    """An exception's message squeezed onto one short line."""
    message = " ".join(str(err).split()) or type(err).__name__
    return message if len(message) <= 200 else message[:197] + "..."
