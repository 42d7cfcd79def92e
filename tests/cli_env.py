"""What the command-line tests share: the result of one `reportchat` run, and an autouse
fixture (import it by name into a test module) that keeps the developer's `REPORTCHAT_*`
variables from changing what the tests see."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Run:
    """What one `reportchat` invocation returned and printed."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def no_reportchat_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's REPORTCHAT_* variables must not change what the tests see."""
    for name in list(os.environ):
        if name.startswith("REPORTCHAT_"):
            monkeypatch.delenv(name)
