"""Hand-built sessions for the store, scorecard and export tests (no scorer needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interviewer.models import (
    Ask,
    Competency,
    Probe,
    Question,
    RuleResult,
    Session,
    Span,
    Turn,
    TurnScore,
    WrapUp,
)

RULE_IDS = (
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
WEIGHTS = {"action": 15, "result": 12, "result_quantified": 12, "situation": 8, "task": 8}

START = datetime(2026, 11, 28, 7, 55, 12, tzinfo=UTC)

COMPETENCIES = (
    Competency(
        id="ownership",
        name="Ownership",
        definition="Acts for the whole, beyond their own team.",
        signals=("took on what nobody owned",),
    ),
    Competency(
        id="bias_for_action",
        name="Bias for Action",
        definition="Moves fast on reversible decisions.",
    ),
    Competency(
        id="customer_obsession",
        name="Customer Obsession",
        definition="Starts from the customer and works back.",
    ),
)

QUESTION = Question(
    id="amazon-lp-three-stories",
    title="Demonstrate leadership principles with examples",
    company="Amazon",
    role="Software Engineer",
    text=(
        "Describe three separate experiences that demonstrate Ownership, Bias for Action, "
        "and Customer Obsession."
    ),
    competencies=COMPETENCIES,
)


def turn_score(text: str, passed: set[str], turn: int = 0) -> TurnScore:
    rules = []
    for rule_id in RULE_IDS:
        ok = rule_id in passed
        evidence = ()
        if ok and text:
            end = min(len(text), 24)
            evidence = (Span(start=0, end=end, text=text[:end], turn=turn),)
        rules.append(
            RuleResult(
                id=rule_id,
                passed=ok,
                weight=WEIGHTS.get(rule_id, 6),
                message=f"{rule_id} {'found' if ok else 'missing'}",
                probe=f"Ask about {rule_id}.",
                evidence=evidence,
            )
        )
    total = sum(r.weight for r in rules)
    got = sum(r.weight for r in rules if r.passed)
    score = round(100 * got / total)
    words = len(text.split())
    return TurnScore(
        rules=tuple(rules),
        score=score,
        rating=max(1, min(5, 1 + score // 20)),
        word_count=words,
        speaking_seconds=words * 60 / 150,
    )


def make_session(
    session_id: str = "20261128-075512-ab12cd",
    *,
    stories: int = 2,
    finished: bool = False,
    start: datetime = START,
    passed: tuple[set[str], ...] | None = None,
) -> Session:
    """A session with ``stories`` answered stories (one probe each)."""
    passed = passed or (
        {"situation", "task", "action", "first_person"},
        {"situation", "action", "result", "result_quantified", "first_person", "length"},
        {"situation", "task", "action", "result", "learning", "first_person"},
    )
    turns: list[Turn] = []
    at = start
    for story in range(stories):
        competency = COMPETENCIES[story]
        at += timedelta(seconds=5)
        turns.append(
            Turn(
                role="interviewer",
                text=f"Tell me about a time you showed {competency.name}.",
                story=story,
                at=at,
                move=Ask(story=story, competency=competency),
                spoken_by="offline",
            )
        )
        answer = (
            f'At my last job <b>our</b> pipeline & "tests" were flaky (story {story}). '
            "I owned it and I fixed it; it was my call."
        )
        at += timedelta(seconds=60)
        turns.append(
            Turn(
                role="candidate",
                text=answer,
                story=story,
                at=at,
                score=turn_score(answer, passed[story % len(passed)]),
            )
        )
        turns.append(
            Turn(
                role="interviewer",
                text="What was the result, in numbers?",
                story=story,
                at=at + timedelta(seconds=3),
                move=Probe(story=story, competency=competency, gaps=("result",), number=1),
                spoken_by="offline",
            )
        )
        follow = "Build time went from 47 to 13 minutes within a quarter; I learned a lot."
        at += timedelta(seconds=40)
        turns.append(
            Turn(
                role="candidate",
                text=follow,
                story=story,
                at=at,
                score=turn_score(follow, {"result", "result_quantified", "result_timeframe"}, 1),
            )
        )
    if finished:
        turns.append(
            Turn(
                role="interviewer",
                text="Thanks, that is all.",
                story=max(stories - 1, 0),
                at=at + timedelta(seconds=2),
                move=WrapUp(),
                spoken_by="offline",
            )
        )
    return Session(
        id=session_id,
        question=QUESTION,
        backend="offline",
        max_probes=2,
        created_at=start,
        turns=turns,
        finished=finished,
    )
