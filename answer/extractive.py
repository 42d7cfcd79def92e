"""The default answer writer: quotes the report's own sentences, cites them, or refuses.

No language model: the answer is one to three sentences of the report, chosen by how well they
match the question and whether they hold what the question asks for (a number for "how many",
a name for "who", ...). Every sentence carries `[n]` markers for each passage that states it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from answer.question import AnswerType, answer_type, feature_spans, is_list
from core.synonyms import Thesaurus, default_thesaurus
from core.text import content_forms, content_words, dedup_key, detect_language, numbers, stem
from core.types import Answer, Citation, Corpus, Hit, Language, Sentence

# Calibrated on eval/facts.jsonl with `reportchat eval --sweep` (see README, "Evaluation"): the
# threshold eval.run.preference likes best lies between the answers at 0.8659 and 0.8705; this
# is about their middle, so a small drift does not flip them. A slow test keeps it there.
DEFAULT_THRESHOLD = 0.868
CANDIDATES = 8  # fused hits the writer weighs
WEIGHTS = {
    "coverage": 0.05,  # per share of question words found in the sentence's passage
    "type": 0.08,  # the sentence holds the kind of thing asked for (a figure for "how many")
    "unknown": 0.10,  # per share of question words the report never uses, nor any synonym of them
    "missing_number": 0.20,  # a year or figure the question gives is not in the passage
}
RUNNER_UP_MARGIN = 0.02
# Words each side may differ by and still state the same claim ("formerly"/"previously").
NEAR_DUPLICATE = 2
# A sentence that leans on the one before it ("They include ...", "This has ...").
# (A quotation that opens with "These ..." is someone speaking, not a continuation.)
_LEANS_BACK = re.compile(r"^(They|These|This|It|Those|Such|He|She)\b")

_QUOTED = re.compile(r'"[^"]*"')
LEAD_IN = {
    "zh": "报告原文：",
    "fa": "متن گزارش: ",
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
    coverage: float  # share of the question's words found in the sentence's passage
    has_type: bool  # holds a number/name/date/place the question does not already give
    missing_numbers: bool  # the question names a figure or year this passage does not
    unknown: float  # share of the question's words the report never uses, nor their synonyms


class ExtractiveWriter:
    """Answers by quoting the best sentences of the report, or refuses below a threshold."""

    def __init__(
        self,
        corpus: Corpus,
        threshold: float = DEFAULT_THRESHOLD,
        closest: int = 3,
        thesaurus: Thesaurus | None = None,
    ) -> None:
        self._corpus = corpus
        self.threshold = threshold
        self._closest = closest
        self._thesaurus = thesaurus or default_thesaurus()
        self._by_key: dict[str, list[Sentence]] = {}
        self._order = {s.id: i for i, s in enumerate(corpus.sentences)}
        self._language = {s.id: _language(s.clean) for s in corpus.sentences}
        self._vocabulary: dict[str, set[str]] = {}  # content words per language of the report
        self._containing: dict[str, list[Sentence]] = {}  # content word -> sentences, in order
        for s in corpus.sentences:
            self._by_key.setdefault(dedup_key(s.clean), []).append(s)
            vocabulary = self._vocabulary.setdefault(self._language[s.id], set())
            vocabulary |= content_words(f"{s.section} {s.clean}")
            for word in _content_words(s.clean):
                self._containing.setdefault(word, []).append(s)

    def write(self, question: str, hits: Sequence[Hit]) -> Answer:
        """Quote and cite the sentences that answer `question`, or refuse with the closest ones."""
        language = _language(question)
        scored = self.score(question, hits)
        confidence = scored[0].score if scored else 0.0
        if confidence < self.threshold:
            answer = refusal(question, hits, self._corpus, self._closest)
            return replace(answer, confidence=confidence)
        kind = answer_type(question)
        answer = self._render(question, language, self._choose(scored, kind), kind)
        return replace(answer, confidence=confidence)

    def score(self, question: str, hits: Sequence[Hit]) -> list[Scored]:
        """Weigh the top fused hits: dense similarity, shared words, the expected answer type,
        and the question's words the report never uses (a sign it asks what the report lacks)."""
        kind = answer_type(question)
        language = _language(question)
        forms = content_forms(question)
        q_words = set(forms)
        q_numbers = numbers(question, strict=True)
        unknown = self._unknown(forms, language)
        out = []
        for hit in hits[:CANDIDATES]:
            s = hit.sentence
            passage = self._corpus.passage_of(s)
            context = _content_words(passage.clean)
            coverage = len(q_words & context) / len(q_words) if q_words else 0.0
            if kind == "list":
                following = self._neighbour(s, +1)
                has_type = is_list(s.clean) or (
                    following is not None
                    and bool(_LEANS_BACK.match(following.clean))
                    and is_list(following.clean)
                )
            else:
                has_type = _has_new_feature(kind, s.clean, question)
            passage_numbers = _numbers(f"{s.section} {passage.clean}")
            # Figures the question gives (a year, an amount, "which five aspects", 哪五个方面)
            # must be in the passage.
            missing = any(n not in passage_numbers for n in q_numbers)
            lexical = (
                WEIGHTS["coverage"] * coverage - WEIGHTS["unknown"] * unknown
                if self._language[s.id] == language
                else 0.0
            )
            score = (
                hit.similarity
                + lexical
                + (WEIGHTS["type"] if has_type else 0.0)
                - (WEIGHTS["missing_number"] if missing else 0.0)
            )
            out.append(Scored(s, score, hit.similarity, coverage, has_type, missing, unknown))
        out.sort(key=lambda c: -c.score)
        return out

    def _unknown(self, forms: dict[str, set[str]], language: Language) -> float:
        """The share of the question's words (its `content_forms`) that the report never uses:
        a sign it asks about something the report lacks. An English word whose WordNet synonym
        the report uses is a paraphrase, not a lack ("published" of a report that says
        "released").

        Words are only comparable within one language: a Chinese question shares none with
        English text, so for it only the figures and years it gives are checked.
        """
        vocabulary = self._vocabulary.get(language, set())
        if not forms or not vocabulary:
            return 0.0
        lacking = [
            word
            for word, written in forms.items()
            if word not in vocabulary
            and not any(
                stem(synonym) in vocabulary
                for form in written
                for synonym in self._thesaurus.synonyms(form)
            )
        ]
        return len(lacking) / len(forms)

    def _choose(self, scored: list[Scored], kind: AnswerType) -> list[Sentence]:
        """The best sentence, made readable and complete within its passage.

        A list question answered by a lead-in ("... summarized them in five key aspects.")
        gets the list that follows it ("They include ..."); a sentence that leans on the one
        before it in the same passage gets that one too; a close runner-up from the same
        passage that also holds what was asked is added. Context from other paragraphs is
        left to the sources panel, so every citation holds what the answer claims.
        """
        best = scored[0].sentence
        following = self._neighbour(best, +1)
        if (
            kind == "list"
            and not is_list(best.clean)
            and following is not None
            and _LEANS_BACK.match(following.clean)
            and is_list(following.clean)
        ):
            best = following
        chosen = [best]
        previous = self._neighbour(best, -1)
        if (
            previous is not None
            and previous.passage_id == best.passage_id
            and _LEANS_BACK.match(best.clean)
        ):
            chosen.insert(0, previous)
        for cand in scored[1:]:
            if len(chosen) >= 3:
                break
            if (
                cand.sentence.passage_id == best.passage_id
                and cand.has_type
                and cand.score >= scored[0].score - RUNNER_UP_MARGIN
                and not any(_same_claim(cand.sentence, c) for c in chosen)
            ):
                chosen.append(cand.sentence)
        chosen.sort(key=lambda s: self._order[s.id])
        return chosen

    def _neighbour(self, sentence: Sentence, step: int) -> Sentence | None:
        """The sentence `step` places away in the same section, if any."""
        i = self._order[sentence.id] + step
        if 0 <= i < len(self._corpus.sentences):
            other = self._corpus.sentences[i]
            if other.document == sentence.document and other.section == sentence.section:
                return other
        return None

    def _occurrences(self, sentence: Sentence, kind: AnswerType) -> list[Sentence]:
        """Every place the report says this sentence, verbatim or nearly so.

        A near duplicate counts only if it keeps what the question asks for: "... Xinhua News
        Agency." does not say when, even if "... Xinhua News Agency on Friday." does.
        """
        exact = self._by_key.get(dedup_key(sentence.clean), [sentence])
        asked = [sentence.clean[a:b].lower() for a, b in feature_spans(kind, sentence.clean)]
        near = [
            s
            for s in self._sharing_words(sentence)
            if s not in exact
            and _same_claim(s, sentence)
            and all(part in s.clean.lower() for part in asked)
        ]
        return [*exact, *near]

    def _sharing_words(self, sentence: Sentence) -> list[Sentence]:
        """The sentences that could be a near duplicate of `sentence`, in report order.

        A near duplicate lacks at most NEAR_DUPLICATE of its words, so it holds at least one of
        any NEAR_DUPLICATE + 1 of them: the sentences holding one of its rarest few are all the
        candidates, found without reading the whole report.
        """
        words = _content_words(sentence.clean)
        if len(words) <= NEAR_DUPLICATE:
            return []  # the other would have at most 2 * NEAR_DUPLICATE words: too few to count
        rarest = sorted(words, key=lambda w: (len(self._containing.get(w, ())), w))
        found = {s.id: s for w in rarest[: NEAR_DUPLICATE + 1] for s in self._containing.get(w, ())}
        return sorted(found.values(), key=lambda s: self._order[s.id])

    def _render(
        self, question: str, language: Language, chosen: list[Sentence], kind: AnswerType
    ) -> Answer:
        number_of: dict[str, int] = {}  # passage id -> its [n]
        citations: list[Citation] = []
        parts = []
        for sentence in chosen:
            refs = []
            for occurrence in self._occurrences(sentence, kind):
                passage = self._corpus.passage_of(occurrence)
                if passage.id not in number_of:
                    number_of[passage.id] = len(number_of) + 1
                    citations.append(Citation.of(number_of[passage.id], passage, occurrence.text))
                refs.append(number_of[passage.id])
            markers = "".join(f"[{n}]" for n in sorted(set(refs)))
            quote = _emphasise(sentence, kind, question)
            parts.append(f"{quote} {markers}")
        body = " ".join(parts)
        text = f"{LEAD_IN[language]}{body}" if language in LEAD_IN else body
        return Answer(
            question=question,
            text=text,
            refused=False,
            language=language,
            citations=tuple(citations),
        )


def refusal(question: str, hits: Sequence[Hit], corpus: Corpus, closest: int = 3) -> Answer:
    """Refuse ("the report does not say") in the question's language; cite the closest passages."""
    language = _language(question)
    citations: list[Citation] = []
    seen: set[str] = set()
    for hit in hits:
        passage = corpus.passage_of(hit.sentence)
        key = dedup_key(passage.clean)
        if key in seen:
            continue
        seen.add(key)
        citations.append(Citation.of(len(citations) + 1, passage))
        if len(citations) >= closest:
            break
    refs = ", ".join(f"[{c.n}]" for c in citations) or "-"
    return Answer(
        question=question,
        text=REFUSAL[language].format(refs=refs),
        refused=True,
        language=language,
        citations=tuple(citations),
    )


def _language(question: str) -> Language:
    code = detect_language(question)
    return code if code in ("zh", "fa") else "en"  # type: ignore[return-value]


# The report's sentences and passages are a fixed, small set per index: analyse each once.
_content_words = lru_cache(maxsize=65536)(content_words)
_numbers = lru_cache(maxsize=65536)(numbers)


def _same_claim(a: Sentence, b: Sentence) -> bool:
    """Do two sentences say the same thing, verbatim or but for a word or two?"""
    if dedup_key(a.clean) == dedup_key(b.clean):
        return True
    wa, wb = _content_words(a.clean), _content_words(b.clean)
    return (
        len(wa) > 2 * NEAR_DUPLICATE
        and len(wa - wb) <= NEAR_DUPLICATE
        and len(wb - wa) <= NEAR_DUPLICATE
        and _numbers(a.clean) == _numbers(b.clean)
    )


def _has_new_feature(kind: AnswerType, text: str, question: str) -> bool:
    """Does `text` hold a number/name/date/place the question does not already mention?"""
    return kind == "other" or bool(_answer_spans(kind, text, question))


def _answer_spans(kind: AnswerType, text: str, question: str) -> list[tuple[int, int]]:
    """Where `text` holds what the question asks for and does not already say.

    Names inside quotation marks are a title or someone's words ("Striving for a Better
    Life ..."), not the person or place asked for.
    """
    asked = question.lower()
    quoted = [m.span() for m in _QUOTED.finditer(text)] if kind in ("person", "place") else []
    return [
        (a, b)
        for a, b in feature_spans(kind, text)
        if text[a:b].lower().strip() not in asked
        and not any(qa <= a and b <= qb for qa, qb in quoted)
    ]


def _emphasise(sentence: Sentence, kind: AnswerType, question: str) -> str:
    """Bold the figures, names or dates that answer the question (the first three found);
    spans are found in the clean text, whose offsets are the original's."""
    text = sentence.text
    for a, b in reversed(_answer_spans(kind, sentence.clean, question)[:3]):
        text = f"{text[:a]}**{text[a:b]}**{text[b:]}"
    return text
