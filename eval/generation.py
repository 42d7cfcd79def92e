"""Claim support of a run with the llm writer: how many claims held, how many answers fell back."""

from __future__ import annotations

from dataclasses import dataclass

from eval.run import Report


@dataclass(frozen=True)
class ClaimSupport:
    """Over a run's answers: the generated answers shown, their claims and how many held up,
    and the answers that fell back to the extractive writer."""

    answers: int
    generated: int
    claims: int
    supported: int
    fell_back: int

    @classmethod
    def of(cls, report: Report) -> ClaimSupport:
        """The claim support of `report`'s answers."""
        answers = [o.answer for o in report.outcomes]
        shown = [a for a in answers if a.writer == "llm"]
        claims = [c for a in shown for c in a.claims]
        return cls(
            answers=len(answers),
            generated=len(shown),
            claims=len(claims),
            supported=sum(c.supported for c in claims),
            fell_back=sum(bool(a.fallback_reason) for a in answers),
        )

    @property
    def share_supported(self) -> float:
        """The share of the generated answers' claims their citations support (0.0 if none)."""
        return self.supported / self.claims if self.claims else 0.0

    def line(self) -> str:
        """`claims supported: 9 of 10 (90.0%) in 4 generated answers; 1 of 5 fell back`."""
        return (
            f"claims supported: {self.supported} of {self.claims} ({self.share_supported:.1%}) "
            f"in {self.generated} generated answers; {self.fell_back} of {self.answers} answers "
            "fell back to the extractive writer"
        )

    def to_json(self) -> dict[str, object]:
        """The object `eval --json --writer llm` adds as `claim_support`."""
        return {
            "answers": self.answers,
            "generated": self.generated,
            "claims": self.claims,
            "supported": self.supported,
            "share_supported": round(self.share_supported, 4),
            "fell_back": self.fell_back,
        }
