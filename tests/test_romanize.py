"""A Latin name finds its Persian spelling by consonants (core/romanize.py)."""

from __future__ import annotations

import pytest

from core.romanize import latin_skeleton, persian_skeleton, spelt_in_persian

GOVERNOR = "استاندار مازندران افزود: یونسی رستمی در تهران گفت"


@pytest.mark.parametrize(
    ("latin", "persian"),
    [("Mazandaran", "مازندران"), ("Rostami", "رستمی"), ("Tehran", "تهران"), ("Golestan", "گلستان")],
)
def test_a_romanised_name_and_its_persian_spelling_share_a_skeleton(
    latin: str, persian: str
) -> None:
    assert latin_skeleton(latin) == persian_skeleton(persian)


@pytest.mark.parametrize("name", ["Mazandaran", "mazandaran", "Rostami", "Tehran"])
def test_a_name_in_the_text_is_found(name: str) -> None:
    assert spelt_in_persian(name, GOVERNOR)


@pytest.mark.parametrize(
    "word",
    [
        "Golestan",  # another province
        "Iran",  # two consonants say too little: ایران would match "rain"
        "poverty",
        "مازندران",  # not Latin: the caller compares Persian with Persian
    ],
)
def test_what_the_text_does_not_spell_is_not_found(word: str) -> None:
    assert not spelt_in_persian(word, GOVERNOR + " ایران")
