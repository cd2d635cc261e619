"""Show untrusted text exactly as written.

Interviewer replies come from a model and answers from the candidate; neither may restyle
the screen or talk to the terminal. Rich and Textual do not parse markup in a ``Text``, but
they do pass an ESC byte straight through to the terminal, so escape sequences would be
executed rather than shown. Here every control character becomes a visible stand-in:
C0 controls become their Unicode "control pictures" (ESC shows as ␛), C1 controls and
bidirectional overrides become ``<U+XXXX>``. Newlines and tabs keep their meaning.
"""

from __future__ import annotations

from rich.text import Text

_TAB = "    "


def _build_table() -> dict[int, str]:
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


_TABLE = _build_table()


def visible(text: str) -> str:
    """``text`` with line endings normalised and every control character made visible."""
    return text.replace("\r\n", "\n").translate(_TABLE)


def literal(text: str, style: str = "") -> Text:
    """A Rich ``Text`` that shows ``text`` literally: no markup, no escape sequences."""
    return Text(visible(text), style=style, end="")
