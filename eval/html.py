"""An evaluation as HTML: the per-language table with 95% intervals, the accuracy chart, the
refusal-threshold curve and the wrong answers, for the Evaluate tab and `eval --html`.

Charts are hand-written inline SVG, so the file `page` writes needs nothing from outside: no
scripts, fonts, stylesheets or images to fetch, and it can be mailed as it is. Every piece of
report, question and answer text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from core.types import Citation
from eval.evaluation import Evaluation, IndexNote
from eval.report import expected, percent
from eval.run import Cutoffs, Outcome, Report, Scores, by_split, has_test_split

TABLE_COLUMNS = (
    "language",
    "questions",
    "answerable",
    "right",
    "accuracy",
    "95% interval (Wilson)",
    "recall@1",
    "recall@5",
    "citation precision",
    "unanswerable refused",
)
_NONE = "-"
# Chart colours readable on white and on a dark page alike.
BAR = "#4c78a8"
LINE = "#e45756"
_W, _LEFT, _RIGHT = 560, 64, 72  # chart width; room for labels left and right of the plot
_ROW = 30  # px per language in the accuracy chart

STYLE = """
.rce { font-family: system-ui, sans-serif; line-height: 1.45; }
.rce table { border-collapse: collapse; margin: 6px 0 14px 0; }
.rce th, .rce td { border: 1px solid #8884; padding: 3px 8px; text-align: right;
                  white-space: nowrap; }
.rce th:first-child, .rce td:first-child { text-align: left; }
.rce tr.rce-all td { font-weight: 600; }
.rce .rce-warning { border-left: 4px solid #d08700; padding: 6px 10px; margin: 8px 0;
                    background: #d0870022; }
.rce details { border: 1px solid #8884; border-radius: 4px; padding: 4px 8px; margin: 4px 0; }
.rce summary { cursor: pointer; }
.rce dt { font-weight: 600; margin-top: 4px; }
.rce dd { margin-left: 12px; white-space: pre-wrap; }
.rce mark { background: #ffe58a; color: #111; }
.rce svg text { fill: currentColor; font-size: 12px; }
.rce .rce-note { opacity: 0.8; font-size: 0.9em; }
"""


def page(evaluation: Evaluation) -> str:
    """A whole HTML document of the evaluation, self-contained."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>ReportChat evaluation: {escape(evaluation.facts_name)}</title>\n"
        f"<style>body {{ font-family: system-ui, sans-serif; margin: 24px; }}{STYLE}</style>\n"
        "</head>\n<body>\n"
        f"<h1>ReportChat evaluation</h1>\n{fragment(evaluation)}\n</body>\n</html>\n"
    )


def fragment(evaluation: Evaluation) -> str:
    """The evaluation as one `<div class="rce">`: what was run, the tables, the two charts and
    the wrong answers."""
    report = evaluation.report
    swept = evaluation.swept_split or "all"
    parts = [
        '<div class="rce">',
        summary_html(evaluation),
        index_html(evaluation.note),
        "<h2>Accuracy per language</h2>",
        tables_html(report),
        accuracy_chart(report),
        f"<h2>Refusal threshold ({escape(swept)} questions)</h2>",
        '<p class="rce-note">Each point is one threshold: raising it refuses more unanswerable '
        "questions and answers fewer answerable ones right. The ringed point is the threshold "
        "in use (when each language has its own, the scores at those).</p>",
        sweep_chart(evaluation.sweep, evaluation.cutoffs, evaluation.in_use.overall),
        wrong_html(report),
        "</div>",
    ]
    return "\n".join(parts)


def summary_html(evaluation: Evaluation) -> str:
    """One line: the facts file, how many questions, the thresholds in use."""
    n = len(evaluation.report.outcomes)
    plural = "" if evaluation.cutoffs.single is not None else "s"
    return (
        f'<p id="rce-summary">{escape(evaluation.facts_name)}: {n} questions, refusal '
        f"threshold{plural} {escape(evaluation.cutoffs.label())}.</p>"
    )


def index_html(note: IndexNote) -> str:
    """Which documents were indexed, and the warning when they are not the set's own report."""
    names = ", ".join(note.documents) or "nothing"
    out = f'<p id="rce-index">Indexed: {escape(names)}</p>'
    if note.warning:
        out += f'\n<p class="rce-warning" id="rce-warning">⚠ {escape(note.warning)}</p>'
    return out


def tables_html(report: Report) -> str:
    """The per-language table; with test questions, one per split (dev, test) and one of all."""
    if not has_test_split(report):
        return table_html(report)
    parts = [
        f"<h3>{name} ({len(part.outcomes)} questions)</h3>\n{table_html(part)}"
        for name, part in by_split(report).items()
    ]
    parts.append(f"<h3>all ({len(report.outcomes)} questions)</h3>\n{table_html(report)}")
    return "\n".join(parts)


def table_html(report: Report) -> str:
    """One row per language and an `all` row, as in `reportchat eval`."""
    header = "".join(f"<th>{escape(c)}</th>" for c in TABLE_COLUMNS)
    rows = [_row(lang, s) for lang, s in sorted(report.by_language.items())]
    rows.append(_row("all", report.overall, css=' class="rce-all"'))
    return f'<table class="rce-table">\n<tr>{header}</tr>\n' + "\n".join(rows) + "\n</table>"


def _row(name: str, scores: Scores, css: str = "") -> str:
    return (
        f"<tr{css}>" + "".join(f"<td>{escape(c)}</td>" for c in row_cells(name, scores)) + "</tr>"
    )


def row_cells(name: str, scores: Scores) -> list[str]:
    """The `TABLE_COLUMNS` cells of one group; `-` for a metric over questions it has none of."""
    measured = scores.answerable > 0
    low, high = scores.accuracy_interval
    return [
        name,
        str(scores.questions),
        str(scores.answerable),
        str(scores.answered_right) if measured else _NONE,
        percent(scores.accuracy) if measured else _NONE,
        f"{percent(low)} to {percent(high)}" if measured else _NONE,
        percent(scores.recall_at_1) if measured else _NONE,
        percent(scores.recall_at_5) if measured else _NONE,
        percent(scores.citation_precision),
        percent(scores.unanswerable_refused) if scores.questions > scores.answerable else _NONE,
    ]


def accuracy_chart(report: Report) -> str:
    """Horizontal bars of accuracy per language and for all, each with its 95% interval as a
    whisker; languages without answerable questions are left out."""
    groups = [(lang, s) for lang, s in sorted(report.by_language.items()) if s.answerable]
    if report.overall.answerable:
        groups.append(("all", report.overall))
    plot = _W - _LEFT - _RIGHT
    height = 30 + _ROW * len(groups)

    def x(share: float) -> float:
        return _LEFT + share * plot

    out = [_svg_open("rce-accuracy-chart", height, "Accuracy per language with 95% intervals")]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        out.append(
            f'<line x1="{x(tick):.1f}" y1="6" x2="{x(tick):.1f}" y2="{height - 20}" '
            'stroke="#8886"/>'
            f'<text x="{x(tick):.1f}" y="{height - 6}" text-anchor="middle">{tick:.0%}</text>'
        )
    for i, (name, scores) in enumerate(groups):
        top = 10 + i * _ROW
        mid = top + 10
        low, high = scores.accuracy_interval
        out.append(
            f'<g class="rce-bar" data-language="{escape(name)}" '
            f'data-accuracy="{scores.accuracy:.4f}" data-low="{low:.4f}" data-high="{high:.4f}">'
            f"<title>{escape(name)}: {percent(scores.accuracy)} "
            f"(95% interval {percent(low)} to {percent(high)})</title>"
            f'<text x="{_LEFT - 8}" y="{mid + 4}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{_LEFT}" y="{top}" width="{x(scores.accuracy) - _LEFT:.1f}" height="20" '
            f'fill="{BAR}"/>'
            f'<line x1="{x(low):.1f}" y1="{mid}" x2="{x(high):.1f}" y2="{mid}" '
            'stroke="currentColor" stroke-width="1.5"/>'
            + "".join(
                f'<line x1="{x(end):.1f}" y1="{mid - 6}" x2="{x(end):.1f}" y2="{mid + 6}" '
                'stroke="currentColor" stroke-width="1.5"/>'
                for end in (low, high)
            )
            + f'<text x="{x(1.0) + 6}" y="{mid + 4}">{percent(scores.accuracy)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def sweep_chart(rows: Sequence[tuple[float, Report]], current: Cutoffs, in_use: Scores) -> str:
    """The refusal-threshold curve: for each threshold, the share of unanswerable questions
    refused (x) against the share of answerable ones answered right (y), and the scores at
    the thresholds in use (`current`, scoring `in_use`) ringed and labelled: a point of the
    curve when they are one threshold, off it when each language has its own."""
    height, top, bottom = 320, 12, 40
    plot_w, plot_h = _W - _LEFT - _RIGHT, height - top - bottom

    def point(scores: Scores) -> tuple[float, float]:
        return (
            _LEFT + scores.unanswerable_refused * plot_w,
            top + (1 - scores.accuracy) * plot_h,
        )

    out = [_svg_open("rce-sweep-chart", height, "Answered right against unanswerable refused")]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        gx, gy = _LEFT + tick * plot_w, top + (1 - tick) * plot_h
        out.append(
            f'<line x1="{gx:.1f}" y1="{top}" x2="{gx:.1f}" y2="{top + plot_h}" stroke="#8886"/>'
            f'<line x1="{_LEFT}" y1="{gy:.1f}" x2="{_LEFT + plot_w}" y2="{gy:.1f}" '
            'stroke="#8886"/>'
            f'<text x="{gx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{tick:.0%}</text>'
            f'<text x="{_LEFT - 6}" y="{gy + 4:.1f}" text-anchor="end">{tick:.0%}</text>'
        )
    out.append(
        f'<text x="{_LEFT + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
        "unanswerable questions refused</text>"
        f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">answerable answered right</text>'
    )
    points = [(t, point(r.overall)) for t, r in rows]
    if points:
        path = " ".join(f"{px:.1f},{py:.1f}" for _, (px, py) in points)
        out.append(
            f'<polyline class="rce-curve" points="{path}" fill="none" stroke="{LINE}" '
            'stroke-width="2"/>'
        )
    for threshold, (px, py) in points:
        out.append(
            f'<circle class="rce-point" data-threshold="{threshold:.4f}" cx="{px:.1f}" '
            f'cy="{py:.1f}" r="2.5" fill="{LINE}"><title>threshold {threshold:.3f}</title>'
            "</circle>"
        )
    if in_use.questions:
        px, py = point(in_use)
        out.append(
            f'<circle id="rce-current" data-threshold="{escape(current.label(4))}" '
            f'cx="{px:.1f}" cy="{py:.1f}" r="7" fill="none" stroke="currentColor" '
            f'stroke-width="2"/><text x="{px + 10:.1f}" y="{py - 8:.1f}">'
            f"in use: {escape(current.label())}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _svg_open(elem_id: str, height: int, title: str) -> str:
    return (
        f'<svg id="{elem_id}" role="img" width="{_W}" '
        f'height="{height}" viewBox="0 0 {_W} {height}"><title>{escape(title)}</title>'
    )


def wrong_html(report: Report) -> str:
    """The wrong answers, each a `<details>` with the question, the expected and given answers
    and the cited passages (the quoted sentence marked)."""
    wrong = [o for o in report.outcomes if not o.correct]
    head = f"<h2>Wrong answers ({len(wrong)} of {len(report.outcomes)})</h2>"
    return "\n".join([head, *(_wrong(o) for o in wrong)])


def _wrong(outcome: Outcome) -> str:
    fact, answer = outcome.fact, outcome.answer
    tags = ", ".join([fact.language, fact.split, fact.category])
    said = "Refused" if answer.refused else "Answered"
    rank = str(outcome.gold_rank) if outcome.gold_rank else "not retrieved"
    cited = (
        "".join(f'<li dir="auto">{_citation(c)}</li>' for c in answer.citations) or "<li>none</li>"
    )
    return (
        f'<details class="rce-wrong" data-id="{escape(fact.id)}">'
        f"<summary>{escape(fact.id)} [{escape(tags)}] "
        f"<bdi>{escape(fact.question)}</bdi></summary><dl>"
        f'<dt>Question</dt><dd dir="auto">{escape(fact.question)}</dd>'
        f"<dt>Expected</dt><dd>{escape(expected(outcome))}</dd>"
        f'<dt>{said}</dt><dd dir="auto">{escape(answer.text)}</dd>'
        f"<dt>Cited passages</dt><dd><ol>{cited}</ol></dd>"
        f"<dt>Gold passage rank</dt><dd>{rank}</dd></dl></details>"
    )


def _citation(citation: Citation) -> str:
    """`[n] label`, then the passage with the quoted sentence in `<mark>`."""
    text, quote = citation.text, citation.quote
    at = text.find(quote) if quote else -1
    if at < 0:
        passage = escape(text)
    else:
        end = at + len(quote)
        passage = f"{escape(text[:at])}<mark>{escape(quote)}</mark>{escape(text[end:])}"
    return f"<b>[{citation.n}] {escape(citation.label)}</b><br>{passage}"
