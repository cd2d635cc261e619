"""When to try an API call again, and how long to wait first (tenacity owns retries; the
SDK's own are off so attempts are not multiplied).

Retried: 429 (waiting what ``retry-after-ms`` / ``retry-after`` asks, capped), 408, 5xx,
connection errors, timeouts, and a stream that broke before its first words (cut off or a
malformed chunk). Not retried: any other 4xx (400, 401, 403, 404, 422...): trying again cannot
help, so the user gets a clear message at once. Waits grow exponentially with jitter; the
whole turn has a time budget, and no wait may run past it.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.stop import stop_base

__all__ = [
    "RETRY_AFTER_CAP",
    "StreamBroken",
    "is_retryable",
    "make_retrying",
    "retry_after_seconds",
]

RETRY_AFTER_CAP = 20.0
"""Longest wait a server's Retry-After may impose on one turn (seconds)."""

Sleep = Callable[[float], Awaitable[None]]


class StreamBroken(Exception):
    """The stream ended early or sent garbage before any words reached the user."""


def is_retryable(error: BaseException) -> bool:
    if isinstance(error, StreamBroken):
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in (408, 429) or error.status_code >= 500
    return isinstance(error, openai.APIConnectionError | httpx.TransportError)


def retry_after_seconds(error: BaseException, cap: float = RETRY_AFTER_CAP) -> float | None:
    """What the server asked us to wait (``retry-after-ms`` or ``retry-after``), capped."""
    response = getattr(error, "response", None)
    if not isinstance(response, httpx.Response):
        return None
    headers = response.headers
    seconds: float | None = None
    raw_ms = headers.get("retry-after-ms")
    raw = headers.get("retry-after")
    try:
        if raw_ms is not None:
            seconds = float(raw_ms) / 1000
        elif raw is not None:
            seconds = float(raw)
    except ValueError:
        seconds = None
    if seconds is None and raw is not None:
        parsed = email.utils.parsedate_tz(raw)
        if parsed is not None:
            seconds = email.utils.mktime_tz(parsed) - time.time()
    if seconds is None or seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), cap)


class _Wait:
    """Retry-After when the server gives one, else exponential backoff with jitter."""

    def __init__(self, initial: float, maximum: float) -> None:
        self._backoff = wait_exponential_jitter(multiplier=initial, max=maximum, jitter=initial)

    def __call__(self, state: RetryCallState) -> float:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        if error is not None:
            asked = retry_after_seconds(error)
            if asked is not None:
                return asked
        return float(self._backoff(state))


class _Budget(stop_base):
    """Stop when the next wait would end past ``budget`` seconds since the first try.

    Time is the larger of the clock and the waits so far, so that a test's instant sleep
    counts as the wait it stands for."""

    def __init__(self, budget: float) -> None:
        self.budget = budget

    def __call__(self, state: RetryCallState) -> bool:
        spent = max(state.seconds_since_start or 0.0, state.idle_for)
        return spent + (state.upcoming_sleep or 0.0) > self.budget


def make_retrying(
    *,
    attempts: int,
    budget: float,
    sleep: Sleep,
    initial_wait: float = 0.5,
    max_wait: float = 8.0,
    before_sleep: Callable[[RetryCallState], Any] | None = None,
) -> AsyncRetrying:
    """A tenacity policy: ``attempts`` tries at most, never waiting past ``budget`` seconds."""
    return AsyncRetrying(
        retry=retry_if_exception(is_retryable),
        stop=stop_after_attempt(attempts) | _Budget(budget),
        wait=_Wait(initial_wait, max_wait),
        sleep=sleep,
        reraise=True,
        before_sleep=before_sleep,
    )
