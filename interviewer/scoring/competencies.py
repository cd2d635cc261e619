"""Competency ids and the competency-fit patterns, from ``data/competencies.toml``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from interviewer.resources import load_toml
from interviewer.scoring.fragments import prepare


class UnknownCompetencyError(ValueError):
    """A competency id that ``data/competencies.toml`` does not define."""

    def __init__(self, competency: str) -> None:
        known = ", ".join(known_competencies())
        super().__init__(f"unknown competency {competency!r} (known: {known})")
        self.competency = competency


@dataclass(frozen=True, slots=True)
class CompetencyPatterns:
    id: str
    name: str
    pattern: re.Pattern[str] | None  # None: the scorer does not judge fit for it
    principle: bool = False  # one of Amazon's sixteen Leadership Principles

    @property
    def family(self) -> str:
        """The name of this competency's fit patterns in the lexicon's cue index."""
        return f"fit:{self.id}"


def fit_families() -> dict[str, list[str]]:
    """Every competency's fit patterns (folded, ``APOS`` replaced), by family name."""
    return {c.family: list(_fragments()[c.id]) for c in _table().values() if c.pattern}


def _data() -> Mapping[str, Any]:
    return load_toml("competencies.toml")


@cache
def _fragments() -> dict[str, tuple[str, ...]]:
    return {
        str(item["id"]): tuple(prepare(item.get("patterns", [])))
        for item in _data().get("competency", [])
    }


@cache
def _table() -> dict[str, CompetencyPatterns]:
    table: dict[str, CompetencyPatterns] = {}
    for item in _data().get("competency", []):
        ident = str(item["id"])
        patterns = _fragments()[ident]
        compiled = re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)") if patterns else None
        table[ident] = CompetencyPatterns(
            ident,
            str(item["name"]),
            compiled,
            principle=bool(item.get("leadership_principle", False)),
        )
    return table


def principles() -> tuple[CompetencyPatterns, ...]:
    """The sixteen Leadership Principles, in file order."""
    return tuple(c for c in _table().values() if c.principle)


def known_competencies() -> tuple[str, ...]:
    """Every competency id the scorer knows, in file order."""
    return tuple(_table())


def _key(name: str) -> str:
    """A competency's id or display name, folded: case, apostrophes, and runs of spaces,
    hyphens, underscores and punctuation do not matter ("Bias for Action", "bias-for-action",
    "Earth's Best Employer")."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower().replace("'", "").replace("’", "")).strip("_")


@cache
def _aliases() -> dict[str, str]:
    table = _table()
    aliases = {_key(c.name): c.id for c in table.values()}
    aliases.update({_key(ident): ident for ident in table})
    return aliases


def resolve(name: str) -> str:
    """The id of the competency ``name`` names, by id or display name in any case and any
    spelling of spaces, hyphens and underscores; :class:`UnknownCompetencyError` if none."""
    try:
        return _aliases()[_key(name)]
    except KeyError:
        raise UnknownCompetencyError(name) from None


def competency(competency_id: str) -> CompetencyPatterns:
    """The competency named ``competency_id`` (an id or a display name, see :func:`resolve`);
    :class:`UnknownCompetencyError` if none."""
    table = _table()
    found = table.get(competency_id)
    return found if found is not None else table[resolve(competency_id)]


def principle_name(competency_id: str) -> str | None:
    """The display name of the competency ``competency_id``, or None if none has that id."""
    found = _table().get(competency_id)
    return found.name if found is not None else None
