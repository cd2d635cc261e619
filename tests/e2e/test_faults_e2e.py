"""Whole headless sessions against a misbehaving OpenAI-compatible server on 127.0.0.1.

Each case runs ``interviewer run --backend openai --base-url http://127.0.0.1:PORT/v1`` on
three answers, through the real SDK over real sockets, and checks that the session ends
complete and saved, that the API was tried the right number of times, that the whole run
stayed within a time bound, and that where the API gave up the user was told once, clearly.

Timeouts and retries are made small through the environment (``INTERVIEWER_TIMEOUT``,
``INTERVIEWER_MAX_ATTEMPTS``, ``INTERVIEWER_RETRY_BUDGET``), so the suite stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakeserver import (
    DEFAULT_TEXT,
    Behaviour,
    FakeServer,
    cut,
    drip,
    hang,
    malformed,
    reply,
    stall,
    status,
)

from interviewer.cli import main
from interviewer.locations import default_sessions_dir
from interviewer.models import Session
from interviewer.store import SessionStore

ANSWERS = [
    (
        "Our deploy pipeline had no owner and took 45 minutes, and one build in five failed "
        "on flaky tests. I took ownership: I measured flakiness per test, I quarantined the "
        "twenty worst tests and I split the suite into parallel shards. I chose quarantine "
        "over deleting tests because deleting risked losing coverage. Within six weeks build "
        "time fell from 45 to 12 minutes and the pass rate rose from 80% to 98%. In hindsight "
        "I would agree the success metrics with the other teams on day one."
    ),
    (
        "During a sale a tax service timed out and checkout availability dropped to 82%. As "
        "the on-call engineer I declared an incident, I built a cache with a circuit breaker "
        "behind a feature flag, and I routed large orders to manual review. I accepted a small "
        "risk of wrong tax estimates instead of waiting hours for the vendor. I shipped in 45 "
        "minutes and within 30 minutes availability went from 82% to 99.6%. Next time I would "
        "build circuit breakers for every critical dependency before an incident."
    ),
    (
        "Our onboarding funnel lost 37% of new users at domain verification. I owned the flow, "
        "so I listened to twelve support calls, I interviewed five customers and I built "
        "inline DNS checks with clearer copy. I traded some verification strength for an email "
        "option for low-risk accounts, because most drop-offs were small accounts. Over four "
        "weeks completion within seven days rose from 52% to 76% and tickets fell by 46%. I "
        "would localise the instructions in the first release next time."
    ),
]
MAX_ATTEMPTS = 3
TIMEOUT = 1.0
PLAINLY = "\n\nTo put it plainly: "


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    elapsed: float
    session: Session

    @property
    def interviewer_turns(self) -> list[str]:
        return [t.text for t in self.session.turns if t.role == "interviewer"]

    @property
    def model_texts(self) -> list[str]:
        """What the API said in each interviewer turn, without the plain question the
        wording guard appends when a reply misses its move (DEFAULT_TEXT names no
        competency, so the guard completes the asks)."""
        return [text.split(PLAINLY)[0] for text in self.interviewer_turns]

    @property
    def speakers(self) -> list[str | None]:
        """Who worded each turn; a turn the wording guard completed ('openai+offline')
        counts as the API's: the API answered, nothing fell back."""
        return [
            t.spoken_by.removesuffix("+offline") if t.spoken_by else t.spoken_by
            for t in self.session.turns
            if t.role == "interviewer"
        ]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(hold_seconds=10) as running:
        yield running
    assert running.errors == []


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.txt"
    path.write_text("\n---\n".join(ANSWERS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def fast_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("INTERVIEWER_MAX_ATTEMPTS", str(MAX_ATTEMPTS))
    monkeypatch.setenv("INTERVIEWER_RETRY_BUDGET", "10")


def run_args(server: FakeServer, answers: Path, *extra: str) -> list[str]:
    return [
        "run",
        "--backend",
        "openai",
        "--base-url",
        server.base_url,
        "--model",
        "fake-model",
        "--max-probes",
        "0",
        "--answers",
        str(answers),
        *extra,
    ]


def only_session(why: str = "") -> Session:
    store = SessionStore(default_sessions_dir())
    rows = store.list()
    assert len(rows) == 1, f"expected one saved session, found {len(rows)}; {why}"
    loaded = store.load(rows[0].id)
    assert loaded.warnings == ()
    return loaded.session


def run_session(
    server: FakeServer, answers: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> Outcome:
    began = time.monotonic()
    code = main(run_args(server, answers, *extra))
    elapsed = time.monotonic() - began
    captured = capsys.readouterr()
    session = only_session(f"exit {code}: {captured.err[-500:]}")
    return Outcome(code, captured.out, captured.err, elapsed, session)


def assert_complete(outcome: Outcome) -> None:
    """Exit 0, every answer journaled verbatim, every story asked, the session finished."""
    assert outcome.code == 0, outcome.err
    assert "Traceback" not in outcome.err
    session = outcome.session
    assert session.finished
    answers = [t.text for t in session.turns if t.role == "candidate"]
    assert answers == ANSWERS
    assert [t.story for t in session.turns if t.role == "candidate"] == [0, 1, 2]
    assert all(t.score is not None for t in session.turns if t.role == "candidate")
    kinds = [t.move.kind for t in session.turns if t.role == "interviewer" and t.move]
    assert kinds == ["ask", "ask", "ask", "wrap_up"]
    assert all(text.strip() for text in outcome.interviewer_turns), "an empty interviewer turn"


def gave_up_lines(outcome: Outcome) -> list[str]:
    """Lines telling the user the API failed and the offline interviewer took over."""
    text = outcome.out + outcome.err
    return [line for line in text.splitlines() if "offline" in line and "API" in line]


# ---------------------------------------------------------------- a healthy server first


def test_healthy_server_words_every_move(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    assert len(server.chat_requests) == 4
    # The reply gate keeps DEFAULT_TEXT's acknowledgement and drops its question: asking
    # "what you did yourself" is not a new story's question, and the wrap-up asks nothing.
    assert DEFAULT_TEXT.startswith("Thanks for that. ")
    assert outcome.model_texts == ["Thanks for that."] * 4
    assert set(outcome.speakers) == {"openai"}
    assert gave_up_lines(outcome) == []
    for request in server.chat_requests:
        assert request.json["model"] == "fake-model"
        assert request.json["stream"] is True
    # The candidate's words reach the model inside the prompt, delimited, as data.
    last = server.chat_requests[-1].json["messages"]
    assert any(ANSWERS[2] in str(m.get("content")) for m in last)


# ---------------------------------------------------------------- faults the API recovers from


@pytest.mark.parametrize(
    ("faults", "attempts"),
    [
        pytest.param([status(429, retry_after=0.3)], 2, id="429-retry-after"),
        pytest.param([status(500), status(502)], 3, id="500-502", marks=pytest.mark.slow),
        pytest.param([status(503)], 2, id="503"),
        pytest.param([hang()], 2, id="no-answer"),
        pytest.param([cut(after=0)], 2, id="cut-before-words"),
        pytest.param([malformed(after=0)], 2, id="malformed-before-words"),
    ],
)
def test_a_fault_on_the_first_turn_is_retried_and_the_api_recovers(
    server: FakeServer,
    answers_file: Path,
    capsys: pytest.CaptureFixture[str],
    faults: list[Behaviour],
    attempts: int,
) -> None:
    server.script(*faults)
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    assert len(server.chat_requests) == attempts + 3  # the first turn's tries, then 3 turns
    assert set(outcome.speakers) == {"openai"}
    assert gave_up_lines(outcome) == []
    assert outcome.elapsed < 10


def test_retry_after_is_honoured(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.script(status(429, retry_after=0.5))
    assert_complete(run_session(server, answers_file, capsys))
    first, second = server.chat_requests[:2]
    assert second.at - first.at >= 0.45


# ------------------------------------------------------- faults the API never recovers from


@pytest.mark.parametrize(
    ("fault", "attempts", "words"),
    [
        pytest.param(status(500), MAX_ATTEMPTS, "500", id="always-500", marks=pytest.mark.slow),
        pytest.param(status(503), MAX_ATTEMPTS, "503", id="always-503", marks=pytest.mark.slow),
        pytest.param(status(429, retry_after=0.1), MAX_ATTEMPTS, "429", id="always-429"),
        pytest.param(hang(), MAX_ATTEMPTS, "in time", id="never-answers", marks=pytest.mark.slow),
        pytest.param(status(401), 1, "key", id="401-no-retry"),
        pytest.param(status(400), 1, "400", id="400-no-retry"),
    ],
)
def test_when_the_api_gives_up_the_offline_interviewer_finishes_the_session(
    server: FakeServer,
    answers_file: Path,
    capsys: pytest.CaptureFixture[str],
    fault: Behaviour,
    attempts: int,
    words: str,
) -> None:
    server.always(fault)
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    # Only the first turn goes to the API; after it gives up, the offline interviewer
    # words the rest of the session without further calls.
    assert len(server.chat_requests) == attempts
    assert set(outcome.speakers) == {"offline"}
    lines = gave_up_lines(outcome)
    assert len(lines) == 1, outcome.out + outcome.err
    assert words in lines[0]
    assert outcome.elapsed < 15


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(stall(after=3), id="stall-mid-stream"),
        pytest.param(cut(after=3), id="cut-without-done-or-finish"),
        pytest.param(cut(after=3, abort=True), id="connection-dropped"),
        pytest.param(malformed(after=3), id="malformed-mid-stream"),
    ],
)
def test_a_reply_broken_after_its_first_words_is_finished_offline(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str], fault: Behaviour
) -> None:
    server.script(fault)
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    # No retry after a broken stream: one request for that turn.
    assert len(server.chat_requests) == 1
    first = outcome.interviewer_turns[0]
    # The three words that arrived were held by the reply gate (no question yet), never
    # shown: the offline interviewer words the whole turn.
    assert "Thanks for that." not in first
    assert "Ownership" in first
    assert outcome.speakers == ["offline"] * 4
    assert len(gave_up_lines(outcome)) == 1
    assert outcome.elapsed < 10


# ---------------------------------------------------------------- slow and odd replies


def test_a_slow_drip_is_waited_for_and_kept_whole(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Take your time. What did you do first when you took Ownership of it?"
    server.script(drip(text, delay=0.1))
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    assert outcome.model_texts[0] == text
    assert outcome.speakers[0] == "openai"
    assert len(server.chat_requests) == 4
    assert text in outcome.out


@pytest.mark.parametrize("text", ["", "   \n  "], ids=["empty", "blank"])
def test_an_empty_reply_is_not_an_empty_question(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    server.always(reply(text))
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)  # includes: no interviewer turn is empty


def test_a_rambling_reply_is_capped_and_the_planner_still_drives(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ramble = " ".join(["I think that", "\x1b[31mred\x1b[0m", "[bold]you win[/bold]"] * 2000)
    server.always(reply(ramble))
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    for text in outcome.interviewer_turns:
        assert "\x1b" not in text
        assert len(text) < len(ramble) // 4
    assert "\x1b" not in outcome.out


# ---------------------------------------------------------------- weak models: the wording guard
# What SmolLM2-135M did through llama.cpp, replayed: the same cue-echo on every turn, and
# replies cut at max_tokens (finish_reason "length"). The moves stay the planner's and every
# interviewer turn ends with the actual question.

ECHO = "The candidate is ready to begin."
RAMBLE = " ".join(["Company culture matters because people are the heart of a team."] * 30)


def test_a_model_that_echoes_its_cue_still_asks_every_question(
    server: FakeServer, answers_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.always(reply(ECHO))
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    turns = outcome.interviewer_turns
    # The echo is never shown: the reply gate replaces it with the offline interviewer's
    # wording of the move, whole (no "To put it plainly" after a misfire).
    assert ECHO not in outcome.out
    assert not any(PLAINLY in text for text in turns)
    assert "Ownership" in turns[0]
    assert "Bias for Action" in turns[1]
    assert "Customer Obsession" in turns[2]
    assert "?" not in turns[3]
    assert [t.spoken_by for t in outcome.session.turns if t.role == "interviewer"] == [
        "openai+offline"
    ] * 4
    assert outcome.err.count("was not usable (it broke role)") == 1
    assert (
        "of 4 model replies, 0 were shown as written, 0 repaired (sentences held back or the "
        "plain question added) and 4 replaced by the offline interviewer's wording"
    ) in outcome.err
    assert "[story 2/3 · Bias for Action · new story]\nInterviewer: " in outcome.out


def test_a_reply_cut_at_max_tokens_is_completed(
    server: FakeServer,
    answers_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTERVIEWER_MAX_TOKENS", "20")
    server.always(reply(RAMBLE))
    outcome = run_session(server, answers_file, capsys)
    assert_complete(outcome)
    assert {request.json["max_tokens"] for request in server.chat_requests} == {20}
    sentence = "Company culture matters because people are the heart of a team."
    first, *later = outcome.interviewer_turns
    # 20 tokens: the sentence, its repeat (dropped) and an unfinished third (cut off); the
    # plain question follows what is kept.
    said, plain = first.split(PLAINLY)
    assert said == sentence
    assert plain
    assert "missed the question (it asked no question)" in outcome.err
    # The same sentence again in later turns repeats the previous turn: nothing usable is
    # left, and the offline interviewer words those moves whole.
    for text in later:
        assert "Company culture" not in text
        assert PLAINLY not in text


# ---------------------------------------------------------------- as a real process


@pytest.mark.slow
def test_as_a_subprocess_a_dead_api_still_gives_a_complete_session(
    server: FakeServer, answers_file: Path, user_dirs: Path
) -> None:
    server.always(status(502))
    env = dict(os.environ)
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "interviewer", *run_args(server, answers_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - began
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(server.chat_requests) == MAX_ATTEMPTS
    session = only_session()
    assert session.finished
    assert [t.text for t in session.turns if t.role == "candidate"] == ANSWERS
    assert elapsed < 30
