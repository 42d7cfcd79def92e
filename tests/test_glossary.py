"""Tests for core.glossary's kept copy of CC-CEDICT: read once, then from the cache folder."""

from __future__ import annotations

from pathlib import Path

from core.glossary import Glossary


def _table(glossary: Glossary) -> dict[str, list[str]]:
    return glossary._load()


def test_the_table_is_kept_and_read_back_the_same(tmp_path: Path) -> None:
    first = Glossary()
    first.load(cache=tmp_path / "cache")
    kept = list((tmp_path / "cache").iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("cedict-")
    again = Glossary()
    again.load(cache=tmp_path / "cache")
    assert _table(again) == _table(first)
    assert len(_table(first)) > 100_000
    assert again.english("中国") == {"china"} and again.is_name("马里")


def test_a_damaged_copy_is_read_again_from_the_package_and_replaced(tmp_path: Path) -> None:
    Glossary().load(cache=tmp_path)
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(b"\x00not marshal")
    glossary = Glossary()
    glossary.load(cache=tmp_path)
    assert glossary.english("中国") == {"china"}
    assert kept.read_bytes() != b"\x00not marshal"  # written anew


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    glossary = Glossary()
    glossary.load(cache=blocked)
    assert glossary.english("中国") == {"china"}
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_given_entries_never_touch_the_cache(tmp_path: Path) -> None:
    glossary = Glossary([("小镇", "small town"), ("小镇", "township")])
    glossary.load(cache=tmp_path / "cache")
    assert glossary.english("小镇") == {"small", "town", "township"}
    assert not (tmp_path / "cache").exists()


def test_readings_come_with_the_table_and_from_the_cache(tmp_path: Path) -> None:
    """Each character's toneless pinyin, for names the dictionary lacks: 黄仲实 is spelt
    huangzhongshi (the report's "Huang Zhongshi"); 绿's lü (lu:4) loses its colon."""
    first = Glossary()
    first.load(cache=tmp_path)
    assert first.pinyin("黄仲实") == ["huangzhongshi"] and first.pinyin("张伟") == ["zhangwei"]
    assert "lu" in first.pinyin("绿") and first.pinyin("x") == []
    assert first.is_surname("张") and not first.is_surname("村")
    again = Glossary()
    again.load(cache=tmp_path)  # read back from the kept copy
    assert again.pinyin("黄仲实") == ["huangzhongshi"] and again.is_surname("黄")


def test_an_old_cache_of_senses_alone_is_not_read(tmp_path: Path) -> None:
    """A copy kept by the version before readings (a bare dict) is not mistaken for the table."""
    import marshal

    Glossary().load(cache=tmp_path)
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(marshal.dumps({"中国": ["China"]}))
    glossary = Glossary()
    glossary.load(cache=tmp_path)
    assert glossary.pinyin("张伟") == ["zhangwei"] and glossary.english("马里") == {"mali"}


def test_a_word_whose_first_sense_is_to_do_something_is_a_verb() -> None:
    glossary = Glossary([("就业", "to get a job"), ("就业", "employment"), ("县", "county")])
    assert glossary.is_verb("就业")
    assert not glossary.is_verb("县")
    assert not glossary.is_verb("没有的词")  # a word CC-CEDICT lacks is no verb
