"""Renderers of a session and its scorecard: Markdown, JSON, HTML and the terminal.

Each renderer is a pure function of (session, scorecard) to text or a Rich renderable.
Every string that came from the candidate or a model is treated as untrusted: escaped in
HTML, never parsed as Rich markup. :func:`render` and :func:`write_new_file` are the one
way the CLI and the TUI turn a session into an export file.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path

from interviewer.durable_files import write_atomic
from interviewer.models import Scorecard, Session

FORMATS = ("md", "json", "html")
EXTENSIONS = {"md": ".md", "json": ".json", "html": ".html"}
_MODULES = {"md": "markdown", "json": "json", "html": "html"}


def render(fmt: str, session: Session, card: Scorecard | None) -> str:
    """The export of ``session`` as ``fmt``.

    JSON is the session itself (it round-trips; the scorecard is derived from it), so it
    needs no ``card``; Markdown and HTML do.
    """
    if fmt not in _MODULES:
        raise ValueError(f"unknown export format {fmt!r}")
    module = import_module(f"interviewer.export.{_MODULES[fmt]}")
    if fmt == "json":
        return str(module.render(session))
    if card is None:
        raise ValueError(f"a {fmt} export needs the scorecard")
    return str(module.render(session, card))


def write_new_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to a file created owner-only (0600); with ``force`` an existing file
    (or a symlink) at ``path`` is replaced atomically.

    Raises ``FileExistsError`` when ``path`` exists and ``force`` is false, and ``OSError``
    for anything else that stops the write.
    """
    data = text.encode("utf-8")
    if force:
        # Replaced whole, never written through: a symlink at ``path`` is replaced by the
        # new file (its target untouched), and an old file's looser mode does not carry over.
        write_atomic(path, data)
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
