"""Read a facts file for a run, with one-line errors that name the problem and the fix."""

from __future__ import annotations

from pathlib import Path

from core.errors import InputError
from eval.run import Fact, load_facts

FORMAT = (
    "Write one JSON object per line with id, question, language, answerable, answers, evidence, "
    "kind (and optionally category, split, parts, key_points), as in eval/facts.jsonl."
)


def read_facts(path: Path, split: str = "all", shown: str | None = None) -> list[Fact]:
    """The facts in `path` (of one split, unless `split` is all), or an InputError naming the
    file as `shown` (default: the path) and the expected format."""
    name = repr(shown or str(path))
    if not path.is_file():
        raise InputError(
            f"No facts file at {name}. Pass --facts PATH to a .jsonl file, "
            "or leave --facts out to use the bundled eval/facts.jsonl."
        )
    try:
        facts = load_facts(path)
    # ValueError covers malformed JSON, bad UTF-8 and a fact's invalid category or pattern
    except (KeyError, TypeError, ValueError) as err:
        problem = f"missing field {err}" if isinstance(err, KeyError) else str(err)
        raise InputError(
            f"Cannot read facts from {name} ({type(err).__name__}: {problem}). {FORMAT}"
        ) from err
    if not facts:
        raise InputError(f"No facts in {name}. {FORMAT}")
    chosen = [f for f in facts if split in ("all", f.split)]
    if not chosen:
        raise InputError(
            f'No {split} facts in {name} (a fact without "split" is dev). '
            "Choose split all (--split all), or mark facts with the split."
        )
    return chosen
