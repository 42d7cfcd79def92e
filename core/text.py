"""Text helpers every layer shares: typography cleaning, script detection, word splitting.

Stdlib only, so ingest, retrieval and answering agree on what a "word" and a "language" are.
"""

from __future__ import annotations

import re
import unicodedata

# Cleaning maps one character to one character, so an offset into the clean text is the same
# offset into the original: citations point at the original while we index the clean text.
_QUOTES_AS_APOSTROPHE = "”“’‘′`"
_TRANSLATE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "—": "-",
        "–": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\t": " ",
        "ي": "ی",  # Arabic yeh/kaf -> the Persian letters the Persian article uses
        "ك": "ک",
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)
_APOSTROPHE_RE = re.compile(rf"(?<=\w)[{_QUOTES_AS_APOSTROPHE}](?=\w)")


# What `readable` changes: the typography only, not the Persian letters or digits `clean` also
# normalises for matching (a Persian reader reads ۳, not 3).
_TYPOGRAPHY = str.maketrans(
    {k: v for k, v in _TRANSLATE.items() if not ("\u0600" <= chr(k) <= "\u06ff")}
)


def readable(text: str) -> str:
    """`text` as answers and sources show it: the source's stray typography cleaned
    (`China”s` -> `China's`), character for character, so offsets still hold."""
    return _APOSTROPHE_RE.sub("'", text).translate(_TYPOGRAPHY)


def clean(text: str) -> str:
    """Normalise typography character for character: `China”s` -> `China's`, `—` -> `-`."""
    return _APOSTROPHE_RE.sub("'", text).translate(_TRANSLATE)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_OTHER_SCRIPTS = {
    "ja": _KANA,
    "ko": _HANGUL,
    "ru": _CYRILLIC,
    "el": re.compile(r"[\u0370-\u03ff]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "hi": re.compile(r"[\u0900-\u097f]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
}
SUPPORTED_LANGUAGES = ("en", "zh", "fa")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'-]*")


def detect_language(text: str) -> str:
    """Guess the language from the script: `en`, `zh`, `fa`, another code, or `unknown`.

    Japanese is told from Chinese by its kana; Latin script counts as English.
    """
    text = clean(text)  # Persian and Arabic-Indic digits are digits, not script
    # A name in Latin script inside a Chinese or Persian question ("Hector Villagran-Cepeda曾经
    # 担任什么职务?") is the report's spelling, not the asker's language: capitalised words
    # count a quarter when another script is there.
    other = bool(_CJK.search(text) or _ARABIC.search(text))
    latin = float(len(_LATIN.findall(text)))
    if other:
        latin -= 0.75 * sum(len(_LATIN.findall(w)) for w in _CAPITALISED.findall(text))
    counts = {
        "zh": len(_CJK.findall(text)) * 2,  # one Han character carries about a word
        "fa": len(_ARABIC.findall(text)),
        "en": latin,
    }
    for code, pattern in _OTHER_SCRIPTS.items():
        counts[code] = len(pattern.findall(text))
    if counts["ja"]:
        counts["ja"] += counts.pop("zh")
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] else "unknown"


# Words that carry no meaning of their own in a question or a sentence (English, Chinese, Persian).
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with about as into over under after before
    is are was were be been being has have had do does did will would can could should may might
    this that these those it its it's they them their there here what which who whom whose when
    where why how much many any some such than then so not no nor also very more most other own
    same i me my we our you your he him his she her s said says say according report reports
    tell me please if while during per up out via""".split()
    + """的 了 是 在 和 与 及 有 为 对 中 个 吗 呢 啊 吧 么 什么 哪些 哪 谁 多少 几 如何 怎么 怎样
    是否 报告 根据 提到""".split()
    + """و در به از که این آن را با برای است هست شد شود می چه چند کی کجا چرا آیا یک هم تا
    بر گزارش کدام چقدر چگونه چطور بود کرد""".split()
)

_HAN_RANGE = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN = re.compile(f"[{_HAN_RANGE}]")
_WORD = re.compile(rf"[{_HAN_RANGE}]|[^\W_{_HAN_RANGE}]+(?:['.,][^\W_{_HAN_RANGE}]+)*")


def for_matching(text: str) -> str:
    """`clean(text)` for comparing words, not for offsets: without Persian's zero-width
    non-joiner, which one text writes (می‌شود, "is becoming") and another drops (میشود, as
    the bundled report does), so both are one word."""
    return clean(text).replace("\u200c", "")


def words(text: str) -> list[str]:
    """Lower-cased words of cleaned text; each Han character is its own word."""
    return [w.lower() for w in _WORD.findall(for_matching(text))]


def stem(word: str) -> str:
    """A light English stemmer: `China's` -> `china`, `countries` -> `country`,
    `titled`/`title` -> `titl`, `lifted` -> `lift`. Other scripts pass through."""
    if word.endswith("'s"):
        word = word[:-2]
    if not word.isascii() or not word.isalpha():
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def content_words(text: str) -> set[str]:
    """The stemmed words of `text` that carry meaning: stopwords and single letters dropped."""
    return set(content_forms(text))


def content_forms(text: str) -> dict[str, set[str]]:
    """`content_words(text)`, each with the words of `text` it stems from (`publish` ->
    {`published`}), for looking the words up as written."""
    forms: dict[str, set[str]] = {}
    for w in words(text):
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit() or _HAN.match(w)):
            forms.setdefault(stem(w), set()).add(w)
    return forms


_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_NUMBER_WORDS.update({"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5"})
# Number words that are as often plain words: "which one", "first declared", "a second look".
_LOOSE_NUMBER_WORDS = frozenset({"zero", "one", "first", "second", "third", "fourth", "fifth"})
_HAN_DIGITS = {ch: str(i) for i, ch in enumerate("零一二三四五六七八九十")}
_HAN_DIGITS["两"] = "2"
# A Han numeral counts only before a measure word: 五个 (five of), 四位一体; not 四川 (Sichuan).
# 一 is left out: 一年, 一体, 一共 are mostly "a", "one whole", "in all", not the figure 1.
_HAN_NUMBER = re.compile(r"([二两三四五六七八九十])(?=[个位项章年大点条种方类次])")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str, strict: bool = False) -> set[str]:
    """The figures in `text`, written the same in every language: `five-year` and `五年` -> `5`.

    With `strict`, only unmistakable figures: "one" and ordinals ("first", "second") are left
    out, as in a question they are as often plain words.
    """
    cleaned = clean(text)
    found = {m.group().replace(",", "") for m in _DIGITS.finditer(cleaned)}
    found |= {_HAN_DIGITS[m.group(1)] for m in _HAN_NUMBER.finditer(cleaned)}
    found |= {
        _NUMBER_WORDS[w]
        for w in words(cleaned)
        if w in _NUMBER_WORDS and not (strict and w in _LOOSE_NUMBER_WORDS)
    }
    return found


def dedup_key(text: str) -> str:
    """A key equal for texts that differ only in typography, case, spacing or punctuation."""
    return " ".join(words(text))


def has_control_characters(text: str) -> bool:
    """True if `text` holds control characters other than tab and newlines."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


# Characters that show as nothing. Inside a word a zero-width space, joiner, word joiner or BOM
# splits it for search ("peo\u200bple"); bidirectional controls reorder how text is shown without
# being text (and can make a question read differently from what it says). All are removed.
_INVISIBLE = re.compile("[\u200b\u200d\u2060\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# The zero-width non-joiner (U+200C) is different: Persian writes it inside words (می‌شود,
# "is becoming"), so it stays next to an Arabic-script letter and goes everywhere else.
_ARABIC_LETTER = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe"
_STRAY_NON_JOINER = re.compile(rf"(?<![{_ARABIC_LETTER}])\u200c(?![{_ARABIC_LETTER}])")


def strip_invisible(text: str) -> str:
    """`text` without zero-width characters and bidirectional controls: `peo\u200bple` ->
    `people`; Persian's zero-width non-joiner (U+200C) is kept between Arabic-script letters."""
    return _STRAY_NON_JOINER.sub("", _INVISIBLE.sub("", text))


# Words that stand for something named elsewhere: for a question they are something to ask
# about ("Who is he?", "他是谁？"), where a follow-up finds what they stand for.
PRONOUNS = frozenset(
    "it its they them their that this those these he him his she her there".split()
    + "它 他 她 其 这 那 此".split()
    + "آن این او".split()
)


def has_content(text: str) -> bool:
    """Whether `text` has something to search for: a content word (`content_words`) or a
    pronoun. `the of and`, `a`, `的` and `-h` have not."""
    return bool(content_words(text)) or any(w in PRONOUNS for w in words(text))


# Greetings, thanks, replies and laughter, each a whole message: a chat's small talk, which
# has words but nothing to look up ("hello" quoted a Persian sentence, 谢谢 Huang Zhongshi's
# "Thanks to the nation's good policies").
_SMALL_TALK = frozenset(
    """hi hello hey hiya yo thanks thx ty cheers ok okay k kk cool great nice good fine
    sure yes yeah yep yup no nope nah bye goodbye lol lmao hmm hm mm um uh oh ah wow alright
    right""".split()  # one word each: a phrase split into words would make "you" small talk
    + ["thank you", "thank you very much", "thanks a lot", "see you", "good morning",
       "good evening", "good night", "good afternoon", "got it", "ok thanks", "okay thanks"]
    + """你好 您好 大家好 嗨 哈喽 谢谢 谢谢你 谢谢您 多谢 感谢 好的 好 好吧 行 可以
    嗯 嗯嗯 哦 噢 啊 呃 对 是的 没错 不是 不 再见 拜拜 晚安 早上好 明白 知道了 收到""".split()
    + """سلام درود ممنون ممنونم مرسی متشکرم سپاس تشکر باشه خوب خوبه عالی آره بله نه خیر
    خداحافظ خدانگهدار فهمیدم""".split()
)  # fmt: skip
_LAUGHTER = re.compile(r"(?:ha|he|hi){2,}h?|a?(?:ha)+|哈{2,}|呵{2,}|嘿{2,}|ه{2,}|خخ+")


def is_small_talk(text: str) -> bool:
    """Whether `text`, as a whole, is a greeting, thanks, a reply or laughter ("hello",
    "thanks!", "ok", 谢谢, 嗯, مرسی, هههه) rather than a question."""
    said = " ".join(re.findall(r"[^\W\d_]+", text.lower()))
    return said in _SMALL_TALK or bool(said and _LAUGHTER.fullmatch(said.replace(" ", "")))


# A command-line option given as the question (`-h`, `--json`), or SQL: a statement keyword with
# a statement separator or comment (`'; DROP TABLE x; --`). The keywords alone are plain English.
_OPTION = re.compile(r"-{1,2}[A-Za-z][\w-]*(?:=\S*)?")
_SQL_STATEMENT = re.compile(
    r"\b(?:(?:drop|create|alter|truncate)\s+(?:table|database|index|view)|delete\s+from"
    r"|insert\s+into|update\s+\w+\s+set|union\s+(?:all\s+)?select|select\s+\*\s+from)\b",
    re.IGNORECASE,
)
_SQL_PUNCTUATION = re.compile(r";|--|/\*")


def looks_like_code(text: str) -> bool:
    """Whether `text` is a command-line option (`-h`, `--help`) or SQL (`'; DROP TABLE x; --`)
    rather than a question."""
    text = text.strip()
    if _OPTION.fullmatch(text):
        return True
    return bool(_SQL_STATEMENT.search(text) and _SQL_PUNCTUATION.search(text))
