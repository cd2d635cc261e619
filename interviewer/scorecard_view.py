"""The scorecard as every front end shows it: one view model, laid out once.

:func:`scorecard_view` turns a :class:`~interviewer.models.Scorecard` into what is shown
(the headline, per story its figures and one row per rule with its status mark, label and
evidence, the fixes, the trend, the legend); the terminal scorecard, the TUI's scorecard
screen and the Markdown and HTML exports only lay it out in their own medium. The marks
(the symbol and words of each rule status) are defined once, in ``interviewer/data/scorecard.toml``
(:func:`load_marks`); the room's live checklist shows the same ones.

Pure domain code: no Rich, no Textual. The text here is as the session holds it; each
front end makes untrusted text safe for its medium (and clips evidence to its width).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interviewer.models import Scorecard, StoryCard, StoryScore, TurnScore
from interviewer.scorecard import (
    RuleStatus,
    ScorecardTexts,
    fits,
    load_texts,
    main_answer_seconds,
    rule_status,
    trend_rule_ids,
    volunteered_overall,
)


@dataclass(frozen=True)
class Mark:
    """How one status shows: its symbol, the words beside it, the words in the legend."""

    status: str
    symbol: str
    label: str
    legend: str


@dataclass(frozen=True)
class Figure:
    """A score with its rating, e.g. 35/100 rated 2/5 (Developing)."""

    label: str
    score: int
    rating: int
    rating_name: str


@dataclass(frozen=True)
class Principle:
    """One principle the question asked for, and whether a story covered it."""

    competency_id: str
    name: str
    told: bool
    covered: bool
    note: str
    """The words for its coverage: covered, told but not showing it, or no story."""


@dataclass(frozen=True)
class Headline:
    """The session at a glance: what the main answers alone earned beside what the stories
    reached after follow-ups, and how many principles were covered."""

    figures: tuple[Figure, Figure]
    """(volunteered, after follow-ups); the second carries the session's score and rating."""
    told: int
    covered: int
    total: int
    coverage: str
    principles: tuple[Principle, ...]

    @property
    def volunteered(self) -> Figure:
        return self.figures[0]

    @property
    def reached(self) -> Figure:
        return self.figures[1]


@dataclass(frozen=True)
class RuleRow:
    """One rule of one story: its status and mark, and the text that earned it."""

    rule_id: str
    label: str
    status: RuleStatus
    mark: Mark
    passed: bool
    message: str
    """The scorer's words on it: what was found, or what is missing and why it matters."""
    evidence: tuple[str, ...]
    """The distinct quoted text that earned it, as said (unclipped), in story order."""


@dataclass(frozen=True)
class StoryView:
    number: int
    """1-based."""
    competency: str
    told: bool
    covered: bool
    principle: Principle
    figures: tuple[Figure, ...]
    """Volunteered, then after its follow-ups; one figure when there were none; none when
    the story was not told."""
    follow_ups: int
    main_seconds: int
    rows: tuple[RuleRow, ...]
    fixes: tuple[str, ...]

    @property
    def reached(self) -> Figure | None:
        """The story's own score and rating (after its follow-ups)."""
        return self.figures[-1] if self.figures else None


@dataclass(frozen=True)
class TrendRow:
    rule_id: str
    label: str
    shares: tuple[float, ...]


@dataclass(frozen=True)
class TrendView:
    scores: tuple[int, ...]
    points: tuple[str, ...]
    """Per point, its date and session id (oldest first)."""
    rows: tuple[TrendRow, ...]


@dataclass(frozen=True)
class ScorecardView:
    session_id: str
    question_title: str
    headline: Headline
    stories: tuple[StoryView, ...]
    fixes: tuple[str, ...]
    """The most valuable improvements for the session, best first."""
    marks: Mapping[str, Mark]
    legend: str
    rating_caps: str
    trend: TrendView | None
    """None with fewer than two points."""


# --------------------------------------------------------------------------- build


def load_marks(texts: ScorecardTexts | None = None) -> dict[str, Mark]:
    """Every mark by its status (``interviewer/data/scorecard.toml``, ``[marks.*]``)."""
    texts = texts or load_texts()
    return {
        status: Mark(status, mark["symbol"], mark["label"], mark["legend"])
        for status, mark in texts.marks.items()
    }


def _figure(label: str, score: TurnScore, texts: ScorecardTexts) -> Figure:
    return Figure(label, score.score, score.rating, texts.rating_name(score.rating))


def _principle(card: StoryCard, texts: ScorecardTexts) -> Principle:
    told = card.score is not None
    covered = fits(card.score)
    words = texts.coverage_text
    key = "covered" if covered else "off_principle" if told else "untold"
    return Principle(
        competency_id=card.competency.id,
        name=card.competency.name,
        told=told,
        covered=covered,
        note=words[key].format(competency=card.competency.name),
    )


def story_figures(score: StoryScore | None, texts: ScorecardTexts) -> tuple[Figure, ...]:
    """What the main answer alone earned, then what the story reached after follow-ups."""
    if score is None:
        return ()
    words = texts.figures
    follow_ups = max(len(score.turns) - 1, 0)
    main = score.turns[0] if score.turns else score.combined
    if not follow_ups:
        return (_figure(words["alone"], score.combined, texts),)
    reached = (
        words["reached_one"]
        if follow_ups == 1
        else words["reached_many"].format(follow_ups=follow_ups)
    )
    return (
        _figure(words["volunteered"], main, texts),
        _figure(reached, score.combined, texts),
    )


def _rows(score: StoryScore, texts: ScorecardTexts, marks: Mapping[str, Mark]) -> list[RuleRow]:
    rows: list[RuleRow] = []
    for rule in score.combined.rules:
        status = rule_status(score, rule.id)
        evidence = tuple(dict.fromkeys(s.text for s in rule.evidence if s.text.strip()))
        rows.append(
            RuleRow(
                rule_id=rule.id,
                label=texts.label(rule.id),
                status=status,
                mark=marks[status],
                passed=rule.passed,
                message=rule.message,
                evidence=evidence,
            )
        )
    return rows


def _story(card: StoryCard, texts: ScorecardTexts, marks: Mapping[str, Mark]) -> StoryView:
    score = card.score
    principle = _principle(card, texts)
    return StoryView(
        number=card.story + 1,
        competency=card.competency.name,
        told=score is not None,
        covered=principle.covered,
        principle=principle,
        figures=story_figures(score, texts),
        follow_ups=max(len(score.turns) - 1, 0) if score is not None else 0,
        main_seconds=round(main_answer_seconds(score)) if score is not None else 0,
        rows=tuple(_rows(score, texts, marks)) if score is not None else (),
        fixes=card.improvements,
    )


def _headline(card: Scorecard, texts: ScorecardTexts) -> Headline:
    scores: Sequence[StoryScore | None] = [story.score for story in card.stories]
    volunteered, volunteered_rating = volunteered_overall(scores)
    words = texts.figures
    principles = tuple(_principle(story, texts) for story in card.stories)
    covered = sum(p.covered for p in principles)
    return Headline(
        figures=(
            Figure(
                words["volunteered_overall"],
                volunteered,
                volunteered_rating,
                texts.rating_name(volunteered_rating),
            ),
            Figure(
                words["reached_overall"], card.score, card.rating, texts.rating_name(card.rating)
            ),
        ),
        told=sum(p.told for p in principles),
        covered=covered,
        total=len(principles),
        coverage=texts.coverage_text["summary"].format(covered=covered, total=len(principles)),
        principles=principles,
    )


def _trend(card: Scorecard, texts: ScorecardTexts) -> TrendView | None:
    if len(card.trend) < 2:
        return None
    rows = tuple(
        TrendRow(
            rule_id=rule_id,
            label=texts.label(rule_id),
            shares=tuple(point.rules.get(rule_id, 0.0) for point in card.trend),
        )
        for rule_id in trend_rule_ids(card)
    )
    return TrendView(
        scores=tuple(point.score for point in card.trend),
        points=tuple(f"{point.at:%Y-%m-%d} {point.session_id}" for point in card.trend),
        rows=rows,
    )


def scorecard_view(card: Scorecard, texts: ScorecardTexts | None = None) -> ScorecardView:
    """What every front end shows of ``card``."""
    texts = texts or load_texts()
    marks = load_marks(texts)
    return ScorecardView(
        session_id=card.session_id,
        question_title=card.question_title,
        headline=_headline(card, texts),
        stories=tuple(_story(story, texts, marks) for story in card.stories),
        fixes=card.improvements,
        marks=marks,
        legend=texts.legend,
        rating_caps=texts.rating_caps,
        trend=_trend(card, texts),
    )
