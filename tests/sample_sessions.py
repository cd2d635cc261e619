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
    StoryScore,
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


# --------------------------------------------------------------------------- a fake scorer

KEYWORDS = {
    "situation": "job",
    "task": "owned",
    "action": "fixed",
    "result": "went from",
    "result_quantified": "47",
    "result_baseline": "from 47",
    "result_timeframe": "within",
    "learning": "learned",
    "tradeoff": "trade-off",
    "first_person": "I ",
}


def _fake_turn(text: str, turn: int) -> TurnScore:
    rules = []
    for rule_id in RULE_IDS:
        if rule_id == "length":
            ok = len(text.split()) >= 30
            evidence = ()
        else:
            at = text.find(KEYWORDS[rule_id])
            ok = at >= 0
            span = text[at : at + len(KEYWORDS[rule_id])]
            evidence = (Span(start=at, end=at + len(span), text=span, turn=turn),) if ok else ()
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
    score = round(100 * sum(r.weight for r in rules if r.passed) / total)
    words = len(text.split())
    return TurnScore(
        rules=tuple(rules),
        score=score,
        rating=max(1, min(5, 1 + score // 20)),
        word_count=words,
        speaking_seconds=round(words * 60 / 150, 1),
    )


def fake_score_story(texts, competency=None) -> StoryScore:
    """A keyword scorer shaped like ``interviewer.scoring.score_story``."""
    if competency == "unknown_principle":
        raise ValueError("unknown competency")
    turns = tuple(_fake_turn(text, i) for i, text in enumerate(texts))
    combined_rules = []
    for index, rule_id in enumerate(RULE_IDS):
        results = [t.rules[index] for t in turns]
        evidence = tuple(span for r in results for span in r.evidence)
        passed = any(r.passed for r in results)
        if rule_id == "length":
            passed = sum(t.word_count for t in turns) >= 30
        combined_rules.append(
            results[0].model_copy(update={"passed": passed, "evidence": evidence})
        )
    total = sum(r.weight for r in combined_rules)
    score = round(100 * sum(r.weight for r in combined_rules if r.passed) / total)
    words = sum(t.word_count for t in turns)
    combined = TurnScore(
        competency=competency,
        rules=tuple(combined_rules),
        score=score,
        rating=max(1, min(5, 1 + score // 20)),
        word_count=words,
        speaking_seconds=round(words * 60 / 150, 1),
    )
    volunteered = tuple(r.id for r in turns[0].rules if r.passed)
    probed = tuple(r.id for r in combined.rules if r.passed and r.id not in volunteered)
    return StoryScore(
        competency=competency,
        turns=turns,
        combined=combined,
        volunteered=volunteered,
        probed=probed,
        missing=combined.failed,
    )
