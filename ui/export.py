"""The conversation as a Markdown file a reader can keep: each question, its answer, and the
sources it cites, written as the page shows them."""

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.types import Answer
from ui.render import escape_markdown
from ui.texts import TEXT


@dataclass(frozen=True)
class Turn:
    """One question of the conversation and what it got: an answer, or our one-line message."""

    question: str
    answer: Answer | None
    error: str = ""  # markdown, as shown in the chat


def export_markdown(turns: Sequence[Turn], lang: str = "en") -> str:
    """The conversation as Markdown: report text escaped (it renders as the page shows it, never
    as links or markup), markers as `[n]`, and each answer's sources listed under it with the
    sentence quoted."""
    text = TEXT[lang]
    out = [f"# {text['export_title']}", ""]
    for i, turn in enumerate(turns, 1):
        out += [f"## {i}. {escape_markdown(turn.question.strip())}".rstrip(), ""]
        if turn.answer is None:
            out += [turn.error, ""]
            continue
        body = turn.answer.text.replace("**", "")
        out += [escape_markdown(body).replace("\n", "  \n"), ""]
        if turn.answer.citations:
            out += [f"**{text['sources']}**", ""]
        for c in turn.answer.citations:
            out.append(f"- \\[{c.n}\\] {escape_markdown(c.label)}")
            if c.quote:
                out.append(f"  > {escape_markdown(c.quote)}")
        out.append("")
    return "\n".join(out)


def write_export(turns: Sequence[Turn], lang: str = "en") -> Path:
    """`export_markdown` written to a new file under the system's temporary folder, for the
    page's download button (gradio serves it from its own copy)."""
    folder = Path(tempfile.gettempdir()) / "reportchat-exports"
    folder.mkdir(exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="reportchat-chat-", suffix=".md", dir=folder)
    with open(handle, "w", encoding="utf-8") as out:
        out.write(export_markdown(turns, lang))
    return Path(name)
