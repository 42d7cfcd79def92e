"""Tests for ingest.load: real files of every format built in tmp_path, and every error we raise."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
import zlib
from pathlib import Path

import docx
import pypdf
import pytest

from core.config import Settings
from core.errors import (
    CorruptDocumentError,
    DocumentError,
    EmptyDocumentError,
    MissingPathError,
    UnsupportedFormatError,
)
from ingest.chunk import check_units
from ingest.load import MAX_FILE_MB, SUPPORTED_EXTENSIONS, expand_paths, load

MB = 2**20


def make_pdf(*pages: str) -> bytes:
    """A minimal valid PDF, one page per string, each drawn in Helvetica ("" = no text layer)."""
    return pdf_of([f"BT /F1 12 Tf 72 720 Td ({t}) Tj ET".encode() if t else b"" for t in pages])


def pdf_of(contents: list[bytes], deflate: bool = False) -> bytes:
    """A PDF whose pages' content streams are `contents` (deflated with /FlateDecode if asked)."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(contents)} >>".encode(),
    ]
    font = 3 + 2 * len(contents)
    for i, content in enumerate(contents):
        stream = zlib.compress(content, 9) if deflate else content
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        flate = b" /Filter /FlateDecode" if deflate else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), flate, stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx() -> bytes:
    """A real .docx: a heading, two paragraphs, a table, a closing paragraph."""
    document = docx.Document()
    document.add_heading("Annual Report", level=1)
    document.add_paragraph("First paragraph.")
    document.add_paragraph("Second paragraph.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Year", "GDP"), ("2024", "5%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("After the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(files: dict[str, bytes]) -> bytes:
    """A zip archive holding `files`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Write `data` to tmp_path/name and return the path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def assert_one_line(err: pytest.ExceptionInfo[DocumentError], name: str) -> None:
    """Our messages are one line and name the file."""
    message = str(err.value)
    assert "\n" not in message
    assert name in message


HTML = b"""<!DOCTYPE html>
<html><head><title>Page Title</title><style>body { color: red; }</style>
<script>alert(1)</script></head>
<body>
<h1>Annual   Report</h1>
<p>First paragraph with <b>bold</b>
   text.</p>
<p>Line one<br>Line two</p>
<noscript>enable javascript</noscript><template><p>hidden</p></template>
<ul><li>Alpha</li><li>Beta</li></ul>
<p>Escaped &lt;img onerror=x&gt; and &lt;script&gt;alert(2)&lt;/script&gt; stay literal.</p>
<table><tr><th>Year</th><th>GDP</th></tr><tr><td>2024</td><td>5%</td></tr></table>
<!-- a comment -->
</body></html>
"""
HTML_TEXT = (
    "Annual Report\n\n"
    "First paragraph with bold text.\n\n"
    "Line one\nLine two\n\n"
    "Alpha\nBeta\n\n"
    "Escaped <img onerror=x> and <script>alert(2)</script> stay literal.\n\n"
    "Year | GDP\n2024 | 5%"
)
DOCX_TEXT = (
    "Annual Report\n\nFirst paragraph.\n\nSecond paragraph.\n\n"
    "Year | GDP\n2024 | 5%\n\nAfter the table."
)


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".pdf", ".html", ".htm", ".docx")


def test_txt_is_kept_verbatim_without_bom_and_with_lf(tmp_path: Path) -> None:
    raw = "\ufeffChina”s economy grew.\r\n  Indented line\t kept.\r\n\r\nLast”\r".encode()
    path = write(tmp_path, "report.txt", raw)
    document = load(path)
    assert document.text == "China”s economy grew.\n  Indented line\t kept.\n\nLast”\n"
    assert document.name == "report.txt"
    assert document.source == str(path)
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "notes.txt", b"hello")
    monkeypatch.chdir(tmp_path)
    document = load("./notes.txt")
    assert (document.name, document.source, document.text) == ("notes.txt", "./notes.txt", "hello")


def test_utf16_with_bom(tmp_path: Path) -> None:
    raw = "Ünïcode ✓\r\nline two".encode("utf-16")
    assert load(write(tmp_path, "u16.txt", raw)).text == "Ünïcode ✓\nline two"


def test_markdown_keeps_headings(tmp_path: Path) -> None:
    raw = b"# Title\n\nBody *text*.\n\n## Section\n\n- item\n"
    document = load(write(tmp_path, "notes.md", raw))
    assert document.text == raw.decode()
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_handmade_pdf_is_valid_for_pypdf() -> None:
    reader = pypdf.PdfReader(io.BytesIO(make_pdf("Hello PDF world")), strict=True)
    assert "Hello PDF world" in reader.pages[0].extract_text()


def test_pdf_pages_are_joined_by_blank_lines(tmp_path: Path) -> None:
    raw = make_pdf("Hello PDF world", "Second page")
    document = load(write(tmp_path, "report.pdf", raw))
    assert document.text == "Hello PDF world\n\nSecond page"
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    assert load(write(tmp_path, "actually.txt", make_pdf("Hello PDF world"))).text == (
        "Hello PDF world"
    )


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Hello PDF world"))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert load(write(tmp_path, "open.pdf", buffer.getvalue())).text == "Hello PDF world"


def test_pdf_needing_a_password_is_corrupt_with_a_hint(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Hello PDF world"))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(CorruptDocumentError, match="password") as err:
        load(write(tmp_path, "locked.pdf", buffer.getvalue()))
    assert_one_line(err, "locked.pdf")
    assert "qpdf --decrypt" in str(err.value)


def test_html_drops_code_and_keeps_escaped_text_literally(tmp_path: Path) -> None:
    document = load(write(tmp_path, "page.html", HTML))
    assert document.text == HTML_TEXT
    assert "alert(1)" not in document.text
    assert "color: red" not in document.text
    assert "Page Title" not in document.text
    assert "enable javascript" not in document.text


def test_htm_and_html_content_named_txt_are_read_as_html(tmp_path: Path) -> None:
    assert load(write(tmp_path, "page.htm", HTML)).text == HTML_TEXT
    assert load(write(tmp_path, "saved.txt", HTML)).text == HTML_TEXT
    fragment = b"<div>intro</div><body><p>One</p><p>Two</p></body>"
    assert load(write(tmp_path, "fragment.txt", fragment)).text == "intro\n\nOne\n\nTwo"


def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    raw = make_docx()
    document = load(write(tmp_path, "report.docx", raw))
    assert document.text == DOCX_TEXT
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_docx_named_otherwise_is_read_as_docx(tmp_path: Path) -> None:
    assert load(write(tmp_path, "report.bin", make_docx())).text == DOCX_TEXT


ERRORS = [
    ("empty.txt", b"", EmptyDocumentError, "no bytes"),
    ("blank.md", b"  \r\n\t\n ", EmptyDocumentError, "No text"),
    ("scanned.pdf", make_pdf(""), EmptyDocumentError, "OCR"),
    ("empty.html", b"<html><body><script>x()</script></body></html>", EmptyDocumentError, "No"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", CorruptDocumentError, "NUL"),
    ("latin1.txt", "café".encode("latin-1"), CorruptDocumentError, "UTF-8"),
    ("binary.html", b"<html>\x00\x01", CorruptDocumentError, "NUL"),
    ("broken.pdf", b"%PDF-1.4 garbage", CorruptDocumentError, "Broken PDF"),
    ("garbage.pdf", b"not a pdf at all", CorruptDocumentError, "Broken PDF"),
    ("broken.docx", b"garbage, not a zip", CorruptDocumentError, "Broken DOCX"),
    ("truncated.docx", make_docx()[:500], CorruptDocumentError, "Broken DOCX"),
    ("nodoc.docx", make_zip({"a.txt": b"x"}), CorruptDocumentError, "Broken DOCX"),
    ("book.xlsx", make_zip({"xl/workbook.xml": b"<w/>"}), UnsupportedFormatError, ".docx"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", UnsupportedFormatError, ".txt, .md, .pdf"),
    ("README", b"plain text without an extension", UnsupportedFormatError, "no extension"),
]


@pytest.mark.parametrize(("name", "raw", "error", "fragment"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(
    tmp_path: Path, name: str, raw: bytes, error: type[DocumentError], fragment: str
) -> None:
    with pytest.raises(error) as err:
        load(write(tmp_path, name, raw))
    assert type(err.value) is error
    assert fragment in str(err.value)
    assert_one_line(err, name)


def test_wrapped_errors_keep_their_cause(tmp_path: Path) -> None:
    with pytest.raises(CorruptDocumentError) as err:
        load(write(tmp_path, "broken.pdf", b"%PDF-1.4 garbage"))
    assert isinstance(err.value.__cause__, pypdf.errors.PdfReadError)
    with pytest.raises(CorruptDocumentError) as err:
        load(write(tmp_path, "broken.docx", b"garbage"))
    assert isinstance(err.value.__cause__, zipfile.BadZipFile)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MissingPathError, match="No such file") as err:
        load(tmp_path / "x.txt")
    assert_one_line(err, "x.txt")
    assert "reportchat ingest" in str(err.value)


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="directory") as err:
        load(tmp_path)
    assert type(err.value) is DocumentError
    assert_one_line(err, tmp_path.name)


def test_expand_paths_walks_directories_sorted(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for name in ("b.txt", "a.md", "sub/c.PDF", "sub/deeper/d.html", "sub/e.docx", "z.htm"):
        write(root, name, b"x")
    for name in ("book.xlsx", "notes.csv", ".git/HEAD.txt", "~$e.docx", "sub/.hidden/f.txt"):
        write(root, name, b"x")
    single = write(tmp_path, "single.txt", b"x")
    pdf_named_dat = write(tmp_path, "scan.dat", make_pdf("Hello PDF world"))
    found = expand_paths([root, str(single), pdf_named_dat, single])
    assert found == [
        root / "a.md",
        root / "b.txt",
        root / "sub" / "c.PDF",
        root / "sub" / "deeper" / "d.html",
        root / "sub" / "e.docx",
        root / "z.htm",
        single,
        pdf_named_dat,
    ]


def test_expand_paths_errors(tmp_path: Path) -> None:
    with pytest.raises(MissingPathError) as missing:
        expand_paths([tmp_path / "gone"])
    assert_one_line(missing, "gone")
    sheet = write(tmp_path, "book.xlsx", make_zip({"xl/workbook.xml": b"<w/>"}))
    with pytest.raises(UnsupportedFormatError) as unsupported:
        expand_paths([sheet])
    assert_one_line(unsupported, "book.xlsx")
    assert ".docx" in str(unsupported.value)


# -- limits ---------------------------------------------------------------------------------------


def make_flate_pdf(*contents: bytes) -> bytes:
    """A PDF whose pages' content streams are `contents`, each deflated (/FlateDecode)."""
    return pdf_of(list(contents), deflate=True)


def text_page(chars: int) -> bytes:
    """A content stream drawing about `chars` characters of text."""
    return b"BT /F1 12 Tf 72 720 Td (" + b"word " * (chars // 5) + b") Tj ET"


def docx_with(entry: str, chunks: int, chunk: bytes = b"\0" * MB) -> bytes:
    """The test DOCX with one more entry of `chunks` copies of `chunk`, written in a stream so
    that even a 300 MB entry never sits in memory."""
    buffer = io.BytesIO(make_docx())
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(entry, "w", force_zip64=True) as out,
    ):
        for _ in range(chunks):
            out.write(chunk)
    return buffer.getvalue()


def refused(err: pytest.ExceptionInfo[DocumentError], path: Path, *phrases: str) -> None:
    """A one-line DocumentError opening with the file's path and holding every phrase."""
    assert type(err.value) is DocumentError
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for phrase in phrases:
        assert phrase in message, message


def test_the_default_limit_is_the_settings_default() -> None:
    assert MAX_FILE_MB == Settings().max_file_mb == 50


def test_a_300_mb_zip_bomb_docx_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    bomb = write(tmp_path, "big.docx", docx_with("word/media/blank.bin", chunks=300))
    assert bomb.stat().st_size < MB  # a small file...
    with pytest.raises(DocumentError) as err:
        load(bomb)  # ...that python-docx would inflate to 300 MB
    # 300 MB of zeros and python-docx's 0.8 MB template
    refused(
        err, bomb, "unpacks to 300.8 MB of content; the limit is 50 MB (REPORTCHAT_MAX_FILE_MB)."
    )


def test_a_docx_over_a_lower_limit_is_refused_and_one_under_it_loads(tmp_path: Path) -> None:
    # Random hex digits deflate about 2x: under the ratio limit, and under 2 MB on disk.
    hex_digits = random.Random(9).randbytes(MB // 2).hex().encode()
    path = write(tmp_path, "report.docx", docx_with("word/media/filler.bin", 3, hex_digits))
    assert path.stat().st_size < 2 * MB
    with pytest.raises(DocumentError) as err:
        load(path, max_file_mb=2)
    refused(err, path, "unpacks to 3.8 MB of content", "the limit is 2 MB")
    assert load(path, max_file_mb=4).text == DOCX_TEXT


def test_an_entry_inflating_more_than_100x_is_a_zip_bomb_under_the_limit(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.docx", docx_with("word/media/blank.bin", chunks=5))
    with pytest.raises(DocumentError) as err:
        load(bomb)  # 5 MB is under the 50 MB limit, but no real entry deflates 1000x
    refused(err, bomb, "word/media/blank.bin inflates", "more than 100x", "zip bomb")


def test_an_incompressible_entry_over_the_ratio_floor_loads(tmp_path: Path) -> None:
    noise = random.Random(9).randbytes(2 * MB)
    path = write(tmp_path, "photo.docx", docx_with("word/media/photo.bin", 1, chunk=noise))
    assert load(path).text == DOCX_TEXT


def test_a_text_file_over_the_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as file:
        file.truncate(60 * MB)  # sparse: NUL bytes, which reading would call "not a text file"
    with pytest.raises(DocumentError) as err:
        load(path)
    refused(err, path, "is 60 MB", "the limit is 50 MB (REPORTCHAT_MAX_FILE_MB)")


def test_a_file_at_the_limit_loads_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.md", b"word " * (MB // 5) + b"\n" * (MB % 5))
    assert path.stat().st_size == MB
    assert len(load(path, max_file_mb=1).text) == MB
    path.write_bytes(path.read_bytes() + b".")
    with pytest.raises(DocumentError) as err:
        load(path, max_file_mb=1)
    refused(err, path, "is 1.1 MB", "the limit is 1 MB")  # rounded up: never "1 MB"


def test_a_pdf_stream_inflating_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.pdf", make_flate_pdf(b" " * (3 * MB)))
    assert path.stat().st_size < 10_000
    with pytest.raises(DocumentError) as err:
        load(path, max_file_mb=2)
    refused(err, path, "unpacks to more than 2 MB", "the limit is 2 MB (REPORTCHAT_MAX_FILE_MB)")
    assert isinstance(err.value.__cause__, pypdf.errors.LimitReachedError)


def test_pdf_text_over_the_limit_stops_at_the_page_that_passes_it(tmp_path: Path) -> None:
    # Pages 1-3 hold 0.4 MB of text each; page 4 is a bomb that is never opened.
    pages = [text_page(400_000)] * 3 + [b" " * (3 * MB)]
    path = write(tmp_path, "long.pdf", make_flate_pdf(*pages))
    with pytest.raises(DocumentError) as err:
        load(path, max_file_mb=1)
    refused(err, path, "has more than 1 MB of text by page 3", "the limit is 1 MB")
    assert load(write(tmp_path, "short.pdf", make_flate_pdf(*pages[:2])), max_file_mb=1).text


UNITS = [
    pytest.param(60_000, 40_000, None, id="at-the-limit"),
    pytest.param(60_000, 40_001, "100,001 passages and sentences", id="one-over"),
    pytest.param(12_400, 299_340, "311,740 passages and sentences", id="the-11-mb-file"),
]


@pytest.mark.parametrize(("passages", "sentences", "count"), UNITS)
def test_check_units(passages: int, sentences: int, count: str | None) -> None:
    limit = Settings().max_units
    if count is None:
        check_units("notes.txt", passages, sentences, limit)
        return
    with pytest.raises(DocumentError) as err:
        check_units("notes.txt", passages, sentences, limit)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"notes.txt: makes {count}")
    assert "the limit is 100,000 per file (REPORTCHAT_MAX_UNITS)" in message
