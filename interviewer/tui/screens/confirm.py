"""Asked once when quitting mid-interview."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmQuit(ModalScreen[bool]):
    """Dismisses with True to quit; everything typed is saved either way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,ctrl+q", "answer(True)", "Quit", show=False),
        Binding("n,escape", "answer(False)", "Stay", show=False),
    ]

    def __init__(self, session_id: str | None) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        resume = (
            f"Your answers and the draft are saved; continue later with\n"
            f"  interviewer resume {self.session_id}"
            if self.session_id
            else "Your draft is kept until you quit."
        )
        with Vertical(id="confirm-body") as body:
            body.border_title = "Leave the interview?"
            yield Static(resume, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Quit (y)", id="quit", variant="error")
                yield Button("Stay (n)", id="stay", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_answer(self, quit_: bool) -> None:
        self.dismiss(quit_)
