"""The citation check: every `[n]` names a real citation, and every citation quotes its passage."""

from __future__ import annotations

import re

from core.text import readable
from core.types import Answer, Corpus

_MARKER = re.compile(r"\[(\d+)\]")


def citation_problems(answer: Answer, corpus: Corpus) -> list[str]:
    """What is wrong with `answer`'s citations, one line each; empty when every claim checks out.

    A citation is true when its passage is in the index with the same (cleaned) text, its quote
    is a verbatim sentence of that passage, and the answer text refers to it by its `[n]` marker.
    """
    problems = []
    numbers = {c.n for c in answer.citations}
    for n in sorted({int(m) for m in _MARKER.findall(answer.text)} - numbers):
        problems.append(f"marker [{n}] has no citation")
    for c in answer.citations:
        passage = corpus.by_id.get(c.passage_id)
        if passage is None:
            problems.append(f"[{c.n}] cites passage {c.passage_id!r}, which is not in the index")
            continue
        if readable(passage.text) != c.text or passage.document != c.document:
            problems.append(f"[{c.n}] does not reproduce passage {c.passage_id!r} as indexed")
        if c.quote and c.quote not in readable(passage.text):
            problems.append(f"[{c.n}] quotes text that is not in {c.label}")
        if f"[{c.n}]" not in answer.text:
            problems.append(f"[{c.n}] is never referred to in the answer")
    return problems
