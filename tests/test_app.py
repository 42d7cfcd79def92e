"""Tests for app.py and ui/: the handlers behind the page called directly over a real index, and
the `/ask` API through gradio_client against `python app.py` served on 127.0.0.1."""

from __future__ import annotations

import html
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import gradio as gr
import pytest
from app_server import serve
from gradio_client import Client

import app
from answer.answerable import load_model
from assistant import Assistant
from core.config import Settings
from core.types import Answer, Citation, Embedder
from ui import access, documents, export, render, texts
from ui import chat as ui_chat
from ui.chat import shown_threshold

EMPLOYED = "How many people from formerly poor households were employed at the end of 2024?"
INCOME_2024 = (
    "What was the per capita disposable income of rural residents in counties that had "
    "shaken off poverty in 2024?"
)
FREE_ZONES = "چند منطقه آزاد تجاری در مازندران فعال می‌شود؟"
ASSISTED = "By the end of 2024, to how many countries had China provided development assistance?"
XSS_PASSAGE = (
    "Before <script>alert(1)</script> and <img src=x onerror=alert(1)> then "
    "[x](javascript:alert(1)) & more."
)

# Eight questions, each with a fact only its own answer holds.
FACTS = {
    EMPLOYED: "33.05 million",
    INCOME_2024: "17,522 yuan",
    "Which organisation released the report?": "Xinhua Institute",
    ASSISTED: "160 countries",
    "How many projects has the Global Development Initiative implemented?": "1,100 projects",
    "Which resident of a Sichuan village, himself lifted out of poverty, is quoted about the "
    "transitional period?": "Huang Zhongshi",
    "Who is Mali's minister that praised the report?": "Mamou Daffe",
    "When did China declare complete victory in eradicating absolute poverty?": "February 2021",
}


@pytest.fixture(scope="session")
def ui_assistant(report_index: Path, embedder: Embedder) -> Assistant:
    """An assistant over the shared bundled-report index, for tests that only read it."""
    return Assistant(Settings(index_path=report_index), embedder=embedder)


def last(steps: Iterator[tuple]) -> tuple:
    """The final value a streaming handler yields."""
    *_, final = steps
    return final


def plain(text: str) -> str:
    """Answer text without the writer's bold markers."""
    return text.replace("**", "")


# -- chat ----------------------------------------------------------------------------------------


def test_english_answer_streams_with_linked_markers_and_highlighted_sources(
    ui_assistant: Assistant,
) -> None:
    steps = list(ui_chat.respond(ui_assistant, EMPLOYED, [], [], 5))
    chat, sources, asked, answer = steps[-1]
    assert isinstance(answer, Answer) and not answer.refused
    assert "33.05 million" in plain(answer.text)
    assert asked == [EMPLOYED]
    assert [m["role"] for m in chat] == ["user", "assistant"]
    reply = render.unblock(chat[-1]["content"])
    assert chat[-1]["content"] == render.block(reply)  # its direction follows its text
    assert "[\\[1\\]](#src-1)" in reply
    # streamed: several growing prefixes of the final message, the first one short
    replies = [render.unblock(step[0][-1]["content"]) for step in steps]
    assert len(replies) > 1 and len(replies[0]) < len(reply)
    assert all(reply.startswith(partial) for partial in replies)
    first = answer.citations[0]
    assert f'id="src-{first.n}"' in sources
    assert f"<mark>{html.escape(first.quote)}</mark>" in sources
    assert "33.05 million" in first.quote
    assert f'<bdi class="rc-doc">{html.escape(first.document)}</bdi>' in sources
    assert f'<bdi class="rc-section">{html.escape(first.section)}</bdi>' in sources


def test_chinese_question_answers_from_the_english_report(ui_assistant: Assistant) -> None:
    chat, sources, _, answer = last(
        ui_chat.respond(ui_assistant, "报告是由哪个机构发布的？", [], [], 5)
    )
    assert answer.language == "zh" and not answer.refused
    assert "Xinhua Institute" in plain(answer.text)
    assert "Xinhua Institute" in chat[-1]["content"]
    assert "<mark>" in sources and "Xinhua Institute" in sources.split("<mark>", 1)[1]


def test_persian_question_is_answered_in_blocks_that_follow_their_text(
    ui_assistant: Assistant,
) -> None:
    chat, sources, _, answer = last(ui_chat.respond(ui_assistant, FREE_ZONES, [], [], 5, "fa"))
    assert answer.language == "fa" and not answer.refused
    assert "منطقه آزاد" in plain(answer.text)
    assert [m["content"].startswith('<div dir="auto">') for m in chat] == [True, True]
    assert f'<h3 dir="auto">{texts.TEXT["fa"]["sources"]}</h3>' in sources
    assert '<p class="rc-passage" dir="auto">' in sources
    # the title starts with a Persian digit: isolated, it cannot reorder the quotes and ¶n
    first = answer.citations[0]
    assert first.section.startswith("۳")
    assert (
        f'<div class="rc-label" dir="ltr">[1] <bdi class="rc-doc">report.txt</bdi> › '
        f'"<bdi class="rc-section">{first.section}</bdi>" '
        f'<span class="rc-para">¶{first.paragraph}</span>'
    ) in sources


def test_every_language_has_every_text_and_the_hint_names_all_three() -> None:
    assert [code for _, code in texts.LANGUAGES] == list(texts.TEXT) == ["en", "zh", "fa"]
    assert all(texts.TEXT[code].keys() == texts.TEXT["en"].keys() for code in texts.TEXT)
    hint = texts.TEXT["en"]["question_hint"]
    assert all(name in hint for name in ("English", "Chinese", "Persian"))
    assert all(name in texts.TEXT["fa"]["question_hint"] for name in ("فارسی", "انگلیسی", "چینی"))
    assert any(text.startswith("مازندران") or "مازندران" in text for text in texts.EXAMPLES)


def test_every_example_question_is_answered(ui_assistant: Assistant) -> None:
    for question in texts.EXAMPLES:
        answer = ui_assistant.ask(question)
        assert not answer.refused and answer.citations, question


def test_follow_up_is_searched_as_a_rewritten_question(ui_assistant: Assistant) -> None:
    chat, _, asked, _ = last(ui_chat.respond(ui_assistant, INCOME_2024, [], [], 5))
    chat, _, asked, answer = last(ui_chat.respond(ui_assistant, "and in 2021?", chat, asked, 5))
    rewritten = INCOME_2024.replace("2024?", "2021?")
    assert asked == [INCOME_2024, rewritten]
    assert answer.question == rewritten
    reply = render.unblock(chat[-1]["content"])
    assert reply.endswith(f"*Searched for: {render.escape_markdown(rewritten)}*")
    assert "2021" in reply.rsplit("Searched for", 1)[1]
    # the earlier answer keeps its markers as text: the panel now shows the new sources
    assert "(#src-" not in chat[1]["content"] and "\\[1\\]" in chat[1]["content"]
    assert chat[2] == {"role": "user", "content": render.block("and in 2021?")}


def test_waiting_questions_are_answered_in_order_onto_the_chat_the_server_sent(
    ui_assistant: Assistant,
) -> None:
    """A run of the answer event takes every question sent since the last run and builds on
    the conversation it last sent (`shown`), whatever the browser's chatbot holds by then."""
    earlier = last(ui_chat.respond(ui_assistant, INCOME_2024, [], [], 5))[0]
    sent = [INCOME_2024, EMPLOYED, "   ", ASSISTED]
    steps = list(
        ui_chat._answer_waiting(ui_assistant, sent, 1, earlier, [INCOME_2024], 5, "en", [], None)
    )
    finals = [step for step in steps if step[7] != gr.skip()]  # one per question, when done
    assert [step[7] for step in finals] == [2, 3, 4]  # answered, counted after each question
    shown = finals[-1][8]
    assert [m["role"] for m in shown] == ["user", "assistant"] * 4
    assert shown[:2] == [ui_chat._plain(earlier)[0], ui_chat._unlink(earlier[1])]
    replies = [plain(render.unblock(m["content"])) for m in shown[3::2]]
    assert render.escape_markdown("33.05 million") in replies[0] and replies[1].startswith(
        "⚠️ The question is empty"
    )
    assert "160" in replies[2]
    turns = finals[-1][4]
    assert [t.question for t in turns] == sent[1:] and turns[1].answer is None
    assert finals[1][6] == gr.skip()  # the failed question stays out of the box: more were sent
    # each question ends on the whole conversation, the run's last message sending it in full
    assert all(step[0] == step[8] for step in finals)


def test_self_contained_question_shows_no_searched_for_line(ui_assistant: Assistant) -> None:
    chat, _, _, _ = last(ui_chat.respond(ui_assistant, EMPLOYED, [], [INCOME_2024], 5))
    assert "Searched for" not in chat[-1]["content"]


def test_error_is_shown_in_the_chat(ui_assistant: Assistant) -> None:
    chat, sources, asked, answer = last(ui_chat.respond(ui_assistant, "   ", [], [EMPLOYED], 5))
    assert answer is None and asked == [EMPLOYED]
    assert chat[-1]["role"] == "assistant"
    assert render.unblock(chat[-1]["content"]).startswith("⚠️ The question is empty")
    assert 'id="src-' not in sources


JAPANESE = "レポートを発表したのはどの機関ですか？"


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("   ", "zh", "问题是空的。"),
        ("   ", "fa", "پرسش خالی است."),
        (JAPANESE, "zh", "这个问题看起来是 Japanese；ReportChat 只回答中文、英文或波斯语的问题。"),
        (JAPANESE, "en", "The question looks like Japanese; ReportChat answers in English"),
        ("x" * 5000, "fa", "پرسش 5000 نویسه دارد"),
    ],
)
def test_a_failed_question_is_one_line_in_the_page_language(
    ui_assistant: Assistant, question: str, lang: str, expected: str
) -> None:
    chat, sources, asked, answer = last(
        ui_chat.respond(ui_assistant, question, [], [EMPLOYED], 5, lang)
    )
    assert answer is None and asked == [EMPLOYED]
    shown = render.unblock(chat[-1]["content"])
    assert shown.startswith("⚠️ ") and "\n" not in shown
    assert render.escape_markdown(expected) in shown
    assert render.render_sources(None, 5, lang) == sources


def test_an_empty_index_and_a_broken_one_are_sentences_too(
    tmp_path: Path, index_copy: Path, embedder: Embedder
) -> None:
    empty = Assistant(Settings(index_path=tmp_path / "nothing"), embedder=embedder)
    chat, _, _, answer = last(ui_chat.respond(empty, EMPLOYED, [], [], 5, "zh"))
    assert answer is None
    assert (
        render.unblock(chat[-1]["content"]) == "⚠️ 索引里还没有文档。请在“文档”页添加文件后再提问。"
    )

    # A database file that is not one: a failure we did not raise on purpose, told in a line.
    (index_copy / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    broken = Assistant(Settings(index_path=index_copy), embedder=embedder)
    chat, _, _, answer = last(ui_chat.respond(broken, EMPLOYED, [], [], 5, "en"))
    assert answer is None
    shown = render.unblock(chat[-1]["content"])
    assert shown.startswith(render.escape_markdown("⚠️ Something unexpected went wrong ("))
    assert "still in the box" in shown and "\n" not in shown


def test_history_from_gradio_in_its_normalised_shape_is_accepted(ui_assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": [{"type": "text", "text": "hi"}], "metadata": None},
        {"role": "assistant", "content": [{"type": "text", "text": "see [\\[1\\]](#src-1)"}]},
    ]
    chat, _, _, _ = last(ui_chat.respond(ui_assistant, EMPLOYED, history, [], 5))
    assert chat[0] == {"role": "user", "content": "hi"}
    assert chat[1] == {"role": "assistant", "content": "see \\[1\\]"}


def test_slider_trims_the_sources_shown(ui_assistant: Assistant) -> None:
    answer = ui_assistant.ask("What are the five key aspects?")
    assert len(answer.citations) >= 2
    one = render.render_sources(answer, 1)
    assert 'id="src-1"' in one and 'id="src-2"' not in one
    assert f"Showing 1 of {len(answer.citations)}" in one
    every = render.render_sources(answer, 10)
    assert all(f'id="src-{c.n}"' in every for c in answer.citations)
    assert "Showing" not in every


def test_refusal_lists_the_closest_passages(ui_assistant: Assistant) -> None:
    answer = ui_assistant.ask("What is the population of Canada?")
    assert answer.refused
    html_ = render.render_sources(answer, 3)
    assert "Closest passages" in html_ and "<mark>" not in html_
    assert "[\\[1\\]](#src-1)" in render.render_answer(answer)


# -- sources at a glance --------------------------------------------------------------------------

RELEASED = "Which organisation released the report?"


def test_a_passage_repeated_word_for_word_is_one_card_naming_the_others(
    ui_assistant: Assistant,
) -> None:
    answer = ui_assistant.ask(RELEASED)
    texts_ = [" ".join(c.text.split()) for c in answer.citations]
    repeated = [c for c, t in zip(answer.citations, texts_, strict=True) if texts_.count(t) > 1]
    assert len(repeated) >= 2  # the bundled report repeats this paragraph in two articles
    out = render.render_sources(answer, 10)
    assert out.count('<section class="rc-src"') == len(set(texts_))
    first, *others = repeated
    assert f'<section class="rc-src" id="src-{first.n}">' in out
    for other in others:  # named on the first one's card, and its marker still leads there
        card = out.split(f'id="src-{first.n}"', 1)[1].split("</section>", 1)[0]
        assert f'<div class="rc-also" dir="ltr" id="src-{other.n}">' in card
        assert html.escape(other.section) in card
        assert f'<section class="rc-src" id="src-{other.n}">' not in out


def test_every_sentence_a_marker_supports_is_highlighted() -> None:
    passage = "First claim here. A sentence in between. Second claim there."
    citation = Citation(1, "d.txt", "S", 1, passage, "First claim here.", "p")
    answer = Answer(
        question="q",
        text="First **claim** here. [1] Second claim there. [1] Not in it. [1]",
        refused=False,
        language="en",
        citations=(citation,),
    )
    out = render.render_sources(answer, 5)
    assert "<mark>First claim here.</mark> A sentence in between. " in out
    assert "<mark>Second claim there.</mark>" in out
    assert out.count("<mark>") == 2  # a sentence the passage does not hold is not added


def test_the_retrieval_score_is_shown_small_beside_the_label(ui_assistant: Assistant) -> None:
    answer = ui_assistant.ask(EMPLOYED)
    first = answer.citations[0]
    assert 0 < first.score <= 1
    assert '<span class="rc-score" title="' in render.render_sources(answer, 5)
    assert f">{first.score:.2f}</span>" in render.render_sources(answer, 5)
    unscored = Answer("q", "Says. [1]", False, "en", (Citation(1, "d", "S", 1, "Says.", "Says."),))
    assert "rc-score" not in render.render_sources(unscored, 5)


def test_copy_text_is_plain_with_the_source_list() -> None:
    answer = xss_answer()
    text = render.plain_text(answer)
    assert "\\" not in text and "**" not in text
    quote = answer.citations[0].quote
    assert text.startswith(f"{quote} and <script>alert(1)</script> [1]\n\nSources:\n")
    assert text.endswith(f"[1] {answer.citations[0].label} — {quote}")
    # in the panel it is escaped, and hidden: the page's "Copy answer" copies its text
    out = render.render_sources(answer, 5)
    assert '<pre class="rc-plain" hidden>' in out and "<script" not in out


def test_export_is_markdown_with_each_answer_and_its_sources(
    ui_assistant: Assistant, tmp_path: Path
) -> None:
    answer = ui_assistant.ask(EMPLOYED)
    turns = [
        export.Turn(EMPLOYED, answer),
        export.Turn("   ", None, "⚠️ The question is empty\\."),
    ]
    markdown = export.export_markdown(turns)
    assert markdown.startswith("# ReportChat conversation\n\n## 1. How many people")
    assert "33\\.05 million" in markdown and "**" not in markdown.split("**Sources**")[0]
    for c in answer.citations:
        assert f"- \\[{c.n}\\] {render.escape_markdown(c.label)}" in markdown
        assert f"  > {render.escape_markdown(c.quote)}" in markdown
    assert "## 2.\n\n⚠️ The question is empty\\." in markdown
    path = export.write_export(turns)
    try:
        assert path.suffix == ".md" and path.read_text(encoding="utf-8") == markdown
    finally:
        path.unlink()


# -- escaping ------------------------------------------------------------------------------------


def xss_answer() -> Answer:
    quote = "<img src=x onerror=alert(1)> then [x](javascript:alert(1))"
    citation = Citation(
        n=1,
        document="<script>doc</script>.txt",
        section='<b onmouseover="alert(1)">T</b>',
        paragraph=1,
        text=XSS_PASSAGE,
        quote=quote,
        passage_id="p1",
    )
    return Answer(
        question="q",
        text=f"**{quote}** and <script>alert(1)</script> [1]",
        refused=False,
        language="en",
        citations=(citation,),
    )


def test_render_sources_escapes_report_text() -> None:
    out = render.render_sources(xss_answer(), 5)
    assert "<script" not in out and "<img" not in out and "<b " not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<mark>&lt;img src=x onerror=alert(1)&gt; then [x](javascript:alert(1))</mark>" in out
    assert "&lt;script&gt;doc&lt;/script&gt;.txt" in out


def test_render_answer_escapes_html_and_markdown() -> None:
    out = render.render_answer(xss_answer(), searched_for="<img src=x onerror=alert(1)>")
    assert "<script" not in out and "<img" not in out
    assert "](javascript" not in out
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in out
    assert "&lt;script&gt;" in out
    assert "[\\[1\\]](#src-1)" in out  # our own marker is the only link
    assert out.count("](") == 1


def test_a_web_address_in_report_text_stays_text() -> None:
    # `https:` would start a markdown autolink; escaped as `https\:` it is shown as typed
    out = render.escape_markdown("Log in at https://evil-phish.example/login now.")
    assert out == "Log in at https\\://evil\\-phish\\.example/login now\\."
    assert render.escape_markdown("javascript:alert(1)") == "javascript:alert\\(1\\)"


def test_only_markers_of_real_citations_become_links() -> None:
    answer = Answer(
        question="q",
        text="Says [2] and [1].",
        refused=False,
        language="en",
        citations=(Citation(1, "d.txt", "S", 1, "Says.", "Says.", "p"),),
    )
    out = render.render_answer(answer)
    assert "[\\[1\\]](#src-1)" in out and "(#src-2)" not in out and "\\[2\\]" in out


# -- documents -----------------------------------------------------------------------------------


def test_upload_adds_a_document_under_its_own_name_and_remove_deletes_it(
    assistant: Assistant, tmp_path: Path
) -> None:
    folder = tmp_path / "gradio" / "0123abcd"  # gradio keeps the original basename
    folder.mkdir(parents=True)
    notes = folder / "field-notes.txt"
    notes.write_text(
        "Field notes\nThe cooperative in Lanxi planted 4,200 tea bushes in March 2023.\n",
        encoding="utf-8",
    )
    seen: list[tuple[str, int, int]] = []
    message, rows = documents.upload(assistant, [str(notes)], lambda *a: seen.append(a))
    assert message.startswith("field-notes.txt: added (")
    assert [r[0] for r in rows if r[0] != "report.txt"] == ["field-notes.txt"]
    assert {d.name for d in assistant.documents()} == {"report.txt", "field-notes.txt"}
    assert seen and seen[-1][0] == "field-notes.txt" and seen[-1][1] == seen[-1][2]
    answer = assistant.ask("How many tea bushes did the cooperative in Lanxi plant?")
    assert answer.citations[0].document == "field-notes.txt"

    message, rows = documents.remove(assistant, "field-notes.txt")
    assert message == "Removed field-notes.txt (1 passage, 1 sentence)."  # as it was added
    assert [r[0] for r in rows] == ["report.txt"]
    assert [d.name for d in assistant.documents()] == ["report.txt"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "Empty file"),
        ("binary.txt", b"\x00\x01\x02\xff" * 64, "is not a text file"),
        ("sheet.xlsx", b"PK\x03\x04 not really a workbook", "Unsupported file type '.xlsx'"),
        ("no-extension", b"plain words", "Unsupported file type (no extension)"),
    ],
)
def test_bad_upload_gets_one_line_and_changes_nothing(
    assistant: Assistant, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    before = assistant.documents()
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good document about rural roads.\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    message, rows = documents.upload(assistant, [str(good), str(bad)])
    assert expected in message
    assert "\n" not in message and str(tmp_path) not in message
    assert assistant.documents() == before
    assert [r[0] for r in rows] == ["report.txt"]


def test_a_dotfile_upload_gets_a_message_and_the_next_upload_works(
    assistant: Assistant, tmp_path: Path
) -> None:
    hidden = tmp_path / ".hidden.md"
    hidden.write_text("Hidden notes\nThe Lanxi ferry carried 300 people in 2023.\n", "utf-8")
    message, rows = documents.upload(assistant, [str(hidden)], lang="fa")
    assert message.startswith(".hidden.md: افزوده شد")
    only_extension = tmp_path / ".md"
    only_extension.write_text("words", encoding="utf-8")
    message, _ = documents.upload(assistant, [str(only_extension)], lang="zh")
    assert message.startswith("无法添加该文件：Unsupported file type (no extension): '.md'")
    assert str(tmp_path) not in message
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good document about rural roads.\n", encoding="utf-8")
    message, rows = documents.upload(assistant, [str(good)])
    assert message.startswith("good.txt: added")
    assert {r[0] for r in rows} == {"report.txt", ".hidden.md", "good.txt"}


def test_oversize_upload_is_rejected(assistant: Assistant, tmp_path: Path) -> None:
    before = assistant.documents()
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (documents.MAX_UPLOAD_BYTES // 5 + 1))
    message, _ = documents.upload(assistant, str(big))
    assert "'big.txt' is 10.0 MB; the upload limit is 10 MB" in message
    assert assistant.documents() == before


def test_upload_without_files_and_remove_without_choice(assistant: Assistant) -> None:
    assert documents.upload(assistant, None)[0].startswith("Choose a file first")
    assert documents.remove(assistant, None)[0] == "Pick a document to remove."
    assert documents.remove(assistant, "nope.txt")[0].startswith("nope.txt is not in the index")
    (report,) = assistant.documents()
    assert documents.status_line(assistant) == (
        f"Index: 1 document · {report.passages} passages · {report.sentences} sentences"
    )


def test_messages_follow_the_page_language(assistant: Assistant) -> None:
    assert documents.upload(assistant, None, lang="zh")[0] == texts.TEXT["zh"]["no_files"]
    assert documents.status_line(assistant, "zh").startswith("索引：1 个文档")
    assert render.render_sources(None, 5, "zh") == (
        f'<p class="rc-note" dir="auto">{html.escape(texts.TEXT["zh"]["no_sources"])}</p>'
    )


# -- who may change the documents ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("127.1.2.3", True),
        ("0.0.0.0", False),
        ("", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_only_a_loopback_bind_is_loopback(host: str, loopback: bool) -> None:
    assert access.is_loopback(host) is loopback


def test_the_rule_for_uploads_and_removals() -> None:
    local = access.access_of("127.0.0.1", "")
    assert local.may_change(False) and not local.read_only
    assert documents.refusal(local, False) == ""
    open_to_all = access.access_of("0.0.0.0", "")
    assert open_to_all.read_only and not open_to_all.may_change(True)
    assert documents.refusal(open_to_all, True, "zh").startswith(
        "已关闭添加和删除文档：服务器监听在 0.0.0.0"
    )
    guarded = access.access_of("0.0.0.0", "ann:s3:cret")
    assert not guarded.read_only and not guarded.may_change(False) and guarded.may_change(True)
    assert guarded.check("ann", "s3:cret") and not guarded.check("ann", "s3")
    assert not guarded.check("bob", "s3:cret")
    assert documents.refusal(guarded, False) == "Sign in as the admin to add or remove documents."
    with pytest.raises(app.InputError, match="REPORTCHAT_ADMIN must look like") as caught:
        access.access_of("127.0.0.1", "hunter2")
    assert "hunter2" not in str(caught.value)
    assert "s3:cret" not in repr(Settings(admin="ann:s3:cret"))


def test_times_and_skip_reasons_follow_the_page_language(
    assistant: Assistant, tmp_path: Path
) -> None:
    iso = "2026-12-01T14:26:37+00:00"
    assert texts.when_text(iso, "en") == "2026-12-01 14:26 UTC"
    assert texts.when_text(iso, "zh") == "2026年12月1日 14:26 UTC"
    assert texts.when_text(iso, "fa") == "۲۰۲۶-۱۲-۰۱ ۱۴:۲۶ UTC"
    assert texts.when_text("yesterday", "en") == "yesterday"
    notes = tmp_path / "notes.txt"
    notes.write_text("Notes\nThe Lanxi ferry carried 300 people in 2023.\n", encoding="utf-8")
    documents.upload(assistant, [str(notes)])
    message, _ = documents.upload(assistant, [str(notes)], lang="zh")
    assert message == "notes.txt：已跳过 – 内容未变（0 个段落，0 个句子）"


def test_an_upload_of_an_indexed_name_is_a_replacement(
    assistant: Assistant, tmp_path: Path
) -> None:
    same = tmp_path / "report.txt"
    other = tmp_path / "new.txt"
    assert documents.replacing(assistant, [str(same), str(other)]) == ["report.txt"]
    assert documents.replacing(assistant, None) == []


# -- language, API, wiring -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,zh;q=0.5", "zh"),
        ("fr-FR", "en"),
        ("", "en"),
        ("zh-TW;q=abc, en", "en"),
        ("fa-IR,fa;q=0.9,en;q=0.8", "fa"),
        ("en;q=0.5,fa;q=0.7,zh;q=0.6", "fa"),
    ],
)
def test_page_language_comes_from_accept_language(header: str, expected: str) -> None:
    assert texts.preferred_language(header) == expected


def test_api_ask_returns_the_answer_json(ui_assistant: Assistant) -> None:
    result = ui_chat.api_ask(ui_assistant, EMPLOYED)
    assert set(result) == set(ui_assistant.ask(EMPLOYED).to_json())
    assert "33.05 million" in plain(str(result["answer"]))


def test_api_ask_turns_our_errors_into_a_gradio_error(ui_assistant: Assistant) -> None:
    with pytest.raises(gr.Error, match="The question is empty"):
        ui_chat.api_ask(ui_assistant, "")


def test_auth_setting_is_user_colon_password() -> None:
    assert app._auth("") is None
    assert app._auth("ann:s3:cret") == ("ann", "s3:cret")
    with pytest.raises(app.InputError, match="user:password") as caught:
        app._auth("hunter2")
    assert "hunter2" not in str(caught.value)


def test_build_demo_does_not_launch_and_exposes_only_ask_and_evaluate(
    ui_assistant: Assistant,
) -> None:
    demo = app.build_demo(ui_assistant)
    assert isinstance(demo, gr.Blocks)
    assert not demo.is_running
    public = [f.api_name for f in demo.fns.values() if f.api_visibility == "public"]
    assert sorted(public) == ["ask", "evaluate"]


def test_settings_show_the_threshold_and_offer_no_choice_of_one(ui_assistant: Assistant) -> None:
    demo = app.build_demo(ui_assistant)
    by_id = {b.elem_id: b for b in demo.blocks.values() if getattr(b, "elem_id", None)}
    threshold = by_id["rc-threshold"]
    assert isinstance(threshold, gr.Slider) and not threshold.interactive
    # the page opens in English: English questions' own threshold (each language has one)
    assert threshold.value == round(load_model().threshold("en"), 2) > 0
    assert shown_threshold(ui_assistant, "zh") == round(load_model().threshold("zh"), 2)
    assert shown_threshold(ui_assistant, "zh") != shown_threshold(ui_assistant, "fa")
    writers = [b for b in demo.blocks.values() if isinstance(b, gr.Dropdown)]
    writer = next(b for b in writers if b.label == texts.TEXT["en"]["writer"])
    # with no model configured there is one writer, and a choice of one is not shown
    assert ui_assistant.writers == ("extractive",)
    assert writer.choices == [("extractive", "extractive")] and writer.visible is False


# -- the served app ------------------------------------------------------------------------------


@pytest.mark.slow
def test_served_api_answers_many_clients_at_once(
    index_copy: Path, tmp_path: Path, ui_assistant: Assistant
) -> None:
    with serve(index_copy, tmp_path / "app.log") as url:
        client = Client(url, verbose=False)
        result = client.predict(EMPLOYED, api_name="/ask")
        assert isinstance(result, dict)
        assert set(result) == set(ui_assistant.ask(EMPLOYED).to_json())
        assert "33.05 million" in plain(result["answer"])
        endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        assert sorted(endpoints) == ["/ask", "/evaluate"]

        def ask(question: str) -> dict:
            return Client(url, verbose=False).predict(question, api_name="/ask")

        with ThreadPoolExecutor(max_workers=len(FACTS)) as pool:
            results = list(pool.map(ask, FACTS))
    for (question, fact), result in zip(FACTS.items(), results, strict=True):
        assert result["question"] == question
        assert fact in plain(result["answer"]), (question, result["answer"])
        assert not result["refused"]
