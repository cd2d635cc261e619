"""Show untrusted text exactly as written.

Interviewer replies come from a model and answers from the candidate; neither may restyle
the screen or talk to the terminal. Rich and Textual do not parse markup in a ``Text``, but
they do pass an ESC byte straight through to the terminal, so escape sequences would be
executed rather than shown. :func:`visible` (shared with the exports) turns every control
character into a visible stand-in: ESC shows as ␛, C1 controls and bidirectional overrides
as ``<U+XXXX>``. Newlines and tabs keep their meaning.
"""

from __future__ import annotations

from rich.text import Text

from interviewer.export.common import visible

__all__ = ["literal"]


def literal(text: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``text`` literally: no markup, no escape sequences."""
    return Text(visible(text), style=style, end="")
