"""Tests for answer.overview: telling gist questions apart, and the key points it picks.

The corpora are split by the real chunker (no index is needed): a tiny hand-made report whose
three articles repeat one claim, and the bundled data/report.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.overview import KeyPoint, Overview, is_overview, summary_of_topic, topic
from core.text import dedup_key
from core.types import Corpus, Document
from ingest.chunk import split
from ingest.load import load

REPORT = Path(__file__).resolve().parents[1] / "data" / "report.txt"
MAZANDARAN = "۳ منطقه آزاد تجاری در مازندران فعال میشود"
SOLAR = """Solar power in Ruritania
By Anna Smith.
The report said solar capacity in Ruritania doubled to 40 gigawatts in 2024.
"We finally have power at night," said Jan Berg, a farmer in the north.
The report named three new sources of power.
They include rooftop panels, offshore wind and tidal plants.
Source: A

Ruritania's energy mix
Solar capacity in Ruritania doubled to 40 gigawatts in 2024, the report said.
Wind turbines now supply 12 percent of the country's electricity, the report noted.
Source: B

Report on Ruritanian coal
The report noted that solar capacity in Ruritania doubled to 40 gigawatts in 2024.
The report found that the last coal plant will close by 2030.
Source: C
"""


def corpus_of(text: str, name: str = "energy.txt") -> Corpus:
    """`text` split into passages and sentences as ingest would."""
    passages, sentences = split(Document(name, text, "0" * 64))
    return Corpus(tuple(passages), tuple(sentences))


@pytest.fixture(scope="module")
def report() -> Corpus:
    passages, sentences = split(load(REPORT))
    return Corpus(tuple(passages), tuple(sentences))


@pytest.fixture(scope="module")
def five(report: Corpus) -> list[KeyPoint]:
    return Overview(report).points(5)


def ids(points: list[KeyPoint]) -> list[str]:
    return [p.sentence.id.rsplit(":", 1)[1] for p in points]


def test_the_claim_every_article_repeats_comes_first_once_with_all_its_places() -> None:
    points = Overview(corpus_of(SOLAR)).points(9)
    # s1/s5/s7 are one claim; s4 ("They include ...") follows its lead-in s3; the byline (s0)
    # and the farmer's quote (s2) come last.
    assert ids(points) == ["s1", "s6", "s8", "s3", "s4", "s0", "s2"]
    first = points[0]
    assert [o.id.rsplit(":", 1)[1] for o in first.occurrences] == ["s1", "s5", "s7"]
    assert len({o.section for o in first.occurrences}) == 3
    assert [len(p.occurrences) for p in points[1:]] == [1] * 6


def test_a_sentence_leaning_on_another_never_stands_without_it() -> None:
    text = "Notes\nThe report listed three reforms.\nThey include lower tariffs on 40 goods.\n"
    points = Overview(corpus_of(text)).points(2)
    assert [p.sentence.clean[:8] for p in points] == ["The repo", "They inc"]
    # Its antecedent has to be chosen first: with room for one point, the list is not it.
    assert [p.sentence.clean[:8] for p in Overview(corpus_of(text)).points(1)] == ["The repo"]


def test_ties_go_to_the_earlier_sentence() -> None:
    tin = "Trade notes\nExports of tin grew 5 percent.\nSource: A\n"
    coffee = "Market notes\nImports of coffee fell 5 percent.\nSource: B\n"
    forward = Overview(corpus_of(f"{tin}\n{coffee}")).points(2)
    backward = Overview(corpus_of(f"{coffee}\n{tin}")).points(2)
    assert [p.sentence.clean[:7] for p in forward] == ["Exports", "Imports"]
    assert [p.sentence.clean[:7] for p in backward] == ["Imports", "Exports"]


def test_no_article_gives_a_third_point_while_another_has_one_left() -> None:
    strong = (
        "Alpha notes\nThe report said tin exports grew 5 percent.\n"
        "The report said coffee imports fell 7 percent.\n"
        "The report said rail freight rose 9 percent.\nSource: A\n"
    )
    weak = 'Beta notes\n"We sell more fish," said Ann Lee, a trader.\nSource: B\n'
    points = Overview(corpus_of(f"{strong}\n{weak}")).points(3)
    assert [p.sentence.clean[:15] for p in points] == [
        "The report said",
        "The report said",
        '"We sell more f',
    ]
    assert [p.sentence.section for p in points] == ["Alpha notes", "Alpha notes", "Beta notes"]
    # With only one article, it gives every point.
    assert len(Overview(corpus_of(strong)).points(3)) == 3


def test_nothing_asked_or_nothing_in_scope_gives_no_points(report: Corpus) -> None:
    overview = Overview(report)
    assert overview.points(0) == []
    assert overview.points(5, document="missing.txt") == []
    assert overview.points(5, section="No such article") == []
    assert Overview(Corpus()).points(5) == []


TOPICS = {
    "transitional period": lambda t: "February 2021" in t or "five-year transitional" in t,
    "employment": lambda t: "33.05 million" in t,
    "rural income": lambda t: "17,522 yuan" in t,
    "key practices": lambda t: (
        "practices in five key aspects" in t
        or "summarized them in five key aspects" in t
        or t.startswith("They include establishing mechanisms")
    ),
    "development assistance": lambda t: "over 160 countries" in t,
    "guiding principles": lambda t: "guiding principles" in t,
}


def test_five_points_of_the_report_cover_its_main_claims(five: list[KeyPoint]) -> None:
    assert len(five) == 5
    assert len({dedup_key(p.sentence.clean) for p in five}) == 5
    covered = {name for name, found in TOPICS.items() for p in five if found(p.sentence.clean)}
    covered |= (
        {"free trade zones"} if any(p.sentence.section == MAZANDARAN for p in five) else set()
    )
    assert len(covered) >= 4, covered


def test_the_persian_article_has_its_own_point(five: list[KeyPoint]) -> None:
    persian = [p for p in five if p.sentence.section == MAZANDARAN]
    assert len(persian) == 1
    assert "منطقه" in persian[0].sentence.clean or "مناطق" in persian[0].sentence.clean


def test_no_point_restates_another_and_each_cites_all_its_repeats(
    five: list[KeyPoint], report: Corpus
) -> None:
    quoted = [o.id for p in five for o in p.occurrences]
    assert len(quoted) == len(set(quoted))
    employment = next(p for p in five if "33.05 million" in p.sentence.clean)
    everywhere = [s.id for s in report.sentences if "33.05 million" in s.clean]
    assert [o.id for o in employment.occurrences] == everywhere
    assert len({o.section for o in employment.occurrences}) == 2


def test_points_spread_across_articles(five: list[KeyPoint]) -> None:
    sections = [p.sentence.section for p in five]
    assert max(sections.count(s) for s in sections) <= 2
    assert len(set(sections)) >= 3


def test_quotes_of_people_titles_and_dangling_sentences_are_not_points(
    five: list[KeyPoint],
) -> None:
    people = ("Huang Zhongshi", "Mamou Daffe", "Villagran-Cepeda", "Pan Helin")
    for p in five:
        text = p.sentence.clean
        assert "titled" not in text
        assert not any(name in text for name in people)
        assert not text.startswith(("They ", "This ", "It ", "He "))


def test_a_list_point_comes_right_after_its_lead_in(report: Corpus) -> None:
    points = Overview(report).points(8)
    order = {s.id: i for i, s in enumerate(report.sentences)}
    for k, p in enumerate(points):
        if p.sentence.clean.startswith("They include"):
            before = {report.sentences[order[o.id] - 1].id for o in p.occurrences}
            assert k > 0 and before & {o.id for o in points[k - 1].occurrences}
            break
    else:
        pytest.fail("the list of the five key practices is not among eight points")


def test_points_of_one_article_stay_in_it(report: Corpus) -> None:
    points = Overview(report).points(3, section=MAZANDARAN)
    assert len(points) == 3
    assert all(o.section == MAZANDARAN for p in points for o in p.occurrences)
    document = Overview(report).points(5, document=REPORT.name)
    assert [p.sentence.id for p in document] == [p.sentence.id for p in Overview(report).points()]


OVERVIEWS = [
    "What are the main findings?",
    "Summarize the report.",
    "Summarise the report, please.",
    "What is the report about?",
    "What's this report about?",
    "What does the report say overall?",
    "Give me an overview",
    "tl;dr",
    "TL;DR?",
    "What's the gist?",
    "What are the key points of this article?",
    "Can you sum up the report?",
    "Give me a summary.",
    "What did the report conclude?",
    "What is the Persian article about?",
    "这份报告的主要结论是什么？",
    "概括一下主要内容",
    "总结一下这份报告",
    "报告讲了什么？",
    "这篇文章说了什么",
    "这份报告是关于什么的？",
    "简述报告内容",
    "报告的要点有哪些？",
    "用几句话概括这份报告",
    "خلاصه گزارش چیست؟",
    "گزارش را خلاصه کن",
    "چکیده این گزارش را بده",
    "نکات اصلی گزارش چیست؟",
    "یافته\u200cهای اصلی گزارش چیست؟",
    "یافتههای اصلی گزارش چیست؟",
    "این گزارش درباره چیست؟",
    "موضوع اصلی گزارش چیست؟",
    "گزارش را در چند جمله خلاصه کن",
    "介绍一下这份报告",
    "简单介绍一下这篇文章的主要内容",
    # phrasings written on 2026-12-03 (evening), none of them in eval/: a student's ways to ask
    "这篇报告讲了哪些内容？",
    "能不能简单说说这份报告？",
    "这份报告的核心信息是什么？",
    "给我讲讲这篇文章",
    "这份报告主要说了啥？",
    "报告整体上说了什么？",
    "这几篇报道各讲了什么？",
    "这份材料讲的是什么事？",
    "这份报告的结论有哪些？",
    "مهم‌ترین یافته‌های گزارش کدامند؟",
    "گزارش در مورد چه موضوعاتی است؟",
    "Can you give me a quick rundown of the report?",
    "Outline the report's main arguments.",
    "What's the big picture here?",
]
FACTUAL = [
    "Which five aspects did the report summarize the practices in?",
    "How many individuals were employed according to the report?",
    "Who released the report?",
    "When was the report launched?",
    "What does the report say about rural income?",
    "What is the title of the report?",
    "What did the report summarize in five key aspects?",
    "Who summarized the report?",
    "What did Huang Zhongshi say?",
    "What is the key point about employment?",
    "Tell me about the Global Development Initiative",
    "What are the findings on rural income?",
    "Is the report summarized in Chinese?",
    "报告从哪五个关键方面总结了中国巩固拓展脱贫攻坚成果的做法?",
    "到2024年底有多少脱贫人口就业？",
    "报告是由哪个机构发布的？",
    "报告总结了哪些基本原则？",
    "报告关于就业说了什么？",
    "这份报告的五个章节介绍了哪些内容?",
    "报告介绍了中国减贫的新使命",
    "报告的主要发现中关于收入的是什么？",
    "در مازندران چند منطقه آزاد وجود دارد؟",
    "گزارش درباره صادرات مرکبات چه می\u200cگوید؟",
    "خلاصه برنامه\u200cهای صادراتی استان چیست؟",
    "چه کسی گزارش را منتشر کرد؟",
    "نکات اصلی درباره مناطق آزاد چیست؟",
    "潘和林说了什么？",
    "报告关于农村收入的结论是什么？",
    "黄忠诗讲了哪些变化？",
    "محورهای اصلی صادرات کدامند؟",
    "گزارش در مورد چه کشوری است که ۱۶۰ کشور را یاری کرد؟",
    "What is the big picture of rural income?",
    "Which arguments did Pan Helin make?",
]


@pytest.mark.parametrize("question", OVERVIEWS)
def test_gist_questions_are_overviews(question: str) -> None:
    assert is_overview(question)


@pytest.mark.parametrize("question", FACTUAL)
def test_questions_for_one_fact_are_not(question: str) -> None:
    assert not is_overview(question)


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Give me a short summary of the article on Mazandaran.", "mazandaran"),
        ("Summarize what the report says about rural income", "rural income"),
        ("用几句话总结一下脱贫攻坚成果的主要做法", "脱贫攻坚成果做法"),
        # 介绍一下 / 简单介绍 ("introduce briefly") asks for a summary as 总结 does
        ("简单介绍一下报告中关于国际减贫合作的内容", "国际减贫合作"),
        ("请简要介绍报告对全球减贫合作的看法", "全球减贫合作看法"),
    ],
)
def test_a_summary_of_a_topic_is_searched_by_its_topic(question: str, about: str) -> None:
    assert summary_of_topic(question) and not is_overview(question)
    assert topic(question) == about


def test_a_question_for_one_thing_is_no_summary_of_a_topic() -> None:
    assert not summary_of_topic("Which five aspects did the report summarize the practices in?")
    assert not summary_of_topic("What does the report say about rural income?")
    assert not summary_of_topic("这份报告的五个章节介绍了哪些内容?")  # 介绍了: "introduced"


def test_a_chinese_question_for_five_items_is_no_summary() -> None:
    # 总结 is the report's verb here; 哪五个 asks for the five aspects
    assert not summary_of_topic("报告从哪五个关键方面总结了巩固拓展脱贫攻坚成果的做法?")
    assert not is_overview("报告从哪五个关键方面总结了做法?")


def test_an_overview_of_a_large_index_covers_the_documents_asked_about(
    report: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from answer import extractive
    from answer.extractive import ExtractiveWriter
    from core.types import Hit

    notes = corpus_of(
        "Energy notes\nThe wind farm produced 40 megawatts in 2023. The solar park produced 12 "
        "megawatts in 2023.\n\nThe grid operator reported no outages in 2023.\n"
    )
    both = Corpus((*notes.passages, *report.passages), (*notes.sentences, *report.sentences))
    writer = ExtractiveWriter(both)
    hits = [Hit(s, 1.0, 0.9) for s in notes.sentences]
    whole = writer.write("What are the main findings?", hits)
    assert {c.document for c in whole.citations} == {"energy.txt", "report.txt"}

    monkeypatch.setattr(extractive, "OVERVIEW_SCOPE", 10)  # the index now counts as large
    scoped = ExtractiveWriter(both).write("What are the main findings?", hits)
    assert {c.document for c in scoped.citations} == {"energy.txt"}
    assert not scoped.refused and scoped.text.count("\n- ") >= 2
