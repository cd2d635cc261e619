"""The interview room driven through the keyboard with Textual's Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stub_backend import StubBackend
from textual.widgets import OptionList
from tui_support import (
    FOLLOW_UP,
    SEED_QUESTION,
    STRONG_ANSWERS,
    THIN_ANSWER,
    ScriptedBackend,
    following_up,
    interview_screen,
    make_app,
    make_room,
    paste,
    settle,
)

from interviewer.models import Probe
from interviewer.store import SessionStore
from interviewer.tui.app import DARK, LIGHT
from interviewer.tui.help_screen import HelpScreen, binding_rows
from interviewer.tui.screens.confirm import ConfirmQuit
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.scorecard import ScorecardScreen
from interviewer.tui.screens.start import StartScreen
from interviewer.tui.widgets.answer_box import AnswerBox
from interviewer.tui.widgets.checklist import Checklist
from interviewer.tui.widgets.conversation import Conversation, Note, Utterance


def _texts(screen: InterviewScreen, role: str) -> list[str]:
    return [u.text for u in screen.query(Utterance) if u.role == role]


async def test_start_screen_preselects_the_seeded_question(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, StartScreen)
        picker = screen.query_one(OptionList)
        assert picker.highlighted == 0
        assert picker.get_option_at_index(0).id == SEED_QUESTION
        assert screen.selected().id == SEED_QUESTION
        line = str(screen.query_one("#interviewer-line").render())
        assert "offline interviewer" in line
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.question.id == SEED_QUESTION


async def test_another_question_can_be_picked(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await settle(pilot)
        second = app.room.bank.questions[1]
        assert interview_screen(pilot).session.question.id == second.id


async def test_a_whole_offline_session_through_the_keyboard(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = interview_screen(pilot)
        opening = _texts(screen, "interviewer")
        assert len(opening) == 1
        assert "Ownership" in opening[0]

        # Story 1: a thin answer, typed key by key, gets a follow-up.
        await pilot.press(*THIN_ANSWER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(screen.interview.pending_move, Probe)
        assert screen.query_one(Checklist).state.follow_up == 1
        assert any(n for n in screen.query(Note) if "+ " in str(n.render()))
        probes = 0
        while following_up(screen):
            probes += 1
            await paste(pilot, FOLLOW_UP)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert probes >= 1
        # Stories 2 and 3: full answers, pasted.
        for answer in STRONG_ANSWERS:
            assert not screen.finished
            await paste(pilot, answer)
            await pilot.press("ctrl+s")
            await settle(pilot)
            while following_up(screen):
                await paste(pilot, FOLLOW_UP)
                await pilot.press("ctrl+s")
                await settle(pilot)
        assert screen.finished
        assert screen.query_one(AnswerBox).disabled
        candidate = _texts(screen, "candidate")
        assert candidate[0] == THIN_ANSWER
        assert STRONG_ANSWERS[1] in candidate

        # The scorecard, then every export.
        await pilot.press("ctrl+s")
        await settle(pilot)
        card_screen = app.screen
        assert isinstance(card_screen, ScorecardScreen)
        assert len(card_screen.scorecard.stories) == 3
        assert all(card.score is not None for card in card_screen.scorecard.stories)
        await pilot.press("m", "j", "h")
        await pilot.pause()
        names = sorted(p.name for p in card_screen.exported)
        assert names == [
            "interview-test-session-1.html",
            "interview-test-session-1.json",
            "interview-test-session-1.md",
        ]
        exports = tmp_path / "exports"
        markdown = (exports / "interview-test-session-1.md").read_text(encoding="utf-8")
        assert "Ownership" in markdown
        exported = json.loads((exports / "interview-test-session-1.json").read_text())
        assert exported["finished"] is True

        # Start again goes back to the questions.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)

    saved = SessionStore(tmp_path / "sessions").load("test-session-1").session
    assert saved.finished
    assert next(t.text for t in saved.turns if t.role == "candidate") == THIN_ANSWER


async def test_checklist_follows_the_draft_after_a_pause(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        checklist = pilot.app.screen.query_one(Checklist)
        assert checklist.state.score is not None
        assert "result_quantified" not in checklist.state.score.combined.passed
        assert checklist.state.story == 0
        assert checklist.state.stories == 3
        await paste(pilot, FOLLOW_UP)
        await pilot.pause(0.4)
        assert "result_quantified" in checklist.state.score.combined.passed
        assert checklist.state.draft_words == len(FOLLOW_UP.split())
        assert checklist.state.draft_seconds > 0


async def test_empty_answer_is_not_sent(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert _texts(interview_screen(pilot), "candidate") == []
        assert any("Type an answer" in n.message for n in app._notifications)


async def test_escape_stops_the_reply_and_the_partial_text_is_kept(tmp_path: Path) -> None:
    backend = ScriptedBackend(
        ["Tell me about a time ", "you showed Ownership. ", "Take your ", "time."], pause_after=2
    )
    app = make_app(tmp_path, backend, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await backend.reached_pause.wait()
        await pilot.pause(0.1)
        screen = interview_screen(pilot)
        assert screen.speaking
        streaming = screen.query_one(Utterance)
        assert streaming.text == "Tell me about a time you showed Ownership."
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.speaking
        assert "-stopped" in streaming.classes
        turns = screen.session.turns
        assert [t.role for t in turns] == ["interviewer"]
        assert turns[0].text == "Tell me about a time you showed Ownership."
        # The conversation goes on: the candidate answers the partial question.
        backend.pause_after = None
        await paste(pilot, FOLLOW_UP)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [t.role for t in screen.session.turns] == ["interviewer", "candidate", "interviewer"]
    saved = SessionStore(tmp_path / "sessions").load("test-session-1").session
    assert saved.turns[0].text == "Tell me about a time you showed Ownership."


async def test_escape_before_the_first_word_shows_the_question_in_plain_words(
    tmp_path: Path,
) -> None:
    backend = ScriptedBackend(["Tell me about Ownership."], pause_after=0)
    app = make_app(tmp_path, backend, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await backend.reached_pause.wait()
        await pilot.pause(0.1)
        screen = interview_screen(pilot)
        await pilot.press("escape")
        await settle(pilot)
        [turn] = screen.session.turns
        assert "Ownership" in turn.text  # not an empty question
        shown = screen.query_one(Utterance)
        assert "-stopped" in shown.classes
        assert shown.text == turn.text


async def test_sending_while_the_interviewer_speaks_stops_it_first(tmp_path: Path) -> None:
    backend = ScriptedBackend(
        ["First, a time you showed Ownership? ", "goes ", "on"], pause_after=1
    )
    app = make_app(tmp_path, backend, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await backend.reached_pause.wait()
        await paste(pilot, THIN_ANSWER)
        backend.pause_after = None
        await pilot.press("ctrl+s")
        await settle(pilot)
        roles = [t.role for t in interview_screen(pilot).session.turns]
        assert roles == ["interviewer", "candidate", "interviewer"]
        assert interview_screen(pilot).session.turns[0].text == (
            "First, a time you showed Ownership?"
        )


async def test_quit_mid_session_asks_once_and_keeps_the_draft(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"half an answer")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.query_one(AnswerBox).text == "half an answer"
        await pilot.press(*" and more")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    saved = SessionStore(tmp_path / "sessions").load("test-session-1").session
    assert saved.draft == "half an answer and more"
    assert not saved.finished


@pytest.mark.parametrize("over", ["f1", "ctrl+p"])
async def test_quit_from_help_or_the_palette_mid_session_still_asks_and_keeps_the_draft(
    tmp_path: Path, over: str
) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"typed just now")
        await pilot.press(over)
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    saved = SessionStore(tmp_path / "sessions").load("test-session-1").session
    assert saved.draft == "typed just now"


async def test_leaving_any_other_way_still_saves_the_draft_typed_since_the_last_save(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"typed just now")
        app.exit()  # not through Ctrl+Q: only the screen's unmount can save it
        await pilot.pause()
    saved = SessionStore(tmp_path / "sessions").load("test-session-1").session
    assert saved.draft == "typed just now"


async def test_quit_from_the_start_screen_does_not_ask(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").iterdir())


async def test_the_draft_is_saved_while_typing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("interviewer.tui.screens.interview.DRAFT_SAVE_EVERY", 0.05)
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"typed so far")
        await pilot.pause(0.2)
        store = SessionStore(tmp_path / "sessions")
        assert store.load("test-session-1").session.draft == "typed so far"


async def test_resume_restores_the_conversation_and_the_draft(tmp_path: Path) -> None:
    first = make_app(tmp_path, begin_now=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await paste(pilot, THIN_ANSWER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await paste(pilot, "unsent words")
        interview_screen(pilot).save_draft()
        asked = _texts(interview_screen(pilot), "interviewer")
    room = make_room(tmp_path)
    started = room.resume("test-session-1")
    from interviewer.tui.app import InterviewerApp

    app = InterviewerApp(room, resume=started, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = interview_screen(pilot)
        assert _texts(screen, "interviewer") == asked
        assert _texts(screen, "candidate") == [THIN_ANSWER]
        assert screen.query_one(AnswerBox).text == "unsent words"
        assert screen.query_one(Checklist).state.follow_up == 1


async def test_help_lists_every_binding(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {what for _, _, what in binding_rows()}
        for screen_class in (InterviewScreen, ScorecardScreen, StartScreen):
            for binding in screen_class.BINDINGS:
                assert binding.description in described  # type: ignore[union-attr]
        assert {"Send", "Stop reply", "Light/dark", "Quit"} <= described
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)


async def test_command_palette_carries_the_main_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        names = [name for name, _, _ in app.palette_actions(app.screen)]
        assert "Send answer" in names
        assert "Toggle light/dark theme" in names
        await paste(pilot, THIN_ANSWER)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"send answer")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert _texts(interview_screen(pilot), "candidate") == [THIN_ANSWER]


async def test_theme_toggles_between_light_and_dark(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == DARK
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT
        await pilot.press("ctrl+t")
        assert app.theme == DARK


async def test_resizing_narrow_hides_the_checklist_and_f2_brings_it_back(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        side = app.screen.query_one("#side")
        assert side.display
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert not side.display
        await pilot.press("f2")
        await pilot.pause()
        assert side.display
        await pilot.resize_terminal(140, 45)
        await pilot.pause()
        assert app.screen.query_one(Conversation).size.width > 60


async def test_a_failing_interviewer_becomes_a_notification(tmp_path: Path) -> None:
    class Broken(StubBackend):
        name = "broken"
        description = "broken interviewer"

        async def speak(self, request: object):  # type: ignore[no-untyped-def]
            raise RuntimeError("[bold red]API down[/]")
            yield ""  # pragma: no cover

    app = make_app(tmp_path, Broken(), begin_now=True)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("offline interviewer" in m for m in messages), messages
        # The offline interviewer took over and asked the question.
        assert _texts(interview_screen(pilot), "interviewer")[0]


async def test_a_paste_whose_line_breaks_are_carriage_returns_keeps_its_paragraphs(
    tmp_path: Path,
) -> None:
    # xterm, VTE, iTerm2 and tmux send a pasted line break as CR; it must stay a line break,
    # not become a visible ␍ that runs every paragraph into one.
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await paste(pilot, "First paragraph.\r\rSecond one.\r\nThird.")
        screen = interview_screen(pilot)
        assert screen.query_one(AnswerBox).text == "First paragraph.\n\nSecond one.\nThird."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.session.turns[1].text == "First paragraph.\n\nSecond one.\nThird."


def test_the_rooms_scorecard_has_the_same_trend_as_the_scorecard_command(tmp_path: Path) -> None:
    # The scorecard screen, its exports and `interviewer scorecard` must agree: one history.
    from datetime import timedelta

    from sample_sessions import START, make_session

    from interviewer.cli.sessions import build_scorecard

    room = make_room(tmp_path)
    assert room.store is not None
    other = make_session("20261101-090000-aaaaaa", stories=1, start=START - timedelta(days=3))
    other.question = other.question.model_copy(update={"id": "another-question"})
    unfinished = make_session("20261102-090000-bbbbbb", stories=1, start=START - timedelta(2))
    current = make_session(stories=3, finished=True)
    for session in (other, unfinished, current):
        room.store.create(session).close()
    card = room.scorecard(current)
    assert [p.session_id for p in card.trend] == [other.id, unfinished.id, current.id]
    assert card.trend == build_scorecard(room.store, current).trend


def test_the_start_screen_counts_one_story_in_the_singular() -> None:
    from interviewer.questions import load_bank
    from interviewer.tui.screens.start import describe_question

    bank = load_bank()
    single = next(q for q in bank if len(q.competencies) == 1)
    assert "One story, on this principle:" in describe_question(single).plain
    assert "one per principle" not in describe_question(single).plain
    assert "3 stories, one per principle:" in describe_question(bank.default).plain


async def test_a_reply_that_is_not_an_answer_is_noted_as_not_counted(tmp_path: Path) -> None:
    from textual.widgets import Static

    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await paste(pilot, "I'd rather skip this one.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = [str(n.render()) for n in app.screen.query(Static)]
        assert any("a pass: not counted toward the story" in n for n in notes), notes


async def test_the_finished_room_offers_the_scorecard_not_an_answer(tmp_path: Path) -> None:
    from tui_support import finish_interview

    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await finish_interview(pilot)
        screen = interview_screen(pilot)
        assert screen.finished
        box = screen.query_one(AnswerBox)
        assert "Type your answer" not in box.placeholder
        assert "scorecard" in box.placeholder
        offered = [b.binding.description for b in screen.active_bindings.values() if b.enabled]
        assert "Send" not in offered
        assert "Scorecard" in offered
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ScorecardScreen"
