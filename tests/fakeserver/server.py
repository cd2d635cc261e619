"""A small OpenAI-compatible HTTP server on 127.0.0.1 that misbehaves on demand.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length and chunked request bodies,
chunked SSE responses) for the official SDK to talk to it over a real socket, and it runs
on its own event loop in a daemon thread so that both synchronous and asynchronous tests
can use it. Every request is recorded; every wait is bounded by ``hold_seconds``.
"""

from __future__ import annotations

import asyncio
import collections
import json
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from fakeserver.faults import Behaviour, reply

_TOKEN = re.compile(r"\s*\S+\s*|\s+")
_MAX_HEADERS = 100
_MAX_BODY = 64 * 1024 * 1024

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def _capped(parts: list[str], payload: dict[str, Any]) -> tuple[list[str], str]:
    """The reply's tokens within the request's ``max_completion_tokens``/``max_tokens``, and
    its finish_reason: ``"length"`` when the cap cut it, as real servers do."""
    limit = payload.get("max_completion_tokens", payload.get("max_tokens"))
    if isinstance(limit, int) and 0 < limit < len(parts):
        return parts[:limit], "length"
    return parts, "stop"


def tokens(text: str) -> list[str]:
    """Split text the way the server streams it: one word (with its spaces) per chunk."""
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    raw_body: bytes
    json: Any
    at: float
    behaviour: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _BadRequest(Exception):
    pass


class FakeServer:
    """``with FakeServer() as server: ... server.base_url ...``"""

    def __init__(
        self,
        *,
        model: str = "fake-model",
        default: Behaviour | None = None,
        hold_seconds: float = 30.0,
    ) -> None:
        self.model = model
        self.default = default or reply()
        self.hold_seconds = hold_seconds
        self._script: collections.deque[Behaviour] = collections.deque()
        self._requests: list[RecordedRequest] = []
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._port = 0
        self._counter = 0
        self._connections = 0

    # ------------------------------------------------------------------ control

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self._run, name="fakeserver", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError("fake server did not start")
        if self._errors:
            raise RuntimeError(f"fake server failed to start: {self._errors[0]!r}")
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopping.set)
        self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours for the next chat requests, in order; then ``default`` applies."""
        with self._lock:
            self._script.extend(behaviours)

    def always(self, behaviour: Behaviour) -> None:
        """Answer every chat request that has no scripted behaviour with ``behaviour``."""
        with self._lock:
            self.default = behaviour

    @property
    def pending(self) -> int:
        """Scripted behaviours not used yet."""
        with self._lock:
            return len(self._script)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def connections(self) -> int:
        """TCP connections accepted so far."""
        with self._lock:
            return self._connections

    @property
    def errors(self) -> list[BaseException]:
        """Unexpected exceptions inside the server (a test should expect none)."""
        with self._lock:
            return list(self._errors)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.chat_requests) >= count:
                return True
            time.sleep(0.01)
        return len(self.chat_requests) >= count

    # ------------------------------------------------------------------ loop

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # pragma: no cover - reported through .errors
            with self._lock:
                self._errors.append(error)
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._on_connection, "127.0.0.1", 0)
        self._port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            await self._stopping.wait()
        finally:
            server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        with self._lock:
            self._connections += 1
        try:
            while True:
                try:
                    request = await _read_request(reader)
                except _BadRequest as error:
                    await _send_json(
                        writer, 400, _error_body(str(error), "bad_request"), close=True
                    )
                    return
                if request is None:
                    return
                if not await self._respond(request, reader, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        except Exception as error:
            with self._lock:
                self._errors.append(error)
        finally:
            self._tasks.discard(task)
            writer.close()

    # ------------------------------------------------------------------ responses

    async def _respond(
        self,
        request: tuple[str, str, dict[str, str], bytes],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Answer one request; False when the connection must close afterwards."""
        method, path, headers, body = request
        route = path.split("?", 1)[0].rstrip("/")
        payload: Any = None
        if body:
            try:
                payload = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                payload = None
        behaviour: Behaviour | None = None
        if method == "POST" and route.endswith("/chat/completions"):
            with self._lock:
                behaviour = self._script.popleft() if self._script else self.default
        self._record(method, path, headers, body, payload, behaviour)

        if method == "GET" and route.endswith("/models"):
            await _send_json(writer, 200, self._models())
            return True
        if behaviour is None:
            await _send_json(writer, 404, _error_body(f"no route {method} {route}", "not_found"))
            return True
        if not isinstance(payload, dict):
            await _send_json(writer, 400, _error_body("body must be a JSON object", "bad_json"))
            return True
        if behaviour.kind == "status":
            extra = [("retry-after", behaviour.retry_after)] if behaviour.retry_after else []
            body_out = {
                "error": {
                    "message": behaviour.error_message,
                    "type": behaviour.error_type,
                    "param": None,
                    "code": behaviour.error_code,
                }
            }
            await _send_json(writer, behaviour.code, body_out, extra=extra)
            return True
        if behaviour.kind == "hang":
            await self._hold(reader)
            return False
        if payload.get("stream"):
            return await self._stream(payload, behaviour, reader, writer)
        return await self._complete(payload, behaviour, reader, writer)

    async def _complete(
        self,
        payload: dict[str, Any],
        behaviour: Behaviour,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        parts, capped = _capped(tokens(behaviour.text), payload)
        if behaviour.delay:
            await asyncio.sleep(behaviour.delay * len(parts))
        finish = None if behaviour.kind in ("stall", "cut") else capped
        body = json.dumps(
            {
                "id": self._next_id(),
                "object": "chat.completion",
                "created": int(time.time()),
                "model": payload.get("model") or self.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": "".join(parts) if capped == "length" else behaviour.text,
                        },
                        "finish_reason": finish,
                    }
                ],
                "usage": _usage(payload, parts),
            }
        ).encode()
        if behaviour.kind == "malformed":
            body = body[: max(1, len(body) // 2)]
            await _send_raw(writer, 200, "application/json", body)
            return True
        if behaviour.kind in ("stall", "cut"):
            head = _head(
                200, [("content-type", "application/json"), ("content-length", str(len(body)))]
            )
            writer.write(head + body[: len(body) // 2])
            await writer.drain()
            if behaviour.kind == "stall":
                await self._hold(reader)
            return False
        await _send_raw(writer, 200, "application/json", body)
        return True

    async def _stream(
        self,
        payload: dict[str, Any],
        behaviour: Behaviour,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        model = payload.get("model") or self.model
        chunk_id = self._next_id()
        created = int(time.time())

        def event(delta: dict[str, Any], finish: str | None) -> bytes:
            data = {
                "id": chunk_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return b"data: " + json.dumps(data).encode() + b"\n\n"

        writer.write(
            _head(
                200,
                [
                    ("content-type", "text/event-stream; charset=utf-8"),
                    ("cache-control", "no-cache"),
                    ("transfer-encoding", "chunked"),
                ],
            )
        )
        await _write_chunk(writer, event({"role": "assistant", "content": ""}, None))
        parts, finish = _capped(tokens(behaviour.text), payload)
        for index, part in enumerate(parts):
            if index == behaviour.after and behaviour.kind in ("stall", "cut", "malformed"):
                break
            if behaviour.delay:
                await asyncio.sleep(behaviour.delay)
            await _write_chunk(writer, event({"content": part}, None))
        if behaviour.kind == "stall":
            await self._hold(reader)
            return False
        if behaviour.kind == "cut":
            if behaviour.abort:
                writer.transport.abort()
                return False
            await _write_chunk(writer, b"")
            return True
        if behaviour.kind == "malformed":
            await _write_chunk(
                writer, b'data: {"id": "chatcmpl-broken", "choices": [{"delta": {\n\n'
            )
        await _write_chunk(writer, event({}, finish))
        options = payload.get("stream_options")
        if isinstance(options, dict) and options.get("include_usage"):
            usage: dict[str, Any] = {
                "id": chunk_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": _usage(payload, parts),
            }
            await _write_chunk(writer, b"data: " + json.dumps(usage).encode() + b"\n\n")
        await _write_chunk(writer, b"data: [DONE]\n\n")
        await _write_chunk(writer, b"")
        return True

    async def _hold(self, reader: asyncio.StreamReader) -> None:
        """Say nothing until the client goes away, the server stops, or hold_seconds pass."""
        assert self._stopping is not None
        deadline = time.monotonic() + self.hold_seconds
        while not self._stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                data = await asyncio.wait_for(reader.read(4096), timeout=min(remaining, 0.2))
            except TimeoutError:
                continue
            if not data:
                return

    # ------------------------------------------------------------------ bookkeeping

    def _record(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        payload: Any,
        behaviour: Behaviour | None,
    ) -> None:
        record = RecordedRequest(
            method=method,
            path=path,
            headers=headers,
            raw_body=body,
            json=payload,
            at=time.monotonic(),
            behaviour=behaviour.describe() if behaviour else "",
        )
        with self._lock:
            self._requests.append(record)

    def _next_id(self) -> str:
        with self._lock:
            self._counter += 1
            return f"chatcmpl-fake-{self._counter}"

    def _models(self) -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": self.model, "object": "model", "created": 0, "owned_by": "fakeserver"}],
        }


# ---------------------------------------------------------------------- HTTP plumbing


async def _read_request(
    reader: asyncio.StreamReader,
) -> tuple[str, str, dict[str, str], bytes] | None:
    line = await reader.readline()
    if not line:
        return None
    try:
        method, path, _version = line.decode("latin-1").split()
    except ValueError as error:
        raise _BadRequest("malformed request line") from error
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADERS):
        raw = await reader.readline()
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    else:
        raise _BadRequest("too many headers")
    body = b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts: list[bytes] = []
        total = 0
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                await reader.readline()
                break
            total += size
            if total > _MAX_BODY:
                raise _BadRequest("body too large")
            parts.append(await reader.readexactly(size))
            await reader.readline()
        body = b"".join(parts)
    elif "content-length" in headers:
        length = int(headers["content-length"])
        if length > _MAX_BODY:
            raise _BadRequest("body too large")
        body = await reader.readexactly(length)
    return method.upper(), path, headers, body


def _head(code: int, headers: Iterable[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {code} {_REASONS.get(code, 'Error')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append("x-request-id: req_fake")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _send_raw(
    writer: asyncio.StreamWriter,
    code: int,
    content_type: str,
    body: bytes,
    *,
    extra: Iterable[tuple[str, str]] = (),
    close: bool = False,
) -> None:
    headers = [("content-type", content_type), ("content-length", str(len(body))), *extra]
    if close:
        headers.append(("connection", "close"))
    writer.write(_head(code, headers) + body)
    await writer.drain()


async def _send_json(
    writer: asyncio.StreamWriter,
    code: int,
    payload: Any,
    *,
    extra: Iterable[tuple[str, str]] = (),
    close: bool = False,
) -> None:
    body = json.dumps(payload).encode()
    await _send_raw(writer, code, "application/json", body, extra=extra, close=close)


async def _write_chunk(writer: asyncio.StreamWriter, data: bytes) -> None:
    """One piece of a chunked body; empty ``data`` ends the body."""
    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    await writer.drain()


def _error_body(message: str, code: str) -> dict[str, Any]:
    return {
        "error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}
    }


def _usage(payload: dict[str, Any], parts: list[str]) -> dict[str, int]:
    messages = payload.get("messages")
    prompt = (
        sum(len(str(m.get("content", "")).split()) for m in messages if isinstance(m, dict))
        if isinstance(messages, list)
        else 0
    )
    return {
        "prompt_tokens": prompt,
        "completion_tokens": len(parts),
        "total_tokens": prompt + len(parts),
    }
