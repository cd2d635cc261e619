"""Scripted personas: candidates as they really answer, and the moves a bar raiser makes.

Each persona is an answers file in ``tests/personas/`` run through ``interviewer run`` (the
offline interviewer, a fixed session id); the assertions read the bracketed move headers the
run prints, so they pin the planner's decisions whatever the wording. Every one of these
failed on the planner before the bar raiser (rule-order probes, no reading of replies).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.store import SessionStore

PERSONAS = Path(__file__).parent.parent / "personas"


def headers(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> list[str]:
    """The move headers ``interviewer run`` prints for persona ``name``, in order."""
    argv = ["run", "--answers", str(PERSONAS / f"{name}.txt"), "--quiet-scores"]
    argv += ["--sessions-dir", str(tmp_path / "sessions"), "--session-id", name, *extra]
    assert main(argv) == 0
    out = capsys.readouterr().out
    return [line for line in out.splitlines() if line.startswith("[")]


def test_a_we_only_story_is_first_asked_what_the_candidate_did(tmp_path, capsys) -> None:
    got = headers("we_only", tmp_path, capsys)
    assert got[1] == "[story 1/3 · Ownership · follow-up 1/2 on: first_person, action, tradeoff]"


def test_a_story_without_actions_is_asked_for_them_before_any_number(tmp_path, capsys) -> None:
    got = headers("no_actions", tmp_path, capsys)
    focus = got[1].split("on: ")[1].split(",")[0]
    assert focus in ("first_person", "action")
    assert "result_quantified" not in got[1].split("on: ")[1].split(",")[0]


def test_a_complete_story_gets_a_depth_question(tmp_path, capsys) -> None:
    got = headers("strong", tmp_path, capsys)
    assert got[1] == "[story 1/3 · Ownership · follow-up 1/2 going deeper: how did you know]"
    assert got[2] == "[story 2/3 · Bias for Action · new story]"


def test_a_story_for_another_principle_is_challenged_on_its_fit(tmp_path, capsys) -> None:
    got = headers("wrong_principle", tmp_path, capsys)
    bias = [h for h in got if h.startswith("[story 2/3")]
    assert bias[0] == "[story 2/3 · Bias for Action · new story]"
    assert bias[1].startswith("[story 2/3 · Bias for Action · follow-up 1/2 on: principle fit")
    assert "sounds like" in bias[1]
    assert "Bias for Action)" not in bias[1]


def test_a_refusal_gets_an_offer_to_move_on_then_the_next_story(tmp_path, capsys) -> None:
    got = headers("refusal", tmp_path, capsys)
    assert got[1:] == [
        "[story 1/3 · Ownership · offer to move on]",
        "[story 2/3 · Bias for Action · new story, previous skipped]",
    ]
    # Neither reply counts as a story: the skipped story holds no answer.
    session = SessionStore(tmp_path / "sessions").load("refusal").session
    assert session.answers(0) == []


def test_a_clarification_request_gets_the_question_explained(tmp_path, capsys) -> None:
    got = headers("clarification", tmp_path, capsys)
    assert got[1] == "[story 1/3 · Ownership · clarify: Ownership]"


def test_an_off_topic_reply_is_brought_back_to_the_question(tmp_path, capsys) -> None:
    assert headers("off_topic", tmp_path, capsys)[1] == (
        "[story 1/3 · Ownership · back to the question]"
    )


def test_nonsense_is_brought_back_to_the_question(tmp_path, capsys) -> None:
    assert headers("nonsense", tmp_path, capsys)[1] == (
        "[story 1/3 · Ownership · back to the question]"
    )


def test_a_different_story_in_reply_to_a_probe_is_asked_about(tmp_path, capsys) -> None:
    got = headers("new_story_in_reply", tmp_path, capsys)
    assert got[2] == "[story 1/3 · Ownership · which story?]"
    # "The new one": the story is now the customs story, and the export story is dropped.
    session = SessionStore(tmp_path / "sessions").load("new_story_in_reply").session
    told = [t.text for t in session.answers(0)]
    assert told[0].startswith("Actually, a better example")
    assert not any("nightly data export" in text for text in told)
    assert got[3].startswith("[story 1/3 · Ownership · follow-up 2/2")


def test_a_story_reused_for_a_second_principle_is_refused(tmp_path, capsys) -> None:
    got = headers("reused_story", tmp_path, capsys)
    assert got[3] == "[story 2/3 · Bias for Action · story already told for Ownership]"
    session = SessionStore(tmp_path / "sessions").load("reused_story").session
    assert session.answers(1) == []


def test_a_rambling_answer_is_cut_in_on(tmp_path, capsys) -> None:
    got = headers("rambling", tmp_path, capsys)
    assert got[1].endswith("· cut in: long answer]")
    assert got[1].startswith("[story 1/3 · Ownership · follow-up 1/2 on: ")


def test_i_already_said_that_is_checked_against_the_story_and_taken(tmp_path, capsys) -> None:
    got = headers("already_said", tmp_path, capsys)
    assert got[1] == "[story 1/3 · Ownership · follow-up 1/2 on: result_timeframe]"
    assert got[2] == (
        "[story 1/3 · Ownership · follow-up 2/2 going deeper: how did you know"
        " · taken as said: result_timeframe]"
    )


def test_terse_bullets_are_asked_what_the_candidate_did_first(tmp_path, capsys) -> None:
    got = headers("terse_bullets", tmp_path, capsys)
    assert got[1].startswith("[story 1/3 · Ownership · follow-up 1/2 on: action")


def test_no_persona_gets_a_non_answer_probed_as_an_answer(tmp_path, capsys) -> None:
    for path in sorted(PERSONAS.glob("*.txt")):
        headers(path.stem, tmp_path, capsys)
        session = SessionStore(tmp_path / "sessions").load(path.stem).session
        turns = session.turns
        for index, turn in enumerate(turns[:-1]):
            reading = turn.reading
            if turn.role != "candidate" or reading is None or reading.kind == "answer":
                continue
            reply = turns[index + 1].move
            assert reply is not None
            # A refusal, a question or nonsense is never "probed" as if it were an answer.
            if reading.kind in ("clarification", "off_topic", "nonsense", "reused_story"):
                assert reply.kind == "redirect", (path.stem, reading, reply)


def _answers(name: str) -> list[str]:
    from interviewer.cli.run import read_answers

    return read_answers(PERSONAS / f"{name}.txt")


def _moves(session_dir: Path, session_id: str) -> list[object]:
    session = SessionStore(session_dir).load(session_id).session
    return [t.move for t in session.turns if t.role == "interviewer"]


@pytest.mark.parametrize("name", ["refusal", "new_story_in_reply", "already_said", "rambling"])
async def test_run_and_the_tui_make_the_same_moves(name: str, tmp_path: Path) -> None:
    from tui_support import answer, interview_screen, make_app, settle

    run_dir = tmp_path / "run"
    argv = ["run", "--answers", str(PERSONAS / f"{name}.txt"), "--quiet-scores"]
    argv += ["--sessions-dir", str(run_dir), "--session-id", "same"]
    assert await asyncio.to_thread(main, argv) == 0  # run has its own event loop
    (tmp_path / "tui").mkdir()
    app = make_app(tmp_path / "tui", begin_now=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = interview_screen(pilot)
        for text in _answers(name):
            if screen.finished:
                break
            await answer(pilot, text)
        tui_id = screen.session.id
    assert _moves(tmp_path / "tui" / "sessions", tui_id) == _moves(run_dir, "same")
