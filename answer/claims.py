"""The claim check of a generated answer: each sentence must be stated by the passages it cites.

A claim (a sentence of the answer, in English, Chinese or Persian) is supported when

1. it carries at least one `[n]` marker of a passage the model was given;
2. every figure in it (number, percentage, date) is one a cited passage states, in any of the
   forms a translation takes: 33.05 million = 3305万 = 33,050,000; 2,450 = 2450;
   24.7 percent = 24.7%; February 2021 = 2021年2月;
3. every name in Latin script (a capitalised word: "Beijing", "Villagran-Cepeda") occurs in a
   cited passage, and so do a name in Han script cited against an English passage (its
   CC-CEDICT name or its pinyin) and a name after a Persian title (answer/naming.py);
4. it does not negate what its passages state with no negation ("have not ensured");
5. its embedding is at least `THRESHOLD` cosine-similar to the closest sentence of its cited
   passages, so a claim citing a passage about something else fails even when no figure or
   name gives it away; and a claim in its passages' own language shares at least
   `WORD_COVERAGE` of its content words with them (within one report every passage is on much
   the same subject, and the embedder alone rates a claim on another passage's subject too high).

Markers that point at no passage are removed from the text before anything is checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np

from answer.naming import denies, missing_han_name, missing_persian_name
from core.glossary import Glossary, default_glossary
from core.text import STOPWORDS, clean, content_words, detect_language, stem, words
from core.types import Claim, Embedder

# Cosine similarity (e5-small, both sides embedded as queries, E5's advice for symmetric
# comparisons; markers and emphasis stripped) a claim must reach with the closest sentence of its
# cited passages. Calibrated on the golden cases of tests/test_claims.py: supported claims
# (paraphrases; Chinese and Persian claims citing English passages) scored 0.833 at the lowest;
# claims citing a passage on another subject that no figure, name or shared words give away
# (Chinese or Persian claims citing a passage in another language) 0.813 at the highest.
# The threshold sits in that gap.
THRESHOLD = 0.823
# Share of a claim's content words (stemmed; its verified figures count as held) a passage in
# its own language must hold. Golden cases: supported paraphrases 0.50 at the lowest; claims
# citing a same-subject passage 0.33 at the highest. Set between the two.
WORD_COVERAGE = 0.4

_MARKERS = re.compile(r"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")
# A sentence ends at . ! ? followed by a space (not inside 33.05 or U.S.), at 。！？ or Persian ؟,
# or at a line break; the markers right after its end still belong to it ("... 5%. [1]").
_END = re.compile(
    r"(?:(?<!\b[A-Z])(?<!\b[A-Z][a-z])[.!?](?=\s|$)|[。！？؟!?])(?:\s*\[[\d,，、\s]+\])*|\n+"
)

_LIST_NUMBER = re.compile(r"\s*\d{1,2}")


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on a generated answer: its text with dangling markers removed, each claim,
    and where each claim sits in that text (`spans`, for marking the unsupported ones)."""

    text: str
    claims: tuple[Claim, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def any_supported(self) -> bool:
        """Whether at least one claim is supported."""
        return any(c.supported for c in self.claims)


def markers(text: str) -> tuple[int, ...]:
    """The passage numbers `text` cites, in order of first mention: `[2][1, 3]` -> (2, 1, 3)."""
    found = [int(n) for m in _MARKERS.finditer(text) for n in re.split(r"[,，、\s]+", m[1]) if n]
    return tuple(dict.fromkeys(found))


def drop_markers(text: str, known: set[int] | frozenset[int]) -> str:
    """`text` without the markers of numbers not in `known` (`[1, 9]` -> `[1]`; `[9]` -> ``)."""

    def keep(m: re.Match[str]) -> str:
        kept = [n for n in re.split(r"[,，、\s]+", m[1]) if n and int(n) in known]
        return "".join(f"[{n}]" for n in kept)

    text = _MARKERS.sub(keep, text)
    return re.sub(r"[ \t]+(?=[.。,，!?！？؟]|$)", "", text, flags=re.MULTILINE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends (stripped; empty ones left out)."""
    spans = []
    start = 0
    for m in _END.finditer(text):
        if _LIST_NUMBER.fullmatch(text, start, m.start()):
            continue  # "1. " opening an item of a numbered list
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip() and _content(piece):
            out.append((a + lead, a + len(piece.rstrip())))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of `text` (English, Chinese or Persian punctuation)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _content(text: str) -> str:
    """`text` without markers, emphasis and bullets: what a claim says."""
    text = re.sub(r"\s*" + _MARKERS.pattern, "", text).replace("**", "")
    return re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", text).strip()


def check_claims(
    answer: str,
    passages: Mapping[int, str],
    embedder: Embedder,
    threshold: float = THRESHOLD,
    glossary: Glossary | None = None,
) -> ClaimCheck:
    """Check every sentence of `answer` against the passages it cites (`passages`: n -> text);
    `glossary` (CC-CEDICT by default) finds Han-script names in English passages."""
    glossary = glossary or default_glossary()
    text = drop_markers(answer, frozenset(passages))
    spans = sentence_spans(text)
    pieces = [text[a:b] for a, b in spans]
    cited = {n: sentences(passages[n]) or [passages[n]] for n in passages}
    pool = [s for n in sorted(cited) for s in cited[n]]
    vectors = _unit([embedder.embed_query(t) for t in [_content(p) for p in pieces] + pool])
    claim_vectors, pool_vectors = vectors[: len(pieces)], vectors[len(pieces) :]
    offsets, at = {}, 0
    for n in sorted(cited):
        offsets[n] = (at, at + len(cited[n]))
        at += len(cited[n])
    claims = []
    for i, piece in enumerate(pieces):
        numbers = markers(piece)
        rows = [r for n in numbers for r in range(*offsets[n])]
        similarity = float(np.max(pool_vectors[rows] @ claim_vectors[i])) if rows else 0.0
        source = " ".join(passages[n] for n in numbers)
        reason = _problem(_content(piece), numbers, source, similarity, threshold, glossary)
        claims.append(Claim(_content(piece), numbers, not reason, reason, round(similarity, 4)))
    return ClaimCheck(text, tuple(claims), tuple(spans))


def _problem(
    claim: str,
    numbers: Sequence[int],
    source: str,
    similarity: float,
    threshold: float,
    glossary: Glossary,
) -> str:
    """Why `claim` is not supported by `source` (the text of the passages it cites), or ""."""
    if not numbers:
        return "no citation"
    refs = "".join(f"[{n}]" for n in numbers)
    stated = figures(source, for_source=True)
    for figure in sorted(figures(claim), key=str):
        if not _stated(figure, stated):
            return f"{_show(figure)} is not in {refs}"
    known = {stem(w) for w in words(source)}
    lowered = clean(source).lower()
    undotted = lowered.replace(".", "")
    same_language = detect_language(claim) == detect_language(source)
    for name in names(claim) if _LATIN.search(source) else []:
        word = re.escape(name.lower().replace(".", ""))
        as_written = re.search(rf"(?<!\w){word}(?!\w)", undotted)
        if not as_written and stem(name.lower()) not in known:
            return f"the name {name!r} is not in {refs}"
    name = missing_han_name(claim, source, glossary) or missing_persian_name(claim, source)
    if name:
        return f"the name {name!r} is not in {refs}"
    if denies(claim, source):
        return f"it negates what {refs} states"
    if same_language and _coverage(claim, source) < WORD_COVERAGE:
        return f"most of its words are not in {refs}"
    if similarity < threshold:
        return f"not close to what {refs} says (similarity {similarity:.3f} < {threshold})"
    return ""


# A passage names things in Latin script if it has a run of Latin letters at all.
_LATIN = re.compile(r"[A-Za-z]{3,}")


def _coverage(claim: str, source: str) -> float:
    """The share of the claim's content words (stemmed) that `source` holds; 1.0 if none.
    Its figures count as held: `figures` has already found each in the passage, in one of the
    forms a translation takes (33,050,000 for 33.05 million)."""
    wanted = content_words(claim)
    held = {w for w in wanted if any(ch.isdigit() for ch in w)} | content_words(source)
    return len(wanted & held) / len(wanted) if wanted else 1.0


def _unit(vectors: list[list[float]]) -> np.ndarray:
    """The rows of `vectors`, each scaled to length 1."""
    matrix = np.asarray(vectors, dtype=np.float64).reshape(len(vectors), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


# --- figures -------------------------------------------------------------------------------

# ("n", value) a count or amount, ("%", value) a percentage, ("date", year, month, day) with 0
# for what is not given.
Figure = tuple[object, ...]

_EN_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_FA_MONTHS = [
    m.split("/")
    for m in "ژانویه فوریه مارس آوریل مه/می ژوئن ژوئیه/جولای اوت/آگوست "
    "سپتامبر اکتبر نوامبر دسامبر".split()
]
_MONTH = {m: i for i, m in enumerate(_EN_MONTHS, 1)} | {
    name: i for i, names in enumerate(_FA_MONTHS, 1) for name in names
}
_EN_MONTH = "|".join(_EN_MONTHS)
_FA_MONTH = "|".join(n for names in _FA_MONTHS for n in names)
_DATES = [
    re.compile(
        rf"\b(?:(?P<d1>\d{{1,2}})\s+)?(?P<m>{_EN_MONTH})\s+(?:(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
        r",?\s+)?(?P<y>\d{4})\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<mn>\d{1,2})\s*月(?:\s*(?P<d1>\d{1,2})\s*[日号])?"),
    re.compile(rf"(?:(?P<d1>\d{{1,2}})\s+)?(?P<m>{_FA_MONTH})\s+(?:سال\s+)?(?P<y>\d{{4}})"),
]
_SCALE = {
    "thousand": 3, "million": 6, "billion": 9, "trillion": 12,
    "هزار": 3, "میلیون": 6, "میلیارد": 9, "千": 3, "万": 4, "亿": 8,
}  # fmt: skip
_NUMBER = re.compile(
    r"(?P<pct1>百分之)?(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|هزار|میلیون|میلیارد)\b|(?P<han>[千万亿]))?"
    r"(?P<pct2>\s*(?:%|percent\b|per cent\b|درصد))?",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    w: i
    for i, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), 2)
} | {w: i for i, w in enumerate("دو سه چهار پنج شش هفت هشت".split(), 2)}
# A Han numeral counts before a measure word only (五个, 四年); 四川 is Sichuan, not four.
_HAN_NUMBER = re.compile(r"([两二三四五六七八九十])(?=[个位项章年大点条种方类次家名])")
_HAN_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九十")} | {"两": 2}
_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%", "％": "%"})


def figures(text: str, for_source: bool = False) -> set[Figure]:
    """The figures `text` states, normalised so every language's form of one figure is equal.

    `for_source` adds what a passage also implies: a date's year and day as plain numbers (a
    claim may say "in 2021" of "February 2021")."""
    text = clean(text).translate(_SEPARATORS).replace("\u200c", " ")
    found: set[Figure] = set()
    for pattern in _DATES:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = _MONTH.get((parts.get("m") or "").lower(), 0) or int(parts.get("mn") or 0)
            day = int(parts.get("d1") or parts.get("d2") or 0)
            found.add(("date", int(m["y"]), month, day))
            if for_source:
                found.add(("n", Decimal(m["y"])))
                if day:
                    found.add(("n", Decimal(day)))
        text = pattern.sub(" ", text)
    for m in _NUMBER.finditer(text):
        try:
            value = Decimal(m["num"].replace(",", ""))
        except InvalidOperation:
            continue
        scale = _SCALE.get((m["scale"] or m["han"] or "").lower(), 0)
        kind = "%" if m["pct1"] or m["pct2"] else "n"
        found.add((kind, value.scaleb(scale).normalize()))
    for w in words(text):
        if w in _WORD_NUMBERS:
            found.add(("n", Decimal(_WORD_NUMBERS[w])))
    for m in _HAN_NUMBER.finditer(text):
        found.add(("n", Decimal(_HAN_VALUE[m[1]])))
    return found


def _stated(figure: Figure, stated: set[Figure]) -> bool:
    """Whether a claim's figure is among a passage's: a date as precise as the claim's, a
    percentage as a percentage, a bare number as either."""
    if figure[0] == "date":
        _, year, month, day = figure
        return any(
            f[0] == "date" and f[1] == year and f[2] == month and (not day or f[3] == day)
            for f in stated
        )
    return figure in stated or (figure[0] == "n" and ("%", figure[1]) in stated)


def _show(figure: Figure) -> str:
    """A figure as a message names it: `the number 2500`, `the date 2021-02`."""
    if figure[0] == "date":
        _, year, month, day = figure
        return "the date " + "-".join(f"{x:02d}" for x in (year, month, day) if x)
    value = figure[1]
    assert isinstance(value, Decimal)
    return f"the {'percentage' if figure[0] == '%' else 'number'} {value:f}"


# --- names ---------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![A-Za-z0-9'’-])(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][A-Za-z'’-]*)")
# Words a sentence opens with that are no name when capitalised there.
_OPENERS = STOPWORDS | frozenset(
    """however overall meanwhile moreover additionally furthermore also besides since although
    though despite both each all among yes no first second third finally today last next
    between until because therefore thus instead notably specifically""".split()
)


def names(text: str) -> list[str]:
    """The capitalised Latin-script words of `text` that name someone or something: every
    one but an opening word a sentence starts with anyway ("However", "The", "In")."""
    found = []
    for m in _CAPITALISED.finditer(text):
        word = m.group().rstrip("'’-.").removesuffix("'s").removesuffix("’s")
        opening = not text[: m.start()].strip(" \"'“‘(-*•")
        if opening and word.lower() in _OPENERS:
            continue
        if word.lower() in STOPWORDS and not opening:
            continue  # "The report" after a colon, "In" in a quoted title
        found.append(word)
    return found
