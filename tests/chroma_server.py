"""A real `chroma run` server on a free loopback port, for the tests of server mode."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from app_server import free_port

CHROMA = Path(sys.executable).with_name("chroma")
START_SECONDS = 60.0


class ChromaServer:
    """`chroma run --path FOLDER` on 127.0.0.1; can be stopped and started again on its port."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> ChromaServer:
        """Start it and wait (bounded) until it answers its heartbeat."""
        self._process = subprocess.Popen(
            [
                str(CHROMA),
                "run",
                "--path",
                str(self.folder),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.url} within {START_SECONDS} s")

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL) and wait for it."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        self._process = None
