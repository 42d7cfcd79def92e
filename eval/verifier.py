"""`reportchat eval --verifier`: the claim check scored on its golden cases (eval/claims.jsonl).

Each line of the cases file is one claim the model might write, the passages it was given
(`{"1": {"line": 6}}`: marker 1 is line 6 of data/report.txt, or `{"text": "..."}`), the
verdict the check must give (`expected`: supported or unsupported), for an unsupported claim the
start of the reason it must give (empty: any reason), its `kind` (supported, translated, wrong
number, wrong passage, no citation, dangling marker, made-up name, ...) and its `language`.
A case with a `gap` (why the check cannot give its verdict yet) is a known miss: counted and
shown as wrong, but only a case that is wrong without one, or right despite one (remove the
mark), fails the run.
tests/test_claims.py runs the same cases, so the command and the tests score one set.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from answer.claims import THRESHOLD, WORD_COVERAGE, check_claims
from core.config import BUNDLED_REPORT
from core.errors import InputError
from core.types import Claim, Embedder

CLAIMS = Path(__file__).resolve().parent / "claims.jsonl"
VERDICTS = ("supported", "unsupported")
# The order of the table's rows; a language or kind not named here comes after these.
ORDER = "en zh fa supported translated".split() + [
    "wrong number", "wrong passage", "no citation", "dangling marker", "made-up name"
]  # fmt: skip
FORMAT = (
    'Write one JSON object per line with id, language, kind, claim, passages ({"1": {"line": N}} '
    'or {"1": {"text": "..."}}), expected (supported or unsupported) and, for an unsupported '
    "claim, reason (the start of the reason it must fail with); optionally gap (why the check "
    "cannot give the verdict yet), as in eval/claims.jsonl."
)


@dataclass(frozen=True)
class ClaimCase:
    """One golden case: a claim, the passages it was written from, and the verdict it must get."""

    id: str
    language: str
    kind: str
    claim: str
    passages: Mapping[int, str]
    supported: bool
    reason: str = ""
    gap: str = ""


@dataclass(frozen=True)
class CaseResult:
    """A case and the verdicts the check gave (one per sentence: a case must be one claim)."""

    case: ClaimCase
    verdicts: tuple[Claim, ...]

    @property
    def right(self) -> bool:
        """Whether the check gave the expected verdict, for the expected reason."""
        if len(self.verdicts) != 1:
            return False
        [verdict] = self.verdicts
        return verdict.supported == self.case.supported and verdict.reason.startswith(
            self.case.reason
        )

    @property
    def got(self) -> str:
        """The verdict given: `supported`, or `unsupported: <reason>`."""
        if len(self.verdicts) != 1:
            return f"split into {len(self.verdicts)} claims; a case must be one sentence"
        [verdict] = self.verdicts
        return "supported" if verdict.supported else f"unsupported: {verdict.reason}"


@dataclass(frozen=True)
class VerifierScore:
    """The check's verdicts on every case."""

    results: tuple[CaseResult, ...]

    @property
    def right(self) -> int:
        """How many cases got their expected verdict."""
        return sum(r.right for r in self.results)

    @property
    def wrong(self) -> list[CaseResult]:
        """The cases whose verdict was not the expected one, known gaps included."""
        return [r for r in self.results if not r.right]

    @property
    def failures(self) -> list[CaseResult]:
        """The cases that fail the run: wrong with no known gap, or right despite one."""
        return [r for r in self.results if r.right == bool(r.case.gap)]

    @property
    def passed(self) -> bool:
        """Whether every case is as expected (known gaps still missed)."""
        return not self.failures

    def by(self, field: str) -> list[tuple[str, int, int]]:
        """(value, cases, right) for each value of a case's `field` (language or kind), in the
        order of ORDER, then of first appearance."""
        seen = list(dict.fromkeys(getattr(r.case, field) for r in self.results))
        values = sorted(seen, key=lambda v: ORDER.index(v) if v in ORDER else len(ORDER))
        return [
            (
                v,
                sum(getattr(r.case, field) == v for r in self.results),
                sum(getattr(r.case, field) == v and r.right for r in self.results),
            )
            for v in values
        ]


def load_cases(path: Path = CLAIMS, report: Path = BUNDLED_REPORT) -> list[ClaimCase]:
    """The cases in `path`, their `line` passages read from `report`; an InputError naming the
    file, the line and the expected format when one cannot be read."""
    if not path.is_file():
        raise InputError(
            f"No claims file at {str(path)!r}. Pass --claims a .jsonl file, or leave it out to "
            "use the bundled eval/claims.jsonl."
        )
    lines = report.read_text(encoding="utf-8").splitlines()
    cases = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            cases.append(_case(json.loads(raw), lines))
        # ValueError: malformed JSON, a bad verdict or line; KeyError: a missing field
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            problem = f"missing field {err}" if isinstance(err, KeyError) else str(err)
            raise InputError(
                f"Cannot read case {number} of {str(path)!r} ({problem}). {FORMAT}"
            ) from err
    if not cases:
        raise InputError(f"No cases in {str(path)!r}. {FORMAT}")
    return cases


def _case(row: dict[str, object], report_lines: Sequence[str]) -> ClaimCase:
    """A case from one JSON object."""
    expected = str(row["expected"])
    if expected not in VERDICTS:
        raise ValueError(f"expected is {expected!r}, not supported or unsupported")
    passages = row["passages"]
    if not isinstance(passages, dict):
        raise ValueError("passages is not an object of marker -> passage")
    return ClaimCase(
        id=str(row["id"]),
        language=str(row["language"]),
        kind=str(row["kind"]),
        claim=str(row["claim"]),
        passages={int(n): _passage(ref, report_lines) for n, ref in passages.items()},
        supported=expected == "supported",
        reason=str(row.get("reason", "")),
        gap=str(row.get("gap", "")),
    )


def _passage(ref: object, report_lines: Sequence[str]) -> str:
    """The text a passage reference names: `{"line": N}` (1-based) or `{"text": "..."}`."""
    if isinstance(ref, dict) and isinstance(ref.get("text"), str):
        return str(ref["text"])
    line = ref.get("line") if isinstance(ref, dict) else None
    if not isinstance(line, int) or not 1 <= line <= len(report_lines):
        raise ValueError(f"passage {ref!r} is neither a line 1-{len(report_lines)} nor a text")
    return report_lines[line - 1]


def score(cases: Sequence[ClaimCase], embedder: Embedder) -> VerifierScore:
    """Check every case's claim against its passages with `embedder`."""
    return VerifierScore(
        tuple(CaseResult(c, check_claims(c.claim, c.passages, embedder).claims) for c in cases)
    )


def format_score(result: VerifierScore) -> str:
    """The table `eval --verifier` prints: overall, by language, by kind, then each wrong case."""
    lines = [f"claim verifier on {len(result.results)} golden cases", ""]
    lines += _table("", [("all", len(result.results), result.right)])
    lines += ["", *_table("language", result.by("language"))]
    lines += ["", *_table("kind", result.by("kind"))]
    gaps = sum(bool(r.case.gap) for r in result.wrong)
    lines += [
        "",
        f"thresholds: similarity {THRESHOLD}, word coverage {WORD_COVERAGE} (answer/claims.py)",
        f"wrong: {len(result.wrong)} ({gaps} known gaps); failing the run: {len(result.failures)}",
    ]
    for r in [*result.failures, *(r for r in result.wrong if r not in result.failures)]:
        lines += ["", f"{_label(r)} {r.case.id} ({r.case.language}, {r.case.kind}): {r.case.claim}"]
        lines += [f"    expected {_expected(r.case)}", f"    got      {r.got}"]
        if r.case.gap:
            lines.append(f"    gap      {r.case.gap}")
    return "\n".join(lines)


def _label(r: CaseResult) -> str:
    """WRONG (fails the run), KNOWN GAP (a marked miss), or GAP CLOSED (remove the mark)."""
    if not r.case.gap:
        return "WRONG"
    return "GAP CLOSED (remove its gap mark)" if r.right else "KNOWN GAP"


def _expected(case: ClaimCase) -> str:
    """`supported`, or `unsupported: <start of the reason>...`."""
    return "supported" if case.supported else f"unsupported: {case.reason or '(any reason)'}..."


def _table(title: str, rows: Sequence[tuple[str, int, int]]) -> list[str]:
    """`title  cases  right  share` then one line a row."""
    width = max([len(title), *(len(v) for v, _, _ in rows)])
    out = [f"{title:<{width}}  {'cases':>5}  {'right':>5}  {'share':>6}"]
    out += [f"{v:<{width}}  {n:>5}  {r:>5}  {r / n:>6.1%}" for v, n, r in rows]
    return out


def score_json(result: VerifierScore) -> dict[str, object]:
    """The object `eval --verifier --json` prints."""

    def counts(field: str) -> dict[str, dict[str, int]]:
        return {v: {"cases": n, "right": r} for v, n, r in result.by(field)}

    return {
        "cases": len(result.results),
        "right": result.right,
        "share_right": round(result.right / len(result.results), 4),
        "passed": result.passed,
        "by_language": counts("language"),
        "by_kind": counts("kind"),
        "thresholds": {"similarity": THRESHOLD, "word_coverage": WORD_COVERAGE},
        "wrong": [
            {
                "id": r.case.id,
                "language": r.case.language,
                "kind": r.case.kind,
                "claim": r.case.claim,
                "expected": "supported" if r.case.supported else "unsupported",
                "expected_reason": r.case.reason,
                "got": r.got,
                "gap": r.case.gap,
                "fails_run": r in result.failures,
            }
            for r in result.wrong
        ],
        "gaps_closed": [r.case.id for r in result.failures if r.right],
    }
