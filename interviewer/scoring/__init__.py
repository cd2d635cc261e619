"""The deterministic STAR-L scorer: a linter for behavioral-interview answers.

Public API::

    score_turn(text, competency=None) -> TurnScore
    score_story(texts, competency=None) -> StoryScore
    grade_turn(text, competency=None) -> Grade   # score_turn's verdict without evidence
    RULES                  # ordered RuleInfo (id, weight, title, found, missing, probe, core)
    WORDS_PER_MINUTE       # speaking rate behind the length rule (150 -> 150-225 words)
    known_competencies()   # competency ids from data/competencies.toml
    UnknownCompetencyError # ValueError for an id not in that file
    scorer_version()       # changes with the scorer's code or data (journaled verdicts)

See docs/scoring.md for the rules, weights and rating bands.
"""

from __future__ import annotations

from interviewer.scoring.competencies import UnknownCompetencyError, known_competencies
from interviewer.scoring.rules import (
    CORE_RULE_IDS,
    MAX_WORDS,
    MIN_WORDS,
    RATING_BANDS,
    RULES,
    RULES_BY_ID,
    WORDS_PER_MINUTE,
    RuleInfo,
)
from interviewer.scoring.scorer import Grade, grade_turn, score_story, score_turn
from interviewer.scoring.version import SCORER_VERSION, scorer_version

__all__ = [
    "CORE_RULE_IDS",
    "MAX_WORDS",
    "MIN_WORDS",
    "RATING_BANDS",
    "RULES",
    "RULES_BY_ID",
    "SCORER_VERSION",
    "WORDS_PER_MINUTE",
    "Grade",
    "RuleInfo",
    "UnknownCompetencyError",
    "grade_turn",
    "known_competencies",
    "score_story",
    "score_turn",
    "scorer_version",
]
