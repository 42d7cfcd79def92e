"""The Documents tab: add files to the index, see what it holds, remove a document."""

# No `from __future__ import annotations`: gradio reads handler hints at run time.

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import SUPPORTED_EXTENSIONS, Assistant, Progress, no_progress
from core.errors import DocumentError, ReportChatError, UnsupportedFormatError
from ui.access import Access, access_of
from ui.messages import error_message, unexpected_message
from ui.render import block, escape_markdown
from ui.texts import REASONS, RTL, TEXT, Labelled, counted, when_text

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
            status=text[r.status]
            + (f" – {REASONS.get(lang, {}).get(r.reason, r.reason)}" if r.reason else ""),
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
    # counted as the upload counted it: passages and sentences, not the records they make
    info = next((d for d in assistant.documents() if d.name == name), None)
    try:
        count = assistant.remove(name) if info else 0
    except ReportChatError as err:
        return error_message(err, lang), documents_table(assistant)
    if not (info and count):
        return text["not_indexed"].format(name=name), documents_table(assistant)
    message = text["removed"].format(
        name=name,
        passages=counted(info.passages, "passages", lang),
        sentences=counted(info.sentences, "sentences", lang),
    )
    return message, documents_table(assistant)


def _headers(lang: str) -> list[str]:
    t = TEXT[lang]
    return [t["col_document"], t["col_passages"], t["col_sentences"], t["col_when"]]


def _table(rows: list[list[object]], lang: str) -> dict:
    """A Dataframe update with headers and times in the page's language."""
    shown = [[*row[:3], when_text(str(row[3]), lang)] for row in rows]
    return gr.update(value={"headers": _headers(lang), "data": shown}, headers=_headers(lang))


def refusal(access: Access, signed_in: bool, lang: str = "en") -> str:
    """Why this session may not change the documents now, or "" when it may."""
    if access.may_change(signed_in):
        return ""
    text = TEXT[lang]
    return text["login_needed"] if access.admin else text["read_only"].format(host=access.host)


def replacing(assistant: Assistant, paths: Sequence[str | Path] | None) -> list[str]:
    """The names among `paths` already indexed: adding them replaces a document."""
    indexed = {d.name for d in assistant.documents()}
    return [Path(p).name for p in paths or [] if Path(p).name in indexed]


@dataclass
class DocumentsTab:
    """The Documents tab's outputs, how to refresh them, and what to relabel."""

    outputs: list[Any]  # notice, table, removal choice, the page's status line, the rule
    refresh: Callable[..., tuple]  # (language, message="") -> values for `outputs`
    labelled: Labelled


@dataclass
class _Widgets:
    """The Documents tab's components."""

    tab: Any
    gate: Any
    user: Any
    password: Any
    sign_in: Any
    files: Any
    add: Any
    confirm_add: Any
    notice: Any
    table: Any
    choice: Any
    drop: Any
    confirm_drop: Any


def _layout(access: Access) -> _Widgets:
    """The tab's components, in English until the page's language is known."""
    en = TEXT["en"]
    editable = not access.read_only
    with gr.Tab(en["documents_tab"], id="documents") as tab:
        gate = gr.Markdown(elem_id="rc-access")
        with gr.Row(visible=access.admin is not None):
            user = gr.Textbox(label=en["admin_user"], elem_id="rc-admin-user", scale=2)
            password = gr.Textbox(
                label=en["admin_password"], type="password", elem_id="rc-admin-password", scale=2
            )
            sign_in = gr.Button(en["sign_in"], elem_id="rc-sign-in", scale=1)
        # no file_types: gradio would refuse a .csv with a toast and hand us nothing ("Choose a
        # file first"); our check names the type and what to upload instead
        files = gr.File(
            label=en["files"],
            file_count="multiple",
            type="filepath",
            interactive=editable,
            elem_id="rc-files",
        )
        with gr.Row():
            add = gr.Button(
                en["upload"], variant="primary", interactive=editable, elem_id="rc-upload"
            )
            confirm_add = gr.Button(
                en["replace"], variant="stop", visible=False, elem_id="rc-upload-confirm"
            )
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
            drop = gr.Button(
                en["remove"], variant="stop", scale=1, interactive=editable, elem_id="rc-remove"
            )
            confirm_drop = gr.Button(
                en["remove_yes"],
                variant="stop",
                scale=1,
                visible=False,
                elem_id="rc-remove-confirm",
            )
    return _Widgets(
        tab,
        gate,
        user,
        password,
        sign_in,
        files,
        add,
        confirm_add,
        notice,
        table,
        choice,
        drop,
        confirm_drop,
    )


def _shown(message: str) -> str:
    """One of our messages as the notice's markdown."""
    return block(escape_markdown(message))


class _Handlers:
    """What the tab's buttons do, over one assistant and its access rule. Each return matches
    its event's outputs: (notice, table, choice, status) inside, the pending parts around."""

    def __init__(self, assistant: Assistant, access: Access) -> None:
        self.assistant = assistant
        self.access = access

    def refresh(self, language, message=""):
        """(notice, table, removal choices, status line) in `language`."""
        rows = documents_table(self.assistant)
        names = [row[0] for row in rows]
        return (
            # the notice is markdown; file names and our messages are shown as typed
            block("\n\n".join(escape_markdown(line) for line in message.splitlines())),
            _table(rows, language),
            gr.update(choices=names, value=None, label=TEXT[language]["remove_choice"]),
            gr.update(value=status_line(self.assistant, language), rtl=language in RTL),
        )

    def page_refresh(self, language, message=""):
        """`refresh` and the tab's rule (who may change documents) in `language`."""
        rule = refusal(self.access, False, language)
        return *self.refresh(language, message), gr.update(value=_shown(rule) if rule else "")

    def _ingest(self, paths, language, progress):
        def report(what: str, done: int, total: int) -> None:
            progress(done / max(total, 1), desc=f"{what}: {done}/{total}")

        message, _ = upload(self.assistant, paths, report, language)
        return (None, *self.refresh(language, message), gr.update(visible=False), None)

    def _refused(self, message):
        skip = gr.skip()
        return (None, _shown(message), skip, skip, skip, gr.update(visible=False), None)

    def add_files(self, paths, language, session, progress=_PROGRESS):
        why = refusal(self.access, session, language)
        if why:
            return self._refused(why)
        same = replacing(self.assistant, paths)
        if same:  # the second click, on "Replace", goes on
            ask = TEXT[language]["confirm_replace"].format(names=", ".join(same))
            skip = gr.skip()
            return (skip, _shown(ask), skip, skip, skip, gr.update(visible=True), paths)
        return self._ingest(paths, language, progress)

    def replace_files(self, paths, language, session, progress=_PROGRESS):
        why = refusal(self.access, session, language)
        if why or not paths:
            return self._refused(why)
        return self._ingest(paths, language, progress)

    def drop_document(self, name, language, session):
        why = refusal(self.access, session, language)
        skip = gr.skip()
        if why or not name:
            message = why or TEXT[language]["no_choice"]
            return (_shown(message), skip, skip, skip, gr.update(visible=False), None)
        ask = TEXT[language]["confirm_remove"].format(name=name)  # "Yes, remove" goes on
        return (_shown(ask), skip, skip, skip, gr.update(visible=True), name)

    def remove_document(self, name, language, session):
        why = refusal(self.access, session, language)
        if why:
            skip = gr.skip()
            return (_shown(why), skip, skip, skip, gr.update(visible=False), None)
        message, _ = remove(self.assistant, name, language)
        return (*self.refresh(language, message), gr.update(visible=False), None)

    def log_in(self, name, secret, language):
        if self.access.check(name, secret):
            return True, "", _shown(TEXT[language]["signed_in"])
        return False, "", _shown(TEXT[language]["bad_login"])


def build_documents(assistant: Assistant, lang: gr.Radio, status: gr.Markdown) -> DocumentsTab:
    """The Documents tab's contents and handlers, inside the `gr.Blocks` being built.

    Uploads and removals are checked against `Access` on the server, whatever the page shows;
    replacing a document of the same name and removing one each take a second click."""
    access = access_of(assistant.settings.host, assistant.settings.admin)
    signed_in = gr.State(False)
    pending_files = gr.State(None)  # the upload waiting for "Replace"
    pending_name = gr.State(None)  # the document waiting for "Yes, remove"
    w = _layout(access)
    do = _Handlers(assistant, access)
    outputs = [w.notice, w.table, w.choice, status]
    private: dict[str, Any] = {"api_visibility": "private"}
    # one progress bar, on the notice (on every output it was drawn four times over the table)
    uploading = {**private, "show_progress_on": [w.notice]}
    upload_outputs = [w.files, *outputs, w.confirm_add, pending_files]
    w.add.click(do.add_files, [w.files, lang, signed_in], upload_outputs, **uploading)
    w.confirm_add.click(
        do.replace_files, [pending_files, lang, signed_in], upload_outputs, **uploading
    )
    remove_outputs = [*outputs, w.confirm_drop, pending_name]
    w.drop.click(do.drop_document, [w.choice, lang, signed_in], remove_outputs, **private)
    w.confirm_drop.click(
        do.remove_document, [pending_name, lang, signed_in], remove_outputs, **private
    )
    w.sign_in.click(
        do.log_in, [w.user, w.password, lang], [signed_in, w.password, w.notice], **private
    )
    labelled: Labelled = [
        (w.tab, {"label": "documents_tab"}),
        (w.user, {"label": "admin_user"}),
        (w.password, {"label": "admin_password"}),
        (w.sign_in, {"value": "sign_in"}),
        (w.files, {"label": "files"}),
        (w.add, {"value": "upload"}),
        (w.confirm_add, {"value": "replace"}),
        (w.table, {"label": "table"}),
        (w.drop, {"value": "remove"}),
        (w.confirm_drop, {"value": "remove_yes"}),
    ]
    return DocumentsTab([*outputs, w.gate], do.page_refresh, labelled)
