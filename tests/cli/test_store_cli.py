"""`interviewer sessions`, `export` and `scorecard` against a store on disk."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sample_sessions import fake_score_story, make_session

from interviewer import scorecard
from interviewer.cli import main
from interviewer.export import json as json_export
from interviewer.store import SessionStore


@pytest.fixture(autouse=True)
def _fake_scorer(monkeypatch):
    """Keep these tests about the commands, not about the scorer's judgement."""
    monkeypatch.setattr(scorecard, "default_scorer", lambda: fake_score_story)
    monkeypatch.setenv("COLUMNS", "220")


@pytest.fixture
def store(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    old = make_session(
        "20261101-090000-aaaaaa",
        stories=3,
        finished=True,
        start=datetime(2026, 11, 1, 9, tzinfo=UTC),
    )
    new = make_session("20261128-075512-ab12cd", stories=1)
    for session in (old, new):
        store.create(session).close()
    return store


def run(store, *argv):
    return main([*argv, "--sessions-dir", str(store.root)])


def test_sessions_json_lists_newest_first(store, capsys):
    assert run(store, "sessions", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["20261128-075512-ab12cd", "20261101-090000-aaaaaa"]
    new, old = rows
    assert (new["stories_answered"], new["stories_total"], new["finished"]) == (1, 3, False)
    assert (old["stories_answered"], old["finished"]) == (3, True)
    assert old["interviewer"] == "offline"
    assert old["question"] == "Demonstrate leadership principles with examples"
    assert 0 < new["score"] < old["score"] <= 100


def test_sessions_table_shows_each_session(store, capsys):
    assert run(store, "sessions") == 0
    out = capsys.readouterr().out
    assert "20261128-075512-ab12cd" in out
    assert "1/3" in out
    assert "3/3" in out
    assert "yes" in out
    assert "no" in out


def test_sessions_dir_comes_from_the_environment(store, capsys, monkeypatch):
    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(store.root))
    assert main(["sessions", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_sessions_when_there_are_none(tmp_path, capsys):
    assert main(["sessions", "--sessions-dir", str(tmp_path / "nothing")]) == 0
    assert "No sessions yet" in capsys.readouterr().out


def test_sessions_table_shows_markup_literally(tmp_path, capsys):
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    session.backend = "[bold red]boom[/]"
    store.create(session).close()
    assert run(store, "sessions") == 0
    assert "[bold red]boom[/]" in capsys.readouterr().out


def test_sessions_table_shows_escape_sequences_without_sending_them(tmp_path, capsys):
    store = SessionStore(tmp_path)
    session = make_session(stories=1)
    session.backend = "x\x1b]0;pwned\x07"
    store.create(session).close()
    assert run(store, "sessions") == 0
    out = capsys.readouterr().out
    assert "x␛]0;pwned␇" in out
    assert "\x1b" not in out


def test_export_json_to_stdout_round_trips(store, capsys):
    assert run(store, "export", "20261101-090000-aaaaaa", "--format", "json") == 0
    exported = json_export.parse(capsys.readouterr().out)
    assert exported == store.load("20261101-090000-aaaaaa").session


def test_export_latest_markdown_by_default(store, capsys):
    assert run(store, "export", "latest") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Mock interview: ")
    assert "`20261128-075512-ab12cd`" in out
    assert "Trend over your last 2 sessions" in out


def test_export_no_trend(store, capsys):
    assert run(store, "export", "latest", "--no-trend") == 0
    assert "Trend over" not in capsys.readouterr().out


def test_export_to_a_file_refuses_to_overwrite_without_force(store, tmp_path, capsys):
    target = tmp_path / "out.html"
    assert run(store, "export", "latest", "-o", str(target)) == 0  # format from the suffix
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("mine")
    assert run(store, "export", "latest", "-o", str(target)) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert target.read_text() == "mine"
    assert run(store, "export", "latest", "-o", str(target), "--force") == 0
    assert target.read_text().startswith("<!DOCTYPE html>")


def test_export_into_a_directory_names_the_file_from_the_id(store, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    assert run(store, "export", "latest", "-f", "json", "-o", str(folder)) == 0
    assert (folder / "20261128-075512-ab12cd.json").is_file()


def test_export_into_a_missing_directory_is_a_clear_error(store, tmp_path, capsys):
    assert run(store, "export", "latest", "-o", str(tmp_path / "no" / "such.md")) == 2
    assert "is not a directory" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["nope", "../../etc/passwd", "20990101-000000-zzzzzz"])
def test_unknown_ids_fail_in_one_line(store, capsys, bad):
    assert run(store, "export", bad) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewer: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_damaged_session_exports_with_a_warning(store, capsys):
    path = store.path_for("20261101-090000-aaaaaa")
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = b"{garbage\n"
    path.write_bytes(b"".join(lines))
    assert run(store, "export", "20261101-090000-aaaaaa", "-f", "json") == 0
    captured = capsys.readouterr()
    assert "warning: 20261101-090000-aaaaaa.jsonl: line 4 skipped" in captured.err
    assert len(json_export.parse(captured.out).turns) == 12


def test_future_version_fails_naming_it(store, capsys):
    path = store.path_for("20261101-090000-aaaaaa")
    text = path.read_text().replace('"schema_version":1', '"schema_version":3', 1)
    path.write_text(text)
    assert run(store, "scorecard", "20261101-090000-aaaaaa") == 2
    assert "schema version 3" in capsys.readouterr().err


def test_scorecard_prints_tables_bars_and_trend(store, capsys):
    assert run(store, "scorecard", "latest") == 0
    out = capsys.readouterr().out
    assert "Story 1: Ownership" in out
    assert "█" in out
    assert "Trend over your last 2 sessions" in out
    assert "No story was told." in out
    assert "Most valuable improvements" in out


def test_safe_name_sanitizes():
    from interviewer.cli.export import safe_name

    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("..") == "session"
    assert safe_name("a b/c\\d:e") == "a-b-c-d-e"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "x.pdf"], "cannot export to a .pdf file"),
        (["--format", "json", "-o", "x.md"], "--format json does not match"),
        (["--format", "md", "-o", "x.html"], "--format md does not match"),
    ],
)
def test_export_refuses_an_unknown_suffix_or_a_clash(store, tmp_path, capsys, argv, message):
    argv = [tmp_path / a if a.startswith("x.") else a for a in argv]
    assert run(store, "export", "latest", *map(str, argv)) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not any(tmp_path.glob("x.*"))


def test_export_takes_the_format_from_the_suffix_when_none_is_given(store, tmp_path):
    target = tmp_path / "x.json"
    assert run(store, "export", "latest", "-o", str(target)) == 0
    assert json.loads(target.read_text())["id"]
    assert run(store, "export", "latest", "--format", "json", "-o", str(tmp_path / "y.JSON")) == 0


def test_a_sessions_folder_others_can_write_to_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert main(["sessions", "--sessions-dir", str(shared)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"interviewer: warning: the sessions folder {shared} is writable by every user "
        f"(mode 0777); others could change your sessions: chmod 700 {shared}"
    ]
    shared.chmod(0o700)
    assert main(["sessions", "--sessions-dir", str(shared)]) == 0
    assert capsys.readouterr().err == ""
