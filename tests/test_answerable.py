"""The answerability model, the Chinese glossary, premises and the writer's answer forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pytest

from answer.answerable import (
    FEATURES,
    Logistic,
    Model,
    absent_name,
    contrasted,
    features,
    fit,
    load_model,
    question_terms,
    unknown_name,
)
from answer.premise import premise
from answer.question import comparison_years, focus
from assistant import Assistant
from core.errors import ModelError
from core.glossary import Glossary, default_glossary
from core.text import detect_language, words
from core.types import Answer
from eval.run import Fact, load_facts
from eval.train import FOLDS, _folds, examples, perturb

TINY = Glossary(
    [
        ("城镇", "town"),
        ("城镇", "cities and towns"),
        ("农村", "rural area"),
        ("收入", "income"),
        ("居民", "resident"),
        ("侯", "surname Hou"),
        ("侯", "marquis"),
        ("页", "page"),
        ("人均", "per capita"),
    ]
)


@pytest.fixture(scope="module")
def write(report_assistant: Assistant) -> Callable[[str], Answer]:
    """Ask the session's assistant; answers cached per question."""
    return lru_cache(maxsize=None)(report_assistant.ask)


def test_the_glossary_keeps_meanings_not_surnames() -> None:
    assert TINY.english("城镇") == {"town", "city"}  # stemmed like the report's words
    assert TINY.english("侯") == {"marquis"}
    assert TINY.english("不在") == frozenset()


def test_the_glossary_cuts_the_longest_known_words() -> None:
    assert TINY.segment("城镇居民人均收入") == ["城镇", "居民", "人均", "收入"]
    assert TINY.segment("abc 页码") == ["页", "码"]  # unknown characters stand alone


def test_cc_cedict_separates_urban_from_rural() -> None:
    glossary = default_glossary()
    assert "urban" in glossary.english("城镇") or "town" in glossary.english("城镇")
    assert "rural" in glossary.english("农村")
    assert not glossary.english("城镇") & glossary.english("农村")


def test_a_chinese_question_is_looked_up_in_english() -> None:
    terms = question_terms("2024年城镇居民收入是多少？", "zh", TINY, None)
    assert terms.bridged and terms.figures == {"2024"}
    words = [t.word for t in terms.terms]
    assert words[:4] == ["年", "城镇", "居民", "收入"]  # 是 and 多少 are stopwords
    assert "incom" in terms.terms[3].forms and "town" in terms.terms[1].forms  # stemmed


def test_fit_separates_what_one_feature_tells_apart() -> None:
    rows = [[x / 10, 0.5] for x in range(10)]
    labels = [int(x >= 5) for x in range(10)]
    model = fit(rows, labels, l2=0.1)
    assert model.probability([0.9, 0.5]) > 0.9 > 0.1 > model.probability([0.0, 0.5])
    assert model.weights[1] == pytest.approx(0.0, abs=1e-6)  # a constant feature weighs nothing


def test_weights_count_rows_as_often_as_they_are_weighted() -> None:
    rows, labels = [[0.0], [0.0], [1.0]], [1, 0, 1]
    once = fit(rows, labels, l2=0.0)
    twice = fit([[0.0], [0.0], [0.0], [1.0]], [1, 0, 0, 1], l2=0.0)
    weighted = fit(rows, labels, l2=0.0, weights=[1.0, 2.0, 1.0])
    assert weighted.probability([0.0]) == pytest.approx(twice.probability([0.0]), abs=1e-4)
    assert once.probability([0.0]) > weighted.probability([0.0])


def test_the_shipped_model_matches_the_features_and_has_every_language() -> None:
    model = load_model()
    assert len(model.answer.weights) == len(FEATURES)
    assert {"en", "zh", "fa", "all"} <= set(model.thresholds)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())


def test_a_model_for_other_features_names_the_fix() -> None:
    text = Model(Logistic((0.0,), (1.0,), (1.0,), 0.0), {}, {}).to_json()
    with pytest.raises(ModelError, match="python -m eval.train"):
        load_model(text.replace('"heuristic"', '"something else"'))


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("Why did the report say poverty rose in 2024?", "en", "poverty rose in 2024"),
        ("Why does the report claim that Mali rejected it?", "en", "Mali rejected it"),
        ("报告为什么说过渡期结束后要取消所有帮扶政策？", "zh", "过渡期结束后要取消所有帮扶政策"),
        ("چرا گزارش می‌گوید صادرات کم شد؟", "fa", "صادرات کم شد"),
        ("What did the report say about poverty?", "en", None),
        ("报告是谁发布的？", "zh", None),
        # 为 + 什么 ("for what"), not 为什么 ("why"): the question takes nothing for granted
        ("潘和林认为，中国除了解决自身的贫困问题，还为什么作出了重大贡献？", "zh", None),
        ("这些做法为什么服务？", "zh", None),
        ("报告为什么说中国作出了贡献？", "zh", "中国作出了贡献"),
    ],
)
def test_the_premise_is_the_clause_after_why(
    question: str, language: str, expected: str | None
) -> None:
    assert premise(question, language) == expected


def _fact(question: str, language: str = "en") -> Fact:
    return Fact("en-1", question, language, True, ("x",), (), "fact")


def test_perturbing_swaps_a_year_a_name_or_an_attribute() -> None:
    variants = perturb(_fact("What was the rural income in 2024 in Mali?"))
    assert variants == [
        "What was the rural income in 2016 in Mali?",
        "What was the urban income in 2024 in Mali?",
        "What was the rural debt in 2024 in Mali?",
        "What was the rural income in 2024 in Kenya?",
    ]
    assert perturb(_fact("2024年农村居民收入是多少？", "zh"))[1] == "2024年城镇居民收入是多少？"


def test_training_reads_only_the_dev_split() -> None:
    facts = load_facts()
    test_questions = {f.question for f in facts if f.split == "test"}
    assert test_questions  # the set has a test half
    assert not test_questions & {e.question for e in examples(facts)}


def test_folds_deal_each_dev_question_and_its_variants_to_one_fold() -> None:
    """Out-of-fold calibration answers each dev question with a model fitted without it: a
    question and its perturbed variants must fall in the same fold, and the folds be even."""
    facts = load_facts()
    items = examples(facts)
    fold_of = _folds([f.id for f in facts if f.split == "dev"])
    assert set(fold_of.values()) == set(range(FOLDS))
    sizes = [list(fold_of.values()).count(k) for k in range(FOLDS)]
    assert max(sizes) - min(sizes) <= 1
    # every training example is dealt by the dev question it comes from, variants included
    assert {ex.group for ex in items} <= set(fold_of)
    variants = [ex for ex in items if ex.variant]
    sources = {ex.group: ex.question for ex in items if not ex.variant}
    assert variants and all(v.question != sources[v.group] for v in variants)
    assert _folds(list(reversed(fold_of))) == fold_of  # the order given does not matter


def test_swapped_words_are_what_the_report_lacks(report_assistant: Assistant) -> None:
    # each perturbation must make a question the report cannot answer: the new word is absent
    text = " ".join(p.clean for p in report_assistant.corpus().passages).lower()
    for new in ("kenya", "peru", "shanghai", "world bank", "debt", "unemployment", "2016"):
        assert new not in text
    for new in ("肯尼亚", "秘鲁", "债务", "失业", "واردات", "گیلان", "برنج", "جشنواره"):
        assert new not in text


# -- answer forms ---------------------------------------------------------------------------


def test_a_false_premise_is_challenged_with_what_the_report_says(
    write: Callable[[str], Answer],
) -> None:
    answer = write("Why did the report say poverty rose in 2024?")
    assert answer.refused and answer.premise == "unsupported"
    assert answer.text.startswith('The report does not say that "poverty rose in 2024". What it')
    assert answer.text.endswith("[1]") and len(answer.citations) == 1
    assert answer.citations[0].quote in answer.text
    assert answer.to_json()["premise"] == "unsupported"


def test_a_chinese_false_premise_is_challenged_in_chinese(write: Callable[[str], Answer]) -> None:
    answer = write("报告为什么说过渡期结束后要取消所有帮扶政策？")
    assert answer.refused and answer.premise == "unsupported"
    assert answer.text.startswith("报告中没有说“过渡期结束后要取消所有帮扶政策”。")


def test_a_why_question_whose_premise_the_report_states_is_answered(
    write: Callable[[str], Answer],
) -> None:
    answer = write("Why did Mamou Daffe say the report is highly valuable?")
    assert not answer.refused and answer.premise is None
    assert "highly valuable" in answer.text


def test_an_overview_lists_key_points_from_several_articles(
    write: Callable[[str], Answer],
) -> None:
    answer = write("What are the main findings?")
    lines = answer.text.split("\n")
    assert not answer.refused and lines[0] == "The report's key points:"
    assert len(lines) == 6 and all(line.startswith("- ") for line in lines[1:])
    assert len(set(lines[1:])) == 5
    assert len({c.section for c in answer.citations}) >= 3
    assert "33.05 million" in answer.text


def test_a_chinese_overview_is_headed_in_chinese(write: Callable[[str], Answer]) -> None:
    answer = write("这份报告的主要内容是什么？")
    assert answer.text.startswith("报告的要点") and not answer.refused


def test_every_answered_chinese_question_starts_with_a_chinese_line(
    write: Callable[[str], Answer],
) -> None:
    for f in load_facts():
        if f.language != "zh" or f.split != "dev":
            continue
        answer = write(f.question)
        if not answer.refused:
            line = answer.text.split("\n")[0].removeprefix("1. ")  # a multi-part answer
            assert line.startswith(("答：", "报告")), f.id
            assert "报告原文：" in answer.text or detect_language(line) == "zh", f.id


def test_an_overview_question_of_stopwords_alone_is_a_real_question(
    write: Callable[[str], Answer],
) -> None:
    # "report" and "about" carry no meaning in a factual question, but this one asks the gist
    answer = write("What is the report about?")
    assert answer.text.startswith("The report's key points:")


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("reached 17,522 yuan, a 24.7 percent increase over 2021.", {"2021"}),
        ("比2021年增长了百分之多少？", {"2021"}),
        ("compared with 2019, more people worked", {"2019"}),
        ("By the end of 2024, China had provided assistance", set()),
        ("In 2024, the income reached 17,522 yuan", set()),
    ],
)
def test_a_year_compared_with_is_told_from_the_year_a_figure_is_for(
    text: str, years: set[str]
) -> None:
    assert comparison_years(text) == years


def test_a_value_for_a_year_the_passage_only_compares_with_is_not_given(
    write: Callable[[str], Answer],
) -> None:
    # "and in 2021?" after the 2024 income: the passage says "a 24.7 percent increase over
    # 2021", which is no figure for 2021
    assert write("What was the per capita disposable income of rural residents in 2021?").refused
    # ... but a question that compares with 2021 too is answered from it
    answer = write("脱贫县农村居民人均可支配收入比2021年增长了百分之多少？")
    assert not answer.refused and "24.7%" in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("2024年脱贫县农村居民人均可支配收入是多少元？", "答：17522元 [1]"),
        ("2024年脱贫县农村居民人均可支配收入约合多少美元？", "答：约2450美元 [1]"),
    ],
)
def test_the_answer_line_gives_the_figure_in_the_unit_asked(
    write: Callable[[str], Answer], question: str, line: str
) -> None:
    assert write(question).text.split("\n")[0] == line


def test_a_summary_of_one_article_quotes_that_article(write: Callable[[str], Answer]) -> None:
    answer = write("Give me a short summary of the article on Mazandaran.")
    assert answer.text.startswith("The report's key points:")
    assert {c.section for c in answer.citations} == {"۳ منطقه آزاد تجاری در مازندران فعال میشود"}


def test_a_chinese_request_to_introduce_a_topic_gets_its_key_points(
    write: Callable[[str], Answer],
) -> None:
    answer = write("简单介绍一下报告中关于中国参与国际减贫合作的内容。")
    assert answer.text.startswith("报告的要点") and not answer.refused
    assert len(answer.citations) >= 3
    assert "1,100 projects" in answer.text  # the cooperation figures, not the five chapters


def test_a_figure_of_how_long_something_lasts_answers_only_how_long(
    write: Callable[[str], Answer],
) -> None:
    # "five-year" is how long the period lasts, not how many aspects there are
    aspects = write("报告从几个关键方面总结了巩固拓展脱贫成果的做法？")
    assert "five** key aspects" in aspects.text and "five**-year" not in aspects.text
    lasted = write("How long was the transitional period?")
    assert "**five**-year" in lasted.text and not lasted.refused


def test_a_question_about_what_the_practices_did_is_not_asking_for_a_list(
    write: Callable[[str], Answer],
) -> None:
    answer = write("What did these practices ensure?")
    assert not answer.refused and "continuity of poverty reduction policies" in answer.text


def test_a_question_naming_what_the_report_never_names_is_refused(
    write: Callable[[str], Answer],
) -> None:
    for question in ("What is the population of Canada?", "加拿大有多少人口？"):
        answer = write(question)
        assert answer.refused and answer.confidence == 0.0, question
    # ... but a misspelt name the report does use is still the name
    assert write("What did Hector Villagran-Cepada say?").confidence > 0.0


def test_cc_cedict_tells_names_from_words() -> None:
    glossary = default_glossary()
    assert glossary.is_name("加拿大") and glossary.is_name("马里")
    assert (
        not glossary.is_name("振兴") and not glossary.is_name("比") and not glossary.is_name("收入")
    )


def test_a_chinese_name_is_known_by_its_own_words_not_its_description() -> None:
    glossary = Glossary(
        [
            ("上海", "Shanghai municipality, central east China"),
            ("财政部", "Ministry of Finance"),
            ("美元", "American dollar"),
            ("美元", "US dollar"),
        ]
    )
    assert glossary.name_words("上海") == (frozenset({"shanghai"}),)
    assert glossary.name_words("财政部") == (frozenset({"ministry", "financ"}),)
    assert glossary.name_words("美元") == (frozenset({"american"}), frozenset())
    report = frozenset({"china", "east", "central", "ministry", "dollar"})
    terms = question_terms("报告在上海发布吗？", "zh", glossary, None)
    assert unknown_name(terms, report)  # "china" and "east" describe Shanghai, they do not name it
    assert unknown_name(question_terms("财政部说了什么？", "zh", glossary, None), report)
    assert not unknown_name(question_terms("约合多少美元？", "zh", glossary, None), report)
    assert not unknown_name(terms, report | {"shanghai"})


def test_a_given_name_written_as_one_pinyin_word_still_names_the_person() -> None:
    # 黄忠 "Huang Zhong" (a general of old) opens 黄忠诗; the report writes "Huang Zhongshi"
    glossary = Glossary([("黄忠", "Huang Zhong (-220), general of Shu")])
    terms = question_terms("黄忠诗住在哪个村？", "zh", glossary, None)
    assert not unknown_name(terms, frozenset({"huang", "zhongshi"}))
    assert unknown_name(terms, frozenset({"huang", "zhou"}))


def test_a_name_only_one_direction_of_matching_finds_is_not_a_name() -> None:
    # forwards 对马里 is 对马 (Tsushima) + 里; backwards it is 对 + 马里 (Mali)
    glossary = Glossary([("对马", "Tsushima Island"), ("马里", "Mali"), ("有用", "useful")])
    assert glossary.segment("对马里有用") == ["对马", "里", "有用"]
    assert glossary.segment_backward("对马里有用") == ["对", "马里", "有用"]
    terms = question_terms("经验对马里有用吗？", "zh", glossary, None)
    assert not [t.word for t in terms.terms if t.name]
    assert not unknown_name(terms, frozenset({"mali"}))


def test_a_name_the_report_gives_elsewhere_must_be_in_the_passage() -> None:
    report = frozenset({"huang", "zhongshi", "zhongjiang", "china", "incom", "rural", "ecuador"})
    terms = question_terms("How much did Huang Zhongshi earn?", "en", None, None)
    assert absent_name(terms, {"incom", "rural", "earn"}, report)
    assert not absent_name(terms, {"huang", "zhongshi", "earn"}, report)
    # a name the report never gives is `unknown_name`'s to refuse, not this one's
    assert not absent_name(question_terms("What did Kenya earn?", "en", None, None), {"x"}, report)
    # a word formed from the name, and a typo of it, still name it; a near name does not
    ecuadorian = question_terms("What did the Ecuadorian envoy say?", "en", None, None)
    assert not absent_name(ecuadorian, {"ecuador", "envoy"}, report)
    assert not absent_name(terms, {"huang", "zhongshy"}, report)
    chinese = question_terms("Which Chinese province is it in?", "en", None, None)
    assert not absent_name(chinese, {"china", "provinc"}, report)
    county = question_terms("What is the income in Zhongjiang County?", "en", None, None)
    assert absent_name(county, {"zhongshi", "incom", "counti"}, report)


def test_a_value_for_one_person_is_not_the_one_given_for_all(
    write: Callable[[str], Answer],
) -> None:
    # the report gives the rural income of the counties, and names Huang Zhongshi elsewhere
    for question in (
        "How much did Huang Zhongshi earn last year?",
        "What was the per capita disposable income of rural residents in Zhongjiang County?",
    ):
        answer = write(question)
        assert answer.refused and answer.confidence == 0.0, question
    assert not write("Where does Huang Zhongshi live?").refused


def test_a_question_of_words_the_report_never_uses_is_refused(
    write: Callable[[str], Answer],
) -> None:
    for question in ("asdf", "qwerty zxcv", "What is a flibbertigibbet?"):
        answer = write(question)
        assert answer.refused and answer.confidence == 0.0, question
    # one word of the report is enough to be looked at
    assert not write("asdf: who released the report?").refused


def test_a_sentence_on_the_opposite_of_what_is_asked_does_not_answer() -> None:
    from core.synonyms import default_thesaurus

    terms = question_terms(
        "What was the income of urban residents?", "en", None, default_thesaurus()
    )
    rural = {"incom", "rural", "resident"}
    assert contrasted(terms, rural, rural)
    # a passage on both (the urban-rural gap) may answer; so may one on neither
    assert not contrasted(terms, rural | {"urban"}, rural)
    assert not contrasted(terms, {"incom", "resident"}, {"incom", "resident"})


def test_the_rural_income_is_not_given_for_urban_residents(
    write: Callable[[str], Answer],
) -> None:
    answer = write("What was the per capita disposable income of urban residents in 2024?")
    assert answer.refused and answer.confidence == 0.0
    assert not write("What was the per capita disposable income of rural residents?").refused


def test_a_question_for_the_name_of_something_the_report_names_is_answered(
    write: Callable[[str], Answer],
) -> None:
    answer = write("What is the name of the village where Huang Zhongshi lives?")
    assert not answer.refused and "Shima Village" in answer.text


def test_a_chinese_question_naming_a_place_the_report_never_names_is_refused(
    write: Callable[[str], Answer],
) -> None:
    # 上海's gloss is "Shanghai municipality, central east China": the report says China often
    answer = write("报告在上海的哪个会议上发布？")
    assert answer.refused and answer.confidence == 0.0


def test_a_multi_part_question_gets_a_cited_answer_per_part(
    write: Callable[[str], Answer], report_assistant: Assistant
) -> None:
    answer = write("How long was the transitional period and which year is its last?")
    first, second = answer.text.split("\n")[:2]
    assert first.startswith("1. ") and "five" in first
    assert second.startswith("2. ") and "**2025**" in second
    from answer.verify import citation_problems

    assert citation_problems(answer, report_assistant.corpus()) == []


# -- the focus: the attribute asked for --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("How many pages does the report have?", "en", {"pages"}),
        ("Who heads the Xinhua Institute?", "en", {"heads"}),
        ("What's the population of Mali?", "en", {"population"}),
        ("Which organisation released the report?", "en", set()),  # a category, not a focus
        ("Who is Mali's minister that praised the report?", "en", set()),
        ("新华研究院的院长是谁？", "zh", {"院长"}),
        ("这份报告一共有多少页？", "zh", {"页"}),
        ("中国向多少个国家提供了发展援助？", "zh", {"国家"}),  # past the measure word
        ("全球发展倡议带来了什么？", "zh", set()),  # "brought what": the verb may be paraphrased
        ("这报告是哪家单位出的？", "zh", set()),
        ("جمعیت استان مازندران چقدر است؟", "fa", {"جمعیت"}),
        ("مساحت مناطق آزاد چند هکتار است؟", "fa", {"هکتار"}),
        ("منطقه آزاد سوم در کدام شهر ایجاد می‌شود؟", "fa", set()),
        # "the name of X" asks for X: the answer gives the name, seldom the word "name"
        ("What is the name of the village where Huang Zhongshi lives?", "en", {"village"}),
        ("What is the name of the head of the institute?", "en", {"head"}),
        ("新华研究院院长的名字是什么？", "zh", {"院长"}),
        # so does "the number / size of X": the answer gives the figure, not the word "size"
        ("What is the number of projects the GDI has implemented?", "en", {"projects"}),
        ("脱贫人口的就业规模是多少？", "zh", {"就业"}),
        ("تعداد اعضای میز لبنیات چقدر است؟", "fa", {"اعضای"}),
    ],
)
def test_the_focus_is_the_attribute_a_question_asks_for(
    question: str, language: str, expected: set[str]
) -> None:
    tokens = default_glossary().segment(question) if language == "zh" else words(question)
    assert focus(tokens, language) == expected


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of Mali?",
        "Who chairs the Xinhua Institute?",
        "马里的首都是什么？",
        "مازندران چند فرودگاه دارد؟",
    ],
)
def test_a_sentence_without_the_attribute_asked_for_is_refused(
    write: Callable[[str], Answer], question: str
) -> None:
    # each quoted an on-topic sentence about Mali, the institute or Mazandaran before the
    # focus_missing feature: the sentence names the entity, never the attribute
    answer = write(question)
    assert answer.refused, question


def test_a_sentence_with_the_attribute_asked_for_is_answered(
    write: Callable[[str], Answer],
) -> None:
    answer = write("How many chapters does the report have?")
    assert not answer.refused and "**five**" in answer.text


def test_words_the_report_never_uses_count_across_languages() -> None:
    # an English question quoted from a Persian sentence: no word can be found in the sentence,
    # but the report's vocabulary says "walnut" and "orchard" are nowhere in it
    terms = question_terms("How many walnut trees are in the orchard?", "en", None, None)
    row = features(terms, 0.8, set(), set(), set(), set(), {"tre"}, "fa", True)
    assert row[FEATURES.index("lacking_words")] == 2.0
    assert row[FEATURES.index("focus_missing")] == 0.0  # nothing to look for it in
    same = features(terms, 0.8, {"walnut"}, {"walnut"}, set(), set(), {"walnut"}, "en", True)
    assert same[FEATURES.index("focus_missing")] == 0.0  # "how many walnut trees": found
    other = features(terms, 0.8, {"orchard"}, {"orchard"}, set(), set(), {"orchard"}, "en", True)
    assert other[FEATURES.index("focus_missing")] == 1.0


def test_a_misspelt_name_is_found_as_difflib_would_over_the_whole_vocabulary() -> None:
    # the letter-count bound only skips words difflib could never accept: same answers
    from difflib import get_close_matches

    from answer.answerable import NAME_LIKENESS, _named_alike

    vocabulary = frozenset(
        ["mazandaran", "villagran", "daffe", "xinhua", "per", "peru", "ecuador", "中国", "مازندران"]
        + [f"{a}{b}{c}word" for a in "abcdef" for b in "ghijk" for c in "lmnop"]
    )
    for form in [
        "mazendaran",
        "dafe",
        "villagren",
        "xinhau",
        "pery",
        "ecuadro",
        "bhlword",
        "zzzz",
        "مازندرا",
        "中国人",
        "canada",
    ]:
        cutoff = NAME_LIKENESS if len(form) >= 6 else 0.88
        expected = len(form) >= 4 and bool(get_close_matches(form, vocabulary, 1, cutoff))
        assert _named_alike(form, vocabulary) == expected, form
    assert _named_alike("mazendaran", vocabulary) and not _named_alike("canada", vocabulary)
