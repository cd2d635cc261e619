"""Does a story bear out what the candidate says they already said?

A looser reading than the scorer's rules (``interviewer/data/mentions.toml``), used by the
planner for one question only: when a candidate answers a follow-up with "I already said that", is
there anything in the story that could be it? If so the interviewer takes it as said and
does not ask again. It never changes a grade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from interviewer.resources import load_toml

__all__ = ["bears_out", "load_mentions"]


def load_mentions(name: str = "mentions.toml") -> Mapping[str, tuple[re.Pattern[str], ...]]:
    """Rule id -> its compiled patterns, from the packaged data file ``name``."""
    table = load_toml(name).get("patterns", {})
    return {
        rule: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        for rule, patterns in table.items()
    }


@cache
def _packaged() -> Mapping[str, tuple[re.Pattern[str], ...]]:
    return load_mentions()


def bears_out(rule: str, texts: Sequence[str]) -> bool:
    """True when any of the story's ``texts`` matches one of ``rule``'s loose patterns."""
    patterns = _packaged().get(rule, ())
    return any(p.search(text) for p in patterns for text in texts)
