"""The fixed texts of the extractive writer's answers, in the three languages it answers in."""

from __future__ import annotations

from core.types import Language

# Before the verbatim quote of a report sentence in another language than the question's.
EVIDENCE: dict[Language, str] = {"en": "The report: ", "zh": "报告原文：", "fa": "متن گزارش: "}
# The short answer line: the figure, date or name that answers, in the asker's conventions.
ANSWER: dict[Language, str] = {"en": "Answer: ", "zh": "答：", "fa": "پاسخ: "}
# The first line when no single figure or name answers (a list, a description): it says, in
# the asker's language, that what follows is the report's own words on the question (no model
# translates them). It claims no more than that: the writer cannot check that a description
# answers, only that it is the closest the report comes.
SEE_EVIDENCE: dict[Language, str] = {
    "en": "What the report says on this, in its own words {refs}:",
    "zh": "报告中关于这个问题的原文如下{refs}：",
    "fa": "آنچه گزارش در این باره با کلمات خودش می‌گوید {refs}:",
}
REFUSAL: dict[Language, str] = {
    "en": "The report does not say. The closest passages are {refs}.",
    "zh": "报告中没有提及这一点。最接近的段落：{refs}。",
    "fa": "گزارش در این باره چیزی نمی‌گوید. نزدیک‌ترین بخش‌ها: {refs}.",
}
# A question that takes for granted what the report does not state ("Why did X say Y?").
PREMISE: dict[Language, str] = {
    "en": 'The report does not say that "{premise}". What it says: {quote} {refs}',
    "zh": "报告中没有说“{premise}”。报告的原话是：{quote}{refs}",
    "fa": "گزارش نمی‌گوید «{premise}». آنچه گزارش می‌گوید: {quote} {refs}",
}
OVERVIEW: dict[Language, str] = {
    "en": "The report's key points:",
    "zh": "报告的要点（引用原文）：",
    "fa": "نکات اصلی گزارش (به نقل از متن):",
}
# One part of a multi-part question that the report does not answer (answer/multipart.py).
PART_NOT_SAID: dict[Language, str] = {
    "en": 'The report does not say: "{part}"',
    "zh": "报告中没有提及：“{part}”",
    "fa": "گزارش نمی‌گوید: «{part}»",
}
# After the parts of a multi-part question none of which the report answers.
CLOSEST: dict[Language, str] = {
    "en": "The closest passages are {refs}.",
    "zh": "最接近的段落：{refs}。",
    "fa": "نزدیک‌ترین بخش‌ها: {refs}.",
}
# After a generated claim that the passages it cites do not support (answer/llm.py).
UNSUPPORTED: dict[Language, str] = {"en": "[unsupported]", "zh": "[无依据]", "fa": "[تأییدنشده]"}
