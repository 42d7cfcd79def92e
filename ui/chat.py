"""The Chat tab: a streamed answer with linked `[n]` markers beside its sources panel."""

# No `from __future__ import annotations`: gradio reads handler hints at run time.

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from answer.generated import StreamedAnswer
from assistant import Assistant, rewrite
from core.errors import ReportChatError
from core.types import Answer
from ui.export import Turn, write_export
from ui.messages import error_message, unexpected_message
from ui.render import (
    MAX_SOURCES,
    SOURCES_CSS,
    block,
    escape_markdown,
    render_answer,
    render_sources,
    unblock,
)
from ui.texts import EXAMPLES, TEXT, Labelled

STREAM_CHUNKS = 6  # an extractive answer is ready at once; it is shown in this many steps
STREAM_DELAY = 0.03  # seconds between steps, so the answer visibly streams in

Message = dict[str, str]  # {"role": "user" | "assistant", "content": markdown}

_SOURCE_LINK = re.compile(r"\[\\\[(\d+)\\\]\]\(#src-\d+\)")

# Runs once in the page: a click on an `[n]` marker scrolls its source into view and flashes it
# (a plain `#src-n` link may be opened in a new tab by the chat's link handling), and the
# question box takes the direction of what is typed in it (Persian right to left).
SOURCE_LINKS_JS = """
if (!window.__reportchatSourceLinks) {
  window.__reportchatSourceLinks = true;
  const box = document.querySelector('#rc-question textarea');
  if (box) box.setAttribute('dir', 'auto');
  document.addEventListener('click', (event) => {
    const path = event.composedPath();
    const copy = path.find((node) => node instanceof HTMLElement && node.id === 'rc-copy');
    if (copy) {  // the answer as plain text with its sources, never the escaped markdown
      const plain = document.querySelector('#rc-sources .rc-plain');
      if (plain && navigator.clipboard) navigator.clipboard.writeText(plain.textContent);
      return;
    }
    const link = path.find((node) => node instanceof HTMLAnchorElement
      && (node.getAttribute('href') || '').startsWith('#src-'));
    if (!link) return;
    const target = document.getElementById(link.getAttribute('href').slice(1));
    const source = target && target.closest('.rc-src');  // a repeat names its card's passage
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


def respond(
    assistant: Assistant,
    message: str,
    history: Sequence[dict],
    questions: Sequence[str],
    n_sources: int = 5,
    lang: str = "en",
    writer: str | None = None,
) -> Iterator[tuple[list[Message], str, list[str], Answer | None]]:
    """Answer `message` in the chat, streaming it: the model's words as they come with the llm
    `writer`, an extractive answer in word groups.

    Yields (chat history, sources panel HTML, questions asked so far, the answer). A short
    follow-up ("and in 2021?") is rewritten from `questions` first. A generated answer is
    replaced, once written, by its checked form (or by the extractive answer it fell back to).
    A failure becomes one line in the chat in `lang` (the answer is then None), and the page
    keeps working.
    """
    chat = [_unlink(m) for m in _plain(history)]
    chat.append({"role": "user", "content": block(escape_markdown(message))})
    asked = list(questions)
    answer: Answer | None = None
    try:
        # length, language and characters are checked as typed, before a follow-up is merged
        searched = rewrite(assistant.check_question(message), asked)
        streamed = assistant.stream(searched, writer)
        if isinstance(streamed, StreamedAnswer):
            yield from _drafts(streamed, chat, asked, n_sources, lang)
        answer = streamed.answer()
    except ReportChatError as err:
        failed = error_message(err, lang)
    except Exception as err:  # the page's boundary: the reader gets a sentence, the log the rest
        failed = unexpected_message(err, lang)
    else:
        failed = ""
    if failed or answer is None:
        chat.append({"role": "assistant", "content": block(f"⚠️ {escape_markdown(failed)}")})
        yield chat, render_sources(None, n_sources, lang), asked, None
        return
    asked.append(searched)
    changed = searched.strip() != message.strip()
    full = render_answer(answer, searched if changed else "", lang)
    sources = render_sources(answer, n_sources, lang)
    # a generated answer has streamed already: show its checked form at once
    steps = [full] if answer.writer == "llm" or answer.fallback_reason else _steps(full)
    for i, partial in enumerate(steps):
        if i:
            time.sleep(STREAM_DELAY)
        yield [*chat, {"role": "assistant", "content": block(partial)}], sources, asked, answer


def _drafts(
    streamed: StreamedAnswer, chat: list[Message], asked: list[str], n_sources: int, lang: str
) -> Iterator[tuple[list[Message], str, list[str], Answer | None]]:
    """The model's answer as it is written, as plain text (its markers are checked, and become
    links, only once it is whole)."""
    writing = render_sources(None, n_sources, lang)
    draft = ""
    for chunk in streamed:
        draft += chunk
        shown = f"{escape_markdown(draft)} *{TEXT[lang]['writing']}*"
        yield [*chat, {"role": "assistant", "content": block(shown)}], writing, asked, None


def api_ask(assistant: Assistant, question: str) -> dict[str, object]:
    """The `/ask` endpoint: `Answer.to_json()`, or our one-line message as a gradio error."""
    try:
        return assistant.ask(question).to_json()
    except ReportChatError as err:
        raise gr.Error(str(err)) from err


@dataclass
class ChatTab:
    """The Chat tab's components that the rest of the page reads or relabels."""

    sources: gr.HTML
    n_sources: gr.Slider
    last_answer: gr.State
    labelled: Labelled


@dataclass
class _Widgets:
    """The Chat tab's components."""

    tab: Any
    chatbot: Any
    question: Any
    ask: Any
    export: Any
    examples: Any
    settings_box: Any
    n_sources: Any
    threshold: Any
    writer: Any
    sources: Any


def _conversation(en: dict[str, str]) -> tuple[Any, ...]:
    """The left column: the conversation, the question box, export, and the examples."""
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
        # gradio's copy buttons copy the escaped markdown: "Copy answer" in the sources panel
        # copies plain text with the sources instead
        buttons=[],
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
    export = gr.DownloadButton(en["export"], size="sm", interactive=False, elem_id="rc-export")
    examples = gr.Examples([[q] for q in EXAMPLES], inputs=[question], label=en["examples"])
    return chatbot, question, ask, export, examples


def _settings_and_sources(assistant: Assistant, en: dict[str, str], top_k: int) -> tuple[Any, ...]:
    """The right column: the settings beside the sources they change, then the sources."""
    with gr.Accordion(en["settings"], open=False, elem_id="rc-settings") as settings_box:
        n_sources = gr.Slider(
            1, MAX_SOURCES, value=top_k, step=1, label=en["top_k"], elem_id="rc-top-k"
        )
        threshold = gr.Slider(
            0,
            1,
            value=shown_threshold(assistant, "en"),
            step=0.01,
            interactive=False,
            label=en["threshold"],
            info=en["threshold_info"],
            elem_id="rc-threshold",
        )
        writers = assistant.writers  # the configured one first
        model = assistant.settings.llm_model
        writer = gr.Dropdown(
            [(f"llm · {model}" if w == "llm" else w, w) for w in writers],
            value=writers[0],
            label=en["writer"],
            info=en["writer_info"],
            visible=len(writers) > 1,  # a choice of one is no choice
            elem_id="rc-writer",
        )
    sources = gr.HTML(
        render_sources(None, top_k),
        elem_id="rc-sources",
        max_height=640,
        padding=True,
        css_template=SOURCES_CSS,
        js_on_load=SOURCE_LINKS_JS,
    )
    return settings_box, n_sources, threshold, writer, sources


def _layout(assistant: Assistant, top_k: int) -> _Widgets:
    """The tab's components, in English until the page's language is known."""
    en = TEXT["en"]
    with gr.Tab(en["chat_tab"], id="chat") as tab, gr.Row(equal_height=False):
        with gr.Column(scale=3):
            left = _conversation(en)
        with gr.Column(scale=2):
            right = _settings_and_sources(assistant, en, top_k)
    return _Widgets(tab, *left, *right)


def _answer_waiting(assistant, sent, answered, shown, asked, n, language, done, writer):
    """Answer, in order, every question sent and not yet answered; keep each for export.

    A question may be sent while an answer is still streaming: it waits in `sent`, and this
    event runs again once the current run ends (`always_last`), so none is dropped. Each answer
    is added to `shown`, the conversation as this server last sent it, never to the chatbot's
    value as the browser hands it back (a deferred run may gather that before the last update
    has landed). A failed question goes back in the box when nothing was sent after it, to be
    fixed or sent again. Each question ends with the whole conversation: a run's last message
    carries every output in full, so the page ends each run showing what the server holds
    even if a streamed chunk went astray. Yields (chat, sources, questions, answer, turns,
    export button, question box, answered, shown)."""
    skip = gr.skip()
    for number in range(answered, len(sent)):
        message = sent[number]
        final = None
        for final in respond(assistant, message, shown, asked, n, language, writer):
            yield *final, skip, skip, skip, skip, skip
        if final is None:
            continue
        shown, _, asked, answer = final
        error = "" if answer else unblock(shown[-1]["content"])
        done = [*done, Turn(message, answer, error)]
        download = gr.update(value=str(write_export(done, language)), interactive=True)
        box = message if not answer and number == len(sent) - 1 else skip
        yield shown, skip, skip, skip, done, download, box, number + 1, shown


def shown_threshold(assistant: Assistant, language: str) -> float:
    """The refusal threshold the settings show on a page in `language`: the one questions in
    that language are refused below (each language has its own unless one is configured)."""
    return round(assistant.refusal_thresholds[language], 2)


def build_chat(assistant: Assistant, lang: gr.Radio) -> ChatTab:
    """The Chat tab's contents and handlers, inside the `gr.Blocks` being built."""
    top_k = max(1, min(assistant.settings.top_k, MAX_SOURCES))
    questions = gr.State([])
    last_answer = gr.State(None)
    turns = gr.State([])
    w = _layout(assistant, top_k)
    private: dict[str, Any] = {"api_visibility": "private"}

    def answer_stream(sent, answered, shown, asked, n, language, done, writer):
        yield from _answer_waiting(
            assistant, sent, answered, shown, asked, n, language, done, writer
        )

    # The box is emptied once, when the question is sent, not with every streamed chunk: a
    # reader may type and send the next question while this answer is still arriving. Sent
    # questions queue in `sent`; `answered` counts those answered and `shown` holds the chat
    # they make (each state has one writer, besides the chat's clear button).
    sent = gr.State([])
    answered = gr.State(0)
    shown = gr.State([])
    chat_outputs = [w.chatbot, w.sources, questions, last_answer, turns, w.export, w.question]
    chat_inputs = [sent, answered, shown, questions, w.n_sources, lang, turns, w.writer]
    gr.on(  # one event for Enter and the Ask button, so one answer runs at a time
        [w.question.submit, w.ask.click],
        lambda message, waiting: ("", [*waiting, message]),
        [w.question, sent],
        [w.question, sent],
        queue=False,
        **private,
    ).then(
        answer_stream,
        chat_inputs,
        [*chat_outputs, answered, shown],
        trigger_mode="always_last",  # sent while one streams: run again after, not skipped
        **private,
    )
    off = gr.update(value=None, interactive=False)
    w.chatbot.clear(
        lambda n, language: (render_sources(None, n, language), [], None, [], off, [], 0, []),
        [w.n_sources, lang],
        [w.sources, questions, last_answer, turns, w.export, sent, answered, shown],
        **private,
    )
    w.n_sources.change(
        lambda answer, n, language: render_sources(answer, n, language),
        [last_answer, w.n_sources, lang],
        [w.sources],
        **private,
    )
    lang.change(
        lambda language: gr.update(value=shown_threshold(assistant, language)),
        [lang],
        [w.threshold],
        **private,
    )
    labelled: Labelled = [
        (w.tab, {"label": "chat_tab"}),
        (w.chatbot, {"label": "chatbot", "placeholder": "placeholder"}),
        (w.question, {"label": "question", "placeholder": "question_hint"}),
        (w.ask, {"value": "ask"}),
        (w.export, {"value": "export"}),
        (w.examples.dataset, {"label": "examples"}),
        (w.settings_box, {"label": "settings"}),
        (w.n_sources, {"label": "top_k"}),
        (w.threshold, {"label": "threshold", "info": "threshold_info"}),
        (w.writer, {"label": "writer", "info": "writer_info"}),
    ]
    return ChatTab(w.sources, w.n_sources, last_answer, labelled)
