"""A base for the tests' fake interviewer backends: the parts of the ``Backend`` Protocol
that a fake does not care about (no model, nothing to close)."""

from __future__ import annotations


class StubBackend:
    """Subclass and add ``name``, ``description`` and ``speak``."""

    model: str | None = None
    closed_count = 0

    async def aclose(self) -> None:
        self.closed_count += 1
