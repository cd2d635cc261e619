"""The interviewer the settings ask for: the one place a front end turns settings into a
backend. The SDK is imported only when the openai backend is asked for."""

from __future__ import annotations

from interviewer.backends.base import Backend
from interviewer.config import Settings

__all__ = ["make_backend"]


def make_backend(settings: Settings) -> Backend:
    """The interviewer the settings ask for (the SDK is imported only when needed)."""
    if settings.resolved_backend == "offline":
        from interviewer.backends.offline import OfflineBackend

        return OfflineBackend()
    from interviewer.backends.factory import make_openai_backend

    return make_openai_backend(settings)
