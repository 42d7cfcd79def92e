"""What the command-line tests share: the result of one `reportchat` run, and an autouse
fixture (import it by name into a test module) that keeps the developer's `REPORTCHAT_*`
variables from changing what the tests see."""

from __future__ import annotations

import os
import select
import time
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


def read_terminal(fd: int, wanted: bytes | None, seconds: float, seen: bytearray) -> bytes:
    """Read the terminal `fd` into `seen` until it holds `wanted` (None: until the process
    closes it), the process closes it, or `seconds` pass; return all of `seen`. It polls
    rather than selects: late in the whole suite a pty's descriptor is above select's 1024."""
    waiting = select.poll()
    waiting.register(fd, select.POLLIN)
    deadline = time.monotonic() + seconds
    while (wanted is None or wanted not in seen) and time.monotonic() < deadline:
        if not waiting.poll(500):
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the process closed its end of the terminal
            break
        if not data:
            break
        seen.extend(data)
    return bytes(seen)
