"""The Evaluate tab: run a facts set (the bundled one or an uploaded file) against the index and
show the report of `eval/html.py`, with JSON, CSV and HTML downloads, and the `/evaluate` API.

`/evaluate` returns the object `reportchat eval --json` prints (`eval.report.to_json`).
"""

# No `from __future__ import annotations`: gradio reads the handlers' hints at run time.

import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Assistant
from core.errors import ReportChatError
from eval.evaluation import Evaluation, evaluate, unbounded
from eval.export import csv_text, json_text
from eval.factfile import read_facts
from eval.html import STYLE, fragment, page
from eval.report import to_json
from eval.run import FACTS

SPLITS = ("all", "dev", "test")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "tab": "Evaluate",
        "intro": "### Evaluate\nScore the assistant on a facts set: the bundled "
        "`eval/facts.jsonl`, or your own file in its format (one JSON object per line).",
        "facts": "Facts file (.jsonl; leave empty for the bundled set)",
        "split": "Questions",
        "run": "Run evaluation",
        "downloads": "Downloads (JSON, CSV, HTML)",
        "empty": "Run the evaluation to see accuracy per language, the refusal threshold curve "
        "and the wrong answers.",
    },
    "zh": {
        "tab": "评估",
        "intro": "### 评估\n用事实集为助手打分：内置的 `eval/facts.jsonl`，"
        "或你自己的同格式文件（每行一个 JSON 对象）。",
        "facts": "事实文件（.jsonl；留空则使用内置事实集）",
        "split": "问题范围",
        "run": "运行评估",
        "downloads": "下载（JSON、CSV、HTML）",
        "empty": "运行评估后，这里会显示各语言的准确率、拒答阈值曲线和答错的问题。",
    },
    "fa": {
        "tab": "ارزیابی",
        "intro": "### ارزیابی\nدستیار را با یک مجموعهٔ واقعیت‌ها بسنجید: مجموعهٔ همراه "
        "`eval/facts.jsonl` یا فایل خودتان با همان قالب (در هر خط یک شیء JSON).",
        "facts": "فایل واقعیت‌ها (.jsonl؛ برای مجموعهٔ همراه خالی بگذارید)",
        "split": "پرسش‌ها",
        "run": "اجرای ارزیابی",
        "downloads": "دریافت (JSON، CSV، HTML)",
        "empty": "ارزیابی را اجرا کنید تا دقت هر زبان، منحنی آستانهٔ امتناع و پاسخ‌های "
        "نادرست را ببینید.",
    },
}

# gradio swaps this marker default for a per-request progress bar
_PROGRESS = gr.Progress()


def run_evaluation(
    assistant: Assistant,
    facts_path: str | None,
    split: str = "all",
    progress: Any = None,
    free_assistant: Assistant | None = None,
) -> Evaluation:
    """Run the facts in `facts_path` (the bundled set if None) of `split`; a bad file or a
    failing index is a gr.Error with our one-line message, naming the file as uploaded."""
    path = Path(facts_path) if facts_path else FACTS
    shown = path.name if facts_path else "eval/facts.jsonl"

    def tick(done: int, total: int) -> None:
        if progress is not None:  # numbers only: the same in every language
            progress(done / total, desc=f"{done}/{total}")

    try:
        facts = read_facts(path, split if split in SPLITS else "all", shown=shown)
        return evaluate(
            assistant,
            facts,
            shown,
            tick=tick,
            free_assistant=free_assistant,
        )
    except ReportChatError as err:
        message = str(err).replace(str(path), shown)
        raise gr.Error(" ".join(message.split())) from err


def downloads(evaluation: Evaluation) -> list[str]:
    """The run as evaluation.json, evaluation.csv and evaluation.html in a new temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="reportchat-eval-"))
    files = {
        "evaluation.json": json_text(evaluation.report),
        "evaluation.csv": csv_text(evaluation.report),
        "evaluation.html": page(evaluation),
    }
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return [str(folder / name) for name in files]


def evaluate_tab(assistant: Assistant, lang: gr.Radio | None = None) -> None:
    """Add the Evaluate tab to the open gr.Blocks, with its events and the `/evaluate` API; its
    labels follow `lang` (the page's language switch), if given."""
    en = TEXT["en"]
    free: list[Assistant] = []  # one unbounded assistant, built on the first run

    with gr.Tab(en["tab"], id="evaluate") as tab:
        intro = gr.Markdown(en["intro"])
        with gr.Row():
            facts = gr.File(
                label=en["facts"], file_types=[".jsonl"], type="filepath", elem_id="rc-eval-facts"
            )
            split = gr.Radio(list(SPLITS), value="all", label=en["split"], elem_id="rc-eval-split")
        run = gr.Button(en["run"], variant="primary", elem_id="rc-eval-run")
        report = gr.HTML(
            f'<p class="rce-note">{en["empty"]}</p>',
            elem_id="rc-eval-report",
            css_template=STYLE,
            padding=True,
        )
        files = gr.File(
            label=en["downloads"],
            file_count="multiple",
            interactive=False,
            elem_id="rc-eval-downloads",
        )
        result = gr.JSON(visible=False, label="evaluation")
        evaluation = gr.State(None)

    def on_run(facts_file: str | None, split_name: str, progress=_PROGRESS):
        if not free:
            free.append(unbounded(assistant))
        done = run_evaluation(assistant, facts_file, split_name, progress, free[0])
        return to_json(done.report), done

    def show(done: Evaluation | None):
        if done is None:
            return gr.update(), None
        return fragment(done), downloads(done)

    run.click(
        on_run,
        [facts, split],
        [result, evaluation],
        api_name="evaluate",
        concurrency_limit=1,
        concurrency_id="evaluate",
        show_progress_on=[report],
    ).success(show, [evaluation], [report, files], api_visibility="private")

    if lang is not None:
        labelled = [
            (tab, "label", "tab"),
            (intro, "value", "intro"),
            (facts, "label", "facts"),
            (split, "label", "split"),
            (run, "value", "run"),
            (files, "label", "downloads"),
        ]

        def relabel(language: str):
            text: dict[str, Any] = TEXT.get(language, en)
            return [gr.update(**{prop: text[key]}) for _, prop, key in labelled]

        lang.change(relabel, [lang], [c for c, _, _ in labelled], api_visibility="private")
