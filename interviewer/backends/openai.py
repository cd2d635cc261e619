"""The OpenAI-compatible interviewer: chat completions over ``AsyncOpenAI``, streamed.

Works with OpenAI, Azure-style gateways, Ollama, vLLM and llama.cpp servers: everything it
needs is a base URL, a model name and (except for local servers) a key.

Retries (tenacity, :mod:`interviewer.backends.retry`) wrap the start of a turn: opening the
stream and reading it up to its first words. Once words have been shown to the user a retry
would repeat them, so a failure after that point is not retried: it raises ``BackendError``
and the engine finishes the turn with the offline interviewer. A stream that ends without a
``finish_reason`` is treated as cut off (the SDK ends such a stream quietly), and a chunk that
is not JSON (``json.JSONDecodeError``, not an openai error) as broken; before the first
words both are retried like a dropped connection.

Model output is untrusted: escape sequences and control characters are stripped and the
length is capped (:mod:`interviewer.backends.sanitize`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import httpx
import openai
from openai import AsyncOpenAI, AsyncStream, Omit
from openai.types.chat import ChatCompletionChunk

from interviewer.backends.base import BackendError, ReplyEnd, SpeakRequest
from interviewer.backends.prompt import build_messages
from interviewer.backends.retry import Sleep, StreamBroken, make_retrying
from interviewer.backends.sanitize import MAX_REPLY_CHARS, StreamSanitizer, clean_text

__all__ = ["OpenAIBackend", "describe_error"]


@dataclass
class _Opened:
    """A stream that has produced its first words (or finished)."""

    stream: AsyncStream[ChatCompletionChunk] | None
    first: str
    sanitizer: StreamSanitizer


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    message: Any = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
    text = clean_text(str(message or error.message or "")).replace("\n", " ").strip()
    return text[:200]


_REFUSED = ("unsupported", "not supported", "does not support", "only the default")
"""How servers word a parameter the model does not take ("Unsupported value: 'temperature'
does not support 0.7 with this model. Only the default (1) value is supported.")."""


def _refuses_temperature(error: openai.BadRequestError) -> bool:
    message = _server_message(error).lower()
    named = getattr(error, "param", None) == "temperature" or "temperature" in message
    return named and any(words in message for words in _REFUSED)


def describe_error(error: BaseException, *, model: str, endpoint: str, attempts: int) -> str:
    """One line for the user: what went wrong and, where we know it, what fixes it."""
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        detail = _server_message(error)
        suffix = f": {detail}" if detail else ""
        if status == 401:
            return (
                f"the API at {endpoint} rejected the key (401): set OPENAI_API_KEY (or "
                "INTERVIEWER_API_KEY for a custom base URL), or run 'interviewer config' to "
                "check which key is used"
            )
        if status == 403:
            return f"the API at {endpoint} refused access (403){suffix}"
        if status == 404:
            return (
                f"the API at {endpoint} did not find model {model!r} or the endpoint (404): "
                "check INTERVIEWER_MODEL and the base URL"
            )
        if status == 429:
            return f"the API at {endpoint} kept rate-limiting requests (429) after {attempts} tries"
        if status >= 500 or status == 408:
            return f"the API at {endpoint} failed ({status}) after {attempts} tries{suffix}"
        return f"the API at {endpoint} rejected the request ({status}){suffix}"
    if isinstance(error, openai.APITimeoutError | httpx.TimeoutException):
        return f"the API at {endpoint} did not answer in time (tried {attempts} times)"
    if isinstance(error, openai.APIConnectionError | httpx.TransportError):
        return f"cannot reach the API at {endpoint} (tried {attempts} times)"
    if isinstance(error, StreamBroken):
        return f"the reply from {endpoint} broke off: {error}"
    return f"the API at {endpoint} failed: {type(error).__name__}"


class OpenAIBackend:
    """Words moves through an OpenAI-compatible chat completions endpoint."""

    def __init__(
        self,
        client: AsyncOpenAI,
        *,
        model: str,
        temperature: float = 0.7,
        max_tokens: int = 300,
        stream: bool = True,
        attempts: int = 4,
        budget: float = 45.0,
        send_key: bool = True,
        official: bool = True,
        endpoint: str = "OpenAI",
        sleep: Sleep = asyncio.sleep,
        max_chars: int = MAX_REPLY_CHARS,
    ) -> None:
        self.client = client
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.stream = stream
        self.attempts = attempts
        self.budget = budget
        self.send_key = send_key
        self.official = official
        self.endpoint = endpoint
        self.sleep = sleep
        self.max_chars = max_chars
        self.send_temperature = True
        """False once the model refused the temperature parameter (reasoning models accept
        only their default); it is then left out for the rest of the session."""
        self.last_attempts = 0
        self.last_finish_reason: str | None = None
        """Why the latest reply ended ('stop', 'length', ...); 'length' also when the reply
        reached ``max_chars``. None while it streams or when it broke off."""

    @property
    def name(self) -> str:
        return "openai"

    @property
    def description(self) -> str:
        return f"{self.model} at {self.endpoint}"

    async def aclose(self) -> None:
        await self.client.close()

    # ------------------------------------------------------------------ requests

    def _params(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        params: dict[str, Any] = {"model": self.model, "messages": messages}
        if self.send_temperature:
            params["temperature"] = self.temperature
        # OpenAI's own endpoint wants max_completion_tokens for newer models; compatible
        # servers (Ollama, vLLM, llama.cpp) know max_tokens.
        params["max_completion_tokens" if self.official else "max_tokens"] = self.max_tokens
        if not self.send_key:
            params["extra_headers"] = {"Authorization": Omit()}
        return params

    def _retrying(self) -> Any:
        self.last_attempts = 0
        return make_retrying(attempts=self.attempts, budget=self.budget, sleep=self.sleep)

    def _out_of_time(self) -> BackendError:
        return BackendError(
            f"the API at {self.endpoint} gave no reply within the {self.budget:g} s retry "
            f"budget ({self.last_attempts} attempt(s))"
        )

    def _fail(self, error: BaseException) -> BackendError:
        message = describe_error(
            error, model=self.model, endpoint=self.endpoint, attempts=self.last_attempts
        )
        return BackendError(message)

    async def _create(self, messages: list[dict[str, str]], **extra: Any) -> Any:
        """One request; when the model refuses the temperature (a 400 naming it), the same
        request again without it, as that is a setting the model does not take, not a fault."""
        self.last_attempts += 1
        try:
            return await self.client.chat.completions.create(**self._params(messages), **extra)
        except openai.BadRequestError as error:
            if not (self.send_temperature and _refuses_temperature(error)):
                raise
        self.send_temperature = False
        self.last_attempts += 1
        return await self.client.chat.completions.create(**self._params(messages), **extra)

    async def _complete(self, messages: list[dict[str, str]]) -> str:
        response = await self._create(messages)
        if not response.choices:
            raise StreamBroken("the response held no reply")
        self.last_finish_reason = response.choices[0].finish_reason
        return response.choices[0].message.content or ""

    async def _open_stream(self, messages: list[dict[str, str]]) -> _Opened:
        """Open the stream and read it up to its first visible words."""
        sanitizer = StreamSanitizer(self.max_chars)
        stream = await self._create(messages, stream=True)
        shown = ""
        try:
            async for chunk in stream:
                piece, finished = _delta(chunk)
                shown += sanitizer.feed(piece)
                if finished is not None:
                    self.last_finish_reason = "length" if sanitizer.full else finished
                    await stream.close()
                    return _Opened(None, shown + sanitizer.flush(), sanitizer)
                if shown.strip():
                    return _Opened(stream, shown, sanitizer)
        except json.JSONDecodeError as error:
            await stream.close()
            raise StreamBroken("the API sent a malformed chunk") from error
        except (openai.APIStatusError, openai.APIConnectionError, httpx.TransportError):
            await stream.close()
            raise
        except openai.APIError as error:
            await stream.close()
            raise StreamBroken(f"the API reported an error mid-stream: {error.message}") from error
        await stream.close()
        raise StreamBroken("the stream ended before the reply was complete")

    # ------------------------------------------------------------------ speaking

    async def speak(self, request: SpeakRequest) -> AsyncIterator[str | ReplyEnd]:
        self.last_finish_reason = None
        messages = build_messages(request)
        if not self.stream:
            try:
                async with asyncio.timeout(self.budget):
                    text = await self._retrying()(self._complete, messages)
            except TimeoutError as error:
                raise self._out_of_time() from error
            except (openai.OpenAIError, httpx.HTTPError, StreamBroken) as error:
                raise self._fail(error) from error
            sanitizer = StreamSanitizer(self.max_chars)
            cleaned = (sanitizer.feed(text) + sanitizer.flush()).strip()
            if sanitizer.full:
                self.last_finish_reason = "length"
            if not cleaned:
                raise BackendError(f"the API at {self.endpoint} sent an empty reply")
            yield cleaned
            yield ReplyEnd(self.last_finish_reason)
            return
        try:
            # The budget bounds everything up to the first words: every attempt, every wait.
            async with asyncio.timeout(self.budget):
                opened = await self._retrying()(self._open_stream, messages)
        except TimeoutError as error:
            raise self._out_of_time() from error
        except (openai.OpenAIError, httpx.HTTPError, StreamBroken) as error:
            raise self._fail(error) from error
        if opened.stream is None:
            if not opened.first.strip():
                # Not retried: an empty reply is the model's doing, not the network's.
                raise BackendError(f"the API at {self.endpoint} sent an empty reply")
            yield opened.first.lstrip()
            yield ReplyEnd(self.last_finish_reason)
            return
        stream = opened.stream
        try:
            yield opened.first.lstrip()
            async with aclosing(self._rest(stream, opened.sanitizer)) as rest:
                async for piece in rest:
                    yield piece
            yield ReplyEnd(self.last_finish_reason)
        finally:
            # Also when the caller stops listening (Escape in the TUI): end the request.
            await stream.close()

    async def _rest(
        self, stream: AsyncStream[ChatCompletionChunk], sanitizer: StreamSanitizer
    ) -> AsyncGenerator[str, None]:
        """The stream after its first words: no retries from here on."""
        finished: str | None = None
        try:
            async for chunk in stream:
                piece, finished = _delta(chunk)
                text = sanitizer.feed(piece)
                if text:
                    yield text
                if finished is not None or sanitizer.full:
                    break
        except json.JSONDecodeError as error:
            raise self._fail(StreamBroken("the API sent a malformed chunk")) from error
        except (openai.OpenAIError, httpx.HTTPError) as error:
            raise self._fail(StreamBroken(type(error).__name__)) from error
        finally:
            await stream.close()
        tail = sanitizer.flush()
        if tail:
            yield tail
        if finished is None and not sanitizer.full:
            raise self._fail(StreamBroken("the stream ended before the reply was complete"))
        self.last_finish_reason = "length" if sanitizer.full else finished


def _delta(chunk: ChatCompletionChunk) -> tuple[str, str | None]:
    """The text a chunk adds, and its finish_reason if it ends the reply."""
    if not chunk.choices:
        return "", None
    choice = chunk.choices[0]
    content = choice.delta.content if choice.delta is not None else None
    return content or "", choice.finish_reason
