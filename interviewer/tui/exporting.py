"""Write a finished session to a file from the scorecard screen."""

from __future__ import annotations

from pathlib import Path

from interviewer.export import EXTENSIONS, render, write_new_file
from interviewer.models import Scorecard, Session


def export_session(session: Session, scorecard: Scorecard, fmt: str, directory: Path) -> Path:
    """Render ``session`` as ``fmt`` into a new file in ``directory``; returns its path.

    An existing export is never overwritten: a second export of the same session gets a
    numbered name (``interview-ID-2.md``).
    """
    text = render(fmt, session, scorecard)
    stem, suffix = f"interview-{session.id}", EXTENSIONS[fmt]
    for number in range(1, 1000):
        path = directory / (stem + (f"-{number}" if number > 1 else "") + suffix)
        try:
            write_new_file(path, text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"too many exports of {session.id} in {directory}")
