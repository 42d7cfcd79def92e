"""Answers and sources as the page shows them: report text is data, never markup.

Every piece of report text is HTML-escaped (and markdown-escaped in the chat) before it is shown;
the only links are our own `[n]` markers pointing at their source in the panel (`#src-n`).
"""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from answer.phrases import UNSUPPORTED
from core.types import Answer, Citation
from ui.texts import TEXT

MAX_SOURCES = 10

# Markdown punctuation, escaped so report text cannot form links, images, headings or lists.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
# `https://` or `ftp://` (with `\:`): markdown would turn the address into a link otherwise.
_URL_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=//)")
# the writer's bold figures, its `[n]` markers, and the mark after a claim no passage supports
_ANSWER_TOKEN = re.compile(
    r"\*\*(.+?)\*\*|\[(\d+)\]|(" + "|".join(map(re.escape, UNSUPPORTED.values())) + ")"
)
_MARKER_RUN = re.compile(r"(?:\[\d+\])+")
_LIST_ITEM = re.compile(r"^\s*(?:\d+\.|[-*])\s+")  # "1. " or "- " before a line of an answer

SOURCES_CSS = """
.rc-src { border-left: 3px solid var(--color-accent); padding: 6px 10px; margin: 0 0 12px 0;
          border-radius: 4px; background: var(--background-fill-secondary); }
.rc-src.rc-flash { animation: rc-flash 1.6s ease-out; }
@keyframes rc-flash { from { background: var(--color-accent-soft); } }
.rc-head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; }
.rc-copy { font-size: 0.85em; padding: 2px 8px; border-radius: 4px; cursor: pointer;
           border: 1px solid var(--border-color-primary); background: transparent;
           color: var(--body-text-color); }
.rc-label { font-weight: 600; font-size: 0.9em; margin-bottom: 4px; }
.rc-also { font-size: 0.85em; margin-bottom: 4px; color: var(--body-text-color-subdued); }
.rc-score { font-weight: 400; font-size: 0.8em; color: var(--body-text-color-subdued); }
.rc-passage { white-space: pre-wrap; margin: 0; line-height: 1.5; }
/* Both colours fixed: inheriting the text colour made light text on yellow (1.2:1) in dark
   mode; dark text on this yellow is about 14:1 in either theme (WCAG AA asks 4.5:1). */
.rc-passage mark { background: #ffe58a; color: #1f2328; padding: 0 1px; }
.rc-note { color: var(--body-text-color-subdued); font-size: 0.85em; }
.rc-flag { display: inline-block; font-size: 0.8em; margin-bottom: 4px; padding: 0 6px;
           border: 1px solid #b35900; border-radius: 4px; color: var(--body-text-color); }
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
    a link to its source in the panel (`#src-n`); a claim no passage supports marked ⚠️; a
    line saying a generated answer was checked, or why the model's answer was not used;
    "Searched for: ..." when the question was rewritten."""
    numbers = {c.n for c in answer.citations}
    parts: list[str] = []
    position = 0
    for match in _ANSWER_TOKEN.finditer(answer.text):
        parts.append(escape_markdown(answer.text[position : match.start()]))
        bold, marker, unsupported = match.groups()
        if bold is not None:
            parts.append(f"**{escape_markdown(bold)}**")
        elif unsupported is not None:
            parts.append(f"*⚠️ {escape_markdown(unsupported)}*")
        elif int(marker) in numbers:
            parts.append(f"[\\[{marker}\\]](#src-{marker})")
        else:
            parts.append(escape_markdown(match.group()))
        position = match.end()
    parts.append(escape_markdown(answer.text[position:]))
    text = "".join(parts)
    if answer.fallback_reason:
        note = TEXT[lang]["fell_back"].format(reason=answer.fallback_reason.rstrip("."))
        text = f"*{escape_markdown(note)}*\n\n{text}"
    elif answer.writer == "llm":
        text += f"\n\n*{escape_markdown(TEXT[lang]['generated'])}*"
    if searched_for:
        text += f"\n\n*{TEXT[lang]['searched']}: {escape_markdown(searched_for)}*"
    return text


@dataclass(frozen=True)
class _Card:
    """One passage in the panel: the citations stating it (the first names the card) and the
    sentences to highlight in it."""

    citations: tuple[Citation, ...]
    quotes: tuple[str, ...]


def render_sources(answer: Answer | None, n: int = 5, lang: str = "en") -> str:
    """The sources panel: for the first `n` passages, the label and the passage with every
    sentence a marker supports in `<mark>`.

    A passage repeated word for word in other articles is one card that names them (each keeps
    its `id="src-n"`, so its marker still leads there); the retrieval similarity is shown
    small beside the label; "Copy answer" copies the answer as plain text with its sources.
    Every piece of report text is HTML-escaped."""
    text = TEXT[lang]
    if answer is None or not answer.citations:
        return f'<p class="rc-note" dir="auto">{html.escape(text["no_sources"])}</p>'
    cards = _cards(answer)
    shown = cards[: max(1, min(int(n), MAX_SOURCES))]
    heading = text["closest"] if answer.refused else text["sources"]
    out = [
        f'<div class="rc-head"><h3 dir="auto">{html.escape(heading)}</h3>'
        f'<button type="button" class="rc-copy" id="rc-copy">{html.escape(text["copy"])}'
        f'</button></div><pre class="rc-plain" hidden>{html.escape(plain_text(answer, lang))}'
        "</pre>"
    ]
    for card in shown:
        first, *others = card.citations
        also = "".join(
            f'<div class="rc-also" dir="ltr" id="src-{c.n}">{html.escape(text["also"])} '
            f"{_label_parts(c)}</div>"
            for c in others
        )
        out.append(
            f'<section class="rc-src" id="src-{first.n}">{_label(first, lang)}{also}'
            f"{_flag(card, lang)}"
            f'<p class="rc-passage" dir="auto">{_highlight(first.text, card.quotes)}</p></section>'
        )
    if len(shown) < len(cards):
        note = text["showing"].format(shown=len(shown), total=len(cards))
        out.append(f'<p class="rc-note" dir="auto">{html.escape(note)}</p>')
    return "\n".join(out)


def plain_text(answer: Answer, lang: str = "en") -> str:
    """The answer as plain text (no markdown, no escapes) followed by its list of sources."""
    lines = [answer.text.replace("**", ""), "", f"{TEXT[lang]['sources']}:"]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.label}" + (f" — {c.quote}" if c.quote else ""))
    return "\n".join(lines)


def _cards(answer: Answer) -> list[_Card]:
    """The answer's citations grouped by passage text (whitespace aside), in citation order."""
    claims = {} if answer.refused else _claims(answer.text)
    groups: dict[str, list[Citation]] = {}
    for c in answer.citations:
        groups.setdefault(" ".join(c.text.split()), []).append(c)
    cards = []
    for members in groups.values():
        passage = members[0].text
        quotes = [c.quote for c in members if c.quote]
        quotes += [q for c in members for q in claims.get(c.n, ()) if q and q in passage]
        cards.append(_Card(tuple(members), tuple(dict.fromkeys(quotes))))
    return cards


def _claims(text: str) -> dict[int, list[str]]:
    """For each marker `n`, the sentences of the answer it stands after (bold removed)."""
    found: dict[int, list[str]] = {}
    for line in text.split("\n"):
        start = 0
        for run in _MARKER_RUN.finditer(line):
            claim = _LIST_ITEM.sub("", line[start : run.start()].replace("**", "")).strip()
            start = run.end()
            for n in re.findall(r"\d+", run.group()):
                found.setdefault(int(n), []).append(claim)
    return found


def _label_parts(c: Citation) -> str:
    """`[n] report.txt › "Title" ¶3` with the name and title isolated (`<bdi>`), so a Persian
    title starting with a digit cannot pull the quotes and `¶3` out of order."""
    return (
        f'[{c.n}] <bdi class="rc-doc">{html.escape(c.document)}</bdi> › '
        f'"<bdi class="rc-section">{html.escape(c.section)}</bdi>" '
        f'<span class="rc-para">¶{c.paragraph}</span>'
    )


def _label(c: Citation, lang: str) -> str:
    """The card's label, with the retrieval similarity small beside it when there is one."""
    score = ""
    if c.score > 0:
        hint = html.escape(TEXT[lang]["score"], quote=True)
        score = f' <span class="rc-score" title="{hint}">{c.score:.2f}</span>'
    return f'<div class="rc-label" dir="ltr">{_label_parts(c)}{score}</div>'


def _flag(card: _Card, lang: str) -> str:
    """The card's label when its passage was flagged at ingest as reading like an instruction
    to a model (the reason, in English as recorded, in its tooltip); "" otherwise."""
    reason = next((c.suspicious for c in card.citations if c.suspicious), "")
    if not reason:
        return ""
    hint = html.escape(TEXT[lang]["flagged_hint"].format(reason=reason), quote=True)
    label = html.escape(TEXT[lang]["flagged"])
    return f'<div class="rc-flag" dir="auto" title="{hint}">⚠ {label}</div>'


def _highlight(passage: str, quotes: Sequence[str]) -> str:
    """The passage escaped, with each quoted sentence wrapped in `<mark>` (overlaps merged); a
    quote the passage does not hold is shown marked after it."""
    spans: list[tuple[int, int]] = []
    missing = []
    for quote in quotes:
        at = passage.find(quote)
        if at < 0:
            missing.append(quote)
        else:
            spans.append((at, at + len(quote)))
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, position = [], 0
    for a, b in merged:
        out.append(f"{html.escape(passage[position:a])}<mark>{html.escape(passage[a:b])}</mark>")
        position = b
    out.append(html.escape(passage[position:]))
    out.extend(f"\n<mark>{html.escape(quote)}</mark>" for quote in missing)
    return "".join(out)
