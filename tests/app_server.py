"""Test helper: serve the app with `python app.py` in a subprocess on a free loopback port.

Used by tests/test_app.py and tests/test_browser.py; the index it serves comes from the
session fixtures in tests/conftest.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120.0  # seconds for `python app.py` to import gradio, open the index and serve
STOP_TIMEOUT = 15.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    index_path: Path, log: Path, host: str = "127.0.0.1", env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run `python app.py` over `index_path`; yield its URL once it answers HTTP, stop it after.

    It listens on `host` (`0.0.0.0`: every address) and is reached on 127.0.0.1 either way;
    `env` adds `REPORTCHAT_*` variables. The server's output goes to `log`, which is quoted if
    it fails to start.
    """
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("REPORTCHAT_")}
    env = {
        **inherited,
        "REPORTCHAT_INDEX_PATH": str(index_path),
        "REPORTCHAT_HOST": host,
        "REPORTCHAT_PORT": str(port),
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "NO_PROXY": "127.0.0.1,localhost",
        **(env or {}),
    }
    url = f"http://127.0.0.1:{port}/"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll `url` until it answers 200; fail with the server's log if it exits or times out."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"app.py exited with {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        try:
            with opener.open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"app.py did not answer at {url} within {START_TIMEOUT:.0f} s:\n"
        f"{log.read_text(errors='replace')}"
    )
