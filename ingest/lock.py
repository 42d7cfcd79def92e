"""One writer at a time: a lock file beside a local index, a lease record on a Chroma server.

Two ingests queue (the second says whom it waits for) instead of racing; a writer killed with
SIGKILL frees a lock file at once (the kernel drops `flock` locks with the process) and a lease
when it expires.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from core.errors import IndexError_

LEASE_SECONDS = 60.0  # a server writer renews its lease between batches
_POLL = 0.2


class Leases(Protocol):
    """A shared record only one writer can hold (the store on a server)."""

    def take_lease(self, owner: str, seconds: float) -> bool:
        """Try to hold the lease; True if held."""
        ...

    def lease_holder(self) -> str:
        """Who holds it now, or ""."""
        ...

    def release_lease(self, owner: str) -> None:
        """Give it up if ours."""
        ...


def owner_name() -> str:
    """`host:pid`, how a waiting writer names the one it waits for."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def file_lock(folder: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold `folder/write.lock` (creating the folder); calls `waiting(holder)` once if busy."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "write.lock", "a+")  # noqa: SIM115 - held for the whole block
    except OSError as err:  # EACCES, or EROFS on a read-only mount
        raise IndexError_(
            f"The index at {folder} is read-only: questions can be asked but nothing can be "
            "added or removed. Use a folder you can write (REPORTCHAT_INDEX_PATH)."
        ) from err
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            waiting(handle.read().strip() or "another process")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(owner_name())
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def lease_lock(leases: Leases, waiting: Callable[[str], None]) -> Iterator[str]:
    """Hold the server's write lease; yields our owner name (to renew it)."""
    owner = f"{owner_name()}:{time.monotonic_ns()}"
    told = False
    while not leases.take_lease(owner, LEASE_SECONDS):
        if not told:
            waiting(leases.lease_holder() or "another process")
            told = True
        time.sleep(_POLL)
    try:
        yield owner
    finally:
        leases.release_lease(owner)
