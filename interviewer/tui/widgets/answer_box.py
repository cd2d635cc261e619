"""The multi-line answer box: Enter makes a new line, pasting a long answer just works.

Whatever arrives (typed, pasted, restored from a draft) goes through
:func:`interviewer.tui.literal.visible` first: Textual's TextArea would otherwise write a
pasted ESC byte straight to the terminal. The stand-ins (␛ for ESC) keep the text readable
and keep it exactly what the candidate will see in the transcript.

Line breaks are normalised before that: many terminals (xterm, VTE, iTerm2, tmux) send the
line breaks of a bracketed paste as carriage returns, which would otherwise show as ␍ and
run every paragraph of a pasted answer into one line.
"""

from __future__ import annotations

from textual.document._document import EditResult, Location
from textual.widgets import TextArea

from interviewer.export.common import visible


def typed(text: str) -> str:
    """``text`` as the box keeps it: line breaks as ``\\n``, control characters visible."""
    return visible(text.replace("\r\n", "\n").replace("\r", "\n"))


class AnswerBox(TextArea):
    """Where the candidate types; submitting is the screen's binding, not this widget's."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            typed(text),
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder="Type your answer here.",
        )

    def load_text(self, text: str) -> None:
        super().load_text(typed(text))

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        return super()._replace_via_keyboard(typed(insert), start, end)
