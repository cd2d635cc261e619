"""Small helpers every renderer shares: sparklines, bars, durations, clipping, and
:func:`visible`, which shows untrusted text literally. (The status marks and their words
are the scorecard view's: :mod:`interviewer.scorecard_view`.)"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from interviewer.models import Turn

BLOCKS = "▁▂▃▄▅▆▇█"

_TAB = "    "


def _visible_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = f"<U+{code:04X}>"
    # Bidirectional controls can reorder what is shown ("trojan source"); show them instead.
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C):
        table[code] = f"<U+{code:04X}>"
    table[ord("\n")] = "\n"
    table[ord("\t")] = _TAB
    return table


_VISIBLE = _visible_table()


def visible(text: str) -> str:
    """``text`` with line endings normalised and every control character made visible.

    Candidate and model text may hold terminal escape sequences or other control
    characters; printed as they are, a terminal would execute them, and in HTML they make
    the page ill-formed XML. C0 controls become their Unicode "control pictures" (ESC shows
    as ␛), C1 controls and bidirectional overrides become ``<U+XXXX>``. Newlines and tabs
    keep their meaning.
    """
    return text.replace("\r\n", "\n").translate(_VISIBLE)


def sparkline(values: Sequence[float], low: float = 0.0, high: float = 1.0) -> str:
    """One block character per value, scaled between ``low`` and ``high``."""
    span = (high - low) or 1.0
    marks = []
    for value in values:
        level = (min(max(value, low), high) - low) / span
        marks.append(BLOCKS[round(level * (len(BLOCKS) - 1))])
    return "".join(marks)


def bar(fraction: float, width: int = 20) -> str:
    """A text bar such as ``██████░░░░``."""
    filled = round(min(max(fraction, 0.0), 1.0) * width)
    return "█" * filled + "░" * (width - filled)


def when(moment: datetime) -> str:
    """A timestamp as people read it, in UTC so exports do not depend on the machine."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def speaker(turn: Turn) -> str:
    return "Interviewer" if turn.role == "interviewer" else "You"


def one_line(text: str) -> str:
    """Collapse whitespace (including line breaks) to single spaces; controls made visible."""
    return " ".join(visible(text).split())


EVIDENCE_CHARS = 100


def clip(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def evidence_quotes(evidence: Sequence[str], limit: int = EVIDENCE_CHARS) -> list[str]:
    """A rule's quoted evidence (a scorecard row's), each clipped to one short line, once."""
    return list(dict.fromkeys(clip(text, limit) for text in evidence if text.strip()))
