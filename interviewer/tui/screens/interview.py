"""The interview: conversation, answer box, live checklist; the session driver runs in a
worker.

The screen is a :class:`interviewer.driver.Renderer` over the session's
:class:`~interviewer.driver.Driver`: one async worker (group ``interviewer``, exclusive)
runs one driver step at a time, ``driver.open(self)`` once, then ``driver.answer(text,
self)`` per submitted answer, and the driver calls the screen's renderer methods as the
engine's events come. Escape cancels the worker; the engine records the partial reply, so a
stopped reply is a normal turn.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Static, TextArea
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from interviewer.driver import Driver, DriverError
from interviewer.models import COUNTED_READINGS, Ask, Move, Session, StoryScore, Turn
from interviewer.tui.literal import literal
from interviewer.tui.messages import InterviewFinished
from interviewer.tui.widgets.answer_box import AnswerBox
from interviewer.tui.widgets.checklist import Checklist, checklist_state, rule_label
from interviewer.tui.widgets.conversation import Conversation, Note, Utterance

PREVIEW_DELAY = 0.25
"""Seconds of quiet typing before the checklist is recomputed."""
DRAFT_SAVE_EVERY = 3.0
"""Seconds between draft saves while typing."""
SPEAKER_GROUP = "interviewer"
NOT_COUNTED = {
    "refusal": "a pass",
    "clarification": "a question about the question",
    "off_topic": "off topic",
    "nonsense": "not an answer",
    "new_story": "a different story",
    "reused_story": "a story already told",
    "switch_story": "switching stories",
    "keep_story": "staying with the first story",
}
"""How the conversation notes a reply that does not count toward its story."""


def added_rules(before: frozenset[str], story: StoryScore) -> list[str]:
    """Rule ids the story passes now that it did not before, in rule order."""
    return [r.id for r in story.combined.rules if r.passed and r.id not in before]


class InterviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,ctrl+enter", "send", "Send"),
        Binding("ctrl+s,ctrl+enter", "scorecard", "Scorecard"),
        Binding("escape", "stop", "Stop reply"),
        Binding("f2", "toggle_checklist", "Checklist"),
        Binding("f6", "focus_conversation", "Scroll log", show=False),
    ]

    def __init__(self, driver: Driver, interviewer: str, *, blink: bool = True) -> None:
        super().__init__()
        self.blink = blink
        self.driver = driver
        self.session = driver.session
        self.interview = driver.interview
        self.interviewer = interviewer
        self._speaking: Utterance | None = None
        self._story_passed: frozenset[str] = frozenset()
        self._preview_timer: Timer | None = None
        self._saved_draft = self.session.draft
        self._answer_box: AnswerBox | None = None
        self.finished = self.session.finished

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        bar = literal(self.session.question.title, style="bold")
        bar.append("  ·  ", style="dim")
        bar.append_text(literal(self.interviewer, style="dim"))
        yield Static(bar, id="title-bar")
        with Horizontal(id="interview-body"):
            with Vertical(id="talk"):
                yield Conversation(id="conversation")
                box = self._answer_box = AnswerBox(self.session.draft, id="answer")
                box.cursor_blink = self.blink
                box.border_title = "Your answer"
                box.border_subtitle = "Enter: new line · Ctrl+S: send"
                yield box
            with Vertical(id="side"):
                checklist = Checklist(id="checklist")
                checklist.border_title = "STAR-L"
                yield checklist
                yield Button("Send  ^S", id="send", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        conversation = self.query_one(Conversation)
        for turn in self.session.turns:
            conversation.add_turn(turn.role, turn.text)
        answer = self.query_one(AnswerBox)
        answer.focus()
        answer.move_cursor(answer.document.end)
        self.set_interval(DRAFT_SAVE_EVERY, self.save_draft)
        self._refresh_checklist()
        for warning in self.driver.warnings:
            self.notify(warning, title="Resumed with a problem", severity="warning", timeout=10)
        if not self.finished:
            self.speak(None)
        else:
            self._show_finished()

    # ------------------------------------------------------------------ the driver worker

    @work(exclusive=True, group=SPEAKER_GROUP)
    async def speak(self, answer: str | None) -> None:
        """Run one driver step (open, or answer); the driver calls the renderer methods."""
        try:
            if answer is None:
                await self.driver.open(self)
            else:
                await self.driver.answer(answer, self)
        except asyncio.CancelledError:
            # The engine has recorded the turn: what was said, or, stopped before the first
            # word, the question in plain words. Show what was recorded.
            turns = self.session.turns
            recorded = turns[-1].text if turns and turns[-1].role == "interviewer" else None
            if recorded is not None and self._speaking is None:
                self._speaking = self.query_one(Conversation).add_turn("interviewer", "")
            self._end_speaking(stopped=True, text=recorded)
            raise
        except DriverError as error:
            self._end_speaking(stopped=True)
            self.notify(str(error), title="The interviewer failed", severity="error", timeout=8)
            if answer is not None and not error.answer_recorded:
                self.query_one(AnswerBox).load_text(answer)
        finally:
            self._end_speaking(stopped=False)
            self._refresh_checklist()

    # ------------------------------------------------------------------ the renderer

    def interviewer_starts(self, move: Move) -> None:
        """Nothing to show until the first words (the checklist already shows the move)."""

    def interviewer_chunk(self, text: str) -> None:
        if self._speaking is None:
            conversation = self.query_one(Conversation)
            self._speaking = conversation.add_turn("interviewer", "", streaming=True)
        self._speaking.append(text)

    def interviewer_turn(self, turn: Turn) -> None:
        conversation = self.query_one(Conversation)
        utterance = self._speaking
        if utterance is None:
            utterance = conversation.add_turn("interviewer", turn.text)
        else:
            utterance.finish(turn.text)
        self._speaking = None
        if isinstance(turn.move, Ask) and turn.move.story > 0:
            stories = len(self.session.question.competencies)
            divider = f"── Story {turn.move.story + 1} of {stories}: {turn.move.competency.name}"
            conversation.mount(Note(divider), before=utterance)
            self._story_passed = frozenset()
        self._refresh_checklist()

    def candidate_scored(self, turn: Turn, story: StoryScore) -> None:
        added = added_rules(self._story_passed, story)
        self._story_passed = story.combined.passed
        kind = turn.reading.kind if turn.reading is not None else "answer"
        if kind not in COUNTED_READINGS:
            what = NOT_COUNTED.get(kind, "not an answer")
            self.query_one(Conversation).add_note(f"· {what}: not counted toward the story")
            return
        if added:
            line = "+ " + " · ".join(rule_label(r) for r in added)
        else:
            line = "+ nothing new for the checklist"
        line += f"   (story so far {story.combined.score}/100)"
        self.query_one(Conversation).add_note(line)

    def notice(self, message: str) -> None:
        self.notify(message, title="Interviewer", severity="warning", timeout=6)

    def interview_over(self, session: Session) -> None:
        self.finished = True
        self._show_finished()

    def _end_speaking(self, *, stopped: bool, text: str | None = None) -> None:
        if self._speaking is not None:
            self._speaking.finish(text, stopped=stopped)
            self._speaking = None

    def _show_finished(self) -> None:
        answer = self.query_one(AnswerBox)
        answer.disabled = True
        answer.placeholder = "The interview is over: Ctrl+S for your scorecard and exports."
        answer.border_subtitle = "Ctrl+S: scorecard"
        button = self.query_one("#send", Button)
        button.label = "Scorecard ^S"
        button.focus()
        self.query_one(Conversation).add_note(
            "The interview is over. Press Ctrl+S (or the button) for your scorecard."
        )
        self._refresh_checklist()
        self.refresh_bindings()

    @property
    def speaking(self) -> bool:
        return any(w.is_running for w in self.workers if w.group == SPEAKER_GROUP)

    # ------------------------------------------------------------------ actions

    async def action_send(self) -> None:
        if self.finished:
            self.post_message(InterviewFinished(self.session))
            return
        answer = self.query_one(AnswerBox)
        text = answer.text
        if not text.strip():
            self.notify("Type an answer first.", severity="warning", timeout=3)
            return
        await self.stop_speaking()
        self.query_one(Conversation).add_turn("candidate", text)
        answer.clear()
        self._saved_draft = ""
        self.speak(text)

    def action_scorecard(self) -> None:
        self.post_message(InterviewFinished(self.session))

    async def action_stop(self) -> None:
        await self.stop_speaking()

    async def stop_speaking(self) -> None:
        """Cancel the reply in progress, if any, and wait until the engine has recorded it."""
        for worker in list(self.workers):
            if worker.group == SPEAKER_GROUP and worker.is_running:
                worker.cancel()
                with contextlib.suppress(WorkerCancelled, WorkerFailed):
                    await worker.wait()

    def action_toggle_checklist(self) -> None:
        self.query_one("#side").toggle_class("-hidden")

    def action_focus_conversation(self) -> None:
        self.query_one(Conversation).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            event.stop()
            self.run_worker(self.action_send(), group="send")

    # ------------------------------------------------------------------ typing

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._refresh_checklist)

    def _refresh_checklist(self) -> None:
        self._preview_timer = None
        if self.is_mounted:
            draft = self.query_one(AnswerBox).text
            state = checklist_state(self.interview, draft, finished=self.finished)
            self.query_one(Checklist).state = state

    async def on_unmount(self) -> None:
        """Leaving the screen (new interview, scorecard, quit): record, save, release."""
        await self.stop_speaking()
        self.save_draft()
        await self.driver.aclose()

    def save_draft(self) -> None:
        """Write the unsent answer to the journal if it changed since the last save."""
        if self.finished:
            return
        text = self._draft_text()
        if text is None or text == self._saved_draft:
            return
        try:
            self.driver.save_draft(text)
        except DriverError as error:
            message = str(error)
            self.notify(message[:1].upper() + message[1:], severity="error")
            return
        self._saved_draft = text

    def _draft_text(self) -> str | None:
        # Kept by reference: when the app exits, the box is removed before this screen's
        # unmount handler runs, and a query would no longer find it.
        return self._answer_box.text if self._answer_box is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.speaking
        if action == "send":
            return not self.finished  # hidden once over: Ctrl+S is then the scorecard
        if action == "scorecard":
            return self.finished
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.refresh_bindings()

    @property
    def in_progress(self) -> bool:
        return not self.finished
