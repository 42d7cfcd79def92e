"""The Gradio UI: a chat that answers with checkable sources, a documents tab, and the `/ask` API.

No retrieval or answer logic lives here: every handler calls the `Assistant`. Report text is
data, never markup: it is HTML-escaped (and markdown-escaped in the chat) before it is shown.
Importing this module does nothing; `python app.py` builds the index if needed and serves it.
"""

# No `from __future__ import annotations`: gradio reads the API function's hints at run time.

import html
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Assistant, Progress, no_progress
from core.config import Settings
from core.errors import DocumentError, InputError, ReportChatError, UnsupportedFormatError
from core.types import Answer
from ingest.load import SUPPORTED_EXTENSIONS
from retriever.followup import rewrite
from ui.evaluate import evaluate_tab

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SOURCES = 10
STREAM_CHUNKS = 6  # an extractive answer is ready at once; it is shown in this many steps
STREAM_DELAY = 0.03  # seconds between steps, so the answer visibly streams in

# gradio swaps this marker default for a per-request progress bar (see `add_files`)
_PROGRESS = gr.Progress()
Message = dict[str, str]  # {"role": "user" | "assistant", "content": markdown}

EXAMPLES = [
    "How many people from formerly poor households were employed at the end of 2024?",
    "What are the five key aspects?",
    "How many projects has the Global Development Initiative implemented?",
    "报告是由哪个机构发布的？",
    "2024年脱贫县农村居民人均可支配收入是多少？",
    "截至2024年底，中国向多少个国家提供了发展援助？",
]

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "## ReportChat\nAsk the report: every answer quotes it and says where.",
        "language": "Language",
        "chat_tab": "Chat",
        "documents_tab": "Documents",
        "chatbot": "Conversation",
        "placeholder": "Answers quote the report; click a [n] marker to see its source.",
        "question": "Your question",
        "question_hint": "Ask about the report, in English or Chinese",
        "ask": "Ask",
        "examples": "Example questions",
        "sources": "Sources",
        "closest": "Closest passages (the report does not answer this)",
        "showing": "Showing {shown} of {total}; change the number under Settings.",
        "no_sources": "The passages behind each answer appear here. "
        "Click a [n] marker in an answer to bring its source into view.",
        "searched": "Searched for",
        "settings": "Settings",
        "top_k": "Sources to show",
        "writer": "Answer writer",
        "writer_info": "extractive: answers with the report's own sentences",
        "files": "Add documents (.txt, .md, .pdf, .html, .docx; up to 10 MB each)",
        "upload": "Add to index",
        "table": "Indexed documents",
        "col_document": "Document",
        "col_passages": "Passages",
        "col_sentences": "Sentences",
        "col_when": "Indexed at",
        "remove_choice": "Document to remove",
        "remove": "Remove",
        "status": "Index: {documents} · {passages} · {sentences}",
        "no_files": "Choose a file first (.txt, .md, .pdf, .html or .docx).",
        "ingested": "{name}: {status} ({passages}, {sentences})",
        "added": "added",
        "updated": "updated",
        "skipped": "skipped",
        "removed": "Removed {name} ({count} passages and sentences).",
        "not_indexed": "{name} is not in the index; pick a document from the list.",
        "no_choice": "Pick a document to remove.",
    },
    "zh": {
        "title": "## ReportChat 报告问答\n向报告提问：每个回答都引用报告原文，并标明出处。",
        "language": "语言",
        "chat_tab": "问答",
        "documents_tab": "文档",
        "chatbot": "对话",
        "placeholder": "回答引用报告原文；点击 [n] 标记查看出处。",
        "question": "你的问题",
        "question_hint": "用中文或英文向报告提问",
        "ask": "提问",
        "examples": "示例问题",
        "sources": "出处",
        "closest": "最接近的段落（报告中没有答案）",
        "showing": "显示 {shown} / {total} 条；可在“设置”中更改数量。",
        "no_sources": "每个回答所依据的段落会显示在这里。点击回答中的 [n] 标记即可跳转到对应出处。",
        "searched": "检索内容",
        "settings": "设置",
        "top_k": "显示的出处数量",
        "writer": "回答生成方式",
        "writer_info": "extractive：直接引用报告原句作答",
        "files": "添加文档（.txt、.md、.pdf、.html、.docx；每个不超过 10 MB）",
        "upload": "加入索引",
        "table": "已索引的文档",
        "col_document": "文档",
        "col_passages": "段落数",
        "col_sentences": "句子数",
        "col_when": "索引时间",
        "remove_choice": "要删除的文档",
        "remove": "删除",
        "status": "索引：{documents} · {passages} · {sentences}",
        "no_files": "请先选择文件（.txt、.md、.pdf、.html 或 .docx）。",
        "ingested": "{name}：{status}（{passages}，{sentences}）",
        "added": "已添加",
        "updated": "已更新",
        "skipped": "已跳过",
        "removed": "已删除 {name}（{count} 个段落和句子）。",
        "not_indexed": "{name} 不在索引中；请从列表中选择文档。",
        "no_choice": "请选择要删除的文档。",
    },
}

_UNITS = {  # (one, many)
    "en": {
        "documents": ("document", "documents"),
        "passages": ("passage", "passages"),
        "sentences": ("sentence", "sentences"),
    },
    "zh": {
        "documents": ("个文档", "个文档"),
        "passages": ("个段落", "个段落"),
        "sentences": ("个句子", "个句子"),
    },
}

# Markdown punctuation, escaped so report text cannot form links, images, headings or lists.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_ANSWER_TOKEN = re.compile(r"\*\*(.+?)\*\*|\[(\d+)\]")  # the writer's bold figures and markers
_SOURCE_LINK = re.compile(r"\[\\\[(\d+)\\\]\]\(#src-\d+\)")
_LANGUAGE_TAG = re.compile(
    r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([^,;\s]*))?"
)

# Runs once in the page: a click on an `[n]` marker scrolls its source into view and flashes it
# (a plain `#src-n` link may be opened in a new tab by the chat's link handling).
_SOURCE_LINKS_JS = """
if (!window.__reportchatSourceLinks) {
  window.__reportchatSourceLinks = true;
  document.addEventListener('click', (event) => {
    const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement
      && (node.getAttribute('href') || '').startsWith('#src-'));
    if (!link) return;
    const source = document.getElementById(link.getAttribute('href').slice(1));
    if (!source) return;
    event.preventDefault();
    event.stopPropagation();
    source.scrollIntoView({behavior: 'smooth', block: 'nearest'});
    source.classList.remove('rc-flash');
    void source.offsetWidth;
    source.classList.add('rc-flash');
  }, true);
}
"""
_SOURCES_CSS = """
.rc-src { border-left: 3px solid var(--color-accent); padding: 6px 10px; margin: 0 0 12px 0;
          border-radius: 4px; background: var(--background-fill-secondary); }
.rc-src.rc-flash { animation: rc-flash 1.6s ease-out; }
@keyframes rc-flash { from { background: var(--color-accent-soft); } }
.rc-label { font-weight: 600; font-size: 0.9em; margin-bottom: 4px; }
.rc-passage { white-space: pre-wrap; margin: 0; line-height: 1.5; }
.rc-passage mark { background: #ffe58a; color: inherit; padding: 0 1px; }
.rc-note { color: var(--body-text-color-subdued); font-size: 0.85em; }
"""


# -- rendering ------------------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """`text` shown literally in a markdown message: no HTML, links, emphasis or headings."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def render_answer(answer: Answer, searched_for: str = "", lang: str = "en") -> str:
    """The answer as markdown: report text escaped, the writer's bold kept, and each `[n]`
    a link to its source in the panel (`#src-n`); "Searched for: ..." when the question
    was rewritten."""
    numbers = {c.n for c in answer.citations}
    parts: list[str] = []
    position = 0
    for match in _ANSWER_TOKEN.finditer(answer.text):
        parts.append(escape_markdown(answer.text[position : match.start()]))
        bold, marker = match.groups()
        if bold is not None:
            parts.append(f"**{escape_markdown(bold)}**")
        elif int(marker) in numbers:
            parts.append(f"[\\[{marker}\\]](#src-{marker})")
        else:
            parts.append(escape_markdown(match.group()))
        position = match.end()
    parts.append(escape_markdown(answer.text[position:]))
    text = "".join(parts)
    if searched_for:
        text += f"\n\n*{TEXT[lang]['searched']}: {escape_markdown(searched_for)}*"
    return text


def render_sources(answer: Answer | None, n: int = 5, lang: str = "en") -> str:
    """The sources panel: for the first `n` citations, the label and the passage with the
    quoted sentence in `<mark>`; every piece of report text is HTML-escaped."""
    text = TEXT[lang]
    if answer is None or not answer.citations:
        return f'<p class="rc-note">{html.escape(text["no_sources"])}</p>'
    shown = answer.citations[: max(1, min(int(n), MAX_SOURCES))]
    heading = text["closest"] if answer.refused else text["sources"]
    out = [f"<h3>{html.escape(heading)}</h3>"]
    for c in shown:
        out.append(
            f'<section class="rc-src" id="src-{c.n}">'
            f'<div class="rc-label">[{c.n}] {html.escape(c.label)}</div>'
            f'<p class="rc-passage">{_highlight(c.text, c.quote)}</p></section>'
        )
    if len(shown) < len(answer.citations):
        note = text["showing"].format(shown=len(shown), total=len(answer.citations))
        out.append(f'<p class="rc-note">{html.escape(note)}</p>')
    return "\n".join(out)


def _highlight(passage: str, quote: str) -> str:
    """The passage escaped, with the quoted sentence wrapped in `<mark>`."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        marked = f"\n<mark>{html.escape(quote)}</mark>" if quote else ""
        return html.escape(passage) + marked
    end = at + len(quote)
    return (
        f"{html.escape(passage[:at])}<mark>{html.escape(quote)}</mark>{html.escape(passage[end:])}"
    )


def _plain(history: Sequence[dict]) -> list[Message]:
    """Chat history as role/markdown pairs, whatever shape gradio handed it back in."""
    out: list[Message] = []
    for message in history or []:
        content = message.get("content", "")
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        elif isinstance(content, dict):
            content = str(content.get("text", ""))
        out.append({"role": str(message.get("role", "assistant")), "content": str(content)})
    return out


def _unlink(message: Message) -> Message:
    """An earlier answer keeps its `[n]` markers as text: the panel now shows newer sources."""
    if message["role"] != "assistant":
        return message
    return {**message, "content": _SOURCE_LINK.sub(r"\\[\1\\]", message["content"])}


def _steps(markdown: str) -> Iterator[str]:
    """Growing prefixes of `markdown`, word group by word group, ending with all of it."""
    words = re.findall(r"\S+\s*|\s+", markdown)
    size = max(1, -(-len(words) // STREAM_CHUNKS))
    for end in range(size, len(words) + size, size):
        yield "".join(words[:end])


# -- handlers -------------------------------------------------------------------------------------


def respond(
    assistant: Assistant,
    message: str,
    history: Sequence[dict],
    questions: Sequence[str],
    n_sources: int = 5,
    lang: str = "en",
) -> Iterator[tuple[list[Message], str, list[str], Answer | None]]:
    """Answer `message` in the chat, streaming it in word groups.

    Yields (chat history, sources panel HTML, questions asked so far, the answer). A short
    follow-up ("and in 2021?") is rewritten from `questions` first; errors become a chat message.
    """
    chat = [_unlink(m) for m in _plain(history)]
    chat.append({"role": "user", "content": escape_markdown(message)})
    asked = list(questions)
    try:
        # length, language and characters are checked as typed, before a follow-up is merged
        searched = rewrite(assistant.check_question(message), asked)
        answer = assistant.ask(searched)
    except ReportChatError as err:
        chat.append({"role": "assistant", "content": f"⚠️ {escape_markdown(str(err))}"})
        yield chat, render_sources(None, n_sources, lang), asked, None
        return
    asked.append(searched)
    changed = searched.strip() != message.strip()
    full = render_answer(answer, searched if changed else "", lang)
    sources = render_sources(answer, n_sources, lang)
    for i, partial in enumerate(_steps(full)):
        if i:
            time.sleep(STREAM_DELAY)
        yield [*chat, {"role": "assistant", "content": partial}], sources, asked, answer


def api_ask(assistant: Assistant, question: str) -> dict[str, object]:
    """The `/ask` endpoint: `Answer.to_json()`, or our one-line message as a gradio error."""
    try:
        return assistant.ask(question).to_json()
    except ReportChatError as err:
        raise gr.Error(str(err)) from err


def documents_table(assistant: Assistant) -> list[list[object]]:
    """Rows of the documents table: name, passages, sentences, when indexed."""
    return [[d.name, d.passages, d.sentences, d.ingested_at] for d in assistant.documents()]


def status_line(assistant: Assistant, lang: str = "en") -> str:
    """What the index holds, in one line."""
    docs = assistant.documents()
    return TEXT[lang]["status"].format(
        documents=_counted(len(docs), "documents", lang),
        passages=_counted(sum(d.passages for d in docs), "passages", lang),
        sentences=_counted(sum(d.sentences for d in docs), "sentences", lang),
    )


def _counted(n: int, unit: str, lang: str) -> str:
    """`1 passage`, `2 passages`, `2 个段落`."""
    one, many = _UNITS[lang][unit]
    return f"{n} {one if n == 1 else many}"


def upload(
    assistant: Assistant,
    files: Sequence[str | Path] | str | Path | None,
    progress: Progress | None = None,
    lang: str = "en",
) -> tuple[str, list[list[object]]]:
    """Check and ingest uploaded files under their own names; (message, documents table).

    A file of the wrong type or over the size limit, or one the loader rejects, gets our
    one-line message and nothing is indexed.
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
        message = str(err)
        for path in paths:  # name the file as the user knows it, not gradio's temp path
            message = message.replace(str(path), path.name)
        return message, documents_table(assistant)
    text = TEXT[lang]
    lines = [
        text["ingested"].format(
            name=r.name,
            status=text[r.status] + (f" – {r.reason}" if r.reason else ""),
            passages=_counted(r.passages, "passages", lang),
            sentences=_counted(r.sentences, "sentences", lang),
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
    count = assistant.remove(name)
    message = text["removed"] if count else text["not_indexed"]
    return message.format(name=name, count=count), documents_table(assistant)


def preferred_language(accept_language: str) -> str:
    """`zh` if the browser prefers Chinese over English, else `en` (an Accept-Language value)."""
    best, best_q = "en", -1.0
    for item in accept_language.split(","):
        match = _LANGUAGE_TAG.match(item)
        if not match:
            continue
        code = match.group(1).lower()
        try:
            q = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if code in TEXT and q > best_q:
            best, best_q = code, q
    return best


# -- the page -------------------------------------------------------------------------------------


def build_demo(assistant: Assistant) -> gr.Blocks:
    """The page: chat with a sources panel, documents tab, settings, and the `/ask` API."""
    top_k = max(1, min(assistant.settings.top_k, MAX_SOURCES))
    en = TEXT["en"]
    with gr.Blocks(title="ReportChat", analytics_enabled=False) as demo:
        lang = gr.Radio(
            [("English", "en"), ("中文", "zh")],
            value="en",
            label=en["language"],
            container=False,
            elem_id="rc-language",
        )
        title = gr.Markdown(en["title"])
        status = gr.Markdown(elem_id="rc-status")
        questions = gr.State([])
        last_answer = gr.State(None)
        with gr.Tab(en["chat_tab"], id="chat") as chat_tab, gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label=en["chatbot"],
                    height=520,
                    elem_id="rc-chat",
                    placeholder=en["placeholder"],
                    sanitize_html=True,
                    render_markdown=True,
                    latex_delimiters=[],
                    allow_tags=False,
                    feedback_options=None,
                    buttons=["copy"],
                )
                with gr.Row():
                    question = gr.Textbox(
                        label=en["question"],
                        placeholder=en["question_hint"],
                        scale=5,
                        elem_id="rc-question",
                        max_lines=4,
                    )
                    ask = gr.Button(en["ask"], variant="primary", scale=1, elem_id="rc-ask")
                examples = gr.Examples(
                    [[q] for q in EXAMPLES], inputs=[question], label=en["examples"]
                )
                with gr.Accordion(en["settings"], open=False) as settings_box:
                    n_sources = gr.Slider(
                        1, MAX_SOURCES, value=top_k, step=1, label=en["top_k"], elem_id="rc-top-k"
                    )
                    writer = gr.Dropdown(
                        ["extractive"],
                        value="extractive",
                        label=en["writer"],
                        info=en["writer_info"],
                    )
            with gr.Column(scale=2):
                sources = gr.HTML(
                    render_sources(None, top_k),
                    elem_id="rc-sources",
                    max_height=640,
                    padding=True,
                    css_template=_SOURCES_CSS,
                    js_on_load=_SOURCE_LINKS_JS,
                )
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
                choice = gr.Dropdown(
                    [], label=en["remove_choice"], scale=3, elem_id="rc-remove-choice"
                )
                drop = gr.Button(en["remove"], variant="stop", scale=1, elem_id="rc-remove")
        evaluate_tab(assistant, lang)

        def answer_stream(message, history, asked, n, language):
            yield from respond(assistant, message, history, asked, n, language)

        # The box is emptied once, when the question is sent, not with every streamed chunk:
        # a reader may start typing the next question while this answer is still arriving.
        pending = gr.State("")
        chat_outputs = [chatbot, sources, questions, last_answer]
        chat_inputs = [pending, chatbot, questions, n_sources, lang]
        for trigger in (question.submit, ask.click):
            trigger(
                lambda message: ("", message),
                [question],
                [question, pending],
                queue=False,
                api_visibility="private",
            ).then(answer_stream, chat_inputs, chat_outputs, api_visibility="private")
        chatbot.clear(
            lambda n, language: (render_sources(None, n, language), [], None),
            [n_sources, lang],
            [sources, questions, last_answer],
            api_visibility="private",
        )
        n_sources.change(
            lambda answer, n, language: render_sources(answer, n, language),
            [last_answer, n_sources, lang],
            [sources],
            api_visibility="private",
        )

        def refresh(language, message=""):
            rows = documents_table(assistant)
            names = [row[0] for row in rows]
            return (
                # the notice is markdown; file names and our messages are shown as typed
                "\n\n".join(escape_markdown(line) for line in message.splitlines()),
                _table(rows, language),
                gr.update(choices=names, value=None, label=TEXT[language]["remove_choice"]),
                status_line(assistant, language),
            )

        def add_files(paths, language, progress=_PROGRESS):
            def report(what: str, done: int, total: int) -> None:
                progress(done / max(total, 1), desc=f"{what}: {done}/{total}")

            message, _ = upload(assistant, paths, report, language)
            return None, *refresh(language, message)

        def drop_document(name, language):
            message, _ = remove(assistant, name, language)
            return refresh(language, message)

        doc_outputs = [notice, table, choice, status]
        add.click(add_files, [files, lang], [files, *doc_outputs], api_visibility="private")
        drop.click(drop_document, [choice, lang], doc_outputs, api_visibility="private")

        # What each label shows, by property: (component, {property: TEXT key}).
        labelled = [
            (lang, {"label": "language"}),
            (title, {"value": "title"}),
            (chat_tab, {"label": "chat_tab"}),
            (chatbot, {"label": "chatbot", "placeholder": "placeholder"}),
            (question, {"label": "question", "placeholder": "question_hint"}),
            (ask, {"value": "ask"}),
            (examples.dataset, {"label": "examples"}),
            (settings_box, {"label": "settings"}),
            (n_sources, {"label": "top_k"}),
            (writer, {"label": "writer", "info": "writer_info"}),
            (documents_tab, {"label": "documents_tab"}),
            (files, {"label": "files"}),
            (add, {"value": "upload"}),
            (drop, {"value": "remove"}),
        ]

        def relabel(language, answer, n):
            t: dict[str, Any] = TEXT[language]
            labels = [gr.update(**{k: t[v] for k, v in props.items()}) for _, props in labelled]
            return *labels, render_sources(answer, n, language), *refresh(language)

        lang.change(
            relabel,
            [lang, last_answer, n_sources],
            [*(component for component, _ in labelled), sources, *doc_outputs],
            api_visibility="private",
        )

        def on_load(request: gr.Request):
            language = preferred_language(request.headers.get("accept-language", ""))
            return language, *refresh(language)

        demo.load(on_load, None, [lang, *doc_outputs], api_visibility="private")

        def ask_api(question: str) -> dict:
            """Answer a question from the indexed documents; returns Answer.to_json()."""
            return api_ask(assistant, question)

        gr.api(ask_api, api_name="ask", concurrency_limit=4)
    return demo.queue(default_concurrency_limit=4)


def _headers(lang: str) -> list[str]:
    t = TEXT[lang]
    return [t["col_document"], t["col_passages"], t["col_sentences"], t["col_when"]]


def _table(rows: list[list[object]], lang: str) -> dict:
    """A Dataframe update with headers in the page's language."""
    return gr.update(value={"headers": _headers(lang), "data": rows}, headers=_headers(lang))


# -- entry point ----------------------------------------------------------------------------------


def main(settings: Settings) -> None:
    """Build the index from the bundled report if it is empty, then serve the page."""
    auth = _auth(settings.auth)
    assistant = Assistant(settings)
    if assistant.ensure_index(_console_progress(sys.stderr.write)):
        print(f"Indexed {settings.bundled_report} into {settings.index_path}", file=sys.stderr)
    print(status_line(assistant), file=sys.stderr)
    assistant.warm_up()
    build_demo(assistant).launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=auth,
        max_file_size=MAX_UPLOAD_BYTES,
        footer_links=["api", "settings"],
        run_history=False,  # questions stay on the server; the browser keeps no copy
    )


def _auth(value: str) -> tuple[str, str] | None:
    """`user:password` as gradio's auth pair; empty means no login. The value is never echoed."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError(
            "REPORTCHAT_AUTH must look like user:password (a name, a colon, a password). "
            "Fix it, or unset it to turn the login off."
        )
    return user, password


def _console_progress(write: Callable[[str], object]) -> Progress:
    """A progress callback that redraws one console line: `Indexing report.txt: 64/98`."""

    def show(what: str, done: int, total: int) -> None:
        write(f"\rIndexing {what}: {done}/{total}" + ("\n" if done >= total else ""))

    return show


if __name__ == "__main__":
    try:
        main(Settings.from_env())
    except ReportChatError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(err.exit_code)
