"""The claim check on golden cases in English, Chinese and Persian, with the real embedder.

The passages are paragraphs of the bundled report, read from data/report.txt; each case is a
hand-written claim and its verdict. The figures of THRESHOLD and WORD_COVERAGE in
answer/claims.py come from these cases (`test_the_thresholds_sit_in_the_gap_of_the_golden_cases`
keeps them honest).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from answer.claims import (
    THRESHOLD,
    WORD_COVERAGE,
    _content,
    _coverage,
    check_claims,
    drop_markers,
    figures,
    markers,
    names,
    sentences,
)
from core.text import detect_language
from core.types import Embedder

LINES = (Path(__file__).resolve().parent.parent / "data" / "report.txt").read_text("utf-8")
_L = LINES.splitlines()
PASSAGES = {
    1: _L[5],  # 33.05 million employed, above 30 million for four consecutive years
    2: _L[6],  # 17,522 yuan (about 2,450 U.S. dollars), a 24.7 percent increase over 2021
    3: _L[3],  # in February 2021, declared a complete victory
    4: _L[1],  # launched ... held in Beijing
    5: _L[48],  # Persian: two free zones in Mazandaran
    6: _L[49],  # Persian: three main axes of export desks
    7: _L[10],  # the practices ensured continuity of policies
    8: _L[14],  # success attributed to international best practices
    9: _L[16],  # developing countries as equal "co-creators"
}

SUPPORTED = [
    # English, and each translation form of a figure
    "By the end of 2024, 33.05 million people from formerly poor households had jobs [1].",
    "By the end of 2024, 33,050,000 people from formerly poor households had jobs [1].",
    "Employment has stayed above 30 million for four years in a row [1].",
    "Rural per capita disposable income in these counties reached 17522 yuan, about 2450 US "
    "dollars [2].",
    "That was a 24.7% increase over 2021 [2].",
    "China declared complete victory over absolute poverty in February 2021 [3].",
    "The report was launched in Beijing at the Global Civilizations Dialogue Ministerial "
    "Meeting [4].",
    "The report says these practices have kept poverty reduction policies continuous and "
    "assistance stable [7].",
    "China's international cooperation treats other developing countries as equal co-creators "
    "rather than passive followers [9].",
    "China's success in reducing poverty is largely owed to adopting international best "
    "practices [8].",
    "The governor of Mazandaran said the province has two free zones and plans a third [5].",
    # Chinese citing English passages: 3305万, 2021年2月, 24.7%, 17522元
    "截至2024年底，3305万脱贫人口实现就业[1]。",
    "脱贫县农村居民人均可支配收入达到17522元，比2021年增长百分之24.7[2]。",
    "中国于2021年2月宣布消除绝对贫困取得全面胜利[3]。",
    "中国将其他发展中国家视为平等的共创者，而不是被动的追随者[9]。",
    "报告称，中国减贫的成功很大程度上归功于借鉴国际最佳做法[8]。",
    # Persian citing English and Persian passages
    "تا پایان سال ۲۰۲۴، ۳۳٫۰۵ میلیون نفر از خانوارهای فقیر سابق شاغل بودند [1].",
    "درآمد سرانه روستاییان در این شهرستان‌ها به 17,522 یوان رسید که 24.7 درصد بیشتر از سال "
    "2021 است [2].",
    "گزارش می‌گوید کشورهای در حال توسعه شریکان برابر هستند، نه پیروان منفعل [9].",
    "استاندار مازندران گفت در حال حاضر دو منطقه آزاد وجود دارد [5].",
    "میز مرکبات، گل و گیاه و لبنیات سه محور اصلی صادرات هستند [6].",
]

# (claim, the start of the reason it fails)
UNSUPPORTED = [
    # a wrong number with the right citation, in each language
    ("By the end of 2024, 35.05 million people had jobs [1].", "the number 35050000 is not"),
    ("截至2024年底，3500万脱贫人口实现就业[1]。", "the number 35000000 is not"),
    ("درآمد سرانه روستاییان به 18,522 یوان رسید [2].", "the number 18522 is not"),
    ("Rural incomes rose 27.4 percent over 2021 [2].", "the percentage 27.4 is not"),
    ("China declared victory over absolute poverty in March 2021 [3].", "the date 2021-03"),
    # a name that is not in the passage
    ("Premier Zhang Wei said employment stayed above 30 million [1].", "the name 'Premier'"),
    ("The report was launched in Shanghai at a ministerial meeting [4].", "the name 'Shanghai'"),
    ("报告由Zhang Wei在北京发布[4]。", "the name 'Zhang'"),
    # a correct claim citing the wrong passage
    ("By the end of 2024, 33.05 million people had jobs [2].", "the number 2024 is not in [2]"),
    ("截至2024年底，3305万脱贫人口实现就业[2]。", "the number 2024 is not in [2]"),
    ("China declared victory over absolute poverty in February 2021 [4].", "the date 2021-02"),
    ("The governor said the province has two free zones [1].", "the number 2 is not in [1]"),
    ("میز مرکبات، گل و گیاه و لبنیات سه محور اصلی صادرات هستند [5].", "the number 3 is not"),
    ("The report says these practices ensured the continuity of poverty reduction "
     "policies [9].", "most of its words are not in [9]"),
    ("China's success in reducing poverty is largely owed to international best "
     "practices [4].", "most of its words are not in [4]"),
    ("中国将其他发展中国家视为平等的共创者[8]。", "not close to what [8] says"),
    ("报告称，中国减贫的成功很大程度上归功于借鉴国际最佳做法[6]。", "not close to what [6]"),
    ("گزارش می‌گوید کشورهای در حال توسعه شریکان برابر هستند [1].", "not close to what [1]"),
    ("The report was launched at a ministerial meeting [7].", "most of its words are not in [7]"),
    ("Employment and income have improved [5].", "not close to what [5] says"),
    # no citation, and a marker to no passage (removed, leaving no citation)
    ("By the end of 2024, 33.05 million people had jobs.", "no citation"),
    ("截至2024年底，3305万脱贫人口实现就业。", "no citation"),
    ("By the end of 2024, 33.05 million people had jobs [12].", "no citation"),
]  # fmt: skip


@pytest.mark.parametrize("claim", SUPPORTED)
def test_a_claim_its_passage_states_is_supported(claim: str, embedder: Embedder) -> None:
    [verdict] = check_claims(claim, PASSAGES, embedder).claims
    assert (verdict.supported, verdict.reason) == (True, "")


@pytest.mark.parametrize(("claim", "reason"), UNSUPPORTED)
def test_a_claim_its_passage_does_not_state_is_unsupported(
    claim: str, reason: str, embedder: Embedder
) -> None:
    [verdict] = check_claims(claim, PASSAGES, embedder).claims
    assert verdict.supported is False
    assert verdict.reason.startswith(reason), verdict.reason


def test_the_thresholds_sit_in_the_gap_of_the_golden_cases(embedder: Embedder) -> None:
    """The figures the comments in answer/claims.py give: every supported claim clears both
    thresholds, and every wrong-passage claim without a figure or name that gives it away falls
    below one of them."""
    supported = [check_claims(c, PASSAGES, embedder).claims[0] for c in SUPPORTED]
    assert min(c.similarity for c in supported) >= THRESHOLD
    for claim in SUPPORTED:
        source = " ".join(PASSAGES[n] for n in markers(claim))
        if detect_language(claim) == detect_language(source):
            assert _coverage(_content(claim), source) >= WORD_COVERAGE, claim
    off_subject = [(c, r) for c, r in UNSUPPORTED if r.startswith(("not close", "most of"))]
    for claim, _ in off_subject:
        [verdict] = check_claims(claim, PASSAGES, embedder).claims
        source = " ".join(PASSAGES[n] for n in verdict.citations)
        assert verdict.similarity < THRESHOLD or _coverage(verdict.text, source) < WORD_COVERAGE, (
            claim
        )


def test_an_answer_is_split_into_claims_each_with_its_own_markers(embedder: Embedder) -> None:
    answer = (
        "By the end of 2024, 33.05 million people had jobs [1]. Incomes rose 24.7% over 2021 "
        "[2][9]. 中国于2021年2月宣布消除绝对贫困[3]。A made-up claim [7]."
    )
    check = check_claims(answer, PASSAGES, embedder)
    assert [(c.citations, c.supported) for c in check.claims] == [
        ((1,), True),
        ((2, 9), True),
        ((3,), True),
        ((7,), False),
    ]
    assert [check.text[a:b] for a, b in check.spans][1] == "Incomes rose 24.7% over 2021 [2][9]."


def test_markers_to_no_passage_are_removed_and_the_rest_kept(embedder: Embedder) -> None:
    answer = "33.05 million people were employed by the end of 2024 [1, 14]. Made up [15]."
    check = check_claims(answer, PASSAGES, embedder)
    assert check.text == "33.05 million people were employed by the end of 2024 [1]. Made up."
    assert [c.citations for c in check.claims] == [(1,), ()]
    assert check.claims[1].reason == "no citation"
    assert check.any_supported


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("33.05 million", "3305万"),
        ("3305万", "33,050,000"),
        ("2,450", "2450"),
        ("24.7 percent", "24.7%"),
        ("百分之24.7", "24.7 درصد"),
        ("February 2021", "2021年2月"),
        ("فوریه ۲۰۲۱", "February 2021"),
        ("۳۳٫۰۵ میلیون", "33.05 million"),
        ("5 February 2021", "February 5, 2021"),
        ("five chapters", "五章"),
    ],
)
def test_a_figure_reads_the_same_in_every_form_a_translation_takes(a: str, b: str) -> None:
    assert figures(a) == figures(b) != set()


def test_figures_tell_percentages_counts_and_dates_apart() -> None:
    assert figures("24.7 percent of 2,450 people in February 2021") == {
        ("%", Decimal("24.7")),
        ("n", Decimal("2450")),
        ("date", 2021, 2, 0),
    }
    assert figures("33.05 is not 33.5") == {("n", Decimal("33.05")), ("n", Decimal("33.5"))}


def test_sentences_split_in_three_languages_but_not_inside_figures_or_initials() -> None:
    text = "It cost 2,450 U.S. dollars [1]. Up 24.7%! 中国宣布胜利。是吗？ آیا درست است؟ Yes [2]"
    assert sentences(text) == [
        "It cost 2,450 U.S. dollars [1].",
        "Up 24.7%!",
        "中国宣布胜利。",
        "是吗？",
        "آیا درست است؟",
        "Yes [2]",
    ]


def test_names_are_capitalised_words_but_not_a_sentence_s_opening_word() -> None:
    assert names("However, Premier Li Qiang visited Beijing and the U.S.") == [
        "Premier",
        "Li",
        "Qiang",
        "Beijing",
        "U.S",
    ]
    assert names("China's exports grew.") == ["China"]


def test_marker_helpers() -> None:
    assert markers("a [2][1, 3] b [2]") == (2, 1, 3)
    assert drop_markers("a [2][1，9] b [9].", frozenset({1, 2})) == "a [2][1] b."


def test_a_list_s_items_are_claims_without_their_bullets_or_numbers() -> None:
    text = (
        "The report says:\n1. Jobs held at 33.05 million [1].\n2. Incomes rose [2].\n- Up 24.7% [2]"
    )
    assert [_content(s) for s in sentences(text)] == [
        "The report says:",
        "Jobs held at 33.05 million.",
        "Incomes rose.",
        "Up 24.7%",
    ]
