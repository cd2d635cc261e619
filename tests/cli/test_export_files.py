"""The one path from a session to an export file, shared by the CLI and the TUI."""

from __future__ import annotations

import json
import stat

import pytest
from sample_sessions import make_session

from interviewer import scorecard
from interviewer.export import FORMATS, render, write_new_file
from interviewer.tui.exporting import export_session


def test_every_format_renders_and_json_needs_no_scorecard() -> None:
    session = make_session(finished=True)
    card = scorecard.build(session)
    for fmt in FORMATS:
        assert render(fmt, session, card).strip()
    assert json.loads(render("json", session, None))["id"] == session.id
    with pytest.raises(ValueError, match="needs the scorecard"):
        render("md", session, None)
    with pytest.raises(ValueError, match="unknown export format"):
        render("pdf", session, card)


def test_write_new_file_is_owner_only_and_never_clobbers(tmp_path) -> None:
    path = tmp_path / "out.md"
    write_new_file(path, "first")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_new_file(path, "second")
    assert path.read_text() == "first"
    write_new_file(path, "second", force=True)
    assert path.read_text() == "second"


def test_exporting_twice_from_the_tui_keeps_both_files(tmp_path) -> None:
    session = make_session(finished=True)
    card = scorecard.build(session)
    first = export_session(session, card, "md", tmp_path)
    first.write_text("edited by the candidate")
    second = export_session(session, card, "md", tmp_path)
    assert first != second
    assert second.name == f"interview-{session.id}-2.md"
    assert first.read_text() == "edited by the candidate"
    assert stat.S_IMODE(second.stat().st_mode) == 0o600


def test_force_replaces_a_symlink_or_a_loose_file_and_never_writes_through(tmp_path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("not yours")
    link = tmp_path / "export.md"
    link.symlink_to(outside)
    write_new_file(link, "the transcript", force=True)
    assert outside.read_text() == "not yours"
    assert not link.is_symlink()
    assert link.read_text() == "the transcript"
    loose = tmp_path / "old.md"
    loose.write_text("old")
    loose.chmod(0o644)
    write_new_file(loose, "new", force=True)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600
    assert loose.read_text() == "new"
