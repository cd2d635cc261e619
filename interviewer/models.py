"""The domain's data: one schema for the journal, the exports and the scorecard.

Everything here is a pydantic model with no behaviour beyond small derived views, so that
every other module (scorer, planner, engine, store, exporters, UI) speaks the same types.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
"""Version of the session schema written to journals and JSON exports."""

DEFAULT_MAX_PROBES = 2
"""Follow-ups per story when nothing says otherwise: the one number behind the session's
default and the ``max_probes`` setting's (``interviewer.config.Settings``)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- questions


class Competency(_Frozen):
    """A principle an answer is meant to show, e.g. Amazon's Ownership."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id, e.g. 'ownership'")
    name: str = Field(min_length=1, description="Display name, e.g. 'Ownership'")
    definition: str = Field(min_length=1, description="What the principle means, in a sentence")
    signals: tuple[str, ...] = Field(
        default=(), description="What in an answer shows this principle, for people to read"
    )


class Question(_Frozen):
    """One interview question; it asks for one story per competency, in order."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    company: str | None = None
    role: str | None = None
    text: str = Field(min_length=1)
    competencies: tuple[Competency, ...] = Field(min_length=1)


# --------------------------------------------------------------------------- scoring


class Span(_Frozen):
    """A piece of candidate text that earned (or lost) a point.

    ``start``/``end`` are character offsets into the text of the turn numbered ``turn``
    within its story (0 = the main answer, 1.. = answers to follow-ups). ``role`` is what
    the sentence holding it does in the story (see ``interviewer.scoring.roles``).
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    turn: int = Field(default=0, ge=0)
    role: str | None = None  # the role of the sentence that earned it: "outcome", "context"...


class RuleResult(_Frozen):
    """The outcome of one scorer rule on one text."""

    id: str = Field(description="Stable rule id, e.g. 'result_quantified'")
    passed: bool
    weight: int = Field(ge=0, description="Points this rule is worth out of the rules' total")
    message: str = Field(description="What was found, or what is missing and why it matters")
    probe: str = Field(description="A hint the interviewer can turn into a follow-up question")
    evidence: tuple[Span, ...] = ()


class TurnScore(_Frozen):
    """The scorer's verdict on one text (a turn, or a whole story's turns together)."""

    competency: str | None = None
    shows_instead: str | None = Field(
        default=None,
        description="When the text does not fit its competency: the id of the one it shows best",
    )
    rules: tuple[RuleResult, ...]
    score: int = Field(ge=0, le=100)
    rating: int = Field(ge=1, le=5)
    word_count: int = Field(ge=0)
    speaking_seconds: float = Field(ge=0)

    def rule(self, rule_id: str) -> RuleResult:
        for result in self.rules:
            if result.id == rule_id:
                return result
        raise KeyError(rule_id)

    @property
    def passed(self) -> frozenset[str]:
        return frozenset(r.id for r in self.rules if r.passed)

    @property
    def failed(self) -> tuple[str, ...]:
        """Rule ids that did not pass, heaviest first (ties keep rule order)."""
        missing = [r for r in self.rules if not r.passed]
        return tuple(r.id for r in sorted(missing, key=lambda r: -r.weight))


class StoryScore(_Frozen):
    """A story told across turns: each turn on its own and the story as a whole."""

    competency: str | None = None
    turns: tuple[TurnScore, ...]
    combined: TurnScore
    volunteered: tuple[str, ...] = Field(description="Rule ids passed in the main answer")
    probed: tuple[str, ...] = Field(description="Rule ids passed only after follow-ups")
    missing: tuple[str, ...] = Field(description="Rule ids never passed, heaviest first")


# --------------------------------------------------------------------------- planning


class Ask(_Frozen):
    """Open a story: ask for the next competency (story 0 also poses the whole question)."""

    kind: Literal["ask"] = "ask"
    story: int = Field(ge=0)
    competency: Competency
    skipped_previous: bool = Field(
        default=False, description="The candidate chose to skip the previous story"
    )


class Probe(_Frozen):
    """Follow up on the story in progress about the gaps, most important first."""

    kind: Literal["probe"] = "probe"
    story: int = Field(ge=0)
    competency: Competency
    gaps: tuple[str, ...] = Field(min_length=1, description="Rule ids to probe for")
    number: int = Field(ge=1, description="1 for the first follow-up of this story")
    cut_in: bool = Field(
        default=False, description="The answer ran long: the interviewer stops it to ask"
    )
    taken_as_said: tuple[str, ...] = Field(
        default=(),
        description="Rules the candidate said they had covered, and the story bears out",
    )


class Deepen(_Frozen):
    """A depth question on a story that already has every part: how did you know, who
    disagreed, what if you had waited, what did you decide yourself."""

    kind: Literal["deepen"] = "deepen"
    story: int = Field(ge=0)
    competency: Competency
    angle: str = Field(description="Which depth question, e.g. 'how_did_you_know'")
    number: int = Field(ge=1, description="Counts with the story's follow-ups")
    cut_in: bool = False
    taken_as_said: tuple[str, ...] = Field(
        default=(),
        description="Rules the candidate said they had covered, and the story bears out",
    )


class ChallengeFit(_Frozen):
    """The story seems to show another principle than the one asked: say so, and ask for
    the part that shows the one asked (or another story)."""

    kind: Literal["challenge_fit"] = "challenge_fit"
    story: int = Field(ge=0)
    competency: Competency
    shows: str = Field(description="The name of the principle the story shows instead")
    number: int = Field(ge=1, description="Counts with the story's follow-ups")


Steer = Literal["clarify", "refocus", "offer_move_on", "which_story", "story_reused"]


class Redirect(_Frozen):
    """The reply was not (yet) an answer: explain the question (``clarify``), bring the
    candidate back to it (``refocus``), offer to move on after a refusal
    (``offer_move_on``), ask which story they mean (``which_story``), or ask for another
    story than one already told (``story_reused``). Does not count as a follow-up."""

    kind: Literal["redirect"] = "redirect"
    story: int = Field(ge=0)
    competency: Competency
    why: Steer
    about: str = Field(default="", description="clarify: the term asked about")
    reused: Competency | None = Field(
        default=None, description="story_reused: the principle the story was told for"
    )


class WrapUp(_Frozen):
    """Close the interview."""

    kind: Literal["wrap_up"] = "wrap_up"


Move = Annotated[
    Ask | Probe | Deepen | ChallengeFit | Redirect | WrapUp, Field(discriminator="kind")
]
FollowUp = Probe | Deepen | ChallengeFit
"""The moves that count against a story's follow-up budget (``Session.max_probes``)."""
StoryMove = Ask | Probe | Deepen | ChallengeFit | Redirect
"""Every move that belongs to a story."""


# --------------------------------------------------------------------------- sessions


class Reading(_Frozen):
    """What kind of reply a candidate turn was (:mod:`interviewer.scoring.replies`)."""

    kind: Literal[
        "answer",
        "refusal",
        "clarification",
        "off_topic",
        "nonsense",
        "already_said",
        "new_story",
        "reused_story",
        "switch_story",
        "keep_story",
    ]
    evidence: str = Field(default="", description="The words that decided it")
    term: str = Field(default="", description="clarification: what the candidate asked about")
    story: int | None = Field(
        default=None, description="reused_story: the earlier story it repeats"
    )


class Turn(_Frozen):
    """One utterance in the conversation."""

    role: Literal["interviewer", "candidate"]
    text: str
    story: int = Field(ge=0, description="Index of the story (competency) it belongs to")
    at: datetime = Field(default_factory=utcnow)
    move: Move | None = Field(default=None, description="Interviewer turns: the planned move")
    spoken_by: str | None = Field(
        default=None, description="Interviewer turns: the backend that worded it"
    )
    score: TurnScore | None = Field(default=None, description="Candidate turns: their score")
    reading: Reading | None = Field(
        default=None,
        description="Candidate turns: what kind of reply it was (None in older journals)",
    )
    story_score: TurnScore | None = Field(
        default=None,
        description=(
            "Candidate turns: the story's combined verdict through this turn (all its "
            "candidate turns so far, scored together)"
        ),
    )
    scorer_version: str | None = Field(
        default=None,
        description="Candidate turns: the scorer version that computed score and story_score",
    )


COUNTED_READINGS = frozenset({"answer", "already_said"})
"""Readings of candidate turns that count for their story (with None: recorded before
readings were)."""


def story_answers(turns: Sequence[Turn], story: int) -> list[Turn]:
    """The candidate turns that count for ``story``: answers, not refusals, questions about
    the question, off-topic replies or a story reused from earlier. A different story begun
    in reply to a follow-up counts only if the candidate then chose to switch to it
    (reading ``switch_story``); it then replaces the story told before it. The choice itself
    (``switch_story``, or ``keep_story`` to stay with the first) is not story content."""
    kept: list[Turn] = []
    begun: Turn | None = None
    for turn in turns:
        if turn.role != "candidate" or turn.story != story:
            continue
        kind = turn.reading.kind if turn.reading is not None else None
        if kind == "new_story":
            begun = turn
        elif kind == "switch_story":
            kept = [begun] if begun is not None else []
            begun = None
        elif kind == "keep_story":
            begun = None
        elif kind is None or kind in COUNTED_READINGS:
            kept.append(turn)
    return kept


class Session(BaseModel):
    """A whole practice session; what the journal holds and the JSON export round-trips."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    question: Question
    backend: str = Field(description="Who interviewed, e.g. 'offline' or 'openai:gpt-4o-mini'")
    max_probes: int = Field(default=DEFAULT_MAX_PROBES, ge=0)
    created_at: datetime = Field(default_factory=utcnow)
    turns: list[Turn] = Field(default_factory=list)
    finished: bool = False
    draft: str = Field(default="", description="The unsent answer being typed, if any")

    def candidate_turns(self, story: int) -> list[Turn]:
        """Every candidate turn of ``story``, counted or not (see :meth:`answers`)."""
        return [t for t in self.turns if t.story == story and t.role == "candidate"]

    def answers(self, story: int) -> list[Turn]:
        """The candidate turns that count for ``story`` (see :func:`story_answers`)."""
        return story_answers(self.turns, story)


# --------------------------------------------------------------------------- scorecard


class StoryCard(_Frozen):
    """One story on the scorecard."""

    story: int
    competency: Competency
    score: StoryScore | None = Field(default=None, description="None if never answered")
    improvements: tuple[str, ...] = ()


class TrendPoint(_Frozen):
    session_id: str
    at: datetime
    score: int
    rules: dict[str, float] = Field(description="Rule id -> share of stories that passed it")


class Scorecard(_Frozen):
    """What the candidate takes away: per story, overall, and the trend."""

    session_id: str
    question_id: str
    question_title: str
    stories: tuple[StoryCard, ...]
    score: int = Field(ge=0, le=100)
    rating: int = Field(ge=1, le=5)
    coverage: dict[str, bool] = Field(
        description="Competency id -> a story was told for it and fits it (the scorer's fit rule)"
    )
    improvements: tuple[str, ...] = Field(description="The most valuable fixes, best first")
    trend: tuple[TrendPoint, ...] = ()
