"""Write a finished session to a file with the exporters in ``interviewer.export``."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from interviewer.models import Scorecard, Session

MODULES = {"md": ("markdown", ".md"), "json": ("json", ".json"), "html": ("html", ".html")}


def render(session: Session, scorecard: Scorecard, fmt: str) -> str:
    if fmt not in MODULES:
        raise ValueError(f"unknown export format {fmt!r}")
    module = import_module(f"interviewer.export.{MODULES[fmt][0]}")
    if fmt == "json":  # the session round-trips; the scorecard is derived from it
        return str(module.render(session))
    return str(module.render(session, scorecard))


def export_session(session: Session, scorecard: Scorecard, fmt: str, directory: Path) -> Path:
    """Render ``session`` as ``fmt`` into ``directory``; returns the file written."""
    text = render(session, scorecard, fmt)
    path = directory / f"interview-{session.id}{MODULES[fmt][1]}"
    path.write_text(text, encoding="utf-8")
    return path
