"""The conversation: one block per turn, the interviewer's reply streaming into its block.

Chunks can arrive far faster than a terminal can draw (a local model easily sends hundreds
of tokens a second), so a streaming block buffers them and redraws at most once per frame.
All text goes through :func:`interviewer.tui.literal.literal`, never through markup.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Label, Static

from interviewer.tui.literal import literal

FRAME_SECONDS = 1 / 30
"""A streaming block redraws at most this often."""

Role = Literal["interviewer", "candidate"]

_TITLES: dict[Role, str] = {"interviewer": "Interviewer", "candidate": "You"}


class Utterance(Vertical):
    """One turn of the conversation; an interviewer turn may still be streaming in."""

    def __init__(self, role: Role, text: str = "", *, streaming: bool = False) -> None:
        classes = f"utterance {role}" + (" -streaming" if streaming else "")
        super().__init__(classes=classes)
        self.role: Role = role
        self.streaming = streaming
        self.frames = 0
        """How many times the text was redrawn while streaming (for the benchmark)."""
        self._parts: list[str] = [text] if text else []
        self._flush_timer: Timer | None = None
        self._who = Label(_TITLES[role], classes="who")
        self.body = Static(literal(text), classes="body")

    def compose(self) -> ComposeResult:
        yield self._who
        yield self.body

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def append(self, chunk: str) -> None:
        """Add streamed text; the block is redrawn on the next frame, not per chunk."""
        if not chunk:
            return
        self._parts.append(chunk)
        if self._flush_timer is None:
            self._flush_timer = self.set_timer(FRAME_SECONDS, self._flush)

    def finish(self, text: str | None = None, *, stopped: bool = False) -> None:
        """End the stream; ``text`` (the recorded turn) replaces what was streamed."""
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        if text is not None:
            self._parts = [text]
        self.streaming = False
        self.remove_class("-streaming")
        if stopped:
            self.add_class("-stopped")
            self._who.update(f"{_TITLES[self.role]} (stopped)")
        self._draw()

    def _flush(self) -> None:
        self._flush_timer = None
        self._draw()

    def _draw(self) -> None:
        self.frames += 1
        self.body.update(literal(self.text))


class Note(Static):
    """A quiet line between turns, e.g. which rules the last answer added."""

    def __init__(self, text: str) -> None:
        super().__init__(literal(text), classes="note")


class Conversation(VerticalScroll):
    """The scrolling log of the interview, pinned to the newest turn."""

    can_focus = True

    def on_mount(self) -> None:
        self.anchor()

    def add_turn(self, role: Role, text: str, *, streaming: bool = False) -> Utterance:
        utterance = Utterance(role, text, streaming=streaming)
        self.mount(utterance)
        return utterance

    def add_note(self, text: str) -> Note:
        note = Note(text)
        self.mount(note)
        return note
