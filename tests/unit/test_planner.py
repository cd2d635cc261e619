"""The planner decides the flow: every path pinned down with hand-made story scores."""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

import pytest

from interviewer.models import (
    Ask,
    Competency,
    Deepen,
    Probe,
    Question,
    Reading,
    RuleResult,
    StoryScore,
    Turn,
    TurnScore,
    WrapUp,
)
from interviewer.planner import PROBE_PRIORITY, next_move, probe_gaps

ALL_RULES = (
    "situation",
    "task",
    "action",
    "result",
    "result_quantified",
    "result_baseline",
    "result_timeframe",
    "learning",
    "tradeoff",
    "first_person",
    "length",
)
OWNERSHIP = Competency(id="ownership", name="Ownership", definition="d")
BIAS = Competency(id="bias_for_action", name="Bias for Action", definition="d")
CUSTOMER = Competency(id="customer_obsession", name="Customer Obsession", definition="d")
QUESTION = Question(
    id="q", title="t", text="Three stories.", competencies=(OWNERSHIP, BIAS, CUSTOMER)
)


def story(missing: Iterable[str] = ()) -> StoryScore:
    missing = tuple(missing)
    rules = tuple(
        RuleResult(id=r, passed=r not in missing, weight=10, message="m", probe="p")
        for r in ALL_RULES
    )
    combined = TurnScore(rules=rules, score=50, rating=3, word_count=100, speaking_seconds=40.0)
    return StoryScore(
        turns=(combined,),
        combined=combined,
        volunteered=tuple(r for r in ALL_RULES if r not in missing),
        probed=(),
        missing=missing,
    )


def ask(n: int) -> Turn:
    return Turn(
        role="interviewer",
        text="ask",
        story=n,
        move=Ask(story=n, competency=QUESTION.competencies[n]),
    )


def probe(n: int, gaps: tuple[str, ...], number: int) -> Turn:
    return Turn(
        role="interviewer",
        text="probe",
        story=n,
        move=Probe(story=n, competency=QUESTION.competencies[n], gaps=gaps, number=number),
    )


def answer(n: int) -> Turn:
    return Turn(role="candidate", text="answer", story=n)


def test_opens_with_the_first_story() -> None:
    assert next_move(QUESTION, [], 2, None) == Ask(story=0, competency=OWNERSHIP)


def test_a_complete_story_gets_one_depth_question_then_the_next_competency() -> None:
    turns = [ask(0), answer(0)]
    move = next_move(QUESTION, turns, 2, story())
    # The story has a number: how did they know it was their work that moved it?
    assert move == Deepen(story=0, competency=OWNERSHIP, angle="how_did_you_know", number=1)
    turns += [Turn(role="interviewer", text="deeper", story=0, move=move), answer(0)]
    assert next_move(QUESTION, turns, 2, story()) == Ask(story=1, competency=BIAS)


def test_length_alone_is_never_probed() -> None:
    turns = [ask(0), answer(0)]
    move = next_move(QUESTION, turns, 2, story(["length"]))
    assert isinstance(move, Deepen)


def test_missing_metrics_are_probed_first() -> None:
    turns = [ask(0), answer(0)]
    move = next_move(
        QUESTION, turns, 2, story(["learning", "result_quantified", "result_baseline", "length"])
    )
    assert move == Probe(
        story=0,
        competency=OWNERSHIP,
        gaps=("result_quantified", "learning", "result_baseline"),
        number=1,
    )


def test_probes_follow_the_priority_order() -> None:
    # A story is told (its situation is there), so the gaps go by priority.
    missing = [rule for rule in reversed(PROBE_PRIORITY) if rule != "situation"]
    move = next_move(QUESTION, [ask(0), answer(0)], 2, story(missing))
    assert isinstance(move, Probe)
    assert move.gaps == PROBE_PRIORITY[:3]


def test_an_answer_with_no_story_is_asked_for_the_situation_and_actions_first() -> None:
    # "x", or an opinion: no situation, no action, no result. "How did it turn out?" would
    # make no sense; the follow-up asks what happened and what the candidate did.
    missing = list(reversed(PROBE_PRIORITY))
    move = next_move(QUESTION, [ask(0), answer(0)], 2, story(missing))
    assert isinstance(move, Probe)
    assert move.gaps == ("situation", "action", "first_person")
    # Once the situation is told, the usual order applies again.
    second = next_move(
        QUESTION,
        [ask(0), answer(0), probe(0, move.gaps, 1), answer(0)],
        2,
        story([rule for rule in PROBE_PRIORITY if rule != "situation"]),
    )
    assert isinstance(second, Probe)
    assert second.gaps[0] == PROBE_PRIORITY[0]


def test_second_probe_turns_to_the_next_gap() -> None:
    turns = [ask(1), answer(1), probe(1, ("result_baseline", "learning"), 1), answer(1)]
    move = next_move(QUESTION, turns, 2, story(["result_baseline", "learning"]))
    assert move == Probe(story=1, competency=BIAS, gaps=("learning", "result_baseline"), number=2)


def test_a_gap_already_probed_is_not_asked_again_so_the_story_moves_on() -> None:
    turns = [ask(0), answer(0), probe(0, ("learning",), 1), answer(0)]
    assert next_move(QUESTION, turns, 2, story(["learning"])) == Ask(story=1, competency=BIAS)


def test_probes_spent_moves_on() -> None:
    turns = [
        ask(0),
        answer(0),
        probe(0, ("result",), 1),
        answer(0),
        probe(0, ("action",), 2),
        answer(0),
    ]
    assert next_move(QUESTION, turns, 2, story(["learning", "tradeoff"])) == Ask(
        story=1, competency=BIAS
    )


def test_max_probes_zero_never_probes() -> None:
    assert next_move(QUESTION, [ask(0), answer(0)], 0, story(["result"])) == Ask(
        story=1, competency=BIAS
    )


def test_max_probes_is_configurable() -> None:
    turns = [ask(0), answer(0)]
    for number in range(1, 4):
        missing = ["result", "action", "learning", "tradeoff"]
        move = next_move(QUESTION, turns, 3, story(missing))
        assert isinstance(move, Probe)
        assert move.number == number
        turns += [probe(0, move.gaps, number), answer(0)]
    assert next_move(QUESTION, turns, 3, story(["tradeoff"])) == Ask(story=1, competency=BIAS)


def test_wraps_up_after_the_last_story() -> None:
    turns = [ask(0), answer(0), ask(1), answer(1), ask(2), answer(2)]
    assert next_move(QUESTION, turns, 0, story()) == WrapUp()
    assert isinstance(next_move(QUESTION, turns, 2, story(["tradeoff"])), Probe)


def test_last_story_is_probed_before_wrapping_up() -> None:
    turns = [ask(0), answer(0), ask(1), answer(1), ask(2), answer(2)]
    move = next_move(QUESTION, turns, 2, story(["learning"]))
    assert move == Probe(story=2, competency=CUSTOMER, gaps=("learning",), number=1)
    turns += [probe(2, ("learning",), 1), answer(2)]
    assert next_move(QUESTION, turns, 2, story(["learning"])) == WrapUp()


def test_single_story_question_wraps_up_after_its_story() -> None:
    single = Question(id="s", title="t", text="One story.", competencies=(OWNERSHIP,))
    assert next_move(single, [ask(0), answer(0)], 0, story()) == WrapUp()


def test_before_an_answer_the_pending_move_stands() -> None:
    turns = [ask(0), answer(0), probe(0, ("result",), 1)]
    assert next_move(QUESTION, turns, 2, None) == turns[-1].move


def test_planner_is_pure() -> None:
    turns = [ask(0), answer(0)]
    score = story(["result_quantified"])
    snapshot = list(turns)
    first = next_move(QUESTION, turns, 2, score)
    assert next_move(QUESTION, turns, 2, score) == first
    assert turns == snapshot


def test_negative_max_probes_is_refused() -> None:
    with pytest.raises(ValueError, match="max_probes"):
        next_move(QUESTION, [], -1, None)


def test_probe_gaps_skips_rules_that_are_not_probed() -> None:
    assert probe_gaps(story(["length", "competency_fit"])) == ()


READING_KINDS = get_args(Reading.model_fields["kind"].annotation)


@pytest.mark.parametrize("kind", READING_KINDS)
@pytest.mark.parametrize("answered", [False, True])
def test_the_interview_always_ends_whatever_the_candidate_keeps_saying(
    kind: str, answered: bool
) -> None:
    """The same kind of reply forever (after a real answer or not) still reaches the end."""
    turns: list[Turn] = []
    move = next_move(QUESTION, turns, 2, None)
    for _ in range(60):
        if isinstance(move, WrapUp):
            break
        turns.append(Turn(role="interviewer", text="?", story=move.story, move=move))
        first = not any(t.role == "candidate" and t.story == move.story for t in turns)
        reading = "answer" if answered and first else kind
        turns.append(
            Turn(role="candidate", text="x", story=move.story, reading=Reading(kind=reading))
        )
        from interviewer.models import story_answers

        told = story_answers(turns, move.story)
        move = next_move(QUESTION, turns, 2, story(["result"]) if told else None)
    assert isinstance(move, WrapUp), (kind, [t.move for t in turns if t.move][-4:])
