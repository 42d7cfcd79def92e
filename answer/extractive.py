"""The default answer writer: quotes the report's own sentences, cites them, or refuses.

No language model: the answer is one to three sentences of the report, chosen by how well they
match the question and whether they hold what the question asks for (a number for "how many",
a name for "who", ...). Every sentence carries `[n]` markers for each passage that states it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from answer.question import AnswerType, answer_type, feature_spans
from core.text import STOPWORDS, dedup_key, detect_language, words
from core.types import Answer, Citation, Corpus, Hit, Language, Sentence

# Calibrated on eval/facts.jsonl with `reportchat eval --sweep` (see README, "Evaluation").
DEFAULT_THRESHOLD = 0.80
CANDIDATES = 8  # fused hits the writer weighs
NEAR_DUPLICATE = 0.75  # word overlap above which two sentences say the same thing
# A sentence that leans on the one before it ("They include ...", "This has ...").
_LEANS_BACK = re.compile(r"^[\"“]?(They|These|This|It|Those|Such|He|She)\b")

LEAD_IN = {
    "zh": "报告原文：",
    "fa": "متن گزارش:",
}
REFUSAL = {
    "en": "The report does not say. The closest passages are {refs}.",
    "zh": "报告中没有提及这一点。最接近的段落：{refs}。",
    "fa": "گزارش در این باره چیزی نمی‌گوید. نزدیک‌ترین بخش‌ها: {refs}.",
}


@dataclass(frozen=True)
class Scored:
    """A candidate sentence and why it scored as it did."""

    sentence: Sentence
    score: float
    similarity: float
    coverage: float
    has_type: bool


class ExtractiveWriter:
    """Answers by quoting the best sentences of the report, or refuses below a threshold."""

    def __init__(
        self, corpus: Corpus, threshold: float = DEFAULT_THRESHOLD, closest: int = 3
    ) -> None:
        self._corpus = corpus
        self.threshold = threshold
        self._closest = closest
        self._by_key: dict[str, list[Sentence]] = {}
        for s in corpus.sentences:
            self._by_key.setdefault(dedup_key(s.clean), []).append(s)

    def write(self, question: str, hits: Sequence[Hit]) -> Answer:
        """Quote and cite the sentences that answer `question`, or refuse with the closest ones."""
        language = _language(question)
        scored = self.score(question, hits)
        confidence = scored[0].score if scored else 0.0
        if confidence < self.threshold:
            return replace(refusal(question, hits, self._corpus, self._closest), confidence=confidence)
        chosen = self._choose(scored)
        answer = self._render(question, language, chosen, answer_type(question))
        return replace(answer, confidence=confidence)

    def score(self, question: str, hits: Sequence[Hit]) -> list[Scored]:
        """Weigh the top fused hits: dense similarity, shared words, and the expected answer type."""
        kind = answer_type(question)
        q_words = _content(question)
        out = []
        for rank, hit in enumerate(hits[:CANDIDATES]):
            s = hit.sentence
            context = _content(f"{s.section} {self._corpus.passage_of(s).clean}")
            coverage = len(q_words & context) / len(q_words) if q_words else 0.0
            has_type = _has_new_feature(kind, s.clean, question)
            score = (
                hit.similarity
                + 0.10 * coverage
                + (0.04 if has_type else 0.0)
                - 0.01 * rank
            )
            out.append(Scored(s, score, hit.similarity, coverage, has_type))
        out.sort(key=lambda c: -c.score)
        return out

    def _choose(self, scored: list[Scored]) -> list[Sentence]:
        """The best sentence, the one it leans on, and a close runner-up that adds something."""
        best = scored[0]
        chosen = [best.sentence]
        previous = self._previous(best.sentence)
        if previous is not None and _LEANS_BACK.match(best.sentence.clean):
            chosen.insert(0, previous)
        for cand in scored[1:]:
            if len(chosen) >= 3:
                break
            if cand.score < best.score - 0.02 or not cand.has_type:
                continue
            if any(_same_claim(cand.sentence, c) for c in chosen):
                continue
            chosen.append(cand.sentence)
        return chosen

    def _previous(self, sentence: Sentence) -> Sentence | None:
        """The sentence before `sentence` in the same section, if any."""
        siblings = [
            s
            for s in self._corpus.sentences
            if s.document == sentence.document and s.section == sentence.section
        ]
        for before, current in zip(siblings, siblings[1:], strict=False):
            if current.id == sentence.id:
                return before
        return None

    def _occurrences(self, sentence: Sentence) -> list[Sentence]:
        """Every place the report says this sentence, verbatim or nearly so."""
        exact = self._by_key.get(dedup_key(sentence.clean), [sentence])
        near = [
            s
            for s in self._corpus.sentences
            if s not in exact and _overlap(s.clean, sentence.clean) >= NEAR_DUPLICATE
        ]
        return [*exact, *near]

    def _render(
        self, question: str, language: Language, chosen: list[Sentence], kind: AnswerType
    ) -> Answer:
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        parts = []
        for sentence in chosen:
            refs = []
            for occurrence in self._occurrences(sentence):
                passage = self._corpus.passage_of(occurrence)
                if passage.id not in numbers:
                    numbers[passage.id] = len(numbers) + 1
                    citations.append(
                        Citation(
                            n=numbers[passage.id],
                            document=passage.document,
                            section=passage.section,
                            paragraph=passage.paragraph,
                            text=passage.text,
                            quote=occurrence.text,
                            passage_id=passage.id,
                        )
                    )
                refs.append(numbers[passage.id])
            markers = "".join(f"[{n}]" for n in sorted(set(refs)))
            quote = _emphasise(sentence.text, kind, question)
            parts.append(f"{quote} {markers}")
        body = " ".join(parts)
        text = f"{LEAD_IN[language]}{body}" if language in LEAD_IN else body
        return Answer(question=question, text=text, refused=False, language=language,
                      citations=tuple(citations))



def refusal(question: str, hits: Sequence[Hit], corpus: Corpus, closest: int = 3) -> Answer:
    """"The report does not say", in the question's language, citing the closest passages."""
    language = _language(question)
    citations: list[Citation] = []
    seen: set[str] = set()
    for hit in hits:
        passage = corpus.passage_of(hit.sentence)
        key = dedup_key(passage.clean)
        if key in seen:
            continue
        seen.add(key)
        citations.append(
            Citation(len(citations) + 1, passage.document, passage.section,
                     passage.paragraph, passage.text, "", passage.id)
        )
        if len(citations) >= closest:
            break
    refs = ", ".join(f"[{c.n}]" for c in citations) or "-"
    return Answer(question=question, text=REFUSAL[language].format(refs=refs), refused=True,
                  language=language, citations=tuple(citations))


def _language(question: str) -> Language:
    code = detect_language(question)
    return code if code in ("zh", "fa") else "en"  # type: ignore[return-value]


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 1 or w.isdigit()}


def _overlap(a: str, b: str) -> float:
    wa, wb = _content(a), _content(b)
    return len(wa & wb) / max(1, len(wa | wb))


def _same_claim(a: Sentence, b: Sentence) -> bool:
    return dedup_key(a.clean) == dedup_key(b.clean) or _overlap(a.clean, b.clean) >= NEAR_DUPLICATE


def _has_new_feature(kind: AnswerType, text: str, question: str) -> bool:
    """Does `text` hold a number/name/date/place the question does not already mention?"""
    spans = feature_spans(kind, text)
    if kind in ("list", "other"):
        return True
    q = question.lower()
    return any(text[a:b].lower().strip() not in q for a, b in spans)


def _emphasise(text: str, kind: AnswerType, question: str) -> str:
    """Bold the figures, names or dates that answer the question (the first three found)."""
    spans = [
        (a, b) for a, b in feature_spans(kind, text) if text[a:b].lower().strip() not in question.lower()
    ][:3]
    for a, b in reversed(spans):
        text = f"{text[:a]}**{text[a:b]}**{text[b:]}"
    return text
