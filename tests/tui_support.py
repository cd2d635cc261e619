"""Shared pieces of the interview-room tests: a deterministic room and answers to give."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

from stub_backend import StubBackend
from textual import events
from textual.pilot import Pilot

from interviewer.backends.base import Backend, SpeakRequest
from interviewer.backends.offline import OfflineBackend
from interviewer.models import Ask, WrapUp
from interviewer.questions import load_bank
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.room import Room
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.widgets.answer_box import AnswerBox

FIXED_TIME = datetime(2026, 11, 28, 7, 55, 12, tzinfo=UTC)
SEED_QUESTION = "amazon-lp-three-stories"

# A thin first answer that the planner will follow up on.
THIN_ANSWER = "I fixed our flaky build pipeline."
FOLLOW_UP = (
    "Our pipeline took 47 minutes and 18% of builds failed. My task was to own it. I "
    "quarantined the 20 flakiest tests and sharded the suite. Within six weeks the build "
    "time fell from 47 to 13 minutes and the pass rate rose from 82% to 98%. I chose "
    "quarantine over deleting tests because deleting them risked coverage. In hindsight I "
    "would set the success metrics on day one."
)
STRONG_ANSWERS = (
    "During a sale a third-party tax API began timing out and checkout availability fell "
    "to 82%, so one order in eight failed. As the engineer on call my task was to restore "
    "checkout fast and safely. I declared an incident, I proposed a reversible fix behind a "
    "feature flag, and I built a cache with a circuit breaker that fell back to a "
    "conservative tax estimate. I chose the estimate over blocking orders because blocked "
    "orders lose customers, and the trade-off was a small reconciliation cost. I shipped it "
    "within 45 minutes. Availability went from 82% to 99.6% within 30 minutes and order "
    "failures fell from 12% to under 0.5%, saving about $78K that day. In hindsight I would "
    "pre-build circuit breakers for every critical dependency and run game days each quarter.",
    "New users dropped off at domain verification: funnel data showed 37% of them quit "
    "there and support tickets were full of DNS confusion. My goal was to raise onboarding "
    "completion. I listened to 12 support calls and spoke with 5 customers, then I built "
    "save-and-resume, inline DNS validators and a CLI checker, and I ran a 50/50 A/B test. "
    "I picked email verification as a fallback only for low-risk accounts, trading a little "
    "risk for speed. Over the next release cycle completion within 7 days rose from 52% to "
    "76% and support tickets dropped 46%. In hindsight I would localize the instructions "
    "earlier, since non-English locales dropped off more.",
)


def make_room(
    tmp_path: Path,
    backend: Backend | None = None,
    *,
    begin_now: bool = False,
    max_probes: int = 2,
) -> Room:
    ids: Iterator[int] = count(1)
    exports = tmp_path / "exports"
    exports.mkdir(exist_ok=True)
    return Room(
        bank=load_bank(),
        backend=backend or OfflineBackend(),
        store=SessionStore(tmp_path / "sessions"),
        max_probes=max_probes,
        question_id=SEED_QUESTION if begin_now else None,
        begin_now=begin_now,
        export_dir=exports,
        new_id=lambda: f"test-session-{next(ids)}",
        clock=lambda: FIXED_TIME,
    )


def make_app(
    tmp_path: Path, backend: Backend | None = None, **room_options: object
) -> InterviewerApp:
    return InterviewerApp(make_room(tmp_path, backend, **room_options), blink=False)  # type: ignore[arg-type]


async def settle(pilot: Pilot[None]) -> None:
    """Let the interviewer worker finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste ``text`` into the answer box the way a terminal's bracketed paste does."""
    pilot.app.screen.query_one(AnswerBox).focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))  # the driver hands pastes to the app
    await pilot.pause()


def interview_screen(pilot: Pilot[None]) -> InterviewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen), type(screen)
    return screen


class ScriptedBackend(StubBackend):
    """Speaks a fixed reply, chunk by chunk; optionally waits for a gate mid-reply."""

    def __init__(
        self, chunks: list[str], *, pause_after: int | None = None, name: str = "scripted"
    ) -> None:
        self.chunks = chunks
        self.pause_after = pause_after
        self.gate = asyncio.Event()
        self.reached_pause = asyncio.Event()
        self._name = name
        self.requests: list[SpeakRequest] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str:
        return "scripted interviewer"

    async def speak(self, request: SpeakRequest) -> AsyncIterator[str]:
        self.requests.append(request)
        for index, chunk in enumerate(self.chunks):
            if self.pause_after is not None and index == self.pause_after:
                self.reached_pause.set()
                await self.gate.wait()
            yield chunk


def following_up(screen: InterviewScreen) -> bool:
    """The interviewer's last move is about the story in progress (a follow-up, a depth
    question, a redirect), not a new question or the end."""
    move = screen.interview.pending_move
    return move is not None and not isinstance(move, Ask | WrapUp)


async def answer(pilot: Pilot[None], text: str) -> None:
    """Paste ``text`` as the answer, send it and wait for the interviewer's reply."""
    await paste(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def finish_interview(pilot: Pilot[None]) -> None:
    """From the interview screen, tell all three stories (the first one gets probed)."""
    screen = interview_screen(pilot)
    await answer(pilot, THIN_ANSWER)
    for text in (FOLLOW_UP, *STRONG_ANSWERS):
        while following_up(screen):
            await answer(pilot, FOLLOW_UP)
        if screen.finished:
            break
        await answer(pilot, text)
    while following_up(screen):
        await answer(pilot, FOLLOW_UP)
