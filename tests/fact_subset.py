"""Test helper: a small facts file cut from the bundled set's dev split (never its test split),
so runs of the Evaluate tab, `/evaluate` and `eval --html` take seconds, not minutes."""

from __future__ import annotations

import json
from pathlib import Path

from eval.run import FACTS

LANGUAGES = ("en", "zh", "fa")


def write_dev_subset(path: Path, answerable: int = 4, unanswerable: int = 2) -> Path:
    """Write, verbatim, the first `answerable` plain facts and `unanswerable` unanswerable or
    false-premise facts of each language's dev questions to `path`; return it."""
    raw = [json.loads(line) for line in FACTS.read_text(encoding="utf-8").splitlines() if line]
    dev = [r for r in raw if r.get("split", "dev") == "dev"]
    lines = []
    for language in LANGUAGES:
        mine = [r for r in dev if r["language"] == language]
        lines += [r for r in mine if r["answerable"] and r.get("category") == "fact"][:answerable]
        lines += [r for r in mine if not r["answerable"]][:unanswerable]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    return path
