"""Competency ids and the competency-fit patterns, from ``prompts/competencies.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from interviewer.resources import prompts_dir
from interviewer.scoring.lexicon import APOS, _lower_pattern


class UnknownCompetencyError(ValueError):
    """A competency id that ``prompts/competencies.toml`` does not define."""

    def __init__(self, competency: str) -> None:
        known = ", ".join(known_competencies())
        super().__init__(f"unknown competency {competency!r} (known: {known})")
        self.competency = competency


@dataclass(frozen=True, slots=True)
class CompetencyPatterns:
    id: str
    name: str
    pattern: re.Pattern[str] | None  # None: the scorer does not judge fit for it

    @property
    def family(self) -> str:
        """The name of this competency's fit patterns in the lexicon's cue index."""
        return f"fit:{self.id}"


def fit_families() -> dict[str, list[str]]:
    """Every competency's fit patterns (folded, ``APOS`` replaced), by family name."""
    return {c.family: list(_fragments()[c.id]) for c in _table().values() if c.pattern}


@cache
def _fragments() -> dict[str, tuple[str, ...]]:
    path = prompts_dir() / "competencies.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    return {
        str(item["id"]): tuple(
            _lower_pattern(str(p).replace("APOS", APOS)) for p in item.get("patterns", [])
        )
        for item in data.get("competency", [])
    }


@cache
def _table() -> dict[str, CompetencyPatterns]:
    path = prompts_dir() / "competencies.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    table: dict[str, CompetencyPatterns] = {}
    for item in data.get("competency", []):
        patterns = _fragments()[str(item["id"])]
        compiled = re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)") if patterns else None
        table[str(item["id"])] = CompetencyPatterns(str(item["id"]), str(item["name"]), compiled)
    return table


def known_competencies() -> tuple[str, ...]:
    """Every competency id the scorer knows, in file order."""
    return tuple(_table())


def competency(competency_id: str) -> CompetencyPatterns:
    """The competency named ``competency_id``; :class:`UnknownCompetencyError` if none."""
    try:
        return _table()[competency_id]
    except KeyError:
        raise UnknownCompetencyError(competency_id) from None
