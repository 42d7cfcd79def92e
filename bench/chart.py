"""The chart of bench/results/scale.json: warm ask p95 and start-up against passages, ours and
the LangChain + Chroma peer's, on a log axis of passages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def draw(result: Mapping[str, Any], path: Path) -> None:
    """Write the PNG chart of `result` (the scale.json object) to `path`."""
    import matplotlib

    matplotlib.use("Agg")  # no display here
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    fig, (latency, startup) = plt.subplots(1, 2, figsize=(10, 4), dpi=100)
    series = [
        ("ReportChat", result["sizes"], "o-"),
        ("LangChain + Chroma", result["peer"]["sizes"], "s--"),
    ]
    for label, rows, style in series:
        _line(latency, rows, "ask_p95_ms", label, style)
        _line(startup, rows, "startup_s", label, style)
    latency.set_title("Warm ask p95")
    latency.set_ylabel("ms")
    startup.set_title("Start-up (fresh process, to end of warm-up)")
    startup.set_ylabel("s")
    for ax in (latency, startup):
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
        ax.set_xlabel("passages in the index")
        ax.set_ylim(0, ax.get_ylim()[1] * 1.15)  # room above the highest point
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(f"{result['machine']} · {result['date']}", fontsize=9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def _line(ax: Any, rows: Sequence[Mapping[str, Any]], key: str, label: str, style: str) -> None:
    points = [(r["passages"], r[key]) for r in rows if r.get(key) is not None]
    if points:
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, style, label=label)
