"""Does a sentence answer the question? Features of a (question, sentence) pair and a logistic
regression over them, trained by `eval/train.py` and stored in `answerability.json`.

The features ask what a careful reader asks before quoting: is the sentence about the question
(dense similarity), does its passage hold the question's words, in any of the report's
languages (a Chinese question's words are looked up through their CC-CEDICT glosses, so 城镇
must find "urban"/"town", not "rural"), does the question use words the report never uses,
or words the report uses elsewhere but not here (the attribute asked about is missing: pages,
budget, urban income), does the sentence hold the kind of thing asked for (a figure for "how
many"), and does the passage hold every year and figure the question gives.

A logistic regression, not a hand-weighted sum: its weights are fitted on the dev half of
eval/facts.jsonl plus unanswerable variants made by perturbing those questions (a year, a name
or the attribute swapped for one the report lacks), and its output is a probability that can
be thresholded per language (Persian included) and checked by cross-validation.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources

import numpy as np

from answer.question import PEOPLE_FORMS, comparison_years, counted, focus
from core.errors import ModelError
from core.glossary import Glossary
from core.synonyms import Thesaurus
from core.text import STOPWORDS, content_forms, numbers, stem, words
from core.types import Language

MODEL_FILE = "answerability.json"
FEATURES = (
    "heuristic",  # the ranking score below: how the writer chooses the sentence to quote
    "similarity",  # dense cosine of question and sentence
    "sentence_coverage",  # share of the question's terms in the sentence (with one it leans on)
    "rare_missing",  # share of the terms' weight (rarer terms weigh more) missing from the passage
    "lacking_words",  # how many terms the report never uses, nor a synonym (at most 3)
    "elsewhere_words",  # how many terms the report uses, but not in this passage (at most 3)
    "answer_type",  # the sentence holds what was asked for (a figure, a name, a date, ...)
    "missing_figure",  # a year or figure the question gives is not in the passage
    "bridged",  # the question's words were looked up across languages (zh -> en glosses)
    "unknown_name",  # the question names a place, person or body the report never names
    "focus_missing",  # the attribute asked for ("how many pages", 院长是谁) is not in the sentence
)


# The direction each feature can only push towards answering (+1) or refusing (-1); 0: either
# (whether a Chinese question was bridged says nothing by itself of whether it is answered).
SIGNS = (+1, +1, +1, -1, -1, -1, +1, -1, 0, -1, -1)


@dataclass(frozen=True)
class Term:
    """One content word of a question and the stems it may appear as in the report."""

    word: str
    forms: frozenset[str]
    synonyms: frozenset[str] = frozenset()  # stems of WordNet synonyms (English only)
    name: bool = False  # a proper name: "Canada", 加拿大 (a question about it needs it said)
    focus: bool = False  # names the attribute asked for (`answer.question.focus`)
    # a Chinese name's own words, per sense (`Glossary.name_words`): 上海's gloss "Shanghai
    # municipality, central east China" is about China, but only "shanghai" names it
    name_forms: tuple[frozenset[str], ...] = ()
    antonyms: frozenset[str] = frozenset()  # stems of WordNet antonyms (English only): rural


@dataclass(frozen=True)
class QuestionTerms:
    """A question's content words, looked up in the languages of the report."""

    language: Language
    terms: tuple[Term, ...]
    figures: frozenset[str]  # years and figures the question gives ("2024", "5")
    bridged: bool  # terms carry English glosses of Chinese words
    bases: frozenset[str] = frozenset()  # of the figures, years it compares with ("比2021年增长")
    # the stems the thing a "how many" question counts is written as in the report (with its
    # synonyms or glosses; people, persons, individuals alike); empty for other questions
    counted: frozenset[str] = frozenset()


def question_terms(
    question: str, language: Language, glossary: Glossary | None, thesaurus: Thesaurus | None
) -> QuestionTerms:
    """The content words of `question`; a Chinese one's words with their English glosses."""
    figures = frozenset(numbers(question, strict=True))
    bases = frozenset(comparison_years(question))
    if language == "zh" and glossary is not None:
        terms = []
        segmented = glossary.segment(question)
        asked_for = focus(segmented, language)
        backward = glossary.segment_backward(question)
        other_names = [
            span
            for span, word in zip(_spans(backward), backward, strict=True)
            if glossary.is_name(word)
        ]
        at = 0
        for word in segmented:
            span, at = (at, at + len(word)), at + len(word)
            if word in STOPWORDS or word in _HAN_QUESTION_WORDS or word in _HAN_FUNCTION_WORDS:
                continue
            english = glossary.english(word)
            if not english and glossary.knows(word):
                continue  # a measure word or particle (份, 些): CC-CEDICT gives it no meaning
            # not a name where matching from the end reads another name over its characters:
            # 对马里 is 对 + 马里 (Mali), not 对马 (Tsushima) + 里
            is_name = glossary.is_name(word) and not any(
                a < span[1] and span[0] < b and (a, b) != span for a, b in other_names
            )
            terms.append(
                Term(
                    word,
                    frozenset({word, *english}),
                    name=is_name,
                    focus=word in asked_for,
                    name_forms=glossary.name_words(word) if is_name else (),
                )
            )
        latin = _non_han(question)
        capitals = _capitalised(latin, first_is_name=True)
        for word, written in content_forms(latin).items():  # Latin words in a Chinese question
            terms.append(Term(word, frozenset({word}), name=bool(written & capitals)))
        head = counted(segmented, language, glossary.is_verb)
        forms = next((t.forms for t in terms if t.word == head), frozenset())
        return QuestionTerms(
            language, tuple(terms), figures, True, bases, _counted_forms(head, forms)
        )
    terms = []
    capitals = _capitalised(question) if language == "en" else set()
    asked = _HOW_MEASURE.sub("how", question) if language == "en" else question
    asked_for = focus(words(question), language)
    for word, written in content_forms(asked).items():
        if word.isdigit():
            continue  # figures are checked apart, as `figures`
        synonyms: set[str] = set()
        antonyms: set[str] = set()
        if language == "en" and thesaurus is not None:
            synonyms = {stem(s) for form in written for s in thesaurus.synonyms(form)}
            antonyms = {stem(a) for form in written for a in thesaurus.antonyms(form)}
        terms.append(
            Term(
                word,
                frozenset({word}),
                frozenset(synonyms),
                bool(written & capitals),
                bool(written & asked_for),
                antonyms=frozenset(antonyms - synonyms - {word}),
            )
        )
    head = counted(words(question), language)
    written_as: frozenset[str] = frozenset()
    if head is not None:
        written_as = frozenset({stem(head)})
        if thesaurus is not None:
            written_as |= {stem(s) for s in thesaurus.synonyms(head)}
    return QuestionTerms(
        language, tuple(terms), figures, False, bases, _counted_forms(head, written_as)
    )


def _counted_forms(head: str | None, forms: frozenset[str]) -> frozenset[str]:
    """`forms` of the counted noun `head`; people, persons and individuals alike."""
    if head is None:
        return frozenset()
    if head in ("人", "人口") or forms & PEOPLE_FORMS:
        return forms | PEOPLE_FORMS
    return forms


# "how long", "how old": the adjective asks for a measure, it is not a word the answer holds
# ("How long was the transitional period?" is not about a "long-term mechanism").
_HOW_MEASURE = re.compile(r"\bhow\s+(?:long|old|big|large|far|often|soon|early|late)\b", re.I)


def _spans(segmented: Sequence[str]) -> list[tuple[int, int]]:
    """Where each word of a segmentation starts and ends, in characters of the Han text."""
    spans, at = [], 0
    for word in segmented:
        spans.append((at, at + len(word)))
        at += len(word)
    return spans


def _capitalised(question: str, first_is_name: bool = False) -> set[str]:
    """The words of `question` (lower-cased) written with a capital, but for its first word
    (in a Chinese question a Latin word opens nothing: "脱贫县的GDP总量是多少?")."""
    words = re.findall(r"[^\W\d_][\w'-]*", question)
    start = 0 if first_is_name else 1
    return {w.lower() for w in words[start:] if w[0].isupper()}


_HAN_QUESTION_WORDS = frozenset(
    "什么 哪个 哪位 哪里 哪年 为什么 多少 几 谁 怎么 怎样 如何 是否 吗 呢".split()
)


# Pronouns, measure words, prepositions and adverbs a question is built with: their glosses
# ("location" for the measure word 位, "follow" for 从 "from") are no word the answer holds.
_HAN_FUNCTION_WORDS = frozenset(
    """这 那 这个 那个 这些 那些 其 此 该 们 位 份 条 家 些 把 被 让 使 将 从 由 向 以 于 到 来
    里 内 上 下 就 都 也 还 又 再 已 已经 很 更 最 要 想 叫 称 说 所 之 正在 到底 究竟""".split()
)


def _non_han(text: str) -> str:
    return "".join(" " if "\u3400" <= ch <= "\u9fff" else ch for ch in text)


def features(
    terms: QuestionTerms,
    similarity: float,
    passage_words: frozenset[str] | set[str],
    sentence_words: frozenset[str] | set[str],
    passage_figures: frozenset[str] | set[str],
    passage_bases: frozenset[str] | set[str],
    vocabulary: frozenset[str] | set[str],
    sentence_language: str,
    answer_type: bool,
    rarity: Callable[[frozenset[str]], float] = lambda _forms: 1.0,
) -> list[float]:
    """The FEATURES of one candidate sentence, in their order. `passage_figures` are the
    passage's figures outside comparisons, `passage_bases` the years it compares with: a
    question's year must be one the passage gives a figure for, unless the question too
    compares with it."""
    n = len(terms.terms)
    comparable = comparable_with(terms, sentence_language)
    coverage = unknown = sentence_share = 0.0  # shares, for the ranking score
    if n and comparable:
        found = [bool(t.forms & passage_words) for t in terms.terms]
        in_sentence = [bool(t.forms & sentence_words) for t in terms.terms]
        known = [used_by(t, vocabulary) for t in terms.terms]
        weights = [rarity(t.forms) for t in terms.terms]
        coverage, unknown = sum(found) / n, sum(not k for k in known) / n
        sentence_coverage = sum(in_sentence) / n
        lacking_words = sum(not k for k in known)
        elsewhere_words = sum(k and not f for k, f in zip(known, found, strict=True))
        total = sum(weights)
        rare_missing = sum(w for w, f in zip(weights, found, strict=True) if not f) / total
        sentence_share = sum(w for w, f in zip(weights, in_sentence, strict=True) if f) / total
    else:
        sentence_coverage = 0.0
        rare_missing = 1.0 if not comparable else 0.0  # nothing can be found across scripts
        # the report's words in every language: a word it never uses is lacking, whatever
        # the sentence's language ("walnut" asked of a Persian sentence)
        lacking_words = sum(not used_by(t, vocabulary) for t in terms.terms)
        elsewhere_words = 0
    missing = missing_figure(terms, passage_figures, passage_bases)
    # the ranking weighs the question's words only against text in the question's language
    same_language = bool(n) and sentence_language == terms.language
    return [
        heuristic(
            similarity,
            coverage if same_language else None,
            unknown if same_language else None,
            answer_type,
            missing,
            sentence_share,
        ),
        similarity,
        sentence_coverage,
        rare_missing,
        float(min(lacking_words, 3)),
        float(min(elsewhere_words, 3)),
        float(answer_type),
        float(missing),
        float(terms.bridged and sentence_language != terms.language),
        float(comparable and unknown_name(terms, vocabulary)),
        float(comparable and focus_missing(terms, passage_words)),
    ]


def comparable_with(terms: QuestionTerms, sentence_language: str) -> bool:
    """Can the question's words be looked for in a sentence in `sentence_language`: is it the
    question's language, or was the question looked up across languages (zh -> en glosses)?"""
    return terms.bridged or sentence_language == terms.language


def used_by(term: Term, vocabulary: frozenset[str] | set[str]) -> bool:
    """Does the report (whose words are `vocabulary`) use the term, or a synonym of it?"""
    return bool((term.forms | term.synonyms) & vocabulary)


def contrasted(
    terms: QuestionTerms,
    passage_words: frozenset[str] | set[str],
    sentence_words: frozenset[str] | set[str],
) -> bool:
    """Does the sentence say the opposite of what the question asks about: a word of the
    question (nor a synonym) is nowhere in the passage, and its antonym is in the sentence
    ("urban residents' income" of a sentence on rural residents', "unemployed" of one on the
    employed)? Then it answers another question than the one asked."""
    return any(
        t.antonyms & sentence_words and not (t.forms | t.synonyms) & passage_words
        for t in terms.terms
    )


def focus_missing(terms: QuestionTerms, passage_words: frozenset[str] | set[str]) -> bool:
    """Does the question name the attribute it asks for ("how many pages", 院长是谁, جمعیت ...
    چقدر) and the sentence's passage hold none of its words, nor a synonym? Then the passage
    gives some other attribute of the same thing (the chapters, not the pages)."""
    asked = [t for t in terms.terms if t.focus]
    return bool(asked) and not any((t.forms | t.synonyms) & passage_words for t in asked)


# The ranking score's weights, chosen by a grid search on the questions now in the dev half of
# eval/facts.jsonl (sessions before the answerability model; see the README's history).
# "sentence" was added later, by a grid search on the dev half alone: any weight from 0.08 to
# 0.16 put the answer in the first-ranked sentence as often (dev: zh 38 -> 43 of 50, en 43 -> 44
# of 58, fa 28 of 36 unchanged), where the passage share and similarity tie the neighbours.
RANKING = {
    "sentence": 0.12,  # per share of the question's terms (weighted by rarity) in the sentence
    "coverage": 0.05,  # per share of question words found in the sentence's passage
    "type": 0.08,  # the sentence holds the kind of thing asked for (a figure for "how many")
    "unknown": 0.10,  # per share of question words the report never uses, nor a synonym of them
    "missing_figure": 0.20,  # a year or figure the question gives is not in the passage
}


def heuristic(
    similarity: float,
    coverage: float | None,
    unknown: float | None,
    answer_type: bool,
    missing_figure: bool,
    sentence_share: float = 0.0,
) -> float:
    """How the writer ranks candidates: dense similarity, plus the share of the question's
    words found in the passage, minus the share the report never uses (None when the
    sentence is in another language than the question), plus the answer type, minus a figure
    the question gives that the passage lacks, plus the rarity-weighted share of the
    question's terms in the sentence itself (through glosses for a Chinese question: the
    neighbours of one passage share its words, and the sentence that holds the rare ones,
    "infrastructure", "connectivity", is the one that answers)."""
    lexical = 0.0
    if coverage is not None and unknown is not None:
        lexical = RANKING["coverage"] * coverage - RANKING["unknown"] * unknown
    return (
        similarity
        + lexical
        + RANKING["sentence"] * sentence_share
        + (RANKING["type"] if answer_type else 0.0)
        - (RANKING["missing_figure"] if missing_figure else 0.0)
    )


def missing_figure(
    terms: QuestionTerms,
    passage_figures: frozenset[str] | set[str],
    passage_bases: frozenset[str] | set[str],
) -> bool:
    """Does the question give a figure or year the passage lacks (a year the passage only
    compares with counts only for a question that compares with it too)?"""
    return any(
        f not in passage_figures and not (f in terms.bases and f in passage_bases)
        for f in terms.figures
    )


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over standardised features."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, row: Sequence[float]) -> float:
        """The modelled probability for one row of features."""
        z = self.bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, row, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass(frozen=True)
class Model:
    """A logistic regression over FEATURES of the sentence the writer would quote, fitted on
    each dev question's top-ranked sentence (is the question answerable from it?), with
    per-language refusal thresholds.

    Choosing the sentence stays with the `heuristic` ranking: a logistic regression fitted on
    every candidate to choose among them was measured to choose worse (most candidates of an
    answerable question are near neighbours of the right one, 10% of candidates are right).
    """

    answer: Logistic
    thresholds: dict[str, float]
    notes: dict[str, object]

    @staticmethod
    def rank(row: Sequence[float]) -> float:
        """The candidate's ranking score (its `heuristic` feature)."""
        return row[0]

    def probability(self, row: Sequence[float]) -> float:
        """P(the question is answered by this, the chosen, candidate)."""
        return self.answer.probability(row)

    def threshold(self, language: str) -> float:
        """The calibrated refusal threshold for questions in `language`."""
        return self.thresholds.get(language, self.thresholds.get("all", 0.5))

    def to_json(self) -> str:
        """The model as the JSON `load_model` reads."""
        return json.dumps(
            {
                "features": list(FEATURES),
                "answer": _logistic_json(self.answer),
                "thresholds": self.thresholds,
                "notes": self.notes,
            },
            ensure_ascii=False,
            indent=1,
        )


def _logistic_json(model: Logistic) -> dict[str, object]:
    return {
        "mean": list(model.mean),
        "scale": list(model.scale),
        "weights": list(model.weights),
        "bias": model.bias,
    }


def _logistic(raw: dict[str, list[float] | float]) -> Logistic:
    def floats(key: str) -> tuple[float, ...]:
        values = raw[key]
        assert isinstance(values, list)
        return tuple(float(v) for v in values)

    bias = raw["bias"]
    assert isinstance(bias, float | int)
    return Logistic(floats("mean"), floats("scale"), floats("weights"), float(bias))


NAME_LIKENESS = 0.8  # a name written with a typo ("Xinhau", "Mazandaran") is still the name


def _named_alike(form: str, vocabulary: frozenset[str] | set[str]) -> bool:
    """Is `form` one letter or so off a word of `vocabulary` ("dafe" ~ "daffe")? Short words
    need a closer likeness: "peru" is not "per"."""
    if len(form) < 4:
        return False
    if not isinstance(vocabulary, frozenset):
        vocabulary = frozenset(vocabulary)
    return _alike_in(form, vocabulary)


@lru_cache(maxsize=4096)
def _alike_in(form: str, vocabulary: frozenset[str]) -> bool:
    """`_named_alike` for one question's form, asked once per question rather than once per
    candidate sentence (a frozenset caches its hash, so the key is cheap)."""
    cutoff = NAME_LIKENESS if len(form) >= 6 else 0.88
    return bool(get_close_matches(form, _letters(vocabulary).could_match(form, cutoff), 1, cutoff))


_BUCKETS = 64  # letters counted per word; others share buckets (a bound stays a bound)


class _Letters:
    """Each word's letter counts, so the words that could reach a likeness cutoff are found
    with one numpy operation: difflib's ratio is at most 2 * (letters in common) / (a + b)
    (its `quick_ratio`), so a word below that bound is never compared (same result as
    comparing every word, at a fraction of the cost on a large vocabulary)."""

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.words = sorted(vocabulary)
        self.lengths = np.array([len(w) for w in self.words], dtype=np.float32)
        self.counts = np.zeros((len(self.words), _BUCKETS), dtype=np.uint8)
        for i, word in enumerate(self.words):
            for ch in word:
                self.counts[i, ord(ch) % _BUCKETS] += 1

    def could_match(self, form: str, cutoff: float) -> list[str]:
        """The words whose likeness to `form` may reach `cutoff`, in a fixed order."""
        if not self.words:
            return []
        mine = np.zeros(_BUCKETS, dtype=np.uint8)
        for ch in form:
            mine[ord(ch) % _BUCKETS] += 1
        common = np.minimum(self.counts, mine).sum(axis=1, dtype=np.float32)
        bound = 2 * common / (len(form) + self.lengths)
        return [self.words[i] for i in np.flatnonzero(bound >= cutoff - 1e-6)]


@lru_cache(maxsize=8)
def _letters(vocabulary: frozenset[str]) -> _Letters:
    return _Letters(vocabulary)


def unknown_name(terms: QuestionTerms, vocabulary: frozenset[str] | set[str]) -> bool:
    """Does the question name a place, person or body ("Canada", 加拿大, "GDP") the report
    never names? Then the report cannot answer it, whatever sentence is closest. Names are
    compared loosely, so that a misspelt one ("Mazendaran") still counts as named."""
    return any(t.name and _unknown(t, vocabulary) for t in terms.terms)


def _unknown(term: Term, vocabulary: frozenset[str] | set[str]) -> bool:
    """Is the name `term` not named by the report? A Chinese name's English words must all be
    there, as each word of an English name must ("Ministry of Finance": ministry is, finance
    is not); a name written in the report's script needs one of its forms."""
    if term.name_forms:  # named when one sense's name is: every word of it, none too short
        return not any(
            all(
                f in vocabulary or _named_alike(f, vocabulary) or _opens(f, vocabulary)
                for f in sense
            )
            for sense in term.name_forms
        )
    return not term.forms & vocabulary and not any(_named_alike(f, vocabulary) for f in term.forms)


def absent_name(
    terms: QuestionTerms, passage_words: frozenset[str] | set[str], vocabulary: frozenset[str]
) -> bool:
    """Does the question name a place, person or body the report names, but not in the
    passage of this sentence ("the income of rural residents in *Zhongjiang County*", "How much
    did *Huang Zhongshi* earn?" of the sentence on rural income in all the counties that shook
    off poverty)? Then the passage says something of another thing than the one asked about.
    `passage_words` are the passage's words (with the sentences it leans on and the initials of
    its names); a name is found in them as loosely as in the report (a typo, a pinyin given
    name), and a word formed from it counts too ("Chinese" of China, "Ecuadorian")."""
    return any(
        t.name
        and not _unknown(t, vocabulary)
        and _unknown(t, passage_words)
        and not any(_derived(f, passage_words) for f in t.forms)
        for t in terms.terms
    )


# Letters of the shorter of a name and a word formed from it: "mali" is no "male".
SHORTEST_STEM = 5


def _derived(form: str, words: frozenset[str] | set[str]) -> bool:
    """Is `form` a word formed from one of `words`, or the other way round: do they differ
    only after the shorter one's last letter ("chines" and "china", "ecuadorian" and
    "ecuador")?"""
    if len(form) < SHORTEST_STEM or not form.isascii() or not form.isalpha():
        return False
    for word in words:
        shorter = min(len(word), len(form))
        if shorter >= SHORTEST_STEM and word[: shorter - 1] == form[: shorter - 1]:
            return True
    return False


PINYIN_SYLLABLE = 4  # letters of the shortest syllable looked for at a word's start


def _opens(form: str, vocabulary: frozenset[str] | set[str]) -> bool:
    """Does a word of `vocabulary` start with `form`? Pinyin writes a given name as one word
    (Zhongshi), and CC-CEDICT may read its first syllable with the surname as a known name (黄忠
    "Huang Zhong" of 黄忠诗): "zhong" is then named by "zhongshi"."""
    return len(form) >= PINYIN_SYLLABLE and any(w.startswith(form) for w in vocabulary)


def untrained_model() -> Model:
    """A model that answers everything (P = 0.5): for collecting features before training,
    when the shipped model may be for other features."""
    n = len(FEATURES)
    return Model(Logistic((0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0), {"all": 0.0}, {})


def load_model(text: str | None = None) -> Model:
    """The model from `text`, or from the `answerability.json` shipped beside this module."""
    if text is None:
        text = resources.files("answer").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    raw = json.loads(text)
    if tuple(raw["features"]) != FEATURES:
        raise ModelError(
            f"answer/{MODEL_FILE} was trained on features {raw['features']}, not {list(FEATURES)}."
            " Retrain it: python -m eval.train"
        )
    return Model(
        _logistic(raw["answer"]),
        {k: float(v) for k, v in raw["thresholds"].items()},
        dict(raw.get("notes", {})),
    )


def fit(
    rows: Sequence[Sequence[float]],
    labels: Sequence[int],
    l2: float = 1.0,
    weights: Sequence[float] | None = None,
    signs: Sequence[int] | None = None,
    iterations: int = 50,
) -> Logistic:
    """Fit a logistic regression by Newton's method (IRLS) with an L2 penalty `l2` on the
    standardised weights (not the bias), each row counting `weights[i]` times.

    With `signs` (+1, -1 or 0 per feature), a weight fitted against its known direction is set
    to zero and the rest refitted, until every weight agrees: on a few hundred questions a
    feature can otherwise pick up a correlation that reverses its meaning (more of the
    question missing from the passage counted *for* answering, because cross-lingual
    candidates have everything missing and are often right)."""
    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    counts = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    active = np.ones(z.shape[1], dtype=bool)
    while True:
        beta = _newton(z, y, counts, l2, active, iterations)
        wrong = [
            i + 1
            for i, sign in enumerate(signs or ())
            if active[i + 1] and sign and np.sign(beta[i + 1]) == -sign
        ]
        if not wrong:
            break
        active[wrong] = False
    return Logistic(
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in beta[1:]),
        float(beta[0]),
    )


def _newton(
    z: np.ndarray, y: np.ndarray, counts: np.ndarray, l2: float, active: np.ndarray, iterations: int
) -> np.ndarray:
    """IRLS for the coefficients of the `active` columns of `z` (the others stay zero)."""
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    penalty[~active] = 1e12  # an inactive weight is pinned at zero
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -40, 40)))
        gradient = z.T @ (counts * (p - y)) + penalty * beta
        curvature = counts * p * (1 - p)
        hessian = (z * curvature[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    beta[~active] = 0.0
    return beta
