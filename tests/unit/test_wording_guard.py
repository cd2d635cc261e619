"""The wording guard: a model's reply that misses its move gets the plain question appended.

Whole interviews over the real SDK (respx) with models that ramble, echo their cue, repeat
themselves, get cut at the token limit, or do their job, against the same interview worded
offline: the moves and the grades never change; what the candidate reads always carries
the question.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import respx
from openai_fakes import OFFICIAL, Sleeps, chunk, raw_sse, sse
from pydantic import SecretStr
from stories import WEAK, drain, new_session, next_answer

from interviewer.backends.base import SpeakRequest
from interviewer.backends.factory import make_openai_backend
from interviewer.backends.guard import load_guard_rules, missed_move
from interviewer.backends.offline import OfflineBackend, load_plain_templates
from interviewer.backends.prompt import build_messages, fixed_prompt_texts
from interviewer.config import Settings
from interviewer.events import Notice
from interviewer.models import Ask, Probe, Session, Turn, WrapUp
from interviewer.planner import PROBE_PRIORITY
from interviewer.questions import bank
from interviewer.session import Interview

PLAINLY = "\n\nTo put it plainly: "
Reply = Callable[[httpx.Request], httpx.Response]


async def interview(backend: object, answers: tuple[str, ...] | None = None) -> Interview:
    """A session over ``answers``; by default a whole one: a weak first answer, then strong
    stories (see ``next_answer``)."""
    run = Interview(new_session(sid="guard-1"), backend)  # type: ignore[arg-type]
    events = await drain(run.open())
    script = iter(answers) if answers is not None else None
    while not run.finished:
        answer = next(script, None) if script is not None else next_answer(run, weak_first=True)
        if answer is None:
            break
        events += await drain(run.answer(answer))
    run.events = events  # type: ignore[attr-defined]
    return run


async def with_model(reply: Reply) -> Interview:
    respx.post(OFFICIAL).mock(side_effect=reply)
    settings = Settings(backend="openai", api_key=SecretStr("sk-test"), model="m")
    return await interview(make_openai_backend(settings, sleep=Sleeps()))


def notices(run: Interview) -> list[str]:
    return [e.message for e in run.events if isinstance(e, Notice)]  # type: ignore[attr-defined]


def interviewer_turns(session: Session) -> list[Turn]:
    return [t for t in session.turns if t.role == "interviewer"]


def plain_for(session: Session, index: int) -> str:
    """The plain wording of the interviewer's turn ``index``, as the engine would append it."""
    turns = session.turns
    position = [i for i, t in enumerate(turns) if t.role == "interviewer"][index]
    turn = turns[position]
    assert turn.move is not None
    request = SpeakRequest(
        move=turn.move, question=session.question, history=tuple(turns[:position])
    )
    return OfflineBackend().plain(request)


def word_for(session: Session, index: int) -> str:
    """The offline interviewer's whole wording of the interviewer's turn ``index``, for the
    request the engine made (the reply gate replaces an unusable reply with it)."""
    turns = session.turns
    position = [i for i, t in enumerate(turns) if t.role == "interviewer"][index]
    turn = turns[position]
    assert turn.move is not None
    history = tuple(turns[:position])
    last = next((t for t in reversed(history) if t.role == "candidate"), None)
    request = SpeakRequest(
        move=turn.move,
        question=session.question,
        history=history,
        last_answer=last.text if last else None,
        last_score=last.score if last else None,
        seed=session.id,
    )
    return OfflineBackend().word(request)


def assert_same_interview(run: Interview, offline: Interview) -> None:
    """Moves and grades are the planner's and the scorer's: the wording cannot touch them."""
    ours, theirs = run.session.turns, offline.session.turns
    assert [t.role for t in ours] == [t.role for t in theirs]
    assert [t.move for t in ours] == [t.move for t in theirs]
    assert [t.score for t in ours] == [t.score for t in theirs]
    assert run.session.finished
    assert offline.session.finished


def a_good_model(request: httpx.Request) -> httpx.Response:
    """Says what the prompt's last line asks for, after a short acknowledgement."""
    system = json.loads(request.content)["messages"][0]["content"]
    last = system.rstrip().splitlines()[-1]
    wanted = last.split(": ", 1)[1]
    return sse("Thanks. ", wanted)


@pytest.fixture
async def offline() -> Interview:
    return await interview(OfflineBackend())


# ------------------------------------------------------------------ whole interviews


@respx.mock
async def test_a_fine_reply_is_left_untouched(offline: Interview) -> None:
    run = await with_model(a_good_model)
    assert_same_interview(run, offline)
    assert run.repairs == 0
    assert notices(run) == []
    for turn in interviewer_turns(run.session):
        assert turn.spoken_by == "openai"
        assert "To put it plainly" not in turn.text
        assert turn.text.startswith("Thanks. ")


@respx.mock
async def test_a_ramble_without_a_question_is_replaced_whole(offline: Interview) -> None:
    """Two sentences that never get to the question are more than a lead-in: never shown."""
    ramble = (
        "Company culture is the heart of every great team. We believe collaboration and "
        "innovation drive results, and every engineer contributes to our shared mission."
    )
    run = await with_model(lambda request: sse(ramble))
    assert_same_interview(run, offline)
    turns = interviewer_turns(run.session)
    for index, turn in enumerate(turns):
        assert turn.text == word_for(run.session, index)
        assert turn.spoken_by == "openai+offline"
    assert "Company culture" not in "".join(t.text for t in turns)
    assert run.outcomes == {"unchanged": 0, "repaired": 0, "replaced": len(turns)}
    assert run.repairs == len(turns)
    [notice] = notices(run)
    assert notice == (
        "The model's reply was not usable (it asked no question); the offline interviewer "
        "asked instead."
    )


@respx.mock
async def test_a_short_lead_in_without_a_question_gets_the_plain_question(
    offline: Interview,
) -> None:
    run = await with_model(lambda request: sse("Thanks for sharing."))
    assert_same_interview(run, offline)
    turns = interviewer_turns(run.session)
    first = turns[0].text
    assert first == "Thanks for sharing." + "\n\n" + plain_for(run.session, 0)
    assert first.endswith("Let's start with Ownership: tell me about a time you showed it.")
    assert PLAINLY + "describe three separate experiences" in first
    assert run.outcomes == {"unchanged": 0, "repaired": len(turns), "replaced": 0}
    [notice] = notices(run)
    assert notice == (
        "The model's reply missed the question (it asked no question); the offline "
        "interviewer added it in plain words."
    )


@respx.mock
async def test_an_echo_of_the_cue_gets_the_plain_question(offline: Interview) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        """The cue before the first answer, then a line of the system prompt."""
        cue = json.loads(request.content)["messages"][-1]["content"]
        if "<candidate_answer>" in cue:
            cue = "Follow the move below exactly. Do not ask about anything else?"
        return sse(cue)

    run = await with_model(echo)
    assert_same_interview(run, offline)
    turns = interviewer_turns(run.session)
    # Never shown: every reply is replaced by the offline interviewer's wording of its move.
    for index, turn in enumerate(turns):
        assert turn.text == word_for(run.session, index)
        assert "here for the interview" not in turn.text
    assert run.outcomes == {"unchanged": 0, "repaired": 0, "replaced": len(turns)}
    assert run.repairs == len(turns)
    [notice] = notices(run)
    assert notice == (
        "The model's reply was not usable (it echoed its instructions); the offline "
        "interviewer asked instead."
    )


@respx.mock
async def test_the_model_sees_a_repaired_turn_as_the_question_asked() -> None:
    """Shown its own misfire and the "To put it plainly:" lead, a weak model imitates both."""
    route = respx.post(OFFICIAL).mock(side_effect=lambda request: sse("Company culture."))
    settings = Settings(backend="openai", api_key=SecretStr("sk-test"), model="m")
    run = await interview(make_openai_backend(settings, sleep=Sleeps()), (WEAK,))
    first = interviewer_turns(run.session)[0]
    assert first.text.startswith("Company culture." + PLAINLY)
    sent = json.loads(route.calls[-1].request.content)["messages"]
    [assistant] = [m["content"] for m in sent if m["role"] == "assistant"]
    assert assistant == first.text.split(PLAINLY)[1].replace("describe", "Describe", 1)
    assert assistant.startswith("Describe three separate experiences")


@respx.mock
async def test_repeating_the_previous_turn_gets_the_plain_question(offline: Interview) -> None:
    same = "Thanks. Could you tell me about a time you showed Ownership?"
    run = await with_model(lambda request: sse(same))
    assert_same_interview(run, offline)
    turns = interviewer_turns(run.session)
    assert turns[0].text == same  # the opening is fine the first time
    assert turns[0].spoken_by == "openai"
    for index, turn in enumerate(turns[1:], start=1):
        # The repeated question is never shown; the short thanks stays, the plain one follows.
        assert turn.text == "Thanks.\n\n" + plain_for(run.session, index)
    [notice] = notices(run)
    assert "(it repeated the previous turn)" in notice


@respx.mock
async def test_a_reply_cut_at_the_token_limit_gets_the_plain_question(
    offline: Interview,
) -> None:
    def cut(request: httpx.Request) -> httpx.Response:
        body = chunk(role="assistant", content="")
        body += chunk(content="Could you tell me about a time you showed Ownership? I")
        body += chunk(content=" mean, the")
        body += chunk(finish="length") + "data: [DONE]\n\n"
        return raw_sse(body)

    run = await with_model(cut)
    assert_same_interview(run, offline)
    turns = interviewer_turns(run.session)
    first, *later = turns
    # The unfinished sentence is never shown; the question before it carries the move.
    assert first.text == "Could you tell me about a time you showed Ownership?"
    assert first.spoken_by == "openai"
    for index, turn in enumerate(later, start=1):  # the same question again: replaced
        assert turn.text == word_for(run.session, index)
    assert run.outcomes == {"unchanged": 0, "repaired": 1, "replaced": len(later)}
    assert run.repairs == len(turns)
    [notice] = notices(run)
    assert notice == "Part of the model's reply was not shown (it was cut off at the length limit)."


@respx.mock
async def test_a_wrap_up_that_asks_a_question_gets_a_plain_closing(offline: Interview) -> None:
    """The notice speaks of the closing: there was no question to miss."""

    def asks_at_the_end(request: httpx.Request) -> httpx.Response:
        system = json.loads(request.content)["messages"][0]["content"]
        if "The interview is over." in system:
            return sse("Thanks so much for your time. Do you have any questions for me?")
        return a_good_model(request)

    run = await with_model(asks_at_the_end)
    assert_same_interview(run, offline)
    *asked, closing = interviewer_turns(run.session)
    assert all(turn.spoken_by == "openai" for turn in asked)
    # The question is never shown; the thanks before it closes the interview on its own.
    assert closing.spoken_by == "openai"
    assert closing.text == "Thanks so much for your time."
    assert run.repairs == 1
    assert notices(run) == [
        "Part of the model's reply was not shown (it asked a question at the end)."
    ]


@respx.mock
async def test_a_wrap_up_that_only_asks_gets_a_plain_closing(offline: Interview) -> None:
    """The notice speaks of the closing: there was no question to miss."""

    def asks_at_the_end(request: httpx.Request) -> httpx.Response:
        system = json.loads(request.content)["messages"][0]["content"]
        if "The interview is over." in system:
            return sse("Okay. Do you have any questions for me?")
        return a_good_model(request)

    run = await with_model(asks_at_the_end)
    assert_same_interview(run, offline)
    closing = interviewer_turns(run.session)[-1]
    assert closing.spoken_by == "openai+offline"
    assert (
        closing.text
        == "Okay." + PLAINLY + "that's the end of the interview. Thank you for your time."
    )
    assert notices(run) == [
        "The model's closing did not end the interview cleanly (it asked a question at the "
        "end); the offline interviewer added a plain closing."
    ]


@respx.mock
async def test_a_reply_cut_at_the_length_cap_counts_as_cut() -> None:
    respx.post(OFFICIAL).mock(return_value=sse("Tell me about Ownership? " * 200))
    settings = Settings(backend="openai", api_key=SecretStr("sk-test"), model="m")
    run = await interview(make_openai_backend(settings, sleep=Sleeps()), ())
    [turn] = run.session.turns
    # The first question carries the move; its 79 repeats up to the cap are never shown.
    assert turn.text == "Tell me about Ownership?"
    assert turn.spoken_by == "openai"
    assert run.outcomes == {"unchanged": 0, "repaired": 1, "replaced": 0}


# ------------------------------------------------------------------ the checks themselves


def _request(move: Ask | Probe | WrapUp, history: tuple[Turn, ...] = ()) -> SpeakRequest:
    return SpeakRequest(move=move, question=bank().default, history=history)


def _probe(gap: str) -> Probe:
    return Probe(story=0, competency=bank().default.competencies[0], gaps=(gap,), number=1)


def test_what_carries_an_ask_and_what_does_not() -> None:
    first = bank().default.competencies[0]
    ask = _request(Ask(story=0, competency=first))
    assert missed_move("Hi! Tell me about a time you showed ownership.", ask, cut=False) is None
    restated = (
        "Welcome. Please describe three separate experiences that demonstrate your "
        "leadership: the situation, your specific actions, metrics and results, and what "
        "you would change in hindsight."
    )
    assert missed_move(restated, ask, cut=False) is None
    assert missed_move("Hi! What did you do yourself?", ask, cut=False) == (
        "it did not name Ownership"
    )
    assert missed_move("The candidate is ready to begin.", ask, cut=False) == (
        "it asked no question"
    )
    assert missed_move("Tell me about Ownership?", ask, cut=True) == (
        "it was cut off at the length limit"
    )
    later = _request(Ask(story=2, competency=bank().default.competencies[2]))
    assert missed_move("Next, a customer-obsessed moment, please?", later, cut=False) is None


def test_a_probe_must_ask_about_its_gap() -> None:
    first, second, _ = bank().default.competencies
    probe = _request(Probe(story=0, competency=first, gaps=("result_baseline",), number=1))
    assert missed_move("What was it before you started?", probe, cut=False) is None
    assert missed_move("How did you feel about the team?", probe, cut=False) == (
        "it did not ask about result baseline"
    )
    learning = _request(Probe(story=1, competency=second, gaps=("learning",), number=1))
    assert missed_move("What would you do differently now?", learning, cut=False) is None
    skipping = (
        "Tell me about a different experience that shows Customer Obsession: what was the "
        "situation, and how did you handle it?"
    )
    assert missed_move(skipping, learning, cut=False) == ("it skipped ahead to Customer Obsession")
    ask = _request(Ask(story=1, competency=second))
    assert (
        missed_move(skipping.replace("Customer Obsession", "Bias for Action"), ask, cut=False)
        is None
    )


def test_a_wrap_up_needs_no_question_but_must_not_repeat() -> None:
    wrap = _request(
        WrapUp(),
        (Turn(role="interviewer", text="Thank you for your time today.", story=2),),
    )
    assert missed_move("It was a pleasure. Good luck!", wrap, cut=False) is None
    assert missed_move("Thanks! Any questions for me?", wrap, cut=False) == (
        "it asked a question at the end"
    )
    assert missed_move("Thank you for your time today!", wrap, cut=False) == (
        "it repeated the previous turn"
    )


def test_every_question_worded_offline_passes_the_guard() -> None:
    """The offline interviewer's wording and its plain wording carry every move they word,
    for every question in the bank: the guard is not stricter than our own interviewer."""
    offline = OfflineBackend()
    for question in bank().questions:
        for competency_index, competency in enumerate(question.competencies):
            moves: list[Ask | Probe | WrapUp] = [Ask(story=competency_index, competency=competency)]
            moves += [
                Probe(story=competency_index, competency=competency, gaps=(gap,), number=1)
                for gap in PROBE_PRIORITY
            ]
            for move in [*moves, WrapUp()]:
                for seed in ("a", "b", "c"):
                    request = SpeakRequest(move=move, question=question, history=(), seed=seed)
                    for text in (offline.word(request), offline.plain_question(request)):
                        assert missed_move(text, request, cut=False) is None, (question.id, text)


def test_every_probed_rule_has_a_plain_question_and_topic_words() -> None:
    plain = load_plain_templates()
    rules = load_guard_rules()
    for rule in PROBE_PRIORITY:
        assert plain.gaps[rule].endswith("?")
        assert rules.topics[rule]


def test_the_prompt_ends_with_what_to_ask_and_the_cue_is_the_candidates() -> None:
    first = bank().default.competencies[0]
    probe = Probe(story=0, competency=first, gaps=("result_baseline", "learning"), number=1)
    history = (
        Turn(role="interviewer", text="Tell me about Ownership.", story=0),
        Turn(role="candidate", text=WEAK, story=0),
    )
    messages = build_messages(_request(probe, history))
    assert (
        messages[0]["content"]
        .rstrip()
        .endswith(
            "in your own words: What was the number before you started, and what was it after?"
        )
    )
    opening = build_messages(_request(Ask(story=0, competency=first)))
    cue = opening[-1]["content"]
    assert opening[-1]["role"] == "user"
    assert "ready to begin" not in cue
    assert cue.rstrip().endswith("?") or "ask me" in cue.lower()
    assert cue in fixed_prompt_texts()


def test_a_broken_guard_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "wording_guard.toml"
    path.write_text("repeat_ratio = 2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"wording_guard.toml: field 'repeat_ratio'"):
        load_guard_rules(path)


def test_plain_wording_keeps_capitals_that_matter() -> None:
    single = bank().get("general-failure")
    request = SpeakRequest(
        move=Ask(story=0, competency=single.competencies[0]), question=single, history=()
    )
    assert OfflineBackend().plain(request) == (
        "To put it plainly: tell me about a time you failed, or something you owned went "
        "wrong. What happened, what did you do about it, and what did you learn?"
    )
    assert re.search(r"plainly: [a-z]", OfflineBackend().plain(_request(WrapUp())))


# Realistic replies from a capable model, after the opening and the first answer of the
# default question. None may be "repaired": the plain question appended to a good reply
# reads as the interviewer repeating itself.
_OWN, _BFA, _CO = bank().default.competencies
_GOOD_REPLIES: list[tuple[Ask | Probe | WrapUp, str]] = [
    (
        Ask(story=0, competency=_OWN),
        "Hi, thanks for joining me today. I'd like you to describe three separate experiences "
        "that demonstrate Ownership, Bias for Action and Customer Obsession. Let's begin with "
        "Ownership.",
    ),
    (
        Ask(story=0, competency=_OWN),
        "Welcome! Let's start with Ownership: a time you took on a problem nobody owned.",
    ),
    (
        Ask(story=1, competency=_BFA),
        "Great, thank you. Let's move on to Bias for Action: can you walk me through a time "
        "you had to move fast?",
    ),
    (
        Ask(story=2, competency=_CO),
        "Thanks. For the last one, I'd love to hear about your Customer Obsession.",
    ),
    (_probe("result_quantified"), "Roughly how much faster did the builds get, in minutes?"),
    (_probe("result_baseline"), "You said 13 minutes; what was it before you started?"),
    (_probe("result_timeframe"), "How long did it take to get from 47 down to 13 minutes?"),
    (_probe("learning"), "If you were doing that project again, what would you do differently?"),
    (_probe("tradeoff"), "Why did you quarantine tests rather than fix them one by one?"),
    (_probe("tradeoff"), "Was there another way you could have solved it, and why not go with it?"),
    (_probe("first_person"), "What was your own contribution, compared with the team's?"),
    (_probe("action"), "What did you actually do first when you picked this up?"),
    (_probe("situation"), "What was the context? Why did the pipeline matter at the time?"),
    (_probe("task"), "What were you on the hook for in this project?"),
    (_probe("result"), "So what happened after you shipped the change?"),
    (
        WrapUp(),
        "Thanks so much for your time today, and for walking me through those stories. "
        "That's all from me. Good luck!",
    ),
    (WrapUp(), "We're out of time, so I'll stop here. Thank you for the thoughtful answers."),
]
_BAD_REPLIES: list[tuple[Ask | Probe | WrapUp, str, str]] = [
    (
        Ask(story=0, competency=_OWN),
        "The candidate is ready to begin the interview.",
        "no question",
    ),
    (Ask(story=1, competency=_BFA), "Great answer! You scored 5/5.", "no question"),
    (Ask(story=1, competency=_BFA), "Thanks! What else did you do on that project?", "name"),
    (Ask(story=2, competency=_CO), "Tell me about a time you showed Bias for Action.", "name"),
    (_probe("learning"), "That's impressive work on the pipeline.", "no question"),
    (_probe("learning"), "How many people were on your team?", "learning"),
    (_probe("result_baseline"), "What did your manager think?", "baseline"),
    (_probe("tradeoff"), "Tell me about Customer Obsession now.", "skipped ahead"),
    (_probe("first_person"), "Thanks.", "no question"),
    (_probe("action"), "Ahoy matey! I be a pirate now.", "no question"),
    (WrapUp(), "Thanks! Do you have any questions for me?", "question at the end"),
    (WrapUp(), "Hello, I'm here for the interview. Please ask me the first question.", "echoed"),
]


def _after_first_answer(move: Ask | Probe | WrapUp) -> SpeakRequest:
    history = (
        Turn(role="interviewer", text="Hi. Let's start with Ownership.", story=0),
        Turn(role="candidate", text="I fixed our CI; builds went from 47 to 13 minutes.", story=0),
    )
    return _request(move, () if isinstance(move, Ask) and move.story == 0 else history)


@pytest.mark.parametrize(("move", "reply"), _GOOD_REPLIES)
def test_a_good_reply_is_not_repaired(move: Ask | Probe | WrapUp, reply: str) -> None:
    assert missed_move(reply, _after_first_answer(move), cut=False) is None


@pytest.mark.parametrize(("move", "reply", "why"), _BAD_REPLIES)
def test_a_bad_reply_is_repaired(move: Ask | Probe | WrapUp, reply: str, why: str) -> None:
    missed = missed_move(reply, _after_first_answer(move), cut=False)
    assert missed is not None
    assert why in missed
