"""The multi-line answer box: Enter makes a new line, pasting a long answer just works.

Whatever arrives (typed, pasted, restored from a draft) goes through
:func:`interviewer.tui.literal.visible` first: Textual's TextArea would otherwise write a
pasted ESC byte straight to the terminal. The stand-ins (␛ for ESC) keep the text readable
and keep it exactly what the candidate will see in the transcript.
"""

from __future__ import annotations

from textual.document._document import EditResult, Location
from textual.widgets import TextArea

from interviewer.tui.literal import visible


class AnswerBox(TextArea):
    """Where the candidate types; submitting is the screen's binding, not this widget's."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            visible(text),
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder="Type your answer here.",
        )

    def load_text(self, text: str) -> None:
        super().load_text(visible(text))

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        return super()._replace_via_keyboard(visible(insert), start, end)

    @property
    def word_count(self) -> int:
        return len(self.text.split())
