"""The claim check on golden cases in English, Chinese and Persian, with the real embedder.

The cases are eval/claims.jsonl, the same ones `reportchat eval --verifier` scores: a
hand-written claim, the paragraphs of data/report.txt it cites, and its verdict. The figures of
THRESHOLD and WORD_COVERAGE in answer/claims.py come from these cases
(`test_the_thresholds_sit_in_the_gap_of_the_golden_cases` keeps them honest). A case marked with
a `gap` is one the check cannot get right yet: it is expected to fail, and passing is an error
(remove its mark).
"""

from __future__ import annotations

from decimal import Decimal

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
from core.config import BUNDLED_REPORT
from core.text import detect_language
from core.types import Embedder
from eval.verifier import ClaimCase, load_cases

CASES = load_cases()
_L = BUNDLED_REPORT.read_text("utf-8").splitlines()
# The passages of the tests below that split whole answers (the golden cases carry their own).
PASSAGES = {1: _L[5], 2: _L[6], 3: _L[3], 7: _L[10], 9: _L[16]}


def _marked(case: ClaimCase) -> pytest.MarkDecorator | tuple[()]:
    """A strict xfail for a case with a known gap, so that closing the gap is noticed."""
    return pytest.mark.xfail(reason=case.gap, strict=True) if case.gap else ()


SUPPORTED = [c for c in CASES if c.supported]
UNSUPPORTED = [c for c in CASES if not c.supported]


def test_the_golden_cases_cover_every_kind_in_every_language() -> None:
    kinds = {(c.language, c.kind) for c in CASES if not c.gap}
    for language in ("en", "zh", "fa"):
        for kind in ("wrong number", "wrong passage", "no citation", "made-up name"):
            assert (language, kind) in kinds, (language, kind)
    assert {("en", "supported"), ("fa", "supported"), ("zh", "translated")} <= kinds
    assert ("zh", "translated") in {(c.language, c.kind) for c in CASES if "3305万" in c.claim}
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=_marked(c)) for c in SUPPORTED])
def test_a_claim_its_passage_states_is_supported(case: ClaimCase, embedder: Embedder) -> None:
    [verdict] = check_claims(case.claim, case.passages, embedder).claims
    assert (verdict.supported, verdict.reason) == (True, "")


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=_marked(c)) for c in UNSUPPORTED])
def test_a_claim_its_passage_does_not_state_is_unsupported(
    case: ClaimCase, embedder: Embedder
) -> None:
    [verdict] = check_claims(case.claim, case.passages, embedder).claims
    assert verdict.supported is False
    assert verdict.reason.startswith(case.reason), verdict.reason


def test_the_thresholds_sit_in_the_gap_of_the_golden_cases(embedder: Embedder) -> None:
    """The figures the comments in answer/claims.py give: every supported claim clears both
    thresholds, and every wrong-passage claim without a figure or name that gives it away falls
    below one of them."""
    supported = [c for c in SUPPORTED if not c.gap]
    verdicts = [check_claims(c.claim, c.passages, embedder).claims[0] for c in supported]
    assert min(v.similarity for v in verdicts) >= THRESHOLD
    for case, verdict in zip(supported, verdicts, strict=True):
        source = " ".join(case.passages[n] for n in verdict.citations)
        if detect_language(case.claim) == detect_language(source):
            assert _coverage(verdict.text, source) >= WORD_COVERAGE, case.id
    off_subject = [c for c in UNSUPPORTED if c.reason.startswith(("not close", "most of"))]
    assert len(off_subject) >= 7  # the cases THRESHOLD and WORD_COVERAGE were set on
    for case in off_subject:
        [verdict] = check_claims(case.claim, case.passages, embedder).claims
        source = " ".join(case.passages[n] for n in verdict.citations)
        assert verdict.similarity < THRESHOLD or _coverage(verdict.text, source) < WORD_COVERAGE, (
            case.id
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
