"""The default answer writer: quotes the report's own sentences, cites them, or refuses.

No language model: the answer is one to three sentences of the report, chosen by how well they
match the question and whether they hold what the question asks for (a number for "how many",
a name for "who", ...). Every sentence carries `[n]` markers for each passage that states it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from answer.answerable import (
    FEATURES,
    Model,
    QuestionTerms,
    absent_name,
    comparable_with,
    contrasted,
    features,
    load_model,
    question_terms,
    used_by,
)
from answer.localize import localize, reads_in
from answer.overview import Overview, is_overview, summary_of_topic, topic
from answer.phrases import ANSWER, EVIDENCE, OVERVIEW, PREMISE, REFUSAL, SEE_EVIDENCE
from answer.premise import premise
from answer.question import (
    AnswerType,
    answer_type,
    asks_calendar_date,
    asks_duration,
    asks_ordinal,
    asks_year,
    comparison_years,
    counts_the,
    counts_things,
    feature_spans,
    is_list,
    names_calendar_date,
    names_duration,
    names_money_or_share,
    names_year,
    ordinal_spans,
    without_comparisons,
)
from answer.vocabulary import DocumentWords, Vocabulary, acronyms, per_document
from core.glossary import Glossary, default_glossary
from core.romanize import spelt_in_persian
from core.synonyms import Thesaurus, default_thesaurus
from core.text import (
    content_words,
    dedup_key,
    detect_language,
    for_matching,
    numbers,
    readable,
)
from core.types import Answer, Citation, Corpus, Hit, Language, Sentence

CANDIDATES = 8  # fused hits the writer weighs
TOPIC_WORDS = 3  # at most, in the topic of "a summary of the article on <topic>"
RUNNER_UP_MARGIN = 0.02  # in ranking score: a runner-up this close to the best is as good
# Words each side may differ by and still state the same claim ("formerly"/"previously").
NEAR_DUPLICATE = 2
# A sentence that leans on the one before it ("They include ...", "This has ...").
# (A quotation that opens with "These ..." is someone speaking, not a continuation.)
_LEANS_BACK = re.compile(r"^(?:They|These|This|It|Those|Such|He|She)\b|^(?:وی|او)(?=[\s\u200c])")
# A speaker named by a pronoun ("He added ...", وی همچنین ... خاطرنشان کرد) is named in the
# paragraph before, in a news story as often as in the same one: the lean may cross to it.
_SPEAKER_PRONOUN = re.compile(r"^(?:He|She)\b|^(?:وی|او)(?=[\s\u200c])")

_QUOTED = re.compile(r'"[^"]*"')
LEAN_REACH = 2  # sentences a quotation may lean back over to its speaker
# Words that name who speaks: a quoted sentence holding one has its own speaker.
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|added|adds|noted|notes|stated|states|told|according to|quoted)\b"
    r"|گفت|افزود|اظهار|تاکید|خاطرنشان|表示|说",
    re.IGNORECASE,
)


def _asks_speaker(kind: AnswerType, question: str) -> bool:
    """Does `question` ask who someone is ("Who said ...?", چه کسی گفت)?"""
    return kind == "person" and _ASKS_WHO.search(question) is not None


def _continues_quotation(previous: str, sentence: str) -> bool:
    """Does `sentence` carry on someone's quoted words without naming the speaker: it opens a
    quotation, or the sentence before left one open, and it has no speaker of its own?"""
    inside = sentence.startswith('"') or previous.count('"') % 2 == 1
    return inside and _ATTRIBUTION.search(sentence) is None


_UNKNOWN_NAME = FEATURES.index("unknown_name")
_MISSING_FIGURE = FEATURES.index("missing_figure")
OVERVIEW_POINTS = 5  # key points in an overview answer: a screenful, one per claim
OVERVIEW_SCOPE = 5_000  # sentences: a bigger index is summarised by the documents asked about
OVERVIEW_DOCUMENTS = 3  # the best hits whose documents such an overview covers
OVERVIEW_CACHE = 8  # key-point finders kept (one per set of documents)


@dataclass(frozen=True)
class Scored:
    """A candidate sentence, its features and the model's probability that it answers."""

    sentence: Sentence
    score: float  # how likely it holds the answer: the model's ranking of candidates
    similarity: float
    has_type: bool  # holds a number/name/date/place the question does not already give
    missing_numbers: bool  # the question names a figure or year this passage does not
    row: tuple[float, ...] = ()  # the answerability features, in FEATURES order
    contrasted: bool = False  # says the opposite of a word the question asks about
    elsewhere_name: bool = False  # a name the question gives is the report's, not this passage's


class ExtractiveWriter:
    """Answers by quoting the best sentences of the report, or refuses below a threshold."""

    def __init__(
        self,
        corpus: Corpus,
        threshold: float | None = None,
        closest: int = 3,
        thesaurus: Thesaurus | None = None,
        glossary: Glossary | None = None,
        model: Model | None = None,
        words: Sequence[DocumentWords] | None = None,
    ) -> None:
        """`threshold` None refuses at the model's calibrated threshold for each language.
        `words` are each document's words, worked out when it was added (`words_of`); without
        them they are worked out here, from every sentence."""
        self._corpus = corpus
        self._threshold = threshold
        self._closest = closest
        self._thesaurus = thesaurus or default_thesaurus()
        self._glossary = glossary or default_glossary()
        self._model = model or load_model()
        self._key_points: dict[tuple[str, ...], Overview] = {}  # built on overview questions
        self._order = {s.id: i for i, s in enumerate(corpus.sentences)}
        self._words = Vocabulary(
            corpus.sentences,
            words
            if words is not None
            else per_document(corpus.passages, corpus.sentences, answer_language),
        )
        self._language = self._words.language
        self._vocabulary = self._words.words  # content words of the report, in every language

    def write(self, question: str, hits: Sequence[Hit]) -> Answer:
        """Quote and cite the sentences that answer `question`, or refuse with the closest ones.

        An overview question gets the report's key points; a "why did X say Y" question whose
        premise Y the quoted passage does not state gets "the report does not say that" and
        what the report does say.
        """
        language = answer_language(question)
        if is_overview(question):
            return self._overview(question, language, hits)
        if hits and summary_of_topic(question):
            about = topic(question)  # the question itself when it names no topic
            section = self._article_asked_about(about if about != question else "", hits)
            return self._overview(question, language, hits, section=section)
        terms = question_terms(question, language, self._glossary, self._thesaurus)
        scored = self.score(question, hits, terms)
        foreign = self._all_foreign(terms)
        confidence = self.confidence(scored[0]) if scored and not foreign else 0.0
        claim = premise(question, language)
        if scored and claim is not None and not self._states(claim, language, scored[0]):
            return replace(self._challenge(question, language, claim, scored[0]), confidence=0.0)
        if confidence < self.threshold(language):
            answer = refusal(question, hits, self._corpus, self._closest)
            return replace(answer, confidence=confidence)
        kind = answer_type(question)
        chosen = self._choose(scored, kind, _asks_speaker(kind, question))
        answer = self._render(question, language, chosen, kind, terms.counted)
        return replace(answer, confidence=confidence)

    def _all_foreign(self, terms: QuestionTerms) -> bool:
        """Is every word of an English question one the report never uses, nor a synonym of
        it ("asdf", "qwerty zxcv")? Then no sentence of the report is about it, however close
        the nearest one. (A Chinese or Persian question's words may reach the report only
        through the embedder, so only English ones are judged.)"""
        return (
            terms.language == "en"
            and bool(terms.terms)
            and not any(used_by(t, self._vocabulary) for t in terms.terms)
        )

    def _article_asked_about(self, about: str, hits: Sequence[Hit]) -> str:
        """The section of `hits` a summary question's topic `about` points at: the one whose
        title names it, else whose passages name it most often, else the one holding the
        sentence closest by meaning (the fused ranking also weighs "summary" matching
        "summarized"). A Latin name also finds its Persian spelling (Mazandaran, مازندران):
        by meaning alone, e5 puts that article within 0.003 of English ones."""
        named = [w for w in about.split() if len(w) > 1]
        if len(named) > TOPIC_WORDS:  # no name of an article: a question that says "summarize"
            named = []
        by_title: dict[str, bool] = {}
        in_text: Counter[str] = Counter()
        closeness: dict[str, float] = {}
        for h in hits:
            section = h.sentence.section
            if section not in by_title:
                by_title[section] = bool(named) and all(_names(w, section) for w in named)
            passage = self._corpus.passage_of(h.sentence)
            in_text[section] += sum(_names(w, passage.clean) for w in named)
            closeness[section] = max(closeness.get(section, 0.0), h.similarity)
        return max(closeness, key=lambda s: (by_title[s], in_text[s], closeness[s]))

    def _states(self, claim: str, language: Language, best: Scored) -> bool:
        """Does the passage of `best` hold every word and figure of `claim` (through glosses,
        for Chinese)?"""
        terms = question_terms(claim, language, self._glossary, self._thesaurus)
        if language != "zh" and self._language[best.sentence.id] != language:
            return False  # no dictionary between Persian and English: it cannot be checked
        passage = self._corpus.passage_of(best.sentence)
        words = _content_words(f"{passage.section} {passage.clean}")
        figures = _numbers(f"{passage.section} {passage.clean}")
        return all(t.forms & words for t in terms.terms) and terms.figures <= figures

    def _challenge(self, question: str, language: Language, claim: str, best: Scored) -> Answer:
        """ "The report does not say that <claim>. What it says: <quote> [1]", refused."""
        passage = self._corpus.passage_of(best.sentence)
        quote = readable(best.sentence.text)
        citation = Citation.of(1, passage, quote)
        text = PREMISE[language].format(premise=claim, quote=quote, refs="[1]")
        return Answer(
            question=question,
            text=text,
            refused=True,
            language=language,
            citations=(citation,),
            premise="unsupported",
        )

    def _overview(
        self,
        question: str,
        language: Language,
        hits: Sequence[Hit],
        section: str | None = None,
    ) -> Answer:
        """The report's key points (or one article's), one cited sentence each."""
        number_of: dict[str, int] = {}
        citations: list[Citation] = []
        lines = [OVERVIEW[language]]
        for point in self._key_points_of(hits).points(OVERVIEW_POINTS, section=section):
            markers = self._cite(point.occurrences or (point.sentence,), number_of, citations)
            lines.append(f"- {readable(point.sentence.text)} {markers}")
        return Answer(
            question=question,
            text="\n".join(lines),
            refused=False,
            language=language,
            citations=tuple(citations),
            confidence=1.0,
        )

    def _key_points_of(self, hits: Sequence[Hit]) -> Overview:
        """The key-point finder for an overview question: over the whole index while it is
        report-sized, else over the documents the question's best hits come from (finding
        restatements across 100k passages took minutes, and "the main findings" of a library
        are those of the documents asked about)."""
        if len(self._corpus.sentences) <= OVERVIEW_SCOPE:
            scope: tuple[str, ...] = ()
        else:
            scope = tuple(
                sorted(dict.fromkeys(h.sentence.document for h in hits[:OVERVIEW_DOCUMENTS]))
            )
        if scope not in self._key_points:
            if len(self._key_points) >= OVERVIEW_CACHE:
                self._key_points.pop(next(iter(self._key_points)))
            sentences = [s for s in self._corpus.sentences if not scope or s.document in scope]
            self._key_points[scope] = Overview(Corpus((), tuple(sentences)))
        return self._key_points[scope]

    def _rarity(self, forms: frozenset[str]) -> float:
        """A term's inverse document frequency over passages (its rarest form): a word few
        passages use says more about what is asked than one most use."""
        n = len(self._corpus.passages) or 1
        present = [n for n in (self._words.passages_with(f) for f in forms) if n]
        held = min(present) if present else 0
        return math.log((n + 1) / (held + 1)) + 1.0

    def threshold(self, language: Language) -> float:
        """Below this probability an answer in `language` is refused."""
        return self._model.threshold(language) if self._threshold is None else self._threshold

    def score(
        self, question: str, hits: Sequence[Hit], terms: QuestionTerms | None = None
    ) -> list[Scored]:
        """Each of the top fused hits with its answerability features, ranked by how likely
        the model finds it holds the answer to `question` (whose `terms` may be given), most
        likely first."""
        kind = answer_type(question)
        speaker = _asks_speaker(kind, question)
        if terms is None:
            terms = question_terms(
                question, answer_language(question), self._glossary, self._thesaurus
            )
        out = []
        names = any(t.name for t in terms.terms)  # else no passage can lack one of them
        for hit in hits[:CANDIDATES]:
            s = hit.sentence
            passage = self._corpus.passage_of(s)
            if kind == "list":
                following = self._neighbour(s, +1)
                has_type = is_list(s.clean) or (
                    following is not None
                    and bool(_LEANS_BACK.match(following.clean))
                    and is_list(following.clean)
                )
            else:
                has_type = _has_new_feature(kind, s.clean, question, terms.counted)
            context = f"{s.section} {passage.clean}"
            passage_figures = _numbers(without_comparisons(context))
            passage_bases = _comparison_years(context)
            passage_words = _content_words(context)
            sentence_words = _content_words(self._with_leaned_on(s, speaker))
            row = features(
                terms,
                hit.similarity,
                passage_words,
                sentence_words,
                passage_figures,
                passage_bases,
                self._vocabulary,
                self._language[s.id],
                has_type,
                self._rarity,
            )
            missing = bool(row[_MISSING_FIGURE])
            rank = self._model.rank(row)
            opposite = contrasted(terms, passage_words, sentence_words)
            elsewhere = (
                names
                and comparable_with(terms, self._language[s.id])
                and absent_name(
                    terms,
                    passage_words | sentence_words | _acronyms(passage.clean),
                    self._vocabulary,
                )
            )
            out.append(
                Scored(s, rank, hit.similarity, has_type, missing, tuple(row), opposite, elsewhere)
            )
        out.sort(key=lambda c: -c.score)
        return out

    def _with_leaned_on(self, sentence: Sentence, speaker: bool = False) -> str:
        """The sentence, after the ones before it it leans on (`_leaned_on`):
        what `_choose` quotes, and what the question's words are looked for in."""
        return " ".join(s.clean for s in [*self._leaned_on(sentence, speaker), sentence])

    def _leaned_on(self, sentence: Sentence, speaker: bool = False) -> list[Sentence]:
        """The sentences before `sentence` in its passage that it cannot be read without, in
        order: the one a pronoun points back to ("He said ...", "This has been manifested in
        ..."), and the speaker of a quotation it continues (a quoted sentence with no speaker
        of its own, or one inside a quotation the sentence before opened, leans back to where
        the speaker is named: "Mali is rich in tourism resources" is Mamou Daffe's). When the
        `speaker` is asked for ("Who said ...?") and the sentence names them by a pronoun ("He
        added", وی ... خاطرنشان کرد), the paragraph before, where they are named, is read too:
        that sentence is quoted with its own citation."""
        out: list[Sentence] = []
        current = sentence
        while len(out) < LEAN_REACH:
            previous = self._neighbour(current, -1)  # in the same section
            if previous is None:
                break
            if previous.passage_id != current.passage_id:
                if speaker and _SPEAKER_PRONOUN.match(current.clean):
                    out.insert(0, previous)
                break
            if _LEANS_BACK.match(current.clean):
                out.insert(0, previous)
                break
            if not _continues_quotation(previous.clean, current.clean):
                break
            out.insert(0, previous)
            current = previous
        return out

    def confidence(self, best: Scored) -> float:
        """P(the question is answered by `best`, the top-ranked candidate); 0 when its passage
        names a place, person or body the report never names ("the population of Canada"), or
        when it gives the opposite of what is asked (rural income for urban, `contrasted`), or
        when the question names a place, person or body the report names elsewhere but this
        passage does not (`absent_name`: the income of one villager, asked of the counties')."""
        if best.row[_UNKNOWN_NAME] or best.contrasted or best.elsewhere_name:
            return 0.0
        return self._model.probability(best.row)

    def _choose(self, scored: list[Scored], kind: AnswerType, speaker: bool) -> list[Sentence]:
        """The best sentence, made readable and complete within its passage.

        A list question answered by a lead-in ("... summarized them in five key aspects.")
        gets the list that follows it ("They include ..."); a sentence that leans on the one
        before it in the same passage gets that one too; a close runner-up from the same
        passage that also holds what was asked is added. Context from other paragraphs is
        left to the sources panel (but for the speaker asked for whom a pronoun stands for),
        so every citation holds what the answer claims.
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
        chosen = [*self._leaned_on(best, speaker), best]
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
        exact = self._words.same_text(sentence)
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
        rarest = sorted(words, key=lambda w: (self._words.count(w), w))
        found = {s.id: s for w in rarest[: NEAR_DUPLICATE + 1] for s in self._words.containing(w)}
        return sorted(found.values(), key=lambda s: self._order[s.id])

    def _cite(
        self,
        occurrences: Sequence[Sentence],
        number_of: dict[str, int],
        citations: list[Citation],
    ) -> str:
        """The `[n]` markers of every passage stating a claim, numbering new passages as they
        come (`number_of`: passage id -> n) and adding their citations."""
        refs = []
        for occurrence in occurrences:
            passage = self._corpus.passage_of(occurrence)
            if passage.id not in number_of:
                number_of[passage.id] = len(number_of) + 1
                quote = readable(occurrence.text)
                citations.append(Citation.of(number_of[passage.id], passage, quote))
            refs.append(number_of[passage.id])
        return "".join(f"[{n}]" for n in sorted(set(refs)))

    def _answer_span(
        self, kind: AnswerType, text: str, question: str, counted: frozenset[str] = frozenset()
    ) -> tuple[int, int] | None:
        """The one span of `text` that answers: the figure in the unit asked, the date, or for
        "who" the person's name without the titles and offices around it (a word WordNet knows,
        like "Minister" or "Tourism", is a title or common noun, not part of a name)."""
        spans = _merge_adjacent(_answer_spans(kind, text, question, counted), text)
        if not spans:
            return None
        if kind == "person" and _ASKS_WHO.search(question):
            names = [self._trim_common_words(a, b, text) for a, b in spans]
            names = [(a, b) for a, b in names if not self._all_common_words(text[a:b])]
            spans = names or spans
        return _asked_unit(spans, text, question)

    def _common(self, word: str) -> bool:
        return self._thesaurus.knows(word)

    def _trim_common_words(self, a: int, b: int, text: str) -> tuple[int, int]:
        """The span without leading dictionary words ("Tourism Mamou Daffe" -> "Mamou Daffe"),
        keeping at least two words and any name built with "of" ("Ministry of Industry")."""
        words = list(re.finditer(r"\S+", text[a:b]))
        while (
            len(words) > 2
            and self._common(words[0].group())
            and words[1].group().lower() not in ("of", "and", "for")  # "Ministry of Industry"
        ):
            words.pop(0)
        return (a + words[0].start(), b) if words else (a, b)

    def _all_common_words(self, span: str) -> bool:
        return all(self._common(w) for w in re.findall(r"[A-Za-z]+", span) if w.lower() != "of")

    def _render(
        self,
        question: str,
        language: Language,
        chosen: list[Sentence],
        kind: AnswerType,
        counted: frozenset[str] = frozenset(),
    ) -> Answer:
        number_of: dict[str, int] = {}  # passage id -> its [n]
        citations: list[Citation] = []
        parts = []
        line = ""  # the short answer in the asker's language, before a quote in another one
        for sentence in chosen:
            markers = self._cite(self._occurrences(sentence, kind), number_of, citations)
            span = self._answer_span(kind, sentence.clean, question, counted)
            text = readable(sentence.text)  # offsets into the clean text hold in it
            if span is None:
                parts.append(f"{text} {markers}")
                continue
            a, b = span
            parts.append(f"{text[:a]}**{text[a:b]}**{text[b:]} {markers}")
            if not line and self._language[sentence.id] != language:
                localized = localize(text[a:b], language)
                # a Persian word is no answer line for a Chinese reader: the quote gives it
                if reads_in(localized, language):
                    line = f"{ANSWER[language]}{localized} {markers}"
        body = " ".join(parts)
        if all(self._language[s.id] == language for s in chosen):
            text = body
        else:
            first = "".join(f"[{c.n}]" for c in citations[:1])
            line = line or SEE_EVIDENCE[language].format(refs=first)
            text = f"{line}\n{EVIDENCE[language]}{body}"
        return Answer(
            question=question,
            text=text,
            refused=False,
            language=language,
            citations=tuple(citations),
        )


def refusal(question: str, hits: Sequence[Hit], corpus: Corpus, closest: int = 3) -> Answer:
    """Refuse ("the report does not say") in the question's language; cite the closest passages."""
    language = answer_language(question)
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


def answer_language(question: str) -> Language:
    """The language an answer to `question` is written in (Latin script counts as English)."""
    code = detect_language(question)
    return code if code in ("zh", "fa") else "en"  # type: ignore[return-value]


# The report's sentences and passages are a fixed, small set per index: analyse each once.
_content_words = lru_cache(maxsize=65536)(content_words)
_acronyms = lru_cache(maxsize=65536)(lambda text: frozenset(acronyms(text)))
_numbers = lru_cache(maxsize=65536)(numbers)
_comparison_years = lru_cache(maxsize=65536)(comparison_years)
_dedup_key = lru_cache(maxsize=65536)(dedup_key)


def _same_claim(a: Sentence, b: Sentence) -> bool:
    """Do two sentences say the same thing, verbatim or but for a word or two?"""
    if _dedup_key(a.clean) == _dedup_key(b.clean):
        return True
    wa, wb = _content_words(a.clean), _content_words(b.clean)
    return (
        len(wa) > 2 * NEAR_DUPLICATE
        and len(wa - wb) <= NEAR_DUPLICATE
        and len(wb - wa) <= NEAR_DUPLICATE
        and _numbers(a.clean) == _numbers(b.clean)
    )


def _has_new_feature(
    kind: AnswerType, text: str, question: str, counted: frozenset[str] = frozenset()
) -> bool:
    """Does `text` hold a number/name/date/place the question does not already mention?"""
    return kind == "other" or bool(_answer_spans(kind, text, question, counted))


def _answer_spans(
    kind: AnswerType, text: str, question: str, counted: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """Where `text` holds what the question asks for and does not already say.

    Names inside quotation marks are a title or someone's words ("Striving for a Better
    Life ..."), not the person or place asked for; a question for the year is answered by a
    year, not by a weekday ("on Friday"); a figure of how long something lasts ("a five-year
    period", "three years ago") answers only a question of how long, not "how many people"; a
    sum of money or a share ("17,522 yuan") does not say how many things there are; a date of
    the calendar (几月几号) is not given by a weekday; one for an ordinal ("چندمین جلسه",
    第几次) by an ordinal (دومین, 第二), not by a count; a figure of other things than the
    `counted` ones asked about ("1,100 projects" for "how many countries") is no answer.
    """
    asked = question.lower()
    quoted = [m.span() for m in _QUOTED.finditer(text)] if kind in ("person", "place") else []
    year_only = kind == "date" and asks_year(question)
    calendar_only = kind == "date" and asks_calendar_date(question)
    counts_only = kind == "number" and not asks_duration(question)
    things_only = kind == "number" and counts_things(question)
    ordinal = kind == "number" and asks_ordinal(question)
    return [
        (a, b)
        for a, b in (ordinal_spans(text, question) if ordinal else feature_spans(kind, text))
        if text[a:b].lower().strip() not in asked
        and not any(qa <= a and b <= qb for qa, qb in quoted)
        and (not year_only or names_year(text[a:b]))
        and (not calendar_only or names_calendar_date(text[a:b]))
        and (not counts_only or not names_duration(text, b))
        and (kind != "number" or not counted or counts_the(text, b, counted))
        and (not things_only or not names_money_or_share(text, a, b))
    ]


# The unit a question asks its figure in, in any of the three languages, and how the report's
# English or Persian writes it: a "百分之多少" question is answered by the percentage, not the sum.
# Dollars first: 美元 ends in 元. A unit may follow its figure by a few characters ("2,450 U.S.
# dollars"), and the line then gives the figure with its unit (localize reads the whole phrase).
UNIT_REACH = 6
_UNITS = (
    (re.compile(r"dollar|美元|دلار", re.I), re.compile(r"dollars?|دلار", re.I)),
    (re.compile(r"percent|%|百分|درصد", re.I), re.compile(r"percent|%|درصد", re.I)),
    (re.compile(r"yuan|元|یوان", re.I), re.compile(r"yuan|یوان", re.I)),
)


def _asked_unit(spans: list[tuple[int, int]], text: str, question: str) -> tuple[int, int]:
    """Of the spans that answer, the first in the unit the question asks for, widened to its
    unit and approximation ("about 2,450 U.S. dollars"); else the first span."""
    for asked, written in _UNITS:
        if asked.search(question):
            for a, b in spans:
                unit = written.search(text, a, b + UNIT_REACH + 8)
                if unit is not None and unit.start() <= b + UNIT_REACH:
                    about = _APPROXIMATELY.search(text[max(0, a - 12) : a])
                    return (a - len(about.group()) if about else a, max(b, unit.end()))
    return spans[0]


_APPROXIMATELY = re.compile(r"\b(about|over|nearly|close to|more than)\s+$", re.IGNORECASE)
_ASKS_WHO = re.compile(r"\b(who|whom|whose)\b|谁|哪位|چه کسی", re.IGNORECASE)


def _merge_adjacent(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans only a space apart as one ("February" "2021" -> "February 2021")."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and not text[merged[-1][1] : a].strip():
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _names(word: str, text: str) -> bool:
    """Does `text` name `word` (a topic word, any script): as a word of it, or, for a Latin
    word, spelt in Persian?"""
    if re.fullmatch(r"[a-z0-9]+", word):
        return bool(re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE)) or (
            spelt_in_persian(word, text)
        )
    return word in for_matching(text).lower()
