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
