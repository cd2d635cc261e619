"""Regular-expression fragments as the data files write them, made ready to compile.

The lexicon (``lexicon.toml``) and the competencies' fit patterns (``competencies.toml``)
both write an apostrophe as ``APOS`` (either the straight or the curly one) and are matched
against folded (lower-cased) text, so each fragment is prepared the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["APOS", "lower_pattern", "prepare"]

APOS = "['’]"


def lower_pattern(fragment: str) -> str:
    """Lower-case a regex fragment's letters, leaving escapes (``\\d``, ``\\s``) alone."""
    out: list[str] = []
    escaped = False
    for char in fragment:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


def prepare(items: Iterable[object]) -> list[str]:
    """Each fragment with ``APOS`` replaced and its letters lower-cased."""
    return [lower_pattern(str(item).replace("APOS", APOS)) for item in items]
