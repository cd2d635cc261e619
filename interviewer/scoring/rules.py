"""The rules' metadata (``data/rules.toml``), the timebox, and the score-to-rating bands."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.resources import load_toml

WORDS_PER_MINUTE = 150
"""Assumed speaking rate: a calm interview pace (conversational English runs 130-170)."""

TIMEBOX_SECONDS = (60, 90)
"""The seed's timebox for one story."""

MIN_WORDS = TIMEBOX_SECONDS[0] * WORDS_PER_MINUTE // 60
"""150 words: 60 seconds at 150 words per minute."""

MAX_WORDS = TIMEBOX_SECONDS[1] * WORDS_PER_MINUTE // 60
"""225 words: 90 seconds at 150 words per minute."""

RATING_BANDS = ((85, 5), (70, 4), (55, 3), (30, 2), (0, 1))
"""Lowest score for each rating, best first (see docs/scoring.md)."""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule checks and how it talks about it."""

    id: str
    weight: int
    title: str
    found: str
    missing: str
    probe: str
    core: bool = True


def _load() -> tuple[RuleInfo, ...]:
    return tuple(
        RuleInfo(
            id=str(item["id"]),
            weight=int(item["weight"]),
            title=str(item["title"]),
            found=str(item["found"]),
            missing=str(item["missing"]),
            probe=str(item["probe"]),
            core=bool(item.get("core", True)),
        )
        for item in load_toml("rules.toml")["rule"]
    )


RULES: tuple[RuleInfo, ...] = _load()
"""Every rule, in report order; ``core`` ones always run, the others when they apply."""

RULES_BY_ID: dict[str, RuleInfo] = {rule.id: rule for rule in RULES}

CORE_RULE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES if rule.core)


def rating_for(score: int) -> int:
    """The 1-5 band a 0-100 score falls in."""
    for floor, rating in RATING_BANDS:
        if score >= floor:
            return rating
    return 1
