"""The planner: what the interviewer does next. Pure, deterministic, and the only place that
decides the interview's flow (the LLM only words the move it is given).

It plays a bar raiser. Per story, after each candidate turn:

1. **The candidate being human comes first.** Each candidate turn carries a reading
   (:mod:`interviewer.scoring.replies`). A refusal of the question gets an offer to move on
   (a second one moves on; a refusal of a follow-up just lets the flow go on). A question
   about the question gets an explanation (``clarify``). An off-topic or nonsense reply is
   brought back to the question once, then offered to move on. A different story started
   in reply to a follow-up gets "which story do you mean?", and a story already told for
   an earlier principle gets "that one was for X, tell me another". None of these counts
   as a follow-up or as part of the story (:func:`interviewer.models.story_answers`), and
   after ``MAX_REDIRECTS`` of them in one story the interview moves on, so it always ends.
2. **Then the gaps, what matters most first** (``PROBE_PRIORITY``): whose work it was ("I"
   vs "we"), what they did, the outcome, a number on it, what they would change, the
   trade-off, the number's baseline and timeframe, and last the situation and task. When
   the answer tells no story yet (no situation, action or result), the first follow-up asks
   for the situation and what they did (``NO_STORY_FIRST``). A story with actions that
   shows another principle than the one asked is challenged on its fit first
   (:class:`~interviewer.models.ChallengeFit`, once per story). A rule that was already a
   follow-up's focus in this story is never the focus again; when the candidate points back
   to their answer ("I already said that"), what the story bears out is taken as said
   (``Probe.taken_as_said``) and not asked again.
3. **A complete story gets a depth question** (:class:`~interviewer.models.Deepen`) while
   follow-ups remain: one per story, its angle chosen from what the story says.
4. **Time.** A main answer longer than ``CUT_IN_SECONDS`` of speech is interjected on
   ("let me stop you there"): the follow-up carries ``cut_in``.

Then the next story, or the wrap-up after the last. ``length`` is never probed: asking
someone to talk for longer or shorter is coaching, which belongs on the scorecard.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.models import (
    COUNTED_READINGS,
    Ask,
    ChallengeFit,
    Competency,
    Deepen,
    FollowUp,
    Move,
    Probe,
    Question,
    Redirect,
    Steer,
    StoryScore,
    Turn,
    TurnScore,
    WrapUp,
    story_answers,
)
from interviewer.scoring.competencies import principle_name
from interviewer.scoring.mentions import bears_out

__all__ = [
    "CUT_IN_SECONDS",
    "MAX_GAPS",
    "MAX_REDIRECTS",
    "NO_STORY",
    "NO_STORY_FIRST",
    "PROBE_PRIORITY",
    "depth_angle",
    "next_move",
    "probe_gaps",
]

PROBE_PRIORITY: tuple[str, ...] = (
    "first_person",
    "action",
    "result",
    "result_quantified",
    "learning",
    "tradeoff",
    "result_baseline",
    "result_timeframe",
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

MAX_REDIRECTS = 3
"""Non-answers handled per story before the interview moves on."""

CUT_IN_SECONDS = 150.0
"""A main answer longer than this (at the scorer's speaking rate) is interjected on: well
past the 60-90 s a story should take."""

ANGLES: tuple[str, ...] = (
    "if_you_had_waited",
    "how_did_you_know",
    "who_disagreed",
    "what_you_decided",
)
"""Depth questions, in the order they are considered (see :func:`depth_angle`)."""


def probe_gaps(
    story: StoryScore, already_probed: Sequence[str] = (), taken: Sequence[str] = ()
) -> tuple[str, ...]:
    """The missing rules worth a follow-up, most important first; rules already probed in
    this story only after the others, and never as the focus; rules ``taken`` as said not
    at all (see the module doc)."""
    missing = set(story.missing) - set(taken)
    ordered = [rule for rule in PROBE_PRIORITY if rule in missing]
    if set(story.missing) >= NO_STORY:
        ordered = [*NO_STORY_FIRST, *(rule for rule in ordered if rule not in NO_STORY_FIRST)]
    fresh = [rule for rule in ordered if rule not in already_probed]
    if not fresh:
        return ()
    stale = [rule for rule in ordered if rule in already_probed]
    return tuple((fresh + stale)[:MAX_GAPS])


def depth_angle(story: StoryScore, competency: Competency, used: Sequence[str]) -> str:
    """The depth question a complete story invites: what waiting would have cost (Bias for
    Action), how they knew their work moved the number (a quantified result), who
    disagreed with the choice they weighed (a trade-off), else what they decided
    themselves; angles already used in the session come last."""
    passed = story.combined.passed
    fitting = [
        angle
        for angle, holds in (
            ("if_you_had_waited", competency.id == "bias_for_action"),
            ("how_did_you_know", "result_quantified" in passed),
            ("who_disagreed", "tradeoff" in passed),
            ("what_you_decided", True),
        )
        if holds
    ]
    fresh = [angle for angle in fitting if angle not in used]
    return (fresh or fitting)[0]


def _current_story(turns: Sequence[Turn]) -> int:
    return turns[-1].story if turns else 0


def _moves_in_story(turns: Sequence[Turn], story: int) -> list[Move]:
    return [
        t.move for t in turns if t.role == "interviewer" and t.story == story and t.move is not None
    ]


def _follow_ups(moves: Sequence[Move]) -> list[FollowUp]:
    return [m for m in moves if isinstance(m, Probe | Deepen | ChallengeFit)]


def _redirects(moves: Sequence[Move], why: Steer | None = None) -> list[Redirect]:
    return [m for m in moves if isinstance(m, Redirect) and (why is None or m.why == why)]


def _move_on(question: Question, story: int, *, skipped: bool = False) -> Move:
    competencies = question.competencies
    if story + 1 < len(competencies):
        return Ask(story=story + 1, competency=competencies[story + 1], skipped_previous=skipped)
    return WrapUp()


def _taken_as_said(
    turns: Sequence[Turn], story: int, focus: str | None, score: StoryScore
) -> tuple[str, ...]:
    """The last follow-up's focus, when the candidate pointed back to their answer and the
    story (the scorer, or a looser reading of its words) bears it out."""
    last = turns[-1]
    said = last.reading is not None and last.reading.kind == "already_said"
    if focus is None or last.role != "candidate" or not said:
        return ()
    texts = [t.text for t in story_answers(turns, story)]
    if focus in score.combined.passed or bears_out(focus, texts):
        return (focus,)
    return ()


def _redirect(
    question: Question, turns: Sequence[Turn], story: int, moves: Sequence[Move]
) -> Move | None:
    """The move for a reply that is not an answer, or None for an answer."""
    last = turns[-1]
    reading = last.reading.kind if last.reading is not None else None
    skipped = not _answered(turns, story)
    if _non_answers(turns, story) > MAX_REDIRECTS:
        return _move_on(question, story, skipped=skipped)
    if reading in (None, "answer", "already_said", "switch_story", "keep_story"):
        return None
    competency = question.competencies[story]

    def steer(why: Steer, **fields: object) -> Redirect:
        return Redirect(story=story, competency=competency, why=why, **fields)

    if len(_redirects(moves)) >= MAX_REDIRECTS:
        return _move_on(question, story, skipped=skipped)
    if reading == "refusal":
        if _answered(turns, story):
            return None  # "no idea" to a follow-up: nothing new, the flow goes on
        if _redirects(moves, "offer_move_on"):
            return _move_on(question, story, skipped=not _answered(turns, story))
        return steer("offer_move_on")
    if reading == "clarification":
        about = last.reading.term if last.reading is not None else ""
        if about.lower() == competency.name.lower():
            about = competency.name
        return steer("clarify", about=about)
    if reading in ("off_topic", "nonsense"):
        if not _redirects(moves, "refocus"):
            return steer("refocus")
        if not _redirects(moves, "offer_move_on"):
            return steer("offer_move_on")
        return _move_on(question, story, skipped=not _answered(turns, story))
    if reading == "new_story" and not _redirects(moves, "which_story"):
        return steer("which_story")
    if reading == "reused_story":
        if _redirects(moves, "story_reused"):
            # Told again after being asked for another: it cannot count twice; move on.
            return _move_on(question, story, skipped=skipped)
        earlier = last.reading.story if last.reading is not None else None
        reused = question.competencies[earlier] if earlier is not None else None
        return steer("story_reused", reused=reused)
    return None


def _non_answers(turns: Sequence[Turn], story: int) -> int:
    """Candidate turns of ``story`` that were not answers (refusals, questions, a choice
    between stories, ...)."""
    return sum(
        1
        for t in turns
        if t.role == "candidate"
        and t.story == story
        and t.reading is not None
        and t.reading.kind not in COUNTED_READINGS
    )


def _answered(turns: Sequence[Turn], story: int) -> bool:
    return bool(story_answers(turns, story))


def _long(score: TurnScore | None) -> bool:
    return score is not None and score.speaking_seconds > CUT_IN_SECONDS


def _used_angles(turns: Sequence[Turn]) -> list[str]:
    return [t.move.angle for t in turns if t.role == "interviewer" and isinstance(t.move, Deepen)]


def next_move(
    question: Question,
    turns: Sequence[Turn],
    max_probes: int,
    story_score: StoryScore | None,
) -> Move:
    """The interviewer's next move.

    ``turns`` is the conversation so far (candidate turns with their readings);
    ``story_score`` is the scorer's verdict on the story in progress (the candidate turns
    that count for it, together), or None before it holds an answer. With no turns the
    interview opens with story 0.
    """
    if max_probes < 0:
        raise ValueError("max_probes must be >= 0")
    competencies = question.competencies
    if not turns:
        return Ask(story=0, competency=competencies[0])
    story = _current_story(turns)
    if story >= len(competencies):
        return WrapUp()
    competency = competencies[story]
    last = turns[-1]
    if last.role == "interviewer":
        # Resumed with the question last: it is still the move being answered.
        return last.move if last.move is not None else Ask(story=story, competency=competency)
    moves = _moves_in_story(turns, story)
    redirect = _redirect(question, turns, story, moves)
    if redirect is not None:
        return redirect
    if story_score is None:
        # Nothing that counts for the story yet: ask again (the guards above bound this).
        return Ask(story=story, competency=competency)
    asked = _follow_ups(moves)
    if len(asked) >= max_probes:
        return _move_on(question, story)
    number = len(asked) + 1
    main = story_score.turns[0] if story_score.turns else None
    cut_in = not asked and _long(main)
    probed = [m.gaps[0] for m in asked if isinstance(m, Probe)]
    focus = probed[-1] if asked and isinstance(asked[-1], Probe) else None
    taken = _taken_as_said(turns, story, focus, story_score)
    missing = set(story_score.missing)
    shows = story_score.combined.shows_instead
    if (
        "competency_fit" in missing
        and shows is not None
        and not missing & {"action", "first_person"}
        and not any(isinstance(m, ChallengeFit) for m in asked)
    ):
        other = principle_name(shows)
        if other is not None and shows != competency.id:
            return ChallengeFit(story=story, competency=competency, shows=other, number=number)
    gaps = probe_gaps(story_score, probed, taken)
    if gaps:
        return Probe(
            story=story,
            competency=competency,
            gaps=gaps,
            number=number,
            cut_in=cut_in,
            taken_as_said=taken,
        )
    complete = not (missing - set(taken)) & set(PROBE_PRIORITY)
    if complete and not any(isinstance(m, Deepen) for m in asked):
        angle = depth_angle(story_score, competency, _used_angles(turns))
        return Deepen(
            story=story,
            competency=competency,
            angle=angle,
            number=number,
            cut_in=cut_in,
            taken_as_said=taken,
        )
    return _move_on(question, story)
