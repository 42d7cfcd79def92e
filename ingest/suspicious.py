"""Passages that read like instructions to a language model, flagged at ingest with the reason.

A report has no business telling the model what to do: "ignore previous instructions", "you are
now ...", a role marker such as `system:` or `<|im_start|>`, or a request to reveal the system
prompt are what a planted prompt injection looks like, in English, Chinese and Persian. A
flagged passage is still indexed, retrieved and cited (a report may quote such text, e.g. one
about prompt injection); the answer prompt lists it as flagged quoted data, and the sources
panel labels it. Hidden text (HTML comments, invisible HTML or DOCX text) never gets this far:
the loader drops it (`ingest.hidden`), and flags the passage where it was if it read like this.

The patterns want the shape of an instruction (a verb of overriding with an object of
instructions, a role marker at a line's start), not single words, so ordinary report text does
not trip them: they flag none of the bundled report's 42 passages, nor any of the 397 questions
and evidence sentences of the dev facts (tests/test_suspicious.py). A false flag costs a label;
the passage is still answered from.
"""

from __future__ import annotations

import re
import unicodedata

from core.text import for_matching

MAX_QUOTE = 60  # characters of the matched text kept in the reason

# Characters that hide a word from a pattern without changing how it reads.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"[^\S\n]+")  # white space but line breaks: role markers start a line

_EN_OVERRIDE = (
    r"\b(?:ignore|disregard|forget|override|bypass|skip|drop)\s+(?:all\s+|any\s+|every\s+)?"
    r"(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+)?"
    r"(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|system|old)?"
    r"\s*(?:instructions?|prompts?|rules|directions|directives|guidelines|orders|commands|"
    r"context|messages|constraints)\b"
    r"|\b(?:disregard|ignore|forget)\s+(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+)?"
    r"(?:above|previous|prior|before|said\s+before|preceding)\b"
    r"|\bnew\s+instructions?\s*:"
    r"|\b(?:do\s+not|don't|never)\s+(?:tell|inform|warn|mention\s+(?:this\s+)?to)\s+the\s+user\b"
)
_ZH_OVERRIDE = (
    r"(?:忽略|无视|忽视|忘记|忘掉|不要理会|别理会|抛开|不要遵守|不再遵守)(?:掉)?(?:你)?"
    r"(?:之前|以上|上面|前面|先前|此前|上述|原来|原有|刚才|所有|全部|一切)(?:的)?(?:所有|全部|一切)?"
    r"(?:的)?(?:指令|指示|提示词?|规则|设定|命令|要求|对话|内容)"
    r"|(?:忽略|无视|忘记)(?:你的)?(?:指令|提示词|系统提示)"
    r"|新的?指令\s*[:：]"
)
_FA_OVERRIDE = (
    r"(?:دستور|دستورالعمل|راهنمایی|قواعد|قوانین|قانون|پیام|پرامپت)\w*\s+"
    r"(?:\w+\s+){0,3}?را\s+(?:کاملا\s+)?(?:نادیده\s*بگیر|فراموش\s*کن|رها\s*کن|کنار\s*بگذار)\w*"
    r"|(?:نادیده\s*بگیر|فراموش\s*کن)\w*\s+(?:همه\s+|تمام\s+)?(?:دستور|دستورالعمل|قوانین)\w*"
    r"|دستور(?:العمل)?\w*\s+جدید\s*:"
)
_PROMPT = (
    r"\bsystem\s+(?:prompt|message|instructions?)\b|\bdeveloper\s+message\b"
    r"|\bdeveloper\s+mode\s+(?:enabled|on|activated)\b"
    r"|\b(?:reveal|print|show|repeat|output|leak|display|recite)\s+(?:me\s+)?(?:your|the)\s+"
    r"(?:hidden\s+|initial\s+|original\s+|secret\s+)?(?:prompt|instructions|rules)\b"
    r"|系统提示|系统指令|系统消息|系统信息提示"
    r"|(?:泄露|透露|显示|输出|打印|告诉我|重复)(?:出)?(?:你的)?(?:系统)?(?:提示词|指令|规则)"
    r"|(?:پرامپت|پیام|دستور|دستورالعمل)\w*\s+(?:سیستم|سیستمی)\b"
)
_PERSONA = (
    r"\byou\s+are\s+now\s+(?:a|an|my|no\s+longer|free|dan|unrestricted|jailbroken)\b"
    r"|\bfrom\s+now\s+on,?\s+you\s+(?:are|will|must|should|shall)\b"
    r"|\bpretend\s+(?:to\s+be|you\s+are|that\s+you\s+are)\s+(?:a|an|the)\b"
    r"|\bact\s+as\s+(?:if\s+you\s+were\s+)?(?:a|an|the|my)\s+(?:\w+\s+){0,3}?"
    r"(?:ai|chatbot|llm|gpt|language\s+model)\b"
    r"|你现在是|从现在(?:开始|起)，?你(?:是|要|将|必须)|你(?:将|要)扮演|假装你是"
    r"|(?:تو|شما)\s+(?:اکنون|الان|از\s+این\s+به\s+بعد|از\s+حالا)\s+(?:یک\s+)?[^.؟!\n]{1,40}?"
    r"\s(?:هستی|هستید)\b"
    r"|از\s+این\s+به\s+بعد\s+(?:تو|شما)\s+(?:باید|یک)\b"
)
_ROLE_MARKER = (
    r"<\|[a-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|<(?:start|end)_of_turn>"
    r"|(?:^|\n)\s*(?:#+\s*)?(?:system|assistant|user|human|developer)\s*[:：]"
    r"|(?:^|\n)\s*(?:系统|助手|助理)\s*[:：]|(?:^|\n)\s*(?:سیستم|دستیار)\s*[:：]"
)
_CITATION = (
    r"\b(?:always\s+|only\s+)?(?:cite|quote|reference)\s+(?:only\s+)?(?:passage|source|marker)?"
    r"\s*\[\d+\]"
    r"|\b(?:cite|quote)\s+(?:only\s+)?(?:passage|source)\s+\d+\b"
    r"|(?:只|仅|总是)?引用(?:第)?\s*\[?\d+\]?\s*(?:段|条|号)?(?:段落|来源)"
)
# (family, pattern, words one of which any match contains): the family names what the text
# tried to do and leads the reason; the words let most passages skip the pattern (a substring
# test is some 20 times cheaper than a search of these alternations).
FAMILIES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE), words)
    for name, pattern, words in (
        (
            "override",
            "|".join((_EN_OVERRIDE, _ZH_OVERRIDE, _FA_OVERRIDE)),
            (
                *"ignore disregard forget override bypass skip drop instruction".split(),
                "the user",
                *"忽略 无视 忽视 忘记 忘掉 理会 抛开 遵守 指令".split(),
                *"نادیده فراموش رها کنار دستور".split(),
            ),
        ),
        (
            "prompt",
            _PROMPT,
            (
                *"system developer prompt instructions rules".split(),
                "系统",
                "提示",
                "指令",
                "规则",
                "سیستم",
            ),
        ),
        (
            "persona",
            _PERSONA,
            (
                *"you are now|from now on|pretend|act as".split("|"),
                *"你现在 从现在 扮演 假装".split(),
                *"اکنون الان بعد حالا".split(),
            ),
        ),
        (
            "role marker",
            _ROLE_MARKER,
            (
                *"<| inst] <<sys <</sys _of_turn> system assistant user human developer".split(),
                *"系统 助手 助理 سیستم دستیار".split(),
            ),
        ),
        ("citation", _CITATION, ("cite", "quote", "reference", "引用")),
    )
)


def normalised(text: str) -> str:
    """`text` as the patterns read it: cleaned, compatibility forms folded (ｉｇｎｏｒｅ ->
    ignore), invisible characters gone, runs of white space within a line one space."""
    # invisible characters first: cleaning turns a zero-width space into a space
    folded = for_matching(_INVISIBLE.sub("", text))
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded)
    return _SPACE.sub(" ", folded)


def suspicious(text: str) -> str:
    """Why `text` reads like an instruction to the model, e.g.
    `override: "ignore all previous instructions"`; "" when it does not. Every family that
    matches is named, in a fixed order, each with its first match."""
    seen = normalised(text)
    lowered = seen.lower()
    reasons = []
    for name, pattern, words in FAMILIES:
        found = any(w in lowered for w in words) and pattern.search(seen)
        if found:
            quote = " ".join(found.group().split())[:MAX_QUOTE]
            reasons.append(f'{name}: "{quote}"')
    return "; ".join(reasons)
