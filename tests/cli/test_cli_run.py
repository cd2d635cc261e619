"""`interviewer run`: whole headless sessions per backend, and bad input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import respx
from openai_fakes import LOCAL, OFFICIAL, error, sse
from stories import DEPTH_REPLY, STRONG, WEAK

from interviewer.cli import main
from interviewer.models import Probe
from interviewer.store import SessionStore

KEY = "sk-cli-secret"


def answers_file(tmp_path: Path, *answers: str, name: str = "answers.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n---\n".join(answers) + "\n", encoding="utf-8")
    return path


def store() -> SessionStore:
    from interviewer.locations import default_sessions_dir

    return SessionStore(default_sessions_dir())


def strong_file(tmp_path: Path) -> Path:
    """Three complete stories, each with its answer to the depth question it gets."""
    return answers_file(
        tmp_path,
        STRONG["ownership"],
        DEPTH_REPLY,
        STRONG["bias_for_action"],
        DEPTH_REPLY,
        STRONG["customer_obsession"],
        DEPTH_REPLY,
    )


def test_offline_session_runs_to_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", "--answers", str(strong_file(tmp_path)), "--session-id", "run-1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("[story 1/3 · Ownership · the question]\nInterviewer: ")
    assert out.count("\nCandidate: ") == 6
    assert "\n[story 2/3 · Bias for Action · new story]\nInterviewer: " in out
    assert "\n[wrap-up]\nInterviewer: " in out
    assert "Describe three separate experiences" in out
    assert "Interview finished. Session saved: run-1" in out
    session = store().load("run-1").session
    assert session.finished
    assert session.backend == "offline"
    assert [t.role for t in session.turns].count("candidate") == 6
    assert all(t.spoken_by == "offline" for t in session.turns if t.role == "interviewer")


def test_same_session_id_gives_the_same_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = strong_file(tmp_path)
    assert main(["run", "--answers", str(path), "--session-id", "same"]) == 0
    first = capsys.readouterr().out
    monkeypatch.setenv("INTERVIEWER_DATA_DIR", str(tmp_path / "elsewhere"))
    assert main(["run", "--answers", str(path), "--session-id", "same"]) == 0
    assert capsys.readouterr().out == first


def test_answers_running_out_saves_an_unfinished_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, WEAK)
    assert main(["run", "--answers", str(path), "--session-id", "short"]) == 0
    out = capsys.readouterr().out
    assert "The answers ran out before the interview ended (1 of 3 stories told)" in out
    assert "saved unfinished: short" in out
    session = store().load("short").session
    assert not session.finished
    assert [t.role for t in session.turns] == ["interviewer", "candidate", "interviewer"]


def test_thin_answer_gets_a_follow_up_and_max_probes_zero_skips_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, WEAK, STRONG["bias_for_action"])
    assert main(["run", "--answers", str(path), "--session-id", "probed"]) == 0
    session = store().load("probed").session
    assert session.turns[2].move is not None
    assert session.turns[2].move.kind == "probe"
    capsys.readouterr()
    assert main(["run", "--answers", str(path), "--session-id", "p0", "--max-probes", "0"]) == 0
    session = store().load("p0").session
    assert session.max_probes == 0
    assert [t.move.kind for t in session.turns if t.move is not None] == ["ask", "ask", "ask"]


def test_a_follow_up_is_headed_by_its_move(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, WEAK)
    assert main(["run", "--answers", str(path), "--session-id", "head"]) == 0
    out = capsys.readouterr().out
    probe = store().load("head").session.turns[2].move
    assert isinstance(probe, Probe)
    header = f"[story 1/3 · Ownership · follow-up 1/2 on: {', '.join(probe.gaps)}]"
    assert f"\n\n{header}\nInterviewer: " in out


@pytest.mark.parametrize(
    "inside",
    ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r"],
    ids=["VT", "FF", "FS", "GS", "RS", "NEL", "LS", "PS", "CR"],
)
def test_only_newlines_split_the_answers_file(tmp_path: Path, inside: str) -> None:
    from interviewer.cli.run import read_answers

    path = tmp_path / "answers.txt"
    first = f"We cut build time{inside}---{inside}from 47 to 13 minutes."
    path.write_bytes(f"{first}\r\n---\r\nSecond answer.\n---\nThird\nanswer.\n".encode())
    assert read_answers(path) == [first, "Second answer.", "Third\nanswer."]


def test_single_story_question(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = answers_file(tmp_path, STRONG["ownership"], DEPTH_REPLY)
    assert main(["run", "--answers", str(path), "--question", "general-failure"]) == 0
    out = capsys.readouterr().out
    assert "Tell me about a time you failed" in out
    assert "Interview finished." in out


def test_text_is_printed_literally_without_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, "I [bold red]fixed[/] it \x1b[31mfast\x1b[0m.")
    assert main(["run", "--answers", str(path), "--session-id", "lit"]) == 0
    out = capsys.readouterr().out
    assert "I [bold red]fixed[/] it fast." in out
    assert "\x1b" not in out
    # What the candidate typed is kept as typed.
    assert (
        store().load("lit").session.turns[1].text == "I [bold red]fixed[/] it \x1b[31mfast\x1b[0m."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "holds no answers"),
        ("\n---\n  \n---\n", "holds no answers"),
        (b"\x00\x01\x02", "binary"),
        (b"\xff\xfe\xfa", "not valid UTF-8"),
    ],
)
def test_bad_answers_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "answers.txt"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert main(["run", "--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_unknown_question_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = answers_file(tmp_path, WEAK)
    assert main(["run", "--answers", str(path), "--question", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown question 'nope'" in err
    assert "amazon-lp-three-stories" in err
    assert err.count("\n") == 1


def test_openai_without_a_key_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, WEAK)
    assert main(["run", "--answers", str(path), "--backend", "openai"]) == 2
    assert "set OPENAI_API_KEY" in capsys.readouterr().err


@respx.mock
def test_openai_session_runs_to_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    replies = iter(
        [
            sse("Hello! ", "Tell me about ", "Ownership."),
            sse("Who disagreed ", "with you?"),
            sse("Thanks. Now, ", "Bias for Action?"),
            sse("What if you had waited?"),
            sse("Thanks. ", "Customer Obsession?"),
            sse("How did you know it worked?"),
            sse("Thank you for ", "your time today."),
        ]
    )
    route = respx.post(OFFICIAL).mock(side_effect=lambda request: next(replies))
    path = strong_file(tmp_path)
    code = main(["run", "--answers", str(path), "--session-id", "ai-1", "--model", "m-1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Interviewer: Hello! Tell me about Ownership." in out
    assert "Interviewer: Thank you for your time today." in out
    assert "Interview finished" in out
    assert route.call_count == 7
    sent = [json.loads(call.request.content) for call in route.calls]
    assert {body["model"] for body in sent} == {"m-1"}
    last = sent[-1]["messages"]
    assert sum(1 for m in last if m["role"] == "user") == 6
    assert "The interview is over" in last[0]["content"]
    loaded = store().load("ai-1").session
    assert loaded.finished
    assert loaded.backend == "openai:m-1"
    assert {t.spoken_by for t in loaded.turns if t.role == "interviewer"} == {"openai"}
    journal_text = store().path_for("ai-1").read_text(encoding="utf-8")
    assert KEY not in journal_text


@respx.mock
def test_openai_failure_falls_back_and_the_session_is_complete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    route = respx.post(OFFICIAL).mock(return_value=error(401, "Incorrect API key"))
    path = strong_file(tmp_path)
    code = main(["run", "--answers", str(path), "--backend", "openai", "--session-id", "fb"])
    out, err = capsys.readouterr()
    assert code == 0
    assert err.count("rejected the key (401)") == 1
    assert "offline interviewer takes over" in err
    assert "Interview finished" in out
    assert route.call_count == 1
    session = store().load("fb").session
    assert session.finished
    assert {t.spoken_by for t in session.turns if t.role == "interviewer"} == {"offline"}


@respx.mock
def test_notices_do_not_break_into_a_turn_and_repairs_count_model_replies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    replies = iter(
        [
            sse("Hello! Tell me about a time you showed Ownership."),
            sse("Thanks for that."),  # no question: repaired, its notice comes mid-turn
            error(401, "Incorrect API key"),  # the offline interviewer words the rest
        ]
    )
    respx.post(OFFICIAL).mock(side_effect=lambda request: next(replies))
    both = io.StringIO()  # stdout and stderr as a terminal shows them, interleaved
    monkeypatch.setattr(sys, "stdout", both)
    monkeypatch.setattr(sys, "stderr", both)
    stories = ("ownership", "bias_for_action", "customer_obsession")
    path = answers_file(tmp_path, *(STRONG[c] for c in stories))
    code = main(["run", "--answers", str(path), "--backend", "openai", "--max-probes", "0"])
    assert code == 0
    lines = both.getvalue().splitlines()
    notes = [i for i, line in enumerate(lines) if "note:" in line]
    assert all(lines[i].startswith("interviewer: note: ") for i in notes), lines
    repaired = next(i for i, line in enumerate(lines) if line.startswith("To put it plainly"))
    assert "missed the question" in lines[repaired + 2]
    assert lines[-3] == (
        "interviewer: note: of 2 model replies, 1 were shown as written, 1 repaired (sentences "
        "held back or the plain question added) and 0 replaced by the offline interviewer's "
        "wording"
    )


@respx.mock
def test_local_server_without_a_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)  # must not be sent to a custom base URL
    route = respx.post(LOCAL).mock(side_effect=lambda request: sse("Okay."))
    path = answers_file(tmp_path, WEAK)
    code = main(
        ["run", "--answers", str(path), "--base-url", "http://127.0.0.1:8088/v1", "--model", "x"]
    )
    assert code == 0, capsys.readouterr().err
    assert route.call_count == 2
    assert all("authorization" not in call.request.headers for call in route.calls)


def test_sample_transcript_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """transcripts/<id>.txt is what `interviewer run` prints today for transcripts/answers.txt."""
    transcripts = Path(__file__).resolve().parents[2] / "transcripts"
    expected = (transcripts / "sample-amazon-leadership.txt").read_text(encoding="utf-8")
    answers = transcripts / "answers.txt"
    argv = ["run", "--backend", "offline", "--answers", str(answers)]
    assert main([*argv, "--session-id", "sample-amazon-leadership"]) == 0
    assert capsys.readouterr().out == expected, (
        "stale: regenerate with `python scripts/make_transcripts.py --session`"
    )


def test_sessions_dir_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = answers_file(tmp_path, WEAK)
    target = tmp_path / "my-sessions"
    argv = ["run", "--answers", str(path), "--sessions-dir", str(target), "--session-id", "here"]
    assert main(argv) == 0
    assert SessionStore(target).load("here").session.turns


def test_the_score_line_reads_the_story_as_a_whole() -> None:
    """'added' is what the story passes now and did not before, as the TUI's checklist says:
    a rule the story passes only across two answers counts; a rule the last answer passes
    alone but the story does not is not 'added' while it is 'missing'."""
    from interviewer.cli.run import _score_line
    from interviewer.models import RuleResult, StoryScore, TurnScore

    def verdict(*passed: str) -> TurnScore:
        rules = tuple(
            RuleResult(id=rule, passed=rule in passed, weight=10, message="m", probe="p")
            for rule in ("situation", "result", "result_baseline")
        )
        return TurnScore(rules=rules, score=50, rating=3, word_count=9, speaking_seconds=3)

    story = StoryScore(
        turns=(verdict("result"), verdict("situation")),
        combined=verdict("result", "result_baseline"),
        volunteered=("result",),
        probed=("result_baseline",),
        missing=("situation",),
    )
    line = _score_line(story, frozenset({"result"}))
    assert "added: result_baseline;" in line
    assert "missing: situation]" in line
    assert "added" not in _score_line(story, None)


def test_a_full_disk_mid_run_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal cannot write the second turn: one line naming the session, no traceback."""
    from interviewer.journal import JournalError, SessionJournal

    real = SessionJournal.append
    calls = {"n": 0}

    def append(self: SessionJournal, turn: object) -> None:
        calls["n"] += 1
        if calls["n"] > 1:
            raise JournalError("could not save to x.jsonl: No space left on device")
        real(self, turn)  # type: ignore[arg-type]

    monkeypatch.setattr(SessionJournal, "append", append)
    path = answers_file(tmp_path, WEAK)
    assert main(["run", "--answers", str(path), "--session-id", "full"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == (
        "interviewer: error: cannot save the session: could not save to x.jsonl: No space "
        "left on device (session saved as far as it got: full)"
    )
    assert "Traceback" not in err
    # What was saved is still a valid session that can be resumed.
    assert [t.role for t in store().load("full").session.turns] == ["interviewer"]
