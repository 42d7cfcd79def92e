"""The key points of a report, for questions that ask for its gist rather than one fact.

"What are the main findings?" has no single sentence that answers it; the answer is a few
sentences, each stating a different claim the report makes, chosen from across its articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from core.text import STOPWORDS, content_words, for_matching, stem, words
from core.types import Corpus, Sentence

# Cosine of two sentences' content words at which one restates the other. On data/report.txt
# the paragraphs the articles repeat score 0.62-1.00, and the closest pair of different claims
# (two "The report, titled ..." lines about different launches) 0.56.
RESTATES = 0.6
REDUNDANCY = 1.0  # the MMR weight of a candidate's overlap with a point already chosen
PER_SECTION = 2  # points quoted from one article while other articles have some left
STIGMA = 0.2  # weight of a sentence that is someone's quote, a title line or a byline
BONUS = {"report": 0.5, "figure": 0.5, "title": 0.5}

# "Introduce briefly": asks for a summary, of the report or of a topic, as 总结 does.
_INTRODUCE = "介绍一下|简(单|要)介绍"
# A question asks for the gist if it holds one of these cues and no word that narrows it to a
# topic ("... about rural income") or asks for one thing ("who", "which five aspects").
# Persian is matched without its zero-width non-joiner (`for_matching`): یافته‌های -> یافتههای.
_GIST = re.compile(
    "|".join(
        (
            r"\b(main|key|major|principal|central|core|important|top)\s+(findings?|points?|"
            r"takeaways?|conclusions?|messages?|ideas?|themes?|results?|highlights?|issues?|"
            r"arguments?)\b",
            r"\b(findings|conclusions|highlights|takeaways?|overview|gist|recap|rundown|synopsis|"
            r"big picture)\b|^\s*outline\b",
            r"\bsummar(y|ies|i[sz]e[sd]?|i[sz]ing)\b|\bsum\s+(it\s+)?up\b|\bin a nutshell\b",
            r"\btl\s*;?\s*dr\b|\babout\s*[?.!]*\s*$",
            r"\bwhat\s+(does|did|do)\b(?=.*\b(say|tell|cover|discuss|conclude|find|argue|show)\b)",
            "概括|总结|归纳|主要(内容|结论|观点|发现|信息)|核心(观点|信息|内容)|要点|重点|大意|简述|摘要"
            "|概要|概述|结论|发现",
            _INTRODUCE,
            "(讲|说|写)了(什么|啥|哪些)|(讲|说|写)的是(什么|啥)|讲什么|(是)?关于什么|说说|讲讲|谈谈|聊聊",
            r"خلاصه|چکیده|جمع\s?بندی|(نکات|یافته\s?های|نتایج|پیام|موضوع) (اصلی|کلیدی|مهم)",
            r"(مهم|اصلی)\s?ترین (یافته|نکته|نکات|پیام|نتایج|نتیجه)",
            r"(درباره|در مورد|راجع به) (چیست|چیه|چه( چیزی| موضوعاتی| موضوعی)?)|(می\s?گوید|میگه)",
        )
    ),
    re.IGNORECASE,
)
_ONE_THING = re.compile(
    r"\b(who|whom|whose|when|where|which|why|how\s+(many|much|long|old|often))\b"
    r"|^(is|are|was|were|does|did|do|has|have|had)\b|آیا"  # yes or no
    r"|哪(?!些)|谁|多少|几[个位项年种条方]|何时|什么时候|为什么|为何"  # one thing, in Chinese
    r"|چه کسی|کجا|کدام(?!\s?اند|ند)|چرا|چه زمانی|چقدر|\bکی\b|\bچند\b(?!\s?(جمله|خط))",
    re.IGNORECASE,
)
# Words of a gist question that name no topic: the report itself, politeness, length.
_GENERIC = re.compile(
    "这份|这篇|这几篇|这个|该|本|此|报告|报道|文章|文件|材料|新闻|全文|内容|一下|请|简单|简要|简短|地|给我|帮我|"
    "你|我|能|不能|关于|有关|介绍|可以|有哪些|哪些|是什么|什么|啥|用几句话|的|吗|呢|了|下|它|主要|讲|说|"
    "一些|中|是|有|篇|份|整体上|整体|总体上|总体|大体上|大致|总的来说|各|事"
)
_GENERIC_WORDS = frozenset(
    stem(w)
    for w in (
        *STOPWORDS,
        *"""report article document text paper story piece news overall main key major brief
        briefly short quick quickly give provide want need know whole entire general few
        sentence bullet point like just basically really can could would please what's it's
        whats thing everything first second third fourth fifth last persian farsi english
        chinese tell cover discuss conclude find argue show""".split(),
        *"""چیست چیه بگو بگویید بده بدهید کن کنید بکن لطفا من مقاله متن خبر سند کلی ای های ها
        جمله کدامند کداماند چیستند""".split(),
    )
)


# The cues that ask for a summary even of a topic ("a short summary of the article on
# Mazandaran", 总结一下…的主要做法); "what does the report say about X" asks about X instead.
_SUMMARY = re.compile(
    r"\bsummar(y|ies|i[sz]e|i[sz]ing)\b|\boverview\b|\bgist\b|\bmain\s+(findings|points)\b"
    rf"|概括|总结|归纳|主要内容|简述|摘要|概述|{_INTRODUCE}|خلاصه|چکیده|جمع\s?بندی",
    re.IGNORECASE,
)


def summary_of_topic(question: str) -> bool:
    """Does `question` ask for a summary of a topic or article rather than one fact?"""
    text = for_matching(question).lower()
    return bool(_SUMMARY.search(text)) and not _ONE_THING.search(text)


def is_overview(question: str) -> bool:
    """Does `question` ask for the gist of the report rather than one fact?"""
    text = for_matching(question).lower()
    if not _GIST.search(text) or _ONE_THING.search(text):
        return False
    rest = _GENERIC.sub(" ", _GIST.sub(" ", text))
    return not content_words(rest) - _GENERIC_WORDS


def topic(question: str) -> str:
    """What a summary question is about, its cue and generic words dropped ("a short summary
    of the article on Mazandaran" -> "mazandaran"), for finding the article it means."""
    text = _GENERIC.sub(" ", _GIST.sub(" ", _SUMMARY.sub(" ", for_matching(question).lower())))
    kept = [w for w in words(text) if stem(w) not in _GENERIC_WORDS and w not in STOPWORDS]
    # Han characters are words of one character each: write them back together
    joined = re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", " ".join(kept))
    return joined or question


_REPORT_SAYS = re.compile(
    r"\b(report|study|survey|it)\s+(has\s+|have\s+)?(also\s+)?(said|says|noted|notes|stated|"
    r"states|summari[sz]ed|summari[sz]es|found|finds|showed|shows|emphasi[sz]ed|highlighted|"
    r"concluded|added|introduces)\b|\baccording to the (report|study|survey)\b"
    r"|\bsaid the (report|study|survey)[,.]"
    r"|报告(指出|显示|称|认为|强调|总结)|据报告"
    r"|(طبق|بر اساس|براساس|بنابر) (این )?گزارش|گزارش نشان می\u200c?دهد",  # not به گزارش: a byline
    re.IGNORECASE,
)
_SPEECH = re.compile(r"\b(said|says|told|stressed|added)\b", re.IGNORECASE)
_QUOTATION = re.compile(r'"(?:[^"\s]+\s+){3,}[^"]*"')  # four words or more: speech, not a name
_FIGURE = re.compile(r"(?<![-\w])(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)*")  # a quantity, not a year
_TITLE_LINE = re.compile(r"\b(titled|entitled)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(By|Editor|Reporter|Written by|Edited by|记者|编辑|责任编辑)\b[\s:：]")
# A sentence that leans on the one before it; a quotation opening with "These" is speech.
_LEANS_BACK = re.compile(
    r"^(They|These|This|It|Those|Such|He|She)\b|^(Throughout|During|In|Since|By) (this|that)\b"
)


@dataclass(frozen=True)
class KeyPoint:
    """One claim of the report: the sentence quoted for it and every place stating it."""

    sentence: Sentence
    occurrences: tuple[Sentence, ...]


class Overview:
    """Chooses a report's key points; the analysis of its sentences is done once, here."""

    def __init__(self, corpus: Corpus) -> None:
        self._sentences = corpus.sentences
        self._words = [content_words(s.clean) for s in corpus.sentences]
        self._restating = self._restatements()
        frequency = Counter(w for ws in self._words for w in ws)
        # idf squared, the weight of a shared word in `_overlap`, and each sentence's norm
        self._idf2 = {w: math.log((1 + len(self._words)) / n) ** 2 for w, n in frequency.items()}
        self._norm = [math.sqrt(sum(self._idf2[w] for w in ws)) for ws in self._words]
        titles = {s.section: content_words(s.section) for s in corpus.sentences}
        self._weight = [self._form(i, titles[s.section]) for i, s in enumerate(corpus.sentences)]
        self._antecedent = [  # the sentence a "They include ..." leans on, in its article
            i - 1
            if i and _LEANS_BACK.match(s.clean) and self._article(i - 1) == self._article(i)
            else None
            for i, s in enumerate(corpus.sentences)
        ]

    def points(
        self, limit: int = 5, document: str | None = None, section: str | None = None
    ) -> list[KeyPoint]:
        """The report's key points, most central first, one per claim, spread across articles.

        A claim is a sentence with its restatements (content-word cosine >= RESTATES, figures
        agreeing). Points are picked greedily, each maximising, in the manner of maximal
        marginal relevance (Carbonell & Goldstein 1998):

            weight * sum over the articles stating it of (sqrt(n + 1) - sqrt(n))
                - REDUNDANCY * its highest idf-weighted cosine with a point already chosen

        where n counts the points chosen so far that the article states. An article's repeats
        mark what matters; the square root (a concave coverage function, as in Lin & Bilmes
        2011) makes a first point from an article not yet heard worth more than a third from
        one already quoted, and no article gives more than PER_SECTION points while another
        has a candidate left. The weight follows Edmundson (1969): a cue of the report's own
        findings ("The report said ...", a figure) and the words of its article's title raise
        it; individuals' quotes, title lines and bylines lower it (STIGMA). A sentence that
        leans on the one before it ("They include ...") is chosen only after its antecedent,
        and is listed right behind it. Ties go to the earlier sentence.
        """
        scope = [
            i
            for i, s in enumerate(self._sentences)
            if (document is None or s.document == document)
            and (section is None or s.section == section)
        ]
        inside = set(scope)
        claims = {i: [i, *(j for j in self._restating[i] if j in inside)] for i in scope}
        chosen: list[int] = []
        taken: set[int] = set()  # every occurrence of a chosen point
        heard: dict[tuple[str, str], int] = {}  # article -> points that it states
        quoted: dict[tuple[str, str], int] = {}  # article -> points quoted from it
        overlap = dict.fromkeys(scope, 0.0)  # each candidate's highest overlap with a point
        while len(chosen) < limit:
            gains = {
                i: self._gain(claims[i], heard) - REDUNDANCY * overlap[i]
                for i in scope
                if i not in taken and self._may_stand(i, taken)
            }
            if not gains:
                break
            spread = {
                i: g for i, g in gains.items() if quoted.get(self._article(i), 0) < PER_SECTION
            }
            pool = spread or gains
            best = max(pool, key=lambda i: (pool[i], -i))
            chosen.append(best)
            taken.update(claims[best])
            for article in {self._article(j) for j in claims[best]}:
                heard[article] = heard.get(article, 0) + 1
            quoted[self._article(best)] = quoted.get(self._article(best), 0) + 1
            for i in scope:
                if i not in taken:
                    overlap[i] = max(overlap[i], self._overlap(i, best))
        return [
            KeyPoint(self._sentences[i], tuple(self._sentences[j] for j in sorted(claims[i])))
            for i in self._readable_order(chosen, claims)
        ]

    def _gain(self, claim: list[int], heard: dict[tuple[str, str], int]) -> float:
        """What quoting `claim[0]` adds to the coverage of the articles that state it."""
        articles = {self._article(j) for j in claim}
        coverage = sum(
            math.sqrt(heard.get(a, 0) + 1) - math.sqrt(heard.get(a, 0)) for a in articles
        )
        return self._weight[claim[0]] * coverage

    def _may_stand(self, i: int, taken: set[int]) -> bool:
        """A sentence leaning on its antecedent may be quoted only once that is a point."""
        antecedent = self._antecedent[i]
        return antecedent is None or antecedent in taken

    def _readable_order(self, chosen: list[int], claims: dict[int, list[int]]) -> list[int]:
        """`chosen` in the order picked, each leaning point moved right behind its antecedent."""
        order: list[int] = []
        for i in chosen:
            antecedents = {self._antecedent[j] for j in claims[i]} - {None}
            host = next((k for k, p in enumerate(order) if antecedents & set(claims[p])), None)
            order.insert(len(order) if host is None else host + 1, i)
        return order

    def _restatements(self) -> list[list[int]]:
        """For each sentence, the others that restate it, found by prefix filtering.

        If cos(a, b) >= t then |a & b| >= t*t*|a|, so b holds one of any |a| - ceil(t*t*|a|) + 1
        words of a (Bayardo et al. 2007, "Scaling up all pairs similarity search"): looking up
        only a's rarest words finds every candidate without comparing all pairs.
        """
        containing: dict[str, list[int]] = {}
        for i, ws in enumerate(self._words):
            for w in ws:
                containing.setdefault(w, []).append(i)
        # The figures a sentence gives, as written ("17,522"): its content words that are numbers.
        figures = [{w for w in ws if w[0].isdigit()} for ws in self._words]
        found: list[list[int]] = [[] for _ in self._sentences]
        for i, ws in enumerate(self._words):
            rarest = sorted(ws, key=lambda w: (len(containing[w]), w))
            prefix = len(ws) - math.ceil(RESTATES * RESTATES * len(ws)) + 1
            candidates = {j for w in rarest[:prefix] for j in containing[w] if j > i}
            for j in sorted(candidates):
                cosine = len(ws & self._words[j]) / math.sqrt(len(ws) * len(self._words[j]))
                if cosine >= RESTATES and (figures[i] <= figures[j] or figures[j] <= figures[i]):
                    found[i].append(j)
                    found[j].append(i)
        return [sorted(f) for f in found]

    def _form(self, i: int, title: set[str]) -> float:
        """How well sentence `i` reads as a point of the report on its own (Edmundson's cues)."""
        text = self._sentences[i].clean
        by_report = bool(_REPORT_SAYS.search(text))
        weight = (
            1.0
            + (BONUS["report"] if by_report else 0.0)
            + (BONUS["figure"] if _FIGURE.search(text) else 0.0)
            + (BONUS["title"] * len(title & self._words[i]) / len(title) if title else 0.0)
        )
        speech = not by_report and (
            _SPEECH.search(text) or _QUOTATION.search(text) or text.count('"') % 2
        )
        byline = _BYLINE.match(text) and len(text.split()) <= 8
        if speech or byline or _TITLE_LINE.search(text):
            weight *= STIGMA
        return weight

    def _overlap(self, i: int, j: int) -> float:
        """The cosine of two sentences' content words weighted by idf: what they share that
        the rest of the report does not say everywhere."""
        norm = self._norm[i] * self._norm[j]
        shared = self._words[i] & self._words[j]
        return sum(self._idf2[w] for w in shared) / norm if norm else 0.0

    def _article(self, i: int) -> tuple[str, str]:
        return self._sentences[i].document, self._sentences[i].section
