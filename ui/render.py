"""Answers and sources as the page shows them: report text is data, never markup.

Every piece of report text is HTML-escaped (and markdown-escaped in the chat) before it is shown;
the only links are our own `[n]` markers pointing at their source in the panel (`#src-n`).
"""

import html
import re

from core.types import Answer, Citation
from ui.texts import TEXT

MAX_SOURCES = 10

# Markdown punctuation, escaped so report text cannot form links, images, headings or lists.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
# `https://` or `ftp://` (with `\:`): markdown would turn the address into a link otherwise.
_URL_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=//)")
_ANSWER_TOKEN = re.compile(r"\*\*(.+?)\*\*|\[(\d+)\]")  # the writer's bold figures and markers

SOURCES_CSS = """
.rc-src { border-left: 3px solid var(--color-accent); padding: 6px 10px; margin: 0 0 12px 0;
          border-radius: 4px; background: var(--background-fill-secondary); }
.rc-src.rc-flash { animation: rc-flash 1.6s ease-out; }
@keyframes rc-flash { from { background: var(--color-accent-soft); } }
.rc-label { font-weight: 600; font-size: 0.9em; margin-bottom: 4px; }
.rc-passage { white-space: pre-wrap; margin: 0; line-height: 1.5; }
.rc-passage mark { background: #ffe58a; color: inherit; padding: 0 1px; }
.rc-note { color: var(--body-text-color-subdued); font-size: 0.85em; }
"""


def escape_markdown(text: str) -> str:
    """`text` shown literally in a markdown message: no HTML, links, emphasis or headings."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _URL_SCHEME.sub(r"\\:", escaped)


def block(markdown: str) -> str:
    """A chat message as one block whose direction follows its text (`dir="auto"`): a Persian
    answer reads right to left, an English or Chinese one left to right."""
    return f'<div dir="auto">\n\n{markdown}\n\n</div>'


def unblock(message: str) -> str:
    """The markdown inside a message made by `block` (any other message unchanged)."""
    return message.removeprefix('<div dir="auto">\n\n').removesuffix("\n\n</div>")


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
        return f'<p class="rc-note" dir="auto">{html.escape(text["no_sources"])}</p>'
    shown = answer.citations[: max(1, min(int(n), MAX_SOURCES))]
    heading = text["closest"] if answer.refused else text["sources"]
    out = [f'<h3 dir="auto">{html.escape(heading)}</h3>']
    for c in shown:
        out.append(
            f'<section class="rc-src" id="src-{c.n}">{_label(c)}'
            f'<p class="rc-passage" dir="auto">{_highlight(c.text, c.quote)}</p></section>'
        )
    if len(shown) < len(answer.citations):
        note = text["showing"].format(shown=len(shown), total=len(answer.citations))
        out.append(f'<p class="rc-note" dir="auto">{html.escape(note)}</p>')
    return "\n".join(out)


def _label(c: Citation) -> str:
    """`[n] report.txt › "Title" ¶3` with the name and title isolated (`<bdi>`), so a Persian
    title starting with a digit cannot pull the quotes and `¶3` out of order."""
    return (
        f'<div class="rc-label" dir="ltr">[{c.n}] <bdi class="rc-doc">{html.escape(c.document)}'
        f'</bdi> › "<bdi class="rc-section">{html.escape(c.section)}</bdi>" '
        f'<span class="rc-para">¶{c.paragraph}</span></div>'
    )


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
