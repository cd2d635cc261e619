"""The scorecard: what the candidate takes away from a session.

Pure domain code. Per story it takes the story's verdict as a whole (what was volunteered
told apart from what had to be probed out) from the journal, where the engine recorded it
as each turn was answered (:func:`story_scores`; stories journaled by another version of
the scorer are scored again), picks the most valuable improvements, and across sessions it
computes the trend. The wording of improvements is data: ``data/scorecard.toml``.
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
    Turn,
    TurnScore,
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
    marks: dict[str, dict[str, str]]
    """Status -> its ``symbol``, ``label`` and ``legend`` (``[marks.*]``)."""
    figures: dict[str, str]
    coverage_text: dict[str, str]

    @classmethod
    def from_file(cls, path: Path) -> ScorecardTexts:
        data: dict[str, Any] = read_toml(path)
        marks = {
            status: {key: str(value) for key, value in mark.items()}
            for status, mark in data["marks"].items()
        }
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
            legend=" · ".join(
                f"{marks[status]['symbol']} {marks[status]['legend']}"
                for status in data["legend_order"]
            ),
            rating_caps=str(data["rating_caps"]),
            marks=marks,
            figures=dict(data["figures"]),
            coverage_text=dict(data["coverage"]),
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


def current_scorer_version() -> str:
    """The version of the scorer running now (what journaled verdicts must carry)."""
    from interviewer.scoring import scorer_version

    return scorer_version()


FIT_RULE = "competency_fit"
"""The scorer's rule that a story shows the principle it was asked for."""


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


def journaled_story_score(
    turns: Sequence[Turn], version: str, latest: Turn | None = None
) -> StoryScore | None:
    """A story's score rebuilt from its journaled candidate ``turns``, or None when the
    journal cannot give it: a turn without its scores (a journal from before they were
    recorded) or scored by another ``version`` of the scorer.

    ``turns`` are the turns that count for the story (:meth:`Session.answers`); ``latest``
    is the story's last candidate turn, counted or not (by default the last of ``turns``):
    the story as a whole is its ``story_score``. What was volunteered is what
    the main answer's own score passed. ``turns`` holds each turn's journaled score: the
    main answer's is the one the scorer gives inside the story, a follow-up's is its own
    (the scorer reads a follow-up in the light of earlier turns; nothing on the scorecard
    reads a follow-up's score but the count of follow-ups).
    """
    if not turns:
        return None
    scores: list[TurnScore] = []
    for turn in turns:
        if turn.score is None or turn.scorer_version != version:
            return None
        scores.append(turn.score)
    last = latest if latest is not None else turns[-1]
    combined = last.story_score
    if combined is None or last.scorer_version != version:
        return None
    volunteered = tuple(r.id for r in scores[0].rules if r.passed)
    return StoryScore(
        competency=combined.competency,
        turns=tuple(scores),
        combined=combined,
        volunteered=volunteered,
        probed=tuple(r.id for r in combined.rules if r.passed and r.id not in volunteered),
        missing=combined.failed,
    )


def story_scores(
    session: Session, scorer: StoryScorer | None = None, *, version: str | None = None
) -> list[StoryScore | None]:
    """Each story's score (None for a story with no candidate words), read from the
    journal; a story the journal cannot give (see :func:`journaled_story_score`) is scored
    by ``scorer`` (the real scorer unless given), which is loaded only then.

    ``version`` is the scorer version journaled scores must carry (the running scorer's
    unless given). This is the one way the scorecard, the exports and ``interviewer
    sessions`` get story scores.
    """
    version = version if version is not None else current_scorer_version()
    scores: list[StoryScore | None] = []
    for index, competency in enumerate(session.question.competencies):
        turns = session.answers(index)
        texts = [t.text for t in turns]
        if not any(text.strip() for text in texts):
            scores.append(None)
            continue
        journaled = journaled_story_score(turns, version, session.candidate_turns(index)[-1])
        if journaled is not None:
            scores.append(journaled)
            continue
        scorer = scorer or default_scorer()
        try:
            scores.append(scorer(texts, competency.id))
        except ValueError:  # UnknownCompetencyError: score the STAR-L rules alone
            scores.append(scorer(texts, None))
    return scores


def fits(score: StoryScore | None) -> bool:
    """Whether a story counts as coverage of its principle: it was told, and it shows the
    principle (the scorer's fit rule passed; a principle the scorer cannot judge fit for
    is covered by any story told for it)."""
    if score is None:
        return False
    for rule in score.combined.rules:
        if rule.id == FIT_RULE:
            return rule.passed
    return True


def length_side(score: StoryScore, texts: ScorecardTexts) -> Literal["too_short", "too_long"]:
    """Which side of the timebox the main answer fell on."""
    seconds = main_answer_seconds(score)
    if seconds < texts.min_seconds:
        return "too_short"
    if seconds > texts.max_seconds:
        return "too_long"
    return "too_short" if seconds < (texts.min_seconds + texts.max_seconds) / 2 else "too_long"


def _length_advice(score: StoryScore, competency: Competency, texts: ScorecardTexts) -> str:
    seconds = main_answer_seconds(score)
    key = length_side(score, texts)
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
    rule_of: dict[str, str] = {}
    for score in told:
        for rule_id in (*score.missing, *score.probed):
            # A story too short and one too long need opposite fixes: counted apart, as
            # "length_too_short" and "length_too_long".
            key = f"{rule_id}_{length_side(score, texts)}" if rule_id == "length" else rule_id
            counts[key] = counts.get(key, 0) + 1
            rule_of[key] = rule_id
    ranked = sorted(
        (key for key in counts if key in texts.general),
        key=lambda key: (-counts[key], texts.rank(rule_of[key])),
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


def volunteered_overall(scores: Sequence[StoryScore | None]) -> tuple[int, int]:
    """What the main answers alone earned, as :func:`_overall` counts a session: each
    story's main answer's own score and rating (unanswered stories count 0 and 1)."""
    if not scores or all(s is None for s in scores):
        return 0, 1
    points = [s.turns[0].score if s and s.turns else 0 for s in scores]
    ratings = [s.turns[0].rating if s and s.turns else 1 for s in scores]
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
    texts = texts or load_texts()
    version = current_scorer_version()
    scores = story_scores(session, scorer, version=version)
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

    # Only the most recent past sessions with something said are read: the rest would
    # fall off the chart anyway, and scoring (of stories not journaled) is the expensive
    # part.
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
        point = trend_point(past, story_scores(past, scorer, version=version))
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
        coverage={card.competency.id: fits(card.score) for card in cards},
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
