"""The offline interviewer: templates, deterministic variety, quoting the candidate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openai_fakes import COMPETENCIES, QUESTION

from interviewer.backends.base import SpeakRequest
from interviewer.backends.offline import (
    OfflineBackend,
    load_templates,
    readable_quote,
    short_quote,
)
from interviewer.models import (
    Ask,
    Probe,
    Question,
    RuleResult,
    Span,
    Turn,
    TurnScore,
    WrapUp,
)
from interviewer.planner import PROBE_PRIORITY
from interviewer.resources import data_path

ANSWER = "I owned the pipeline and cut build time to 13 minutes."


def score(passed: dict[str, str | None]) -> TurnScore:
    """Rules passed (with an evidence text, or None) and, for the rest, failed."""
    rules = []
    for rule_id in ("result", "result_quantified", "result_baseline", "action", "learning"):
        evidence_text = passed.get(rule_id)
        evidence = ()
        if evidence_text is not None:
            start = max(ANSWER.find(evidence_text), 0)  # 0: a span of another answer
            evidence = (Span(start=start, end=start + len(evidence_text), text=evidence_text),)
        rules.append(
            RuleResult(
                id=rule_id,
                passed=rule_id in passed,
                weight=10,
                message="m",
                probe=f"scorer hint for {rule_id}",
                evidence=evidence,
            )
        )
    return TurnScore(rules=tuple(rules), score=50, rating=3, word_count=10, speaking_seconds=4)


def request(move: object, last: TurnScore | None = None, seed: str = "s1") -> SpeakRequest:
    history: tuple[Turn, ...] = (
        Turn(
            role="interviewer",
            text="Opening.",
            story=0,
            move=Ask(story=0, competency=COMPETENCIES[0]),
        ),
        Turn(role="candidate", text=ANSWER, story=0, score=last),
    )
    return SpeakRequest(
        move=move,  # type: ignore[arg-type]
        question=QUESTION,
        history=history,
        last_answer=ANSWER,
        last_score=last,
        seed=seed,
    )


async def spoken(backend: OfflineBackend, req: SpeakRequest) -> str:
    return "".join([piece async for piece in backend.speak(req)])


def probe(*gaps: str) -> Probe:
    return Probe(story=0, competency=COMPETENCIES[0], gaps=gaps, number=1)


async def test_opening_poses_the_question() -> None:
    req = SpeakRequest(move=Ask(story=0, competency=COMPETENCIES[0]), question=QUESTION, history=())
    text = await spoken(OfflineBackend(), req)
    assert QUESTION.text in text
    assert "Ownership" in text


async def test_probe_for_baseline_quotes_the_metric_given() -> None:
    last = score({"result": "cut build time", "result_quantified": "13 minutes"})
    text = await spoken(OfflineBackend(), request(probe("result_baseline"), last))
    assert '"13 minutes"' in text
    assert "?" in text


async def test_probe_without_evidence_asks_plainly() -> None:
    templates = load_templates()
    last = score({})
    text = await spoken(OfflineBackend(), request(probe("learning"), last))
    assert any(option in text for option in templates.gaps["learning"].ask)


@pytest.mark.parametrize("gap", PROBE_PRIORITY)
async def test_every_probed_rule_has_templates(gap: str) -> None:
    assert gap in load_templates().gaps
    text = await spoken(OfflineBackend(), request(probe(gap), score({})))
    assert "?" in text


async def test_unknown_gap_falls_back_to_the_scorers_hint() -> None:
    last = score({})
    last = last.model_copy(
        update={
            "rules": (
                *last.rules,
                RuleResult(
                    id="extra", passed=False, weight=1, message="m", probe="Tell me more about X?"
                ),
            )
        }
    )
    text = await spoken(OfflineBackend(), request(probe("extra"), last))
    assert "Tell me more about X?" in text


async def test_same_seed_same_words_and_seeds_vary_the_words() -> None:
    move = Ask(story=1, competency=COMPETENCIES[1])
    backend = OfflineBackend()
    first = await spoken(backend, request(move, score({}), seed="a"))
    assert await spoken(backend, request(move, score({}), seed="a")) == first
    variants = {await spoken(backend, request(move, score({}), seed=str(i))) for i in range(20)}
    assert len(variants) > 3


async def test_next_story_names_the_competency_and_acknowledges() -> None:
    last = score({"result_quantified": "13 minutes"})
    text = await spoken(OfflineBackend(), request(Ask(story=1, competency=COMPETENCIES[1]), last))
    assert "Bias for Action" in text
    assert "13 minutes" in text


async def test_wrap_up_is_warm_and_names_what_was_covered() -> None:
    text = await spoken(OfflineBackend(), request(WrapUp(), score({})))
    assert "Ownership" in text
    assert "thank" in text.lower()
    assert "?" not in text


async def test_used_variants_are_not_repeated() -> None:
    """Across a conversation, the same acknowledgement is not used twice while others remain."""
    backend = OfflineBackend()
    history: list[Turn] = []
    said: list[str] = []
    for n in range(3):
        req = SpeakRequest(
            move=Probe(story=0, competency=COMPETENCIES[0], gaps=("learning",), number=1),
            question=QUESTION,
            history=tuple(history),
            seed="x",
        )
        text = await spoken(backend, req)
        said.append(text)
        history += [
            Turn(role="interviewer", text=text, story=0),
            Turn(role="candidate", text=f"answer {n}", story=0),
        ]
    assert len(set(said)) == 3


async def test_single_story_question_opening() -> None:
    single = Question(
        id="one", title="t", text="Tell me about a failure.", competencies=COMPETENCIES[:1]
    )
    req = SpeakRequest(move=Ask(story=0, competency=COMPETENCIES[0]), question=single, history=())
    assert "Tell me about a failure." in await spoken(OfflineBackend(), req)


async def test_streams_in_more_than_one_piece() -> None:
    req = SpeakRequest(move=Ask(story=0, competency=COMPETENCIES[0]), question=QUESTION, history=())
    pieces = [p async for p in OfflineBackend().speak(req)]
    assert len(pieces) > 1


def test_short_quote_is_one_clean_line() -> None:
    assert short_quote("  cut it\nto \x1b[31m13 min.  ") == "cut it to 13 min"
    long = short_quote("word " * 40)
    assert long.endswith("…")
    assert len(long) <= 61


def test_broken_template_file_names_the_file(tmp_path: Path) -> None:
    source = data_path("offline")
    for name in ("opening.toml", "transitions.toml", "probes.toml", "wrap_up.toml"):
        (tmp_path / name).write_text((source / name).read_text())
    (tmp_path / "wrap_up.toml").write_text("closings = 3\n")
    with pytest.raises(ValueError, match=r"wrap_up.toml: field '"):
        load_templates(tmp_path)


@pytest.mark.parametrize(
    ("evidence", "quoted"),
    [
        ("13 minutes", "13 minutes"),
        ("98.5%", None),  # a number without what it measured: "'98.5%', got it"
        ("1%", None),
        ("dropped to 13 minutes and", "dropped to 13 minutes"),
        ("and from 52% to 76% and", "from 52% to 76%"),
        ("from 82% back to 99.6%.", "from 82% back to 99.6%"),
        ("We fixed the build", "We fixed the build"),
        ("from 12% to under", None),  # cut mid-phrase: reads oddly back
        ("fell back to a", None),
        ("from 82% to 99.6% within", None),
        ("45", None),  # a bare number says nothing
        ("pass rate 98.5%", "pass rate 98.5%"),
        ("and", None),
        ("I measured flakiness by rerunning each test in isolation", None),  # too long
    ],
)
def test_only_readable_pieces_are_quoted(evidence: str, quoted: str | None) -> None:
    assert readable_quote(evidence, load_templates().quotes) == quoted


async def test_a_clipped_evidence_span_is_not_read_back() -> None:
    """The scorer's span "from 12% to under" would read back oddly: the plain follow-up
    is asked instead; a span ending on "and" is read back without it."""
    clipped = score({"result": "went", "result_quantified": "from 12% to under"})
    text = await spoken(OfflineBackend(), request(probe("result_baseline"), clipped))
    assert '"' not in text
    assert any(option in text for option in load_templates().gaps["result_baseline"].ask)
    trailing = score({"result": "went", "result_quantified": "12% to 2% and"})
    text = await spoken(OfflineBackend(), request(probe("result_baseline"), trailing))
    assert '"12% to 2%"' in text


async def test_a_tradeoff_follow_up_reads_back_an_action_in_the_candidates_own_voice() -> None:
    """Action evidence is in the first person ("I declared an incident"): it is quoted as
    something they said, never spliced into "When you decided to ..."."""
    last = score({"action": "I declared an incident"})
    texts = {
        await spoken(OfflineBackend(), request(probe("tradeoff"), last, seed=f"s{n}"))
        for n in range(12)
    }
    quoted = [text for text in texts if '"I declared an incident"' in text]
    assert quoted
    for text in quoted:
        assert re.search(r'(You said|You mentioned) "I declared an incident"\.', text), text


PRAISE = ("clear picture", "good sense", "helpful", "great", "openly", "impressive", "excellent")


@pytest.mark.parametrize("sid", [f"junk-{n}" for n in range(8)])
async def test_one_word_answers_earn_no_praise(sid: str) -> None:
    """Whatever variant the session draws, answering "x" throughout is never praised."""
    from interviewer.models import Session
    from interviewer.questions import bank
    from interviewer.session import Interview

    session = Session(id=sid, question=bank().default, backend="offline")
    interview = Interview(session, OfflineBackend())
    async for _ in interview.open():
        pass
    while not interview.finished:
        async for _ in interview.answer("x"):
            pass
    for turn in session.turns:
        if turn.role == "interviewer":
            assert not any(word in turn.text.lower() for word in PRAISE), turn.text
