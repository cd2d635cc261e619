"""The bare `interviewer` command and `interviewer resume`: bad input is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.cli import main


def test_unknown_question_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--question", "no-such-question"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewer: error: unknown question 'no-such-question'")
    assert len(err.strip().splitlines()) == 1


def test_negative_max_probes_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--max-probes", "-1"]) == 2
    assert "--max-probes" in capsys.readouterr().err


def test_openai_without_a_key_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("INTERVIEWER_API_KEY", raising=False)
    assert main(["--backend", "openai"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewer: error: no API key for OpenAI")
    assert len(err.strip().splitlines()) == 1


def test_the_room_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    # Under pytest stdin/stdout are not a terminal.
    assert main([]) == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_resume_of_an_unknown_session_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["resume", "20260101-000000-abcdef"]) == 2
    err = capsys.readouterr().err
    assert "no session" in err
    assert len(err.strip().splitlines()) == 1


def test_resume_of_a_finished_session_is_refused(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interviewer.locations import default_sessions_dir
    from interviewer.models import Session
    from interviewer.questions import load_bank
    from interviewer.store import SessionStore

    store = SessionStore(default_sessions_dir())
    session = Session(id="done-1", question=load_bank().default, backend="offline")
    with store.create(session) as journal:
        journal.finish()
    assert main(["resume", "done-1"]) == 2
    assert "finished" in capsys.readouterr().err
