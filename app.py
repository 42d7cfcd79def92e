"""The Gradio entry point: `build_demo(assistant)` assembles the page from `ui/`; `python app.py`
builds the index if needed and serves it.

No retrieval or answer logic lives here or in `ui/`: every handler calls the `Assistant`.
Importing this module does nothing.
"""

# No `from __future__ import annotations`: gradio reads the API function's hints at run time.

import sys
from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant import Assistant, Progress
from core.config import Settings
from core.errors import InputError, ReportChatError
from ui.chat import api_ask, build_chat
from ui.documents import MAX_UPLOAD_BYTES, build_documents, status_line
from ui.evaluate import evaluate_tab
from ui.render import render_sources
from ui.texts import GRADIO_LOCALE_JS, LANGUAGES, RTL, TEXT, Labelled, preferred_language


def build_demo(assistant: Assistant) -> gr.Blocks:
    """The page: chat with a sources panel, documents tab, settings, and the `/ask` API."""
    en = TEXT["en"]
    with gr.Blocks(title="ReportChat", analytics_enabled=False) as demo:
        lang = gr.Radio(
            LANGUAGES,
            value="en",
            label=en["language"],
            container=False,
            elem_id="rc-language",
        )
        title = gr.Markdown(en["title"])
        status = gr.Markdown(elem_id="rc-status")
        chat = build_chat(assistant, lang)
        documents = build_documents(assistant, lang, status)
        evaluate_tab(assistant, lang)

        labelled: Labelled = [
            (lang, {"label": "language"}),
            *chat.labelled,
            *documents.labelled,
        ]

        def relabel(language, answer, n):
            t: dict[str, Any] = TEXT[language]
            labels = [gr.update(**{k: t[v] for k, v in props.items()}) for _, props in labelled]
            heading = gr.update(value=t["title"], rtl=language in RTL)
            sources = render_sources(answer, n, language)
            return *labels, heading, sources, *documents.refresh(language)

        lang.change(
            relabel,
            [lang, chat.last_answer, chat.n_sources],
            [*(c for c, _ in labelled), title, chat.sources, *documents.outputs],
            api_visibility="private",
        )

        # gradio's footer in the page's language too (where the switch can reach it)
        lang.change(None, [lang], None, js=GRADIO_LOCALE_JS, api_visibility="private")

        def on_load(request: gr.Request):
            language = preferred_language(request.headers.get("accept-language", ""))
            return language, *documents.refresh(language)

        demo.load(on_load, None, [lang, *documents.outputs], api_visibility="private")

        def ask_api(question: str) -> dict:
            """Answer a question from the indexed documents; returns Answer.to_json()."""
            return api_ask(assistant, question)

        gr.api(ask_api, api_name="ask", concurrency_limit=4)
    return demo.queue(default_concurrency_limit=4)


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
