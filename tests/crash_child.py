"""A headless session process for tests/e2e/test_crash.py, killed by it at random points.

Usage: python crash_child.py journal|engine SESSIONS_DIR SESSION_ID

It prints one line per durable step, *after* the step returned (so after the fsync):
``created``, ``turn <index> <sha256 of the turn's JSON>``, ``draft <text>``, ``done``.
Whatever it acknowledged must be on disk however it dies.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sample_sessions import make_session

from interviewer.models import Turn
from interviewer.store import SessionStore

ANSWERS = [
    "At my last job nobody owned the flaky CI pipeline, so I owned it. I measured every "
    "test, quarantined the worst twenty and sharded the rest.",
    "Build time went from 47 to 13 minutes within a quarter; pass rate from 82% to 98%.",
    "I chose retries over rewriting the tests first, a trade-off of speed for cleanliness.",
    "A tax API started timing out at checkout. I shipped a cache and a circuit breaker "
    "behind a flag within 45 minutes.",
    "Availability went from 82% back to 99.6% within 30 minutes.",
    "I learned to pre-build circuit breakers for every critical dependency.",
    "Onboarding lost 37% of users at domain verification. I listened to 12 support calls "
    "and built save-and-resume and inline DNS checks.",
    "Completion within 7 days rose from 52% to 76% over the next release.",
    "In hindsight I would localize the instructions earlier.",
] * 2


def ack(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def digest(turn: Turn) -> str:
    return hashlib.sha256(turn.model_dump_json().encode()).hexdigest()[:16]


def run_journal(store: SessionStore, session_id: str) -> None:
    """Writes a known session turn by turn, saving drafts between turns."""
    full = make_session(session_id, stories=3, finished=True)
    padding = " and then I measured it again" * 200  # long lines: kills land mid-write too
    turns = [t.model_copy(update={"text": t.text + padding}) for t in full.turns]
    journal = store.create(full.model_copy(update={"turns": [], "finished": False}))
    ack("created")
    for index, turn in enumerate(turns):
        for step in range(3):
            text = f"draft {index}.{step}"
            journal.save_draft(text)
            ack(f"draft {text}")
        journal.append(turn)
        ack(f"turn {index} {digest(turn)}")
    journal.finish()
    ack("done")


async def run_engine(store: SessionStore, session_id: str) -> None:
    """Drives the real engine with the offline interviewer and the store's journal."""
    from interviewer.backends.offline import OfflineBackend
    from interviewer.session import Interview

    session = make_session(session_id, stories=0)
    journal = store.create(session)
    ack("created")
    interview = Interview(session, OfflineBackend(), journal=journal)
    count = 0

    def acknowledge() -> None:
        nonlocal count
        while count < len(session.turns):
            ack(f"turn {count} {digest(session.turns[count])}")
            count += 1

    async for _ in interview.open():
        acknowledge()
    acknowledge()
    for answer in ANSWERS:
        if interview.finished:
            break
        interview.save_draft(answer[:20])
        ack(f"draft {answer[:20]}")
        async for _ in interview.answer(answer):
            acknowledge()
        acknowledge()
    if journal is not None and not journal.closed:
        journal.close()
    ack("done")


def main() -> None:
    mode, root, session_id = sys.argv[1:4]
    store = SessionStore(Path(root))
    if mode == "journal":
        run_journal(store, session_id)
    else:
        asyncio.run(run_engine(store, session_id))


if __name__ == "__main__":
    main()
