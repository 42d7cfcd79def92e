"""Settings: one frozen dataclass; defaults here, `REPORTCHAT_*` variables on top, then flags."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError

BUNDLED_REPORT = Path(__file__).resolve().parent.parent / "data" / "report.txt"
_POSITIVE = ("max_file_mb", "max_units")  # limits: 0 or less would refuse every file


@dataclass(frozen=True)
class Settings:
    """Everything a user can configure. Components never see this; the assistant unpacks it."""

    index_path: Path = Path(".reportchat")
    collection: str = "report"
    chroma_url: str = ""  # http://host:port of a `chroma run` server; empty: the local folder
    embedder: str = "e5-small"  # or "sentence-transformers:<name or path>"
    reranker: str = ""  # a sentence-transformers CrossEncoder name or path; empty: no reranking
    bundled_report: Path = BUNDLED_REPORT
    top_k: int = 5  # passages listed as sources / closest passages on a refusal
    candidates: int = 30  # sentences each retriever hands to fusion
    max_question_chars: int = 2000
    max_file_mb: int = 50  # uncompressed content per file; a bigger one is refused unread
    max_units: int = 100_000  # passages + sentences per file; more is refused before embedding
    refusal_threshold: float = 0.0  # 0.0: the writer's calibrated default (answer/extractive.py)
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = ""  # "user:password" turns on the UI login
    # "user:password" of who may add and remove documents from the page; empty: anyone, but only
    # while the page listens on loopback (never shown in a repr: it is a password)
    admin: str = dataclasses.field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by `REPORTCHAT_<FIELD>` variables (e.g. `REPORTCHAT_INDEX_PATH`)."""
        env = os.environ if env is None else env
        changes: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(f"REPORTCHAT_{f.name.upper()}")
            if raw is None:
                continue
            changes[f.name] = _parse(f.name, str(f.type), raw)
        return dataclasses.replace(cls(), **changes)  # type: ignore[arg-type]


def _parse(name: str, type_name: str, raw: str) -> object:
    if "Path" in type_name:
        return Path(raw)
    if "int" in type_name:
        try:
            number = int(raw)
        except ValueError:
            raise InputError(
                f"REPORTCHAT_{name.upper()}={raw!r} is not a whole number. Set it to e.g. 5."
            ) from None
        if name in _POSITIVE and number < 1:
            raise InputError(
                f"REPORTCHAT_{name.upper()}={raw!r} must be at least 1. "
                f"Set it to e.g. {getattr(Settings, name)}, or unset it for the default."
            )
        return number
    if "float" in type_name:
        try:
            return float(raw)
        except ValueError:
            raise InputError(
                f"REPORTCHAT_{name.upper()}={raw!r} is not a number. Set it to e.g. 0.5."
            ) from None
    return raw
