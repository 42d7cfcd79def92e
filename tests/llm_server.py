"""A scripted OpenAI-compatible chat server on 127.0.0.1: the stand-in for a model in tests.

It serves `POST /v1/chat/completions` from a queue of scripted replies (`Reply`), one per
request: a JSON completion, an SSE stream, an error status, a stream cut off mid-answer, a reply
that is not JSON, or a stall past the client's deadline. It records every request it receives.
Each stall waits on an event that `stop()` sets, so stopping never waits on a sleeping handler.
"""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Kind = Literal["json", "sse", "status", "cut", "garbage", "stall"]
MAX_BODY = 1_000_000  # bytes of a request body read at most
STALL_CAP = 10.0  # seconds a stall waits at most, even if nothing stops it


@dataclass(frozen=True)
class Reply:
    """One scripted reply: `text` is the completion (split into `chunks` when streamed)."""

    kind: Kind
    text: str = ""
    status: int = 200
    chunks: tuple[str, ...] = ()
    finish: bool = True  # send the last chunk's finish_reason and [DONE]


def completion(text: str) -> Reply:
    """A whole chat completion answering `text`."""
    return Reply("json", text)


def streamed(*chunks: str, finish: bool = True) -> Reply:
    """An SSE stream of `chunks`; without `finish`, it ends cleanly but without a finish
    reason or [DONE], as a server that gave up would."""
    return Reply("sse", "".join(chunks), chunks=chunks, finish=finish)


@dataclass
class Received:
    """What a request carried."""

    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict[str, Any] = field(default_factory=dict)


class ScriptedServer:
    """The server, its thread and its script. Use as a context manager, or `start()`/`stop()`."""

    def __init__(self) -> None:
        self.script: queue.Queue[Reply] = queue.Queue()
        self.received: list[Received] = []
        self._stopping = threading.Event()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL a client is given, e.g. `http://127.0.0.1:40123/v1`."""
        return f"http://127.0.0.1:{self._http.server_address[1]}/v1"

    def start(self) -> ScriptedServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake every stalled handler, stop serving and close the socket."""
        self._stopping.set()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def before_chunk(self, i: int) -> None:
        """Called before a stream sends its chunk `i`; a subclass may hold the stream there."""

    def push(self, *replies: Reply) -> None:
        """Queue replies for the next requests, in order."""
        for reply in replies:
            self.script.put(reply)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: the test output is the test's."""

            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = min(int(self.headers.get("Content-Length", "0")), MAX_BODY)
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.received.append(Received(self.path, headers, body))
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                try:
                    reply = server.script.get_nowait()
                except queue.Empty:
                    self._send(500, {"error": {"message": "the test scripted no reply"}})
                    return
                self._play(reply, body.get("model", ""))

            def _play(self, reply: Reply, model: str) -> None:
                if reply.kind == "json":
                    self._send(200, _completion(reply.text, model))
                elif reply.kind == "status":
                    self._send(reply.status, {"error": {"message": reply.text, "code": None}})
                elif reply.kind == "garbage":
                    self._send_raw(200, b"<html>this is not json", "application/json")
                elif reply.kind == "stall":
                    server._stopping.wait(STALL_CAP)
                elif reply.kind == "sse":
                    self._stream(reply, model)
                elif reply.kind == "cut":
                    self._cut(reply, model)

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                self._send_raw(status, json.dumps(payload).encode(), "application/json")

            def _send_raw(self, status: int, data: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: Reply, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                for i, chunk in enumerate(reply.chunks):
                    server.before_chunk(i)
                    last = reply.finish and i == len(reply.chunks) - 1
                    event = _chunk(chunk, model, "stop" if last else None)
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                if reply.finish:
                    self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

            def _cut(self, reply: Reply, model: str) -> None:
                # Chunked transfer that stops mid-chunk: the connection drops mid-answer.
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in reply.chunks:
                    data = f"data: {json.dumps(_chunk(chunk, model, None))}\n\n".encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"400\r\ndata: {")  # promises 1024 bytes, sends 7
                self.wfile.flush()
                self.close_connection = True

        return Handler


def _completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(text: str, model: str, finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}],
    }
