"""Make untrusted model output safe to show in a terminal, and candidate text safe to quote
inside a prompt.

Model output: terminal escape sequences (CSI such as colours and cursor moves, OSC such as
window titles and hyperlinks, DCS/APC/PM/SOS strings, two-byte escapes), C0 and C1 control
characters other than newline and tab, carriage returns and bidirectional overrides are
removed; the length is capped. :class:`StreamSanitizer` does the same over a stream whose
chunks may split an escape sequence in two: it holds back an unfinished sequence until the
next chunk completes it.

Candidate text in a prompt: it is wrapped in ``<candidate_answer>`` tags; any such tag the
candidate typed is neutralised so the answer cannot close its own delimiter.
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_REPLY_CHARS",
    "StreamSanitizer",
    "clean_text",
    "delimit_candidate",
]

MAX_REPLY_CHARS = 2000
"""An interviewer reply longer than this is cut (a real interviewer's turn is far shorter)."""

_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                     # CSI: ESC [ params intermediates final
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)         # OSC: ESC ] ... BEL or ST
    | \x1b[PX^_][^\x1b]*\x1b\\                  # DCS, SOS, PM, APC: ... ST
    | \x1b[ -/]*[0-~]                           # other escapes (two bytes, or nF)
    | \x9b[0-?]*[ -/]*[@-~]                     # 8-bit CSI
    """,
    re.VERBOSE,
)
# C0 controls except \t and \n; DEL; C1 controls; bidi embedding/override/isolate marks.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# An escape sequence that has started but not finished at the end of a chunk.
_UNFINISHED = re.compile(
    r"""
    \x1b(?:
        \[[0-?]*[ -/]*
        | \][^\x07\x1b]*\x1b?
        | [PX^_][^\x1b]*\x1b?
        | [ -/]*
    )\Z
    | \x9b[0-?]*[ -/]*\Z
    """,
    re.VERBOSE,
)
_HOLD_LIMIT = 512
"""An unfinished sequence longer than this is not a sequence we wait for: it is dropped."""


def clean_text(text: str) -> str:
    """Remove escape sequences and control characters (keeps newlines and tabs)."""
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


class StreamSanitizer:
    """Cleans a stream chunk by chunk and caps its total length."""

    def __init__(self, max_chars: int = MAX_REPLY_CHARS) -> None:
        self.max_chars = max_chars
        self.emitted = 0
        self.truncated = False
        self._pending = ""

    @property
    def full(self) -> bool:
        return self.emitted >= self.max_chars

    def feed(self, chunk: str) -> str:
        """The clean text that can be shown now ('' while a sequence is incomplete)."""
        if self.full:
            self.truncated = self.truncated or bool(chunk)
            return ""
        text = self._pending + chunk
        match = _UNFINISHED.search(text)
        if match is not None and len(text) - match.start() <= _HOLD_LIMIT:
            text, self._pending = text[: match.start()], text[match.start() :]
        else:
            self._pending = ""
        return self._cap(clean_text(text))

    def flush(self) -> str:
        """Whatever is held back at the end of the stream, cleaned."""
        text, self._pending = self._pending, ""
        return self._cap(clean_text(text)) if text else ""

    def _cap(self, text: str) -> str:
        room = self.max_chars - self.emitted
        if len(text) > room:
            text = text[:room]
            self.truncated = True
        self.emitted += len(text)
        return text


_TAG = re.compile(r"<\s*/?\s*candidate_answer\b[^>]*>", re.IGNORECASE)


def delimit_candidate(text: str) -> str:
    """The candidate's words inside ``<candidate_answer>`` tags that they cannot close."""
    inner = _TAG.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), clean_text(text))
    return f"<candidate_answer>\n{inner}\n</candidate_answer>"
