"""The Documents tab: add files to the index, see what it holds, remove a document."""

# No `from __future__ import annotations`: gradio reads handler hints at run time.

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import SUPPORTED_EXTENSIONS, Assistant, Progress, no_progress
from core.errors import DocumentError, ReportChatError, UnsupportedFormatError
from ui.messages import error_message, unexpected_message
from ui.render import block, escape_markdown
from ui.texts import RTL, TEXT, Labelled, counted

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# gradio swaps this marker default for a per-request progress bar (see `add_files`)
_PROGRESS = gr.Progress()


def documents_table(assistant: Assistant) -> list[list[object]]:
    """Rows of the documents table: name, passages, sentences, when indexed."""
    return [[d.name, d.passages, d.sentences, d.ingested_at] for d in assistant.documents()]


def status_line(assistant: Assistant, lang: str = "en") -> str:
    """What the index holds, in one line."""
    docs = assistant.documents()
    return TEXT[lang]["status"].format(
        documents=counted(len(docs), "documents", lang),
        passages=counted(sum(d.passages for d in docs), "passages", lang),
        sentences=counted(sum(d.sentences for d in docs), "sentences", lang),
    )


def upload(
    assistant: Assistant,
    files: Sequence[str | Path] | str | Path | None,
    progress: Progress | None = None,
    lang: str = "en",
) -> tuple[str, list[list[object]]]:
    """Check and ingest uploaded files under their own names; (message, documents table).

    A file of the wrong type or over the size limit, or one the loader rejects, gets our
    one-line message in `lang` and nothing is indexed; so does a failure we did not expect.
    """
    if isinstance(files, (str, Path)):
        files = [files]
    paths = [Path(f) for f in files or []]
    if not paths:
        return TEXT[lang]["no_files"], documents_table(assistant)
    try:
        for path in paths:
            _check_upload(path)
        results = assistant.ingest(paths, progress=progress or no_progress)
    except ReportChatError as err:
        message = error_message(err, lang)
        for path in paths:  # name the file as the user knows it, not gradio's temp path
            message = message.replace(str(path), path.name)
        return message, documents_table(assistant)
    except Exception as err:  # the page's boundary: the reader gets a sentence, the log the rest
        return unexpected_message(err, lang, "upload_unexpected"), documents_table(assistant)
    text = TEXT[lang]
    lines = [
        text["ingested"].format(
            name=r.name,
            status=text[r.status] + (f" – {r.reason}" if r.reason else ""),
            passages=counted(r.passages, "passages", lang),
            sentences=counted(r.sentences, "sentences", lang),
        )
        for r in results
    ]
    return "\n".join(lines), documents_table(assistant)


def _check_upload(path: Path) -> None:
    """Raise our error for an upload of a type we do not read or over the size limit."""
    if path.suffix.lower() not in SUPPORTED_EXTENSIONS:
        kind = repr(path.suffix) if path.suffix else "(no extension)"
        raise UnsupportedFormatError(
            f"Unsupported file type {kind}: {path.name!r}. "
            f"Upload one of {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    size = path.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise DocumentError(
            f"{path.name!r} is {size / 2**20:.1f} MB; the upload limit is "
            f"{MAX_UPLOAD_BYTES // 2**20} MB. Split it into smaller files."
        )


def remove(assistant: Assistant, name: str | None, lang: str = "en") -> tuple[str, list[list]]:
    """Remove a document from the index; (message, documents table)."""
    text = TEXT[lang]
    if not name:
        return text["no_choice"], documents_table(assistant)
    try:
        count = assistant.remove(name)
    except ReportChatError as err:
        return error_message(err, lang), documents_table(assistant)
    message = text["removed"] if count else text["not_indexed"]
    return message.format(name=name, count=count), documents_table(assistant)


def _headers(lang: str) -> list[str]:
    t = TEXT[lang]
    return [t["col_document"], t["col_passages"], t["col_sentences"], t["col_when"]]


def _table(rows: list[list[object]], lang: str) -> dict:
    """A Dataframe update with headers in the page's language."""
    return gr.update(value={"headers": _headers(lang), "data": rows}, headers=_headers(lang))


@dataclass
class DocumentsTab:
    """The Documents tab's outputs, how to refresh them, and what to relabel."""

    outputs: list[Any]  # notice, table, removal choice, and the page's status line
    refresh: Callable[..., tuple]  # (language, message="") -> values for `outputs`
    labelled: Labelled


def build_documents(assistant: Assistant, lang: gr.Radio, status: gr.Markdown) -> DocumentsTab:
    """The Documents tab's contents and handlers, inside the `gr.Blocks` being built."""
    en = TEXT["en"]
    with gr.Tab(en["documents_tab"], id="documents") as documents_tab:
        files = gr.File(
            label=en["files"],
            file_count="multiple",
            type="filepath",
            file_types=list(SUPPORTED_EXTENSIONS),
            elem_id="rc-files",
        )
        add = gr.Button(en["upload"], variant="primary", elem_id="rc-upload")
        notice = gr.Markdown(elem_id="rc-notice")
        table = gr.Dataframe(
            headers=_headers("en"),
            datatype=["str", "number", "number", "str"],
            interactive=False,
            label=en["table"],
            elem_id="rc-documents",
        )
        with gr.Row():
            choice = gr.Dropdown([], label=en["remove_choice"], scale=3, elem_id="rc-remove-choice")
            drop = gr.Button(en["remove"], variant="stop", scale=1, elem_id="rc-remove")

    def refresh(language, message=""):
        rows = documents_table(assistant)
        names = [row[0] for row in rows]
        return (
            # the notice is markdown; file names and our messages are shown as typed
            block("\n\n".join(escape_markdown(line) for line in message.splitlines())),
            _table(rows, language),
            gr.update(choices=names, value=None, label=TEXT[language]["remove_choice"]),
            gr.update(value=status_line(assistant, language), rtl=language in RTL),
        )

    def add_files(paths, language, progress=_PROGRESS):
        def report(what: str, done: int, total: int) -> None:
            progress(done / max(total, 1), desc=f"{what}: {done}/{total}")

        message, _ = upload(assistant, paths, report, language)
        return None, *refresh(language, message)

    def drop_document(name, language):
        message, _ = remove(assistant, name, language)
        return refresh(language, message)

    outputs = [notice, table, choice, status]
    add.click(add_files, [files, lang], [files, *outputs], api_visibility="private")
    drop.click(drop_document, [choice, lang], outputs, api_visibility="private")
    labelled: Labelled = [
        (documents_tab, {"label": "documents_tab"}),
        (files, {"label": "files"}),
        (add, {"value": "upload"}),
        (drop, {"value": "remove"}),
    ]
    return DocumentsTab(outputs, refresh, labelled)
