"""F1: every key binding of the room, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

EXTRA_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Everywhere", "Ctrl+P", "Command palette (every action by name)"),
    ("Answer box", "enter", "New line"),
    ("Answer box", "Ctrl+V / paste", "Paste (long answers are fine)"),
    ("Answer box", "Ctrl+Z / Ctrl+Y", "Undo / redo"),
    ("Answer box", "Tab", "Move focus to the next control"),
)


_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}


def key_display(keys: str) -> str:
    """``ctrl+s,ctrl+enter`` -> ``Ctrl+S / Ctrl+Enter``; ``question_mark`` -> ``?``."""
    shown = []
    for key in keys.split(","):
        *modifiers, name = key.strip().split("+")
        name = _NAMES.get(name, name)
        if len(name) == 1 and modifiers:
            name = name.upper()
        elif len(name) > 1 and name[0].isalpha() and name not in _NAMES.values():
            name = name.capitalize() if not name[1:].isdigit() else name.upper()
        shown.append("+".join([*(m.capitalize() for m in modifiers), name]))
    return " / ".join(shown)


def binding_rows() -> list[tuple[str, str, str]]:
    """(where, keys, what) for every binding the room defines, in screen order."""
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.screens.interview import InterviewScreen
    from interviewer.tui.screens.scorecard import ScorecardScreen
    from interviewer.tui.screens.start import StartScreen

    rows: list[tuple[str, str, str]] = []
    groups: list[tuple[str, list[BindingType]]] = [
        ("Everywhere", InterviewerApp.BINDINGS),
        ("Start", StartScreen.BINDINGS),
        ("Interview", InterviewScreen.BINDINGS),
        ("Scorecard", ScorecardScreen.BINDINGS),
    ]
    for where, bindings in groups:
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                rows.append((where, key_display(binding.key), binding.description))
    rows[1:1] = [r for r in EXTRA_KEYS if r[0] == "Everywhere"]
    rows.extend(r for r in EXTRA_KEYS if r[0] != "Everywhere")
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists every binding; any of Escape, F1, q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Where", style="dim", no_wrap=True)
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("What")
        for where, keys, what in binding_rows():
            table.add_row(where, keys, what)
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc closes"
            yield Static(Text("interviewer: a mock behavioral interview\n", style="bold"))
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
