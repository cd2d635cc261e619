"""The planner: what the interviewer does next. Pure, deterministic, and the only place that
decides the interview's flow (the LLM only words the move it is given).

Per story: the candidate answers; while the story as a whole (all its turns scored together)
still misses a rule worth asking about and follow-ups remain, probe for the most important
gap; otherwise ask for the next story, or wrap up after the last one.

Which gaps are worth a follow-up, most important first (``PROBE_PRIORITY``): a result, then a
number on it, then what the candidate did, what they learned, the trade-off they weighed,
the baseline and timeframe of the number, whose work it was ("I" vs "we"), and last the
situation and task. One exception: when the answer tells no story yet (no situation, no
action and no result, e.g. "x" or an opinion), asking how it turned out makes no sense, so
the first follow-up asks for the situation and what the candidate did (``NO_STORY_FIRST``).
``length`` is never probed: asking someone to talk for longer or shorter
is coaching, which belongs on the scorecard. A rule that was already the focus of a probe
in this story is not asked about again first: if the candidate could not answer it once,
asking twice feels like an interrogation, so the planner turns to the next gap instead, and
moves on when only such rules remain.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.models import Ask, Move, Probe, Question, StoryScore, Turn, WrapUp

__all__ = [
    "MAX_GAPS",
    "NO_STORY",
    "NO_STORY_FIRST",
    "PROBE_PRIORITY",
    "next_move",
    "probe_gaps",
]

PROBE_PRIORITY: tuple[str, ...] = (
    "result",
    "result_quantified",
    "action",
    "learning",
    "tradeoff",
    "result_baseline",
    "result_timeframe",
    "first_person",
    "situation",
    "task",
)
"""Rules a follow-up may ask about, most important first. Others (``length``, extras) never."""

NO_STORY = frozenset({"situation", "action", "result"})
"""When all of these are missing, the answer has not told a story yet."""

NO_STORY_FIRST: tuple[str, ...] = ("situation", "action")
"""What to ask for first when there is no story yet: where it happened, and what they did."""

MAX_GAPS = 3
"""How many gaps a Probe carries: the focus first, then context for the wording."""


def probe_gaps(story: StoryScore, already_probed: Sequence[str] = ()) -> tuple[str, ...]:
    """The missing rules worth a follow-up, most important first; rules already probed in
    this story only after the others, and never as the focus (see the module doc)."""
    missing = set(story.missing)
    ordered = [rule for rule in PROBE_PRIORITY if rule in missing]
    if missing >= NO_STORY:
        ordered = [*NO_STORY_FIRST, *(rule for rule in ordered if rule not in NO_STORY_FIRST)]
    fresh = [rule for rule in ordered if rule not in already_probed]
    if not fresh:
        return ()
    stale = [rule for rule in ordered if rule in already_probed]
    return tuple((fresh + stale)[:MAX_GAPS])


def _current_story(turns: Sequence[Turn]) -> int:
    return turns[-1].story if turns else 0


def _probes_in_story(turns: Sequence[Turn], story: int) -> list[Probe]:
    return [
        t.move
        for t in turns
        if t.role == "interviewer" and t.story == story and isinstance(t.move, Probe)
    ]


def next_move(
    question: Question,
    turns: Sequence[Turn],
    max_probes: int,
    story_score: StoryScore | None,
) -> Move:
    """The interviewer's next move.

    ``turns`` is the conversation so far; ``story_score`` is the scorer's verdict on the
    story in progress (all its candidate turns together), or None before the candidate has
    answered anything in it. With no turns the interview opens with story 0.
    """
    if max_probes < 0:
        raise ValueError("max_probes must be >= 0")
    competencies = question.competencies
    if not turns:
        return Ask(story=0, competency=competencies[0])
    story = _current_story(turns)
    if story >= len(competencies):
        return WrapUp()
    answered = any(t.role == "candidate" and t.story == story for t in turns)
    if not answered or story_score is None:
        # Nothing to judge yet: the story is still to be asked (or re-asked).
        last = turns[-1]
        if last.role == "interviewer" and last.move is not None:
            return last.move
        return Ask(story=story, competency=competencies[story])
    asked = _probes_in_story(turns, story)
    if len(asked) < max_probes:
        gaps = probe_gaps(story_score, [probe.gaps[0] for probe in asked])
        if gaps:
            return Probe(
                story=story, competency=competencies[story], gaps=gaps, number=len(asked) + 1
            )
    if story + 1 < len(competencies):
        return Ask(story=story + 1, competency=competencies[story + 1])
    return WrapUp()
