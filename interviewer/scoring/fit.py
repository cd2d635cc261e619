"""Which Leadership Principle a story shows, and how strongly it shows the one asked.

A principle's strength in an answer is the number of sentences of the story (not of the
speaker's reflections: "next time I would talk to customers" is no customer work done) that
hold one of its signals (``patterns`` in ``prompts/competencies.toml``), less two for each
sign of its absence (``absence``: "not my team's job" for Ownership). A story fits the
principle asked when that principle's strength is at least one and no other principle
shows clearly more; the principle it fits best is the strongest of the sixteen.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.scoring.analysis import Analysis, analyse
from interviewer.scoring.competencies import CompetencyPatterns, competency, principles
from interviewer.scoring.roles import Role, sentence_roles

ABSENCE_WEIGHT = 2
CLEAR_MARGIN = 2
"""How much stronger another principle must be before a story stops fitting the one asked."""

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Strength:
    competency: str
    score: int
    signals: tuple[Span, ...]  # the first match in each sentence that shows it
    absences: tuple[Span, ...]  # matches that show it is missing


def _story_sentence(a: Analysis, offset: int) -> bool:
    roles = sentence_roles(a)
    if not roles:
        return True
    held = roles[a.sentences.index(offset)]
    return held != frozenset({Role.REFLECTION})


def strength(a: Analysis, comp: CompetencyPatterns) -> Strength:
    if comp.pattern is None:
        return Strength(comp.id, 0, (), ())
    seen: dict[int, Span] = {}
    for span in a.cues(comp.family):
        if a.negated(*span) or not _story_sentence(a, span[0]):
            continue
        seen.setdefault(a.sentences.index(span[0]) if a.sentences else 0, span)
    absences: list[Span] = []
    if comp.has_absence:
        absences = [s for s in a.cues(comp.absence_family) if not a.negated(*s)]
    score = len(seen) - ABSENCE_WEIGHT * len(absences)
    return Strength(comp.id, score, tuple(seen[i] for i in sorted(seen)), tuple(absences))


def strengths(a: Analysis) -> list[Strength]:
    """The sixteen principles' strengths, strongest first (file order breaks ties)."""
    cached: list[Strength] | None = a.memo.get("fit_strengths")
    if cached is None:
        found = [strength(a, p) for p in principles()]
        cached = sorted(found, key=lambda s: -s.score)
        a.memo["fit_strengths"] = cached
    return cached


def tells_a_story(a: Analysis) -> bool:
    return bool(a.actions) or a.narrates_past


def strongest(a: Analysis) -> Strength | None:
    """The principle the story shows best, or None when it shows none (or is no story)."""
    if not tells_a_story(a):
        return None
    ranked = strengths(a)
    return ranked[0] if ranked and ranked[0].score >= 1 else None


def fits(a: Analysis, comp: CompetencyPatterns) -> tuple[bool, Strength, Strength | None]:
    """Does the story show ``comp``? Also its strength and the strongest principle."""
    own = strength(a, comp)
    best = strongest(a)
    if own.score < 1:
        return False, own, best
    if best is not None and best.competency != comp.id and best.score >= own.score + CLEAR_MARGIN:
        return False, own, best
    return True, own, best


def best_fit(text: str) -> str:
    """The id of the Leadership Principle ``text`` shows best, or ``"none"``."""
    best = strongest(analyse(text))
    return best.competency if best is not None else "none"


def name_of(competency_id: str) -> str:
    return competency(competency_id).name
