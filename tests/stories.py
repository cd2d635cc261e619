"""Shared candidate stories and engine helpers for the tests: strong and weak answers per
competency, a prepared candidate's next answer, a fresh session, and draining an engine step."""

from __future__ import annotations

from collections.abc import AsyncIterator

from interviewer.events import Event
from interviewer.models import Ask, Session, WrapUp
from interviewer.questions import bank
from interviewer.session import Interview

STRONG = {
    "ownership": (
        "Our CI pipeline took about 47 minutes and 18% of builds failed on flaky tests; no "
        "team owned it, so releases slowed to one a week. My goal was to make the pipeline "
        "fast and trustworthy. I instrumented flakiness by rerunning tests in isolation, I "
        "quarantined the top 20 flaky tests, and I sharded the suite and added remote "
        "caching. I chose quarantine over deleting tests because we kept the coverage, at "
        "the risk of hiding real bugs for a while. Build time went from 47 to 13 minutes "
        "and the pass rate from 82% to 98.5% within one quarter. In hindsight I would have "
        "agreed the SLOs with stakeholders on day one."
    ),
    "bias_for_action": (
        "A third-party tax API started timing out and checkout availability fell to 82%, "
        "with revenue at risk every minute. As the on-call lead my job was to restore "
        "checkout fast. I declared an incident, I built a cache and a circuit breaker "
        "behind a feature flag, and I shipped it within 45 minutes. I chose a reversible "
        "hotfix over waiting for the vendor because the risk of a wrong estimate was small "
        "compared to lost orders. Availability went from 82% to 99.6% within 30 minutes "
        "and order failures fell from 12% to under 0.5%. Next time I would pre-build "
        "circuit breakers for every critical dependency."
    ),
    "customer_obsession": (
        "Funnel data showed 37% of new users dropped out at domain verification. I owned "
        "onboarding and wanted more of them to reach their first API call. I listened to "
        "12 support calls, I built save-and-resume and inline DNS validators, and I A/B "
        "tested the new flow against the old one. I chose to add email verification for "
        "low-risk accounts despite the fraud risk, because confusion was the main blocker. "
        "Completion within 7 days rose from 52% to 76% over the next release cycle. In "
        "hindsight I would have localized the instructions earlier."
    ),
}
WEAK = "We fixed the build and it was better."
DEPTH_REPLY = (
    "My lead wanted to wait for the vendor, so I showed him the error rate every hour and "
    "we agreed I would ship the reversible fix myself."
)


def next_answer(interview: Interview, *, weak_first: bool = False) -> str:
    """What a prepared candidate says next: the strong story for each new question (a weak
    one first for story 0 with ``weak_first``), the strong story in reply to the first
    follow-up on a weak answer, and a short reply to any other follow-up."""
    move = interview.pending_move
    assert move is not None
    assert not isinstance(move, WrapUp)
    told = [t.text for t in interview.session.candidate_turns(move.story)]
    story = STRONG[move.competency.id]
    if isinstance(move, Ask):
        return WEAK if weak_first and move.story == 0 and not told else story
    return story if told == [WEAK] else DEPTH_REPLY


def new_session(max_probes: int = 2, sid: str = "s-1") -> Session:
    return Session(id=sid, question=bank().default, backend="offline", max_probes=max_probes)


async def drain(events: AsyncIterator[Event]) -> list[Event]:
    return [event async for event in events]
