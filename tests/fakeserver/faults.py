"""What the fake server does with one chat-completions request: a normal reply or a fault.

Each behaviour is a small frozen value; tests queue them with ``FakeServer.script(...)``.
The factory functions below are the vocabulary tests use::

    server.script(status(429, retry_after=1), status(500), reply("Tell me more."))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DEFAULT_TEXT = "Thanks for that. Could you tell me more about what you did yourself?"

Kind = Literal["reply", "status", "hang", "stall", "cut", "malformed"]


@dataclass(frozen=True)
class Behaviour:
    """One scripted answer to one ``POST /v1/chat/completions``.

    ``reply``      a normal answer (SSE when the request streams, JSON otherwise)
    ``status``     an HTTP error with an OpenAI-shaped error body (and ``Retry-After``)
    ``hang``       read the request, then never answer (until the client gives up)
    ``stall``      send ``after`` content chunks, then go silent with the stream open
    ``cut``        send ``after`` content chunks, then end the stream with no
                   ``finish_reason`` and no ``[DONE]``: cleanly (``abort=False``: the body
                   framing ends properly) or by dropping the connection (``abort=True``)
    ``malformed``  send ``after`` content chunks, then a chunk that is not JSON
    """

    kind: Kind
    text: str = DEFAULT_TEXT
    delay: float = 0.0
    after: int = 0
    abort: bool = False
    code: int = 200
    retry_after: str | None = None
    error_message: str = ""
    error_type: str = ""
    error_code: str | None = None
    headers: tuple[tuple[str, str], ...] = field(default=())

    def describe(self) -> str:
        if self.kind == "status":
            return f"status {self.code}"
        if self.kind in ("stall", "cut", "malformed"):
            return f"{self.kind} after {self.after}"
        return self.kind


def reply(text: str = DEFAULT_TEXT) -> Behaviour:
    """A normal answer carrying ``text``."""
    return Behaviour("reply", text=text)


def drip(text: str = DEFAULT_TEXT, delay: float = 0.05) -> Behaviour:
    """A normal streamed answer that sends one token every ``delay`` seconds."""
    return Behaviour("reply", text=text, delay=delay)


_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid value for 'messages'.", "invalid_request_error", "invalid_value"),
    401: (
        "Incorrect API key provided: sk-fake***. You can find your API key in your account.",
        "invalid_request_error",
        "invalid_api_key",
    ),
    403: ("You are not allowed to use this model.", "invalid_request_error", "forbidden"),
    404: ("The model 'nope' does not exist.", "invalid_request_error", "model_not_found"),
    429: ("Rate limit reached for requests.", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request.", "server_error", None),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}


def status(
    code: int,
    *,
    retry_after: float | str | None = None,
    message: str | None = None,
    error_type: str | None = None,
    error_code: str | None = None,
) -> Behaviour:
    """An HTTP error ``code`` with the body ``{"error": {"message", "type", "code"}}``."""
    default_message, default_type, default_code = _ERRORS.get(
        code, ("Something went wrong.", "server_error", None)
    )
    return Behaviour(
        "status",
        code=code,
        retry_after=None if retry_after is None else str(retry_after),
        error_message=default_message if message is None else message,
        error_type=default_type if error_type is None else error_type,
        error_code=default_code if error_code is None else error_code,
    )


def hang() -> Behaviour:
    """Accept the request and never answer."""
    return Behaviour("hang")


def stall(after: int = 2, text: str = DEFAULT_TEXT) -> Behaviour:
    """Start the stream, send ``after`` content chunks, then go silent."""
    return Behaviour("stall", text=text, after=after)


def cut(after: int = 2, text: str = DEFAULT_TEXT, *, abort: bool = False) -> Behaviour:
    """Start the stream, send ``after`` content chunks, then end it without finishing."""
    return Behaviour("cut", text=text, after=after, abort=abort)


def malformed(after: int = 1, text: str = DEFAULT_TEXT) -> Behaviour:
    """Start the stream, send ``after`` content chunks, then a chunk that is not JSON."""
    return Behaviour("malformed", text=text, after=after)
