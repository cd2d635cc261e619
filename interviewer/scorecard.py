"""The scorecard: what the candidate takes away from a session.

Pure domain code. Per story it re-scores the candidate's turns with the scorer (so the
story is judged as a whole, and what was volunteered is told apart from what had to be
probed out), picks the most valuable improvements, and across sessions it computes the
trend. The wording of improvements is data: ``data/scorecard.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from interviewer.models import (
    Competency,
    Scorecard,
    Session,
    StoryCard,
    StoryScore,
    TrendPoint,
)
from interviewer.resources import data_path, read_toml

StoryScorer = Callable[[Sequence[str], str | None], StoryScore]
"""``interviewer.scoring.score_story``, or a stand-in with the same shape."""

RuleStatus = Literal["volunteered", "probed", "missing"]


@dataclass(frozen=True)
class ScorecardTexts:
    """The contents of ``data/scorecard.toml``."""

    priority: tuple[str, ...]
    per_story: int
    overall: int
    trend_points: int
    min_seconds: float
    max_seconds: float
    missing: dict[str, str]
    probed: dict[str, str]
    length: dict[str, str]
    overall_text: dict[str, str]
    general: dict[str, str]
    labels: dict[str, str]
    ratings: dict[int, str]
    legend: str
    rating_caps: str

    @classmethod
    def from_file(cls, path: Path) -> ScorecardTexts:
        data: dict[str, Any] = read_toml(path)
        return cls(
            priority=tuple(data["priority"]),
            per_story=int(data["per_story"]),
            overall=int(data["overall"]),
            trend_points=int(data["trend_points"]),
            min_seconds=float(data["timebox"]["min_seconds"]),
            max_seconds=float(data["timebox"]["max_seconds"]),
            missing=dict(data["missing"]),
            probed=dict(data["probed"]),
            length=dict(data["length"]),
            overall_text=dict(data["overall_text"]),
            general=dict(data["general"]),
            labels=dict(data["labels"]),
            ratings={int(k): str(v) for k, v in data["ratings"].items()},
            legend=str(data["legend"]),
            rating_caps=str(data["rating_caps"]),
        )

    def label(self, rule_id: str) -> str:
        return self.labels.get(rule_id, rule_id)

    def rating_name(self, rating: int) -> str:
        return self.ratings.get(rating, str(rating))

    def rank(self, rule_id: str) -> int:
        """Position of a rule in the priority list (unlisted rules come last)."""
        try:
            return self.priority.index(rule_id)
        except ValueError:
            return len(self.priority)


@cache
def load_texts() -> ScorecardTexts:
    return ScorecardTexts.from_file(data_path("scorecard.toml"))


def default_scorer() -> StoryScorer:
    from interviewer.scoring import score_story

    scorer: StoryScorer = score_story
    return scorer


# --------------------------------------------------------------------------- views


def rule_status(score: StoryScore, rule_id: str) -> RuleStatus:
    """Whether a rule was met in the main answer, only after follow-ups, or never."""
    if rule_id in score.volunteered:
        return "volunteered"
    if rule_id in score.probed:
        return "probed"
    if rule_id in score.missing:
        return "missing"
    return "volunteered" if score.combined.rule(rule_id).passed else "missing"


def main_answer_seconds(score: StoryScore) -> float:
    return score.turns[0].speaking_seconds if score.turns else 0.0


# --------------------------------------------------------------------------- stories


def score_session_stories(session: Session, scorer: StoryScorer) -> list[StoryScore | None]:
    """Each story's score (None for a story with no candidate words)."""
    scores: list[StoryScore | None] = []
    for index, competency in enumerate(session.question.competencies):
        texts = [t.text for t in session.candidate_turns(index)]
        if not any(text.strip() for text in texts):
            scores.append(None)
            continue
        try:
            scores.append(scorer(texts, competency.id))
        except ValueError:  # UnknownCompetencyError: score the STAR-L rules alone
            scores.append(scorer(texts, None))
    return scores


def _length_advice(score: StoryScore, competency: Competency, texts: ScorecardTexts) -> str:
    seconds = main_answer_seconds(score)
    middle = (texts.min_seconds + texts.max_seconds) / 2
    key = "too_short" if seconds < middle else "too_long"
    return texts.length[key].format(competency=competency.name, seconds=round(seconds))


def story_improvements(
    score: StoryScore | None, competency: Competency, texts: ScorecardTexts
) -> tuple[str, ...]:
    """The most valuable fixes for one story: gaps first, then what had to be probed."""
    if score is None:
        return (texts.length["unanswered"].format(competency=competency.name),)
    advice: list[str] = []
    for rule_id in sorted(score.missing, key=texts.rank):
        if rule_id == "length":
            advice.append(_length_advice(score, competency, texts))
        elif rule_id in texts.missing:
            advice.append(texts.missing[rule_id].format(competency=competency.name))
        else:
            advice.append(score.combined.rule(rule_id).message)
    for rule_id in sorted(score.probed, key=texts.rank):
        if rule_id in texts.probed:
            advice.append(texts.probed[rule_id].format(competency=competency.name))
    return tuple(advice[: texts.per_story])


def overall_improvements(cards: Sequence[StoryCard], texts: ScorecardTexts) -> tuple[str, ...]:
    """Gaps shared by the most stories, most valuable first."""
    advice: list[str] = []
    total = len(cards)
    told = [c.score for c in cards if c.score is not None]
    if len(told) < total:
        advice.append(
            texts.overall_text["unanswered"].format(stories=total - len(told), total=total)
        )
    counts: dict[str, int] = {}
    for score in told:
        for rule_id in (*score.missing, *score.probed):
            counts[rule_id] = counts.get(rule_id, 0) + 1
    ranked = sorted(
        (r for r in counts if r in texts.general), key=lambda r: (-counts[r], texts.rank(r))
    )
    template = texts.overall_text["single" if len(told) == 1 else "repeated"]
    for rule_id in ranked:
        advice.append(
            template.format(stories=counts[rule_id], total=len(told), advice=texts.general[rule_id])
        )
    return tuple(advice[: texts.overall])


def _overall(scores: Sequence[StoryScore | None]) -> tuple[int, int]:
    """Session score (unanswered stories count 0) and rating (unanswered count 1)."""
    if not scores or all(s is None for s in scores):
        return 0, 1
    points = [s.combined.score if s else 0 for s in scores]
    ratings = [s.combined.rating if s else 1 for s in scores]
    score = int(sum(points) / len(points) + 0.5)
    rating = int(sum(ratings) / len(ratings) + 0.5)
    return score, max(1, min(5, rating))


def _rule_shares(scores: Sequence[StoryScore | None]) -> dict[str, float]:
    told = [s for s in scores if s is not None]
    shares: dict[str, float] = {}
    for score in told:
        for result in score.combined.rules:
            shares[result.id] = shares.get(result.id, 0.0) + (1.0 if result.passed else 0.0)
    return {rule_id: round(hits / len(told), 4) for rule_id, hits in shares.items()}


def trend_point(session: Session, scores: Sequence[StoryScore | None]) -> TrendPoint | None:
    if all(s is None for s in scores):
        return None
    score, _ = _overall(scores)
    return TrendPoint(
        session_id=session.id, at=session.created_at, score=score, rules=_rule_shares(scores)
    )


# --------------------------------------------------------------------------- build


def build(
    session: Session,
    history: Sequence[Session] = (),
    *,
    scorer: StoryScorer | None = None,
    texts: ScorecardTexts | None = None,
) -> Scorecard:
    """The scorecard of ``session``, with the trend over ``history`` (past sessions).

    ``history`` may include ``session`` itself; the trend holds every session with at
    least one story told, oldest first, ending at ``session``'s point, the last
    ``trend_points`` of them.
    """
    scorer = scorer or default_scorer()
    texts = texts or load_texts()
    scores = score_session_stories(session, scorer)
    cards = tuple(
        StoryCard(
            story=index,
            competency=competency,
            score=score,
            improvements=story_improvements(score, competency, texts),
        )
        for index, (competency, score) in enumerate(
            zip(session.question.competencies, scores, strict=True)
        )
    )
    score, rating = _overall(scores)

    # Only the most recent past sessions with something said are scored: the rest would
    # fall off the chart anyway, and scoring is the expensive part.
    earlier = sorted(
        (
            past
            for past in history
            if past.id != session.id
            and past.created_at <= session.created_at
            and any(t.role == "candidate" and t.text.strip() for t in past.turns)
        ),
        key=lambda past: (past.created_at, past.id),
    )
    points: list[TrendPoint] = []
    for past in earlier[-(texts.trend_points - 1) :] if texts.trend_points > 1 else ():
        point = trend_point(past, score_session_stories(past, scorer))
        if point is not None:
            points.append(point)
    current = trend_point(session, scores)
    if current is not None:
        points.append(current)

    return Scorecard(
        session_id=session.id,
        question_id=session.question.id,
        question_title=session.question.title,
        stories=cards,
        score=score,
        rating=rating,
        coverage={card.competency.id: card.score is not None for card in cards},
        improvements=overall_improvements(cards, texts),
        trend=tuple(points[-texts.trend_points :]),
    )


def rule_trend(scorecard: Scorecard, rule_id: str) -> list[float]:
    """A rule's share of stories passed, per trend point (0.0 where it was not scored)."""
    return [point.rules.get(rule_id, 0.0) for point in scorecard.trend]


def trend_rule_ids(scorecard: Scorecard) -> list[str]:
    """Rule ids seen anywhere in the trend, in the order the current session lists them."""
    order: list[str] = []
    for card in scorecard.stories:
        if card.score is not None:
            order += [r.id for r in card.score.combined.rules if r.id not in order]
    for point in scorecard.trend:
        order += [r for r in point.rules if r not in order]
    return order
