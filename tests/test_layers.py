"""The imports run one way: leaves (`core`) below the parts, the parts below the wiring point
(`assistant.py`), and the faces (`cli.py`, `app.py` with its `ui/`, `eval`, `bench`) above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {
    "core",
    "ingest",
    "retriever",
    "answer",
    "prompts",
    "assistant",
    "cli",
    "app",
    "ui",
    "eval",
    "bench",
    "langchain_retriever",
}
# What each floor may import of ours (besides itself).
ALLOWED = {
    "core": set(),
    "ingest": {"core"},
    "retriever": {"core"},
    "answer": {"core"},
    "prompts": {"core"},
    "assistant": {"core", "ingest", "retriever", "answer", "prompts"},
    # LangChain's BaseRetriever over ours: an adapter above the wiring point, like a face
    "langchain_retriever": {"core", "assistant"},
    # the page's parts talk to the wiring point and read the leaves' and answers' types; the
    # Evaluate tab runs the evaluation, a face beside the page (eval never imports ui)
    "ui": {"core", "assistant", "answer", "eval"},
}


def imports_of(path: Path) -> set[str]:
    """The top-level names of our modules that `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def _files(floor: str) -> list[Path]:
    single = ROOT / f"{floor}.py"
    return [single] if single.exists() else sorted((ROOT / floor).glob("*.py"))


@pytest.mark.parametrize("floor", sorted(ALLOWED))
def test_a_floor_imports_only_the_floors_below_it(floor: str) -> None:
    files = _files(floor)
    assert files, f"no modules found for {floor}"
    climbing = {
        str(f.relative_to(ROOT)): sorted(imports_of(f) - ALLOWED[floor] - {floor}) for f in files
    }
    assert {f: bad for f, bad in climbing.items() if bad} == {}


def test_the_ingest_part_has_no_command_that_imports_the_cli() -> None:
    assert not (ROOT / "ingest" / "__main__.py").exists()
    assert all("cli" not in imports_of(f) for f in _files("ingest"))


def test_the_checker_sees_an_arrow_climbing_up(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from assistant import Assistant\nimport core.text\nimport numpy\n")
    assert imports_of(module) == {"assistant", "core"}
