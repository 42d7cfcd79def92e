"""Multi-part questions: "Who released the report, and when?" asked as questions that each stand
alone, and the answers to them combined into one numbered answer with one list of citations.

Splitting is conservative, as a wrong split is worse than none. A question is split only where
both sides ask a question of their own (each has a question word; a second noun is not a second
question: "Which countries and organisations praised the report?", "What is the title and the
publisher of the report?"), into at most MAX_PARTS parts of at least MIN_WORDS words (counted
once each part stands alone: the "when" of "..., and when?" becomes a question of its own), and
only if every part can be made to stand alone. A part that leans on the one before it takes
what it lacks from that part:

- a bare question word takes the rest of the previous question: "Who released the report, and
  when?" -> "When was the report released?"; "这份报告是谁发布的，是在什么时候？" ->
  "这份报告是在什么时候发布的？"; "گزارش را چه کسی منتشر کرد و کی؟" -> "گزارش را کی منتشر کرد؟".
- a first part without its verb takes the next part's: "On which day and in which session did
  Rostami speak?" -> "On which day did Rostami speak?" (English only before an auxiliary, where
  the verb is sure to start; Persian, whose verb ends the clause, when the parts run parallel).
- a pronoun becomes the name asked about: "Who is Pan Helin, and what did he say?" -> "What did
  Pan Helin say?"; "谁评价了这份报告？他是什么身份？" -> "评价了这份报告的人是什么身份？".
  In English with no name to put in, the previous question's words follow in parentheses:
  "Which year is its last (the transitional period)?" — retrieval needs the words, and
  rewriting the clause would guess at its grammar.
- a Chinese or Persian part with no subject of its own ("最后一年", "in cooperation with", a
  bare verb) takes the previous part's topic: "五年过渡期是从什么时候开始的？哪一年结束？" ->
  "五年过渡期哪一年结束？"; "2024年农村居民人均收入是多少？城镇居民呢？" -> "2024年城镇居民人均
  收入是多少？".

The previous question is never pasted in whole (the way a follow-up is searched): its words
would find, and the writer would quote, the previous part's answer again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest

from answer.phrases import CLOSEST, PART_NOT_SAID
from core.text import clean, content_words, words
from core.types import Answer, Citation, Language, Timings

MAX_PARTS = 3  # more questions in one message is a list to answer, not parts to number
MIN_WORDS = 2  # a part shorter than this after splitting means the split was wrong
_MARK: dict[Language, str] = {"en": "?", "zh": "？", "fa": "؟"}
_ENDS = " \t\n?？؟.。!！;；,，、:："


def split_parts(question: str, language: Language) -> list[str]:
    """The questions `question` asks, each standing alone; [question] when it asks one."""
    splitter = {"en": _split_en, "zh": _split_zh, "fa": _split_fa}[language]
    parts = splitter(question.strip())
    if not parts or not 2 <= len(parts) <= MAX_PARTS:
        return [question]
    finished = [_finish(p, language) for p in parts]
    if any(len(words(p)) < MIN_WORDS for p in finished) or len(set(finished)) < len(finished):
        return [question]
    return finished


def _finish(part: str, language: Language) -> str:
    """`part` as a question of its own: trimmed, capitalised (English), with its question mark."""
    part = part.strip(_ENDS)
    if language == "en":
        part = part[:1].upper() + part[1:]
    return part + _MARK[language]


def _quoted(before: str) -> bool:
    """Does a quotation or title open in `before` and not close ("...Better Life and What")?"""
    text = clean(before)  # “ ” « » -> "
    return text.count('"') % 2 == 1 or text.count("《") > text.count("》")


# -- English ---------------------------------------------------------------------------------

_EN_QUESTION = frozenset("what which who whom whose when where how why".split())
_EN_AUX = frozenset("is are was were did does do can could will would should".split())
_EN_VERB_MARKERS = _EN_AUX | {"has", "have", "had"}
_EN_DO = frozenset({"do", "does", "did"})
# After an auxiliary, a subject makes it a yes/no question ("and is it ..."); anything else is a
# verb phrase ("and were employed", "and have jobs") that belongs to the question before.
_EN_SUBJECTS = frozenset(
    "the a an this that these those it they he she we you there its their his her".split()
)
_EN_POSSESSIVES = frozenset("its their his her our my your".split())  # "and do their jobs"
_EN_PREPOSITIONS = frozenset(
    "in on at to for from by of with during since until about under over through into after "
    "before between among within according".split()
)
_EN_CONNECTIVES = frozenset("and also then so but".split())
_HOW_WHAT = frozenset("many much long old large big far often soon".split())
_EN_IRREGULAR_PAST = frozenset(
    "said made wrote gave took began led held met built spent sent found brought became saw told "
    "paid won put set".split()
)
_LEANING = frozenset("it its they them their he him his she her".split())
_PERSONAL = {"he": "", "him": "", "she": "", "her": "", "his": "'s"}
# Words that say which one, not what: "which year is the last?" names nothing to search for.
_RELATIONAL = content_words(
    "last first final next previous other rest same latter former figure number one total amount"
)
# ", " alone cuts only before a bare question word ("..., when, and where?"): before anything
# else it is as often a relative clause ("the minister, who praised the report, said").
_EN_CUT = re.compile(r"(\?\s+|;\s+|,?\s+and\s+|,\s+)", re.IGNORECASE)
_WORD_IN_TOKEN = re.compile(r"^(\W*)(\w+)(\W*)$")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")


@dataclass(frozen=True)
class _Clause:
    """An English question split at its question phrase: `tokens[:end]` asks, the rest says."""

    tokens: tuple[str, ...]  # as written, opening "and"/"also" dropped
    word: str  # its question word, lower-cased; "" for a yes/no question
    word_end: int  # after the question word (and "how"'s adjective: "how many")
    end: int  # where the rest begins: the verb after "which year", "how many projects"
    bare: bool  # nothing but the question phrase: "when", "in which year"


def _norm(token: str) -> str:
    return token.lower().strip(".,;:!?\"'()“”‘’")


def _is_verb(word: str) -> bool:
    return (
        word in _EN_VERB_MARKERS
        or word in _EN_IRREGULAR_PAST
        or (len(word) > 4 and word.endswith("ed"))
    )


def _en_clause(text: str, allow_aux: bool = True) -> _Clause | None:
    """`text` as an English question (a question word after at most two prepositions, or an
    auxiliary before a subject), or None if it does not open as one."""
    tokens = text.split()
    while tokens and _norm(tokens[0]) in _EN_CONNECTIVES:
        tokens = tokens[1:]
    low = [_norm(t) for t in tokens]
    q = 0
    while q < min(len(low), 2) and low[q] in _EN_PREPOSITIONS:
        q += 1
    if q < len(low) and low[q] in _EN_QUESTION:
        word_end = q + 1
        if low[q] == "how" and word_end < len(low) and low[word_end] in _HOW_WHAT:
            word_end += 1
        # the phrase runs on over its noun ("which year", "how many projects") to the verb
        for k in range(word_end, min(word_end + 4, len(low) + 1)):
            if k == len(low) or _is_verb(low[k]):
                return _Clause(tuple(tokens), low[q], word_end, k, bare=k == len(low))
        return _Clause(tuple(tokens), low[q], word_end, word_end, bare=False)
    if allow_aux and len(low) > 1 and low[0] in _EN_AUX:
        subject = low[1] in _EN_SUBJECTS or tokens[1][:1].isupper()
        if subject and not (low[0] in _EN_DO and low[1] in _EN_POSSESSIVES):
            return _Clause(tuple(tokens), "", 0, 0, bare=False)
    return None


def _split_en(question: str) -> list[str] | None:
    pieces = _EN_CUT.split(question)
    groups = [pieces[0]]
    for cut, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        clause = _en_clause(piece, allow_aux=cut.strip() != ",")
        if (
            clause is not None
            and (cut.strip() != "," or clause.bare)
            and not _quoted("".join(groups))
        ):
            groups.append(piece)
        else:
            groups[-1] += cut + piece
    clauses = [_en_clause(g.strip(_ENDS)) for g in groups]
    if not 2 <= len(clauses) <= MAX_PARTS or clauses[0] is None:
        return None
    return _resolve_en([c for c in clauses if c is not None])


def _resolve_en(clauses: list[_Clause]) -> list[str] | None:
    """Each clause standing alone, or None if one cannot."""
    first, second = clauses[0], clauses[1]
    if first.bare:
        # "On which day and in which session did Rostami speak?": the second's verb and subject
        rest = second.tokens[second.end :]
        if second.bare or not rest or _norm(rest[0]) not in _EN_VERB_MARKERS:
            return None
        parts = [" ".join(first.tokens + rest)]
    else:
        parts = [" ".join(first.tokens)]
    for clause in clauses[1:]:
        previous = _en_clause(_PARENTHESIS.sub("", parts[-1]))
        part = _en_standalone(clause, previous) if previous else None
        if part is None:
            return None
        parts.append(part)
    return parts


def _en_standalone(part: _Clause, previous: _Clause) -> str | None:
    """`part` with what it takes from the question before it."""
    rest = list(previous.tokens[previous.end :])
    if part.bare:
        if not rest:
            return None
        phrase = list(part.tokens[: part.end])
        head = _norm(rest[0])
        if previous.word in ("who", "what", "which") and head.endswith("ed") and len(rest) > 1:
            # "Who released the report, and when?" -> "When was the report released?"
            return " ".join([*phrase, "was", *rest[1:], rest[0]])
        return " ".join(phrase + rest)  # "What did he say, and when?" -> "When did he say?"
    tokens = _named(part.tokens, _name(previous))
    text = " ".join(tokens)
    leaning = any(_norm(t) in _LEANING for t in tokens)
    own = content_words(" ".join(tokens[part.end :])) - _RELATIONAL
    context = _context(previous)
    if (leaning or not own) and context and not content_words(context) <= content_words(text):
        return f"{text.strip(_ENDS)} ({context})"
    return text


def _name(clause: _Clause) -> str:
    """The person `clause` names ("Who is Pan Helin" -> "Pan Helin"), or ""."""
    tokens = clause.tokens
    rest = tokens[clause.end :]
    copula = clause.word in ("who", "whom") and len(rest) > 1 and _norm(rest[0]) in ("is", "was")
    if copula and all(t[:1].isupper() for t in rest[1:]):
        return " ".join(t.strip('.,;:!?"()') for t in rest[1:])
    run: list[str] = []
    for token in (*tokens[1:], ""):  # a capitalised first word is the sentence's, not a name
        if token[:1].isupper() and _norm(token) not in _EN_QUESTION | _EN_VERB_MARKERS:
            run.append(token.strip('.,;:!?"()').removesuffix("'s"))
        elif len(run) >= 2:
            return " ".join(run)
        else:
            run = []
    return ""


def _named(tokens: Sequence[str], name: str) -> list[str]:
    """`tokens` with he/him/she/her/his standing for `name` (his -> `name`'s)."""
    out = []
    for token in tokens:
        m = _WORD_IN_TOKEN.match(token)
        if name and m and m[2].lower() in _PERSONAL:
            token = f"{m[1]}{name}{_PERSONAL[m[2].lower()]}{m[3]}"
        out.append(token)
    return out


def _context(clause: _Clause) -> str:
    """What `clause` asks about, for a part leaning on it: its words after the question word
    and auxiliary ("How long was the transitional period" -> "the transitional period")."""
    rest = list(clause.tokens[clause.word_end :])
    if rest and _norm(rest[0]) in _EN_VERB_MARKERS:
        rest = rest[1:]
    return " ".join(rest).strip(_ENDS)


# -- Chinese ---------------------------------------------------------------------------------

# A question phrase, with the words it takes ("什么时候", "哪一年"), so that a bare one can stand
# in for another. Not 哪怕 ("even if"), 几乎 ("almost").
_ZH_QUESTION = re.compile(
    r"谁|什么(?:时候|时间|地方)?|哪(?!怕)(?:一年|年|里|儿|一天|天|个|些|位)?|多少|多久|多长时间"
    r"|几(?!乎)(?:年|个|月|次|位)?|何时|何地|何处|为何|为什么|如何|怎样|怎么|是否|吗"
)
# Not the 和 of 和平 (peace), 共和 (republic) and the like.
_ZH_CUT = re.compile(r"([？?；;，,、]|以及|还有|(?<![共温总缓调柔暖人])和(?![平谐睦]))")
_ZH_JOINERS = frozenset({"、", "和", "以及"})  # these also join nouns: "哪些国家和哪些组织"
_ZH_LEAD = re.compile(r"^(?:请问|那么|那|另外|此外|并且|而且|同时|以及|还有|和|而|又)")
_ZH_FUNCTION = "是从在向对给把被了有的于将"  # what ends a subject before its question word
_ZH_WHAT_ABOUT = re.compile(r"^(?P<x>[^呢]+)呢$")  # "城镇居民呢？" = "and urban residents?"
_ZH_PRONOUN = re.compile(
    r"他们|她们|它们|其中|(?<!其)他(?![国人])|她|它|(?<![尤极与])其(?![他它实余次])|这(?=是)"
)
_ZH_RELATIONAL = re.compile(
    r"^(?:最后|最终|最初|最早|最近|第[一二三四五六七八九十\d]|首|其余|另|剩下|同年|当年|期间)"
)
_ZH_QUOTED = re.compile(r"《[^》]*》|“[^”]*”|\"[^\"]*\"|「[^」]*」")
_HAN_OR_WORD = re.compile(r"[\u4e00-\u9fff\w]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _unquoted(text: str) -> str:
    """`text` with its titles and quotations blanked out, character for character: the 谁 of
    《谁和什么》 asks nothing."""
    return _ZH_QUOTED.sub(lambda m: "X" * len(m.group()), text)


def _zh_asked(text: str) -> re.Match[str] | None:
    """The first question phrase of `text` outside titles and quotations."""
    return _ZH_QUESTION.search(_unquoted(text))


def _zh_body(segment: str) -> str:
    return _ZH_LEAD.sub("", segment.strip(_ENDS)).strip(_ENDS)


def _zh_asks(segment: str) -> bool:
    body = _zh_body(segment)
    return bool(_zh_asked(body) or _ZH_WHAT_ABOUT.match(body))


def _split_zh(question: str) -> list[str] | None:
    pieces = _ZH_CUT.split(question)
    groups = [pieces[0]]
    for cut, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        listed = cut in _ZH_JOINERS and _ZH_QUESTION.match(_unquoted(_zh_body(piece))) is not None
        if _zh_asks(piece) and not listed and _zh_asks(groups[-1]) and not _quoted("".join(groups)):
            groups.append(piece)
        else:
            groups[-1] += cut + piece
    bodies = [_zh_body(g) for g in groups]
    if not 2 <= len(bodies) <= MAX_PARTS or _zh_bare(bodies[0]):
        return None
    parts = [bodies[0]]
    for body in bodies[1:]:
        part = _zh_standalone(body, parts[-1])
        if part is None:
            return None
        parts.append(part)
    return parts


def _zh_bare(text: str) -> bool:
    """Is `text` nothing but a question phrase ("是在什么时候", "在哪里")?"""
    return not _HAN_OR_WORD.search(_ZH_QUESTION.sub("", _unquoted(text)).strip(_ZH_FUNCTION + "呢"))


def _zh_standalone(part: str, previous: str) -> str | None:
    """`part` with what it takes from the question before it."""
    what_about = _ZH_WHAT_ABOUT.match(part)
    if what_about and not _zh_asked(part):
        return _zh_swap(previous, what_about["x"])
    if _zh_bare(part):
        asked = _zh_asked(previous)
        phrase = part.removeprefix("是").removesuffix("呢")
        return previous[: asked.start()] + phrase + previous[asked.end() :] if asked else None
    pronoun = _ZH_PRONOUN.search(part)
    if pronoun:
        # 它 and 这 are not the person asked for: "谁发布了报告？谁评价了它？"
        thing = pronoun.group()[0] in "它这"
        referent = _zh_topic(previous) if thing else _zh_referent(previous)
        if not referent:
            return part
        joiner = "的" if pronoun.group() == "其" else ""  # 其身份 -> ……的人的身份
        return part[: pronoun.start()] + referent + joiner + part[pronoun.end() :]
    asked = _zh_asked(part)
    before = part[: asked.start()] if asked else part
    topic = _zh_topic(previous)
    if re.fullmatch(r"[\u4e00-\u9fff]{1,2}了", before):
        # "……投入了多少资金、建设了多少学校": a verb with no subject, parallel to the previous
        asked_before = _zh_asked(previous)
        raw = previous[: asked_before.start()] if asked_before else ""
        if raw.endswith("了") and len(raw) > len(before):
            topic = _zh_subject(raw[: -len(before)])
    elif before and not _ZH_RELATIONAL.match(before):
        return part  # it has a subject of its own
    return topic + part if topic and topic not in part else part


def _zh_topic(question: str) -> str:
    """What `question` is about: its words before the question word ("五年过渡期是从什么时候开始的"
    -> "五年过渡期"); "" when it opens with the question word ("谁评价了这份报告")."""
    asked = _zh_asked(question)
    if asked is None or asked.group() == "吗":
        return ""  # a yes/no question ("报告发布了吗") names no subject apart from its verb
    return _zh_subject(question[: asked.start()])


def _zh_subject(words_before: str) -> str:
    """The words before a question word without what links them to it ("五年过渡期是从" ->
    "五年过渡期")."""
    return _ZH_LEAD.sub("", words_before).rstrip(_ZH_FUNCTION + _ENDS).strip(_ENDS)


def _zh_referent(question: str) -> str:
    """Whom or what a pronoun after `question` stands for: the one asked about ("谁是X", "X是谁"),
    or the one who did what was asked ("谁评价了这份报告" -> "评价了这份报告的人")."""
    for pattern in (r"^谁是(?P<x>.+)$", r"^什么是(?P<x>.+)$", r"^(?P<x>.+?)是(?:谁|什么)$"):
        m = re.match(pattern, question)
        if m:
            return m["x"]
    m = re.match(r"^谁(?P<x>.+)$", question)
    if m:
        return m["x"].removesuffix("的") + "的人"
    return _zh_topic(question)


def _zh_swap(previous: str, other: str) -> str | None:
    """`previous` asked of `other` instead ("农村居民……是多少？" and "城镇居民呢？" -> "城镇居民
    ……是多少？"): `other` takes the place of the words ending as it does, or of the one year."""
    other = _ZH_LEAD.sub("", other)
    if _YEAR.fullmatch(other.removeprefix("在").removesuffix("年")):
        years = _YEAR.findall(previous)
        if len(years) == 1:
            return previous.replace(years[0], other.removeprefix("在").removesuffix("年"))
        return None
    for size in range(len(other) - 1, 1, -1):  # the longest shared ending, two characters or more
        at = previous.find(other[-size:])
        start = at + size - len(other)
        if at >= 0 and start >= 0:
            replaced = previous[start : at + size]
            if re.fullmatch(r"[\u4e00-\u9fff]+", replaced) and replaced != other:
                return previous[:start] + other + previous[at + size :]
    return None


# -- Persian ---------------------------------------------------------------------------------

_FA_QUESTION = frozenset(
    "چه چند چندم چندمین کجا کجاست کی کیست کدام کدامند کدامین کدامیک چرا آیا چقدر چگونه چطور "
    "چیست".split()
)
_FA_WITH_VERB = frozenset("کجاست کیست کدامند چیست".split())  # the question word holds "is"
_FA_AFTER_CHE = frozenset("کسی کسانی چیزی".split())  # چه کسی ("who") is one question word
# Question words that ask of the noun after them ("چند منطقه", "کدام جلسه"), unlike چه کسی,
# چرا or کجا, after which comes the rest of the clause.
_FA_DETERMINERS = frozenset("چه چند چندم چندمین کدام کدامین".split())
_FA_PREPOSITIONS = frozenset("با در از به برای تا بر درباره را".split())
_FA_VERBS = frozenset(
    "است هست نیست بود بودند شد شدند شده شود شوند دارد دارند داشت داشتند داد دادند کرد کردند کند "
    "کنند کرده گفت گفتند نوشت نوشتند رسید رسیدند آمد آمدند گرفت گرفتند خواهد باشد باشند".split()
)
# Words in می- that are no verb (desk, amount, fruit, million, square, heritage, among).
_FA_NOT_VERBS = ("میز", "میوه", "میلیون", "میلیارد", "میدان", "میراث", "میان")
_FA_PRONOUNS = frozenset("او وی ایشان".split())
_FA_RELATIONAL = frozenset("اول نخست دوم سوم چهارم پنجم آخر آخرین بعدی دیگر".split())
_FA_CUT = re.compile(r"(\s+و\s+|[؟?؛;]\s+)")


def _fa_key(token: str) -> str:
    return clean(token).strip(_ENDS + "«»\"'")


def _fa_clause(tokens: Sequence[str]) -> tuple[int, int] | None:
    """Where the question word of `tokens` is and where the words after it begin, or None."""
    for i, token in enumerate(tokens):
        key = _fa_key(token)
        if key.split("\u200c")[0] in _FA_QUESTION:
            single = "\u200c" in key or key != "چه"  # چه‌کسی is one token
            two = not single and i + 1 < len(tokens) and _fa_key(tokens[i + 1]) in _FA_AFTER_CHE
            return i, i + 1 + two
    return None


def _fa_is_verb(token: str) -> bool:
    word = _fa_key(token).replace("\u200c", "")
    if word in _FA_VERBS or word in _FA_WITH_VERB:
        return True
    return word.startswith(("می", "نمی")) and not word.startswith(_FA_NOT_VERBS)


def _split_fa(question: str) -> list[str] | None:
    pieces = _FA_CUT.split(question)
    groups = [pieces[0]]
    for cut, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if (
            _fa_clause(piece.split())
            and _fa_clause(groups[-1].split())
            and not _quoted("".join(groups))
        ):
            groups.append(piece)
        else:
            groups[-1] += cut + piece
    clauses = [g.strip(_ENDS).split() for g in groups]
    if not 2 <= len(clauses) <= MAX_PARTS or _fa_clause(clauses[0]) is None:
        return None
    first = _fa_with_verb(clauses[0], clauses[1])
    parts = [" ".join(first)]
    for tokens in clauses[1:]:
        part = _fa_standalone(tokens, parts[-1].split())
        if part is None:
            return None
        parts.append(part)
    return parts


def _fa_with_verb(first: list[str], second: list[str]) -> list[str]:
    """`first` with the verb of `second` when it has none and the two run parallel: "در چه
    روزی" and "در کدام جلسه صحبت کرد" -> "در چه روزی صحبت کرد"."""
    q0, q1 = _fa_clause(first), _fa_clause(second)
    if q0 is None or q1 is None or _fa_is_verb(first[-1]):
        return first
    after = len(first) - q0[1]  # the noun the question word asks of, as in the second part
    asks_of_noun = q0[1] - q0[0] == 1 and _fa_key(first[q0[0]]) in _FA_DETERMINERS
    if after and not asks_of_noun:
        return first  # "چه کسی ستود": what follows is its verb, whatever our lists know
    tail = second[q1[1] + after :]
    verb = bool(tail) and (_fa_is_verb(tail[-1]) or _fa_key(tail[-1]).endswith("ند"))
    # a question word last cannot end a question ("چین چرا"); a noun may, so the tail is short
    parallel = after == 0 or (after <= 2 and len(tail) <= 3)
    return [*first, *tail] if parallel and verb else first


def _fa_standalone(tokens: list[str], previous: list[str]) -> str | None:
    """`tokens` with what they take from the question before them."""
    q, qp = _fa_clause(tokens), _fa_clause(previous)
    if q is None or qp is None:
        return None
    before = tokens[: q[0]]
    if q[1] == len(tokens) and all(_fa_key(t) in _FA_PREPOSITIONS for t in before):
        # "گزارش را چه کسی منتشر کرد و کی؟" -> "گزارش را کی منتشر کرد"
        return " ".join(previous[: qp[0]] + tokens + previous[qp[1] :])
    topic = list(previous[: qp[0]])
    while topic and _fa_key(topic[-1]) in _FA_PREPOSITIONS:
        topic.pop()
    if not topic:
        return " ".join(tokens)
    pronoun = next((i for i, t in enumerate(tokens) if _fa_key(t) in _FA_PRONOUNS), None)
    if pronoun is not None:
        return " ".join(tokens[:pronoun] + topic + tokens[pronoun + 1 :])
    subjectless = not before or _fa_key(before[0]) in _FA_PREPOSITIONS
    relational = any(_fa_key(t) in _FA_RELATIONAL for t in before)
    if (subjectless or relational) and _fa_key(topic[0]) not in map(_fa_key, tokens):
        return " ".join(topic + tokens)
    return " ".join(tokens)


# -- combining the answers -------------------------------------------------------------------

_MARKERS = re.compile(r"(?:\[\d+\])+")
_MARKER = re.compile(r"\[(\d+)\]")


def combine(question: str, language: Language, answers: Sequence[Answer]) -> Answer:
    """One answer from the answers to each part: each part's text under a number, citations
    renumbered [1..n] across parts (a passage cited by two parts keeps one number), and for a
    refused part the sentence that the report does not say it (in `language`).

    A passage cited by two parts keeps the quote of the first. The answer is refused only if
    every part is: then each part says the report does not say it, and the closest passages of
    all parts follow (`_refusal`). `confidence` is the highest of the parts' (the whole is
    refused exactly when that one falls below the threshold); timings are left zero.
    """
    if not answers:
        raise ValueError("combine() needs the answer to at least one part; got none")
    if len(answers) == 1:
        return replace(answers[0], question=question)
    if all(a.refused for a in answers):
        return _refusal(question, language, answers)
    number_of: dict[str, int] = {}
    citations: list[Citation] = []
    lines = []
    for i, answer in enumerate(answers, 1):
        if answer.refused:
            lines.append(_numbered(i, _not_said(answer.question, language)))
            continue
        renumber = {}
        for c in answer.citations:
            if f"[{c.n}]" not in answer.text:
                continue  # a citation its own text never refers to would fail the check here
            key = _passage_key(c)
            if key not in number_of:
                number_of[key] = len(number_of) + 1
                citations.append(replace(c, n=number_of[key]))
            renumber[c.n] = number_of[key]
        lines.append(_numbered(i, _renumbered(answer.text, renumber)))
    return Answer(
        question=question,
        text="\n".join(lines),
        refused=False,
        language=language,
        citations=tuple(citations),
        timings=Timings(),
        retrieved=_union(a.retrieved for a in answers),
        # the highest: the whole is refused exactly when every part is, i.e. when the highest
        # part falls below the threshold (what `reportchat eval --sweep` relies on)
        confidence=max(a.confidence for a in answers if not a.refused),
    )


def _refusal(question: str, language: Language, answers: Sequence[Answer]) -> Answer:
    """Every part refused: each says so, then the closest passages, taken from each part in
    turn (as many as the part with the most), numbered once each."""
    lines = [_numbered(i, _not_said(a.question, language)) for i, a in enumerate(answers, 1)]
    keep = max(len(a.citations) for a in answers)
    citations: list[Citation] = []
    seen: set[str] = set()
    for c in (c for row in zip_longest(*(a.citations for a in answers)) for c in row if c):
        if _passage_key(c) not in seen and len(citations) < keep:
            seen.add(_passage_key(c))
            citations.append(replace(c, n=len(citations) + 1))
    if citations:
        lines.append(CLOSEST[language].format(refs=", ".join(f"[{c.n}]" for c in citations)))
    return Answer(
        question=question,
        text="\n".join(lines),
        refused=True,
        language=language,
        citations=tuple(citations),
        timings=Timings(),
        retrieved=_union(a.retrieved for a in answers),
        confidence=max(a.confidence for a in answers),
    )


def _not_said(part: str, language: Language) -> str:
    # a "[3]" the asker typed is not a citation marker
    return PART_NOT_SAID[language].format(part=_MARKER.sub(r"(\1)", part.strip()))


def _numbered(n: int, text: str) -> str:
    """`text` as item `n`: "1. " before its first line, its other lines indented under it."""
    first, *rest = text.split("\n")
    return "\n".join([f"{n}. {first}", *(f"   {line}" for line in rest)])


def _renumbered(text: str, renumber: dict[int, int]) -> str:
    """`text` with each run of markers renumbered, in order and once each ("[2][1]" -> "[1][2]");
    a marker of no citation is dropped."""

    def run(m: re.Match[str]) -> str:
        found = {renumber[int(n)] for n in _MARKER.findall(m.group()) if int(n) in renumber}
        return "".join(f"[{n}]" for n in sorted(found))

    return "\n".join(line.rstrip() for line in _MARKERS.sub(run, text).split("\n"))


def _passage_key(c: Citation) -> str:
    return c.passage_id or f"{c.document}\n{c.section}\n{c.paragraph}"


def _union(lists: Iterable[Sequence[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for ids in lists for i in ids))
