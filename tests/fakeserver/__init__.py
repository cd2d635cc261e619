"""A fault-injecting OpenAI-compatible server for tests (loopback only).

``FakeServer`` serves ``POST /v1/chat/completions`` (streamed or not) and ``GET /v1/models``
on a free port of 127.0.0.1; ``faults`` holds the per-request behaviours tests script.
"""

from fakeserver.faults import (
    DEFAULT_TEXT,
    Behaviour,
    cut,
    drip,
    hang,
    malformed,
    reply,
    stall,
    status,
)
from fakeserver.server import FakeServer, RecordedRequest, tokens

__all__ = [
    "DEFAULT_TEXT",
    "Behaviour",
    "FakeServer",
    "RecordedRequest",
    "cut",
    "drip",
    "hang",
    "malformed",
    "reply",
    "stall",
    "status",
    "tokens",
]
