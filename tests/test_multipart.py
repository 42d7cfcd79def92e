"""Tests for answer.multipart: golden splits in three languages, questions that must stay whole,
and combined answers that pass the citation check over a tiny hand-made corpus."""

from __future__ import annotations

import pytest

from answer.multipart import MAX_PARTS, combine, split_parts
from answer.phrases import REFUSAL
from answer.verify import citation_problems
from core.types import Answer, Citation, Corpus, Language, Passage, Sentence, Timings

# -- splitting ------------------------------------------------------------------------------

SPLITS: list[tuple[Language, str, list[str]]] = [
    # English
    (
        "en",
        "How long was the transitional period and which year is its last?",
        # "its" has no name to stand for: the first part's words follow, for retrieval
        [
            "How long was the transitional period?",
            "Which year is its last (the transitional period)?",
        ],
    ),
    (
        "en",
        "Who released the report, and when?",
        ["Who released the report?", "When was the report released?"],
    ),
    (
        "en",
        "Who is Pan Helin, and what did he say about poverty reduction?",
        ["Who is Pan Helin?", "What did Pan Helin say about poverty reduction?"],
    ),
    (
        "en",
        "What did Huang Zhongshi say? When did he say it?",
        ["What did Huang Zhongshi say?", "When did Huang Zhongshi say it?"],
    ),
    (
        "en",
        "On which day and in which session did Rostami speak?",
        ["On which day did Rostami speak?", "In which session did Rostami speak?"],
    ),
    (
        "en",
        "How many countries received aid; how many projects were implemented?",
        ["How many countries received aid?", "How many projects were implemented?"],
    ),
    (
        "en",
        "Which Malian minister praised the report, and what is Mali rich in according to him?",
        [
            "Which Malian minister praised the report?",
            "What is Mali rich in according to him (Malian minister praised the report)?",
        ],
    ),
    (
        "en",
        "Who released the report, when, and where?",
        [
            "Who released the report?",
            "When was the report released?",
            "Where was the report released?",
        ],
    ),
    (
        "en",
        "Who is Pan Helin? What is his title?",
        ["Who is Pan Helin?", "What is Pan Helin's title?"],
    ),
    (
        "en",
        "When and where was the report released?",
        ["When was the report released?", "Where was the report released?"],
    ),
    # Chinese
    (
        "zh",
        "谁评价了这份报告？他是什么身份？",
        ["谁评价了这份报告？", "评价了这份报告的人是什么身份？"],
    ),
    (
        "zh",
        "这份报告是谁发布的，是在什么时候？",
        ["这份报告是谁发布的？", "这份报告是在什么时候发布的？"],
    ),
    (
        "zh",
        "五年过渡期是从什么时候开始的？哪一年结束？",
        ["五年过渡期是从什么时候开始的？", "五年过渡期哪一年结束？"],
    ),
    (
        "zh",
        "扶贫基金投入了多少资金、建设了多少学校？",
        ["扶贫基金投入了多少资金？", "扶贫基金建设了多少学校？"],
    ),
    ("zh", "潘和林是谁？他说了什么？", ["潘和林是谁？", "潘和林说了什么？"]),
    (
        "zh",
        "2024年农村居民人均收入是多少？城镇居民呢？",
        ["2024年农村居民人均收入是多少？", "2024年城镇居民人均收入是多少？"],
    ),
    ("zh", "谁发布了报告，在哪里?", ["谁发布了报告？", "在哪里发布了报告？"]),
    # 它 is not the person asked for; 和 inside a name does not cut
    ("zh", "谁发布了报告，还有谁评价了它？", ["谁发布了报告？", "谁评价了它？"]),
    ("zh", "谁是潘和林，他在哪里工作？", ["谁是潘和林？", "潘和林在哪里工作？"]),
    (
        "zh",
        "五年过渡期是从什么时候开始的？其最后一年是哪一年？",
        ["五年过渡期是从什么时候开始的？", "五年过渡期的最后一年是哪一年？"],
    ),
    # Persian
    (
        "fa",
        "چند منطقه آزاد وجود دارد و منطقه سوم کجاست؟",
        ["چند منطقه آزاد وجود دارد؟", "منطقه سوم کجاست؟"],
    ),
    (
        "fa",
        "وزیر در چه روزی و در کدام شهر سخنرانی کرد؟",
        ["وزیر در چه روزی سخنرانی کرد؟", "وزیر در کدام شهر سخنرانی کرد؟"],
    ),
    (
        "fa",
        "گزارش را چه کسی منتشر کرد و کی؟",
        ["گزارش را چه کسی منتشر کرد؟", "گزارش را کی منتشر کرد؟"],
    ),
    (
        "fa",
        "محصولات صادراتی کدامند و با همکاری چه نهادی تولید می‌شوند؟",
        ["محصولات صادراتی کدامند؟", "محصولات صادراتی با همکاری چه نهادی تولید می‌شوند؟"],
    ),
    (
        "fa",
        "چه کشورها و چه سازمان‌هایی گزارش را ستودند؟",
        ["چه کشورها گزارش را ستودند؟", "چه سازمان‌هایی گزارش را ستودند؟"],
    ),
    (
        "fa",
        "چین چرا و چگونه فقر را ریشه‌کن کرد؟",
        ["چین چرا فقر را ریشه‌کن کرد؟", "چین چگونه فقر را ریشه‌کن کرد؟"],
    ),
    # after چه کسی comes its verb, known to our lists or not: nothing to take from the second
    ("fa", "چه کسی ستود و چه کسی نقد کرد؟", ["چه کسی ستود؟", "چه کسی نقد کرد؟"]),
    (
        "fa",
        "مازندران چند منطقه آزاد دارد و منطقه سوم در کدام شهر ساخته می‌شود؟",
        ["مازندران چند منطقه آزاد دارد؟", "مازندران منطقه سوم در کدام شهر ساخته می‌شود؟"],
    ),
]


@pytest.mark.parametrize(("language", "question", "parts"), SPLITS)
def test_a_multi_part_question_splits_into_questions_that_stand_alone(
    language: Language, question: str, parts: list[str]
) -> None:
    assert split_parts(question, language) == parts


WHOLE: list[tuple[Language, str]] = [
    # a second noun is not a second question
    ("en", "Which countries and organisations praised the report?"),
    # Decided: one question. One question word asks for two attributes of one thing, the shape
    # of a list question ("What are the five aspects and the principles?"); the writer gets both.
    ("en", "What is the title and the publisher of the report?"),
    ("en", "How many people were lifted out of poverty and employed?"),
    ("en", "What are the five aspects and the principles?"),
    ("en", "What is the difference between rural and urban income?"),
    ("en", "What was achieved between 2021 and 2025?"),
    ("en", "Who said that poverty and hunger were ended?"),
    ("en", "How many people were employed and have jobs?"),
    # no verb to share that is sure to be one: "organisations praised" could be a noun phrase
    ("en", "Which countries and which organisations praised the report?"),
    # a relative clause after a comma, an aside, a title with "and What" in it
    ("en", "What did the minister, who praised the report, say?"),
    ("en", "What, in the report's view, is the main lesson?"),
    ("en", 'What does "Striving for a Better Life and What Lies Ahead" say?'),
    # the first part asks nothing, or is too short to stand alone
    ("en", "Tell me about poverty and how China ended it."),
    ("en", "How and why?"),
    # more than MAX_PARTS questions is a list, not parts
    ("en", "Who wrote it, when, where and why?"),
    ("zh", "中国和马里分别有多少人口？"),
    ("zh", "报告提到了哪些国家和哪些组织？"),
    ("zh", "谁在什么时候发布了这份报告？"),
    ("zh", "你好，请问报告是谁发布的？"),
    ("zh", "《谁和什么》是谁写的？"),
    ("zh", "谁？什么？"),
    ("fa", "میزان صادرات و واردات چقدر است؟"),
    ("fa", "چه کشورها و سازمان‌هایی گزارش را ستودند؟"),
    ("fa", "در مازندران چند منطقه آزاد وجود دارد؟"),
]


@pytest.mark.parametrize(("language", "question"), WHOLE)
def test_a_single_question_stays_whole_and_as_typed(language: Language, question: str) -> None:
    assert split_parts(question, language) == [question]


def test_at_most_max_parts() -> None:
    three = "Who released the report, when, and where?"
    assert len(split_parts(three, "en")) == MAX_PARTS
    assert len(split_parts("Who released the report, when, where, and why?", "en")) == 1


# -- combining ------------------------------------------------------------------------------

PERIOD = "The year 2025 marks the final year of the five-year transitional period."
LAUNCH = "The report was released on Friday by the Xinhua Institute."
EMPLOYED = "By the end of 2024, 33.05 million people were employed."
MALI = "Mali is rich in tourism resources, Daffe said."
TEXTS = {
    "p1": f"China set up a transitional period in 2021. {PERIOD}",
    "p2": f"{LAUNCH} It was presented in Beijing.",
    "p3": f"{EMPLOYED} Incomes rose.",
    "p4": f"Experts praised the report. {MALI}",
}


def _corpus() -> Corpus:
    passages = tuple(
        Passage(pid, "report.txt", "Section", i, 0, len(text), text, text)
        for i, (pid, text) in enumerate(TEXTS.items(), 1)
    )
    sentences = tuple(
        Sentence(f"{p.id}:s{j}", p.id, p.document, p.section, p.paragraph, 0, 0, s, s)
        for p in passages
        for j, s in enumerate(p.text.split(". "))
    )
    return Corpus(passages, sentences)


CORPUS = _corpus()


def cite(n: int, pid: str, quote: str = "") -> Citation:
    """Citation [n] of passage `pid`, quoting `quote` (nothing, for a closest passage)."""
    return Citation.of(n, CORPUS.by_id[pid], quote)


def answered(question: str, text: str, *citations: Citation, confidence: float = 0.9) -> Answer:
    """An answer to one part, as the writer gives it."""
    ids = tuple(c.passage_id for c in citations)
    language: Language = "zh" if "答" in text else "en"
    return Answer(question, text, False, language, citations, Timings(1, 2, 3), ids, confidence)


def refused(
    question: str, *closest: str, confidence: float = 0.1, language: Language = "en"
) -> Answer:
    """A part the writer refused, citing its closest passages."""
    citations = tuple(cite(i, pid) for i, pid in enumerate(closest, 1))
    refs = ", ".join(f"[{c.n}]" for c in citations)
    text = REFUSAL[language].format(refs=refs)
    return Answer(question, text, True, language, citations, Timings(1, 2, 3), closest, confidence)


def test_two_answered_parts_share_a_passage_and_its_number() -> None:
    first = answered(
        "How long was the transitional period?",
        f"{PERIOD} [1][2]",
        cite(1, "p1", PERIOD),
        cite(2, "p2", LAUNCH),
        confidence=0.8,
    )
    # the second part cites p3 first and p2 (the first part's [2]) second
    second = answered(
        "When was the report released?",
        f"{EMPLOYED} [1][2]",
        cite(1, "p3", EMPLOYED),
        cite(2, "p2", LAUNCH),
        confidence=0.6,
    )
    combined = combine("How long ... and when?", "en", [first, second])
    assert combined.text == f"1. {PERIOD} [1][2]\n2. {EMPLOYED} [2][3]"
    assert [(c.n, c.passage_id) for c in combined.citations] == [(1, "p1"), (2, "p2"), (3, "p3")]
    assert not combined.refused and combined.premise is None
    assert combined.question == "How long ... and when?" and combined.language == "en"
    assert combined.confidence == 0.8  # the highest: refused only when every part is
    assert combined.retrieved == ("p1", "p2", "p3")
    assert combined.timings == Timings()
    assert citation_problems(combined, CORPUS) == []


def test_a_refused_part_says_so_and_brings_no_citations() -> None:
    first = answered(
        "Which year is the last?", f"The year **2025** ... {PERIOD} [1]", cite(1, "p1", PERIOD)
    )
    second = refused("What was the urban figure?", "p3", "p4")
    combined = combine(
        "Which year is the last, and what was the urban figure?", "en", [first, second]
    )
    assert combined.text == (
        f"1. The year **2025** ... {PERIOD} [1]\n"
        '2. The report does not say: "What was the urban figure?"'
    )
    assert [c.passage_id for c in combined.citations] == ["p1"]
    assert not combined.refused
    assert combined.confidence == 0.9  # the answered part's, not the refusal's
    assert combined.retrieved == ("p1", "p3", "p4")
    assert citation_problems(combined, CORPUS) == []


def test_every_part_refused_is_a_refusal_naming_each_part_and_the_closest_passages() -> None:
    first = refused("Who wrote the poem?", "p1", "p2", confidence=0.2)
    second = refused("When was it read?", "p2", "p3", "p4", confidence=0.3)
    combined = combine("Who wrote the poem, and when was it read?", "en", [first, second])
    assert combined.refused
    assert combined.text == (
        '1. The report does not say: "Who wrote the poem?"\n'
        '2. The report does not say: "When was it read?"\n'
        "The closest passages are [1], [2], [3]."
    )
    # each part's closest in turn, each passage once, as many as the part citing the most
    assert [(c.n, c.passage_id) for c in combined.citations] == [(1, "p1"), (2, "p2"), (3, "p3")]
    assert combined.confidence == 0.3
    assert citation_problems(combined, CORPUS) == []


def test_a_chinese_answer_keeps_its_evidence_line_under_its_number() -> None:
    first = answered(
        "过渡期最后一年是哪一年？", f"答：2025 [1]\n报告原文：{PERIOD} [1]", cite(1, "p1", PERIOD)
    )
    second = refused("城镇居民人均收入是多少？", "p3", language="zh")
    combined = combine("过渡期最后一年是哪一年？城镇居民人均收入是多少？", "zh", [first, second])
    assert combined.text == (
        f"1. 答：2025 [1]\n   报告原文：{PERIOD} [1]\n2. 报告中没有提及：“城镇居民人均收入是多少？”"
    )
    assert citation_problems(combined, CORPUS) == []


def test_a_persian_part_the_report_does_not_answer() -> None:
    first = answered("مالی در چه چیزی غنی است؟", f"{MALI} [1]", cite(1, "p4", MALI))
    second = refused("منطقه سوم کجاست؟", "p1", language="fa")
    combined = combine("...", "fa", [first, second])
    assert combined.text.split("\n")[1] == "2. گزارش نمی‌گوید: «منطقه سوم کجاست؟»"
    assert combined.language == "fa" and [c.n for c in combined.citations] == [1]
    assert citation_problems(combined, CORPUS) == []


def test_a_marker_typed_in_a_part_is_not_a_citation() -> None:
    first = answered("What is [1]?", f"{LAUNCH} [1]", cite(1, "p2", LAUNCH))
    combined = combine(
        "What is [1], and what is [7]?", "en", [first, refused("What is [7]?", "p1")]
    )
    assert combined.text.endswith('The report does not say: "What is (7)?"')
    assert citation_problems(combined, CORPUS) == []


def test_a_citation_its_part_never_refers_to_is_left_out() -> None:
    first = answered("Q1?", f"{PERIOD} [1]", cite(1, "p1", PERIOD), cite(2, "p3", EMPLOYED))
    second = answered("Q2?", f"{LAUNCH} [1]", cite(1, "p2", LAUNCH))
    combined = combine("Q1? Q2?", "en", [first, second])
    assert combined.text == f"1. {PERIOD} [1]\n2. {LAUNCH} [2]"
    assert citation_problems(combined, CORPUS) == []


def test_one_part_is_that_answer_and_none_is_an_error() -> None:
    only = answered("Who released the report?", f"{LAUNCH} [1]", cite(1, "p2", LAUNCH))
    assert combine("Who released the report ?", "en", [only]) == Answer(
        "Who released the report ?",
        only.text,
        False,
        "en",
        only.citations,
        only.timings,
        only.retrieved,
        0.9,
    )
    with pytest.raises(ValueError, match="at least one part"):
        combine("Who?", "en", [])
