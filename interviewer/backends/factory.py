"""The one place the SDK client is built, so production and tests send through the same
``httpx.AsyncClient`` (respx intercepts it in tests; see the note in ``pyproject.toml`` on
why openai stays on the 2.x line).

The SDK's own retries are off (``max_retries=0``): tenacity owns retries (see
:mod:`interviewer.backends.retry`), so attempts are not multiplied. The timeout is given to
both the HTTP client and the SDK, since the SDK would otherwise apply its own default.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from typing import cast
from urllib.parse import urlsplit

import httpx
from openai import AsyncOpenAI, Omit

from interviewer.backends.base import BackendError
from interviewer.backends.openai import OpenAIBackend
from interviewer.backends.retry import Sleep
from interviewer.config import Settings

__all__ = ["make_http_client", "make_openai_backend", "make_openai_client"]

CONNECT_TIMEOUT = 10.0
LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=2, keepalive_expiry=30)


def make_timeout(settings: Settings) -> httpx.Timeout:
    """``settings.timeout`` for reading (the wait for each chunk) and writing; connecting
    and waiting for a pooled connection are bounded tighter."""
    connect = min(CONNECT_TIMEOUT, settings.timeout)
    return httpx.Timeout(settings.timeout, connect=connect, pool=connect)


def make_http_client(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=make_timeout(settings), limits=LIMITS, follow_redirects=False)


def make_openai_client(
    settings: Settings, http_client: httpx.AsyncClient | None = None
) -> AsyncOpenAI:
    key = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    if not key and settings.is_official_endpoint:
        raise BackendError(
            "no API key for OpenAI: set OPENAI_API_KEY, or point INTERVIEWER_BASE_URL at a "
            "local server (run 'interviewer config' to see the settings)"
        )
    client = AsyncOpenAI(
        # The SDK insists on a key; a keyless local server gets a placeholder that is never
        # sent (the backend omits the Authorization header when there is no key).
        api_key=key or "no-key",
        base_url=settings.effective_base_url,
        timeout=make_timeout(settings),
        max_retries=0,
        http_client=http_client or make_http_client(settings),
        default_headers=None if settings.is_official_endpoint else _without_openai_headers(key),
    )
    if not settings.is_official_endpoint:
        # The SDK reads OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment; those name
        # an OpenAI account and are not sent to anyone else's server.
        client.organization = None
        client.project = None
    return client


_PROTOCOL_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "connection",
        "content-length",
        "content-type",
        "host",
        "user-agent",
    }
)
"""Headers every request needs: one named in ``OPENAI_CUSTOM_HEADERS`` keeps its place (the
SDK's own value or the user's), since leaving it out would break the request itself."""


def _without_openai_headers(key: str) -> Mapping[str, str]:
    """Every header that ``OPENAI_CUSTOM_HEADERS`` names ("Name: value" per line, as the SDK
    reads it), marked to be left out: like the account ids, they are set up for OpenAI and
    are not sent to anyone else's server. The SDK merges these over the ones it read from
    the environment and drops the omitted ones from every request. ``Authorization`` is not
    left out but replaced by this endpoint's own key (leaving it out would also drop the
    SDK's); with no key the backend leaves it out of each request itself."""
    headers: dict[str, object] = {}
    for line in os.environ.get("OPENAI_CUSTOM_HEADERS", "").split("\n"):
        name = line.split(":", 1)[0].strip()
        if ":" not in line or not name or name.lower() in _PROTOCOL_HEADERS:
            continue
        if name.lower() == "authorization":
            if key:
                headers[name] = f"Bearer {key}"
            continue
        headers[name] = Omit()
    return cast(Mapping[str, str], headers)


def endpoint_label(settings: Settings) -> str:
    if settings.is_official_endpoint:
        return "OpenAI"
    parts = urlsplit(settings.effective_base_url)
    # Host and port only: credentials in the URL (user:password@) are never shown.
    host = parts.hostname or "the configured endpoint"
    return f"{host}:{parts.port}" if parts.port else host


def make_openai_backend(
    settings: Settings,
    *,
    http_client: httpx.AsyncClient | None = None,
    sleep: Sleep = asyncio.sleep,
) -> OpenAIBackend:
    """The OpenAI-compatible interviewer the settings describe."""
    return OpenAIBackend(
        make_openai_client(settings, http_client),
        model=settings.model,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        stream=settings.stream,
        attempts=settings.max_attempts,
        budget=settings.retry_budget,
        send_key=settings.api_key is not None,
        official=settings.is_official_endpoint,
        endpoint=endpoint_label(settings),
        sleep=sleep,
    )
