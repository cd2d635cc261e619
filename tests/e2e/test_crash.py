"""kill -9 at random points: every acknowledged turn survives, and the session resumes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crash_child import digest
from sample_sessions import make_session

from interviewer.store import SessionStore

CHILD = Path(__file__).parent.parent / "crash_child.py"
ROOT = Path(__file__).resolve().parents[2]


def start(mode: str, root: Path, session_id: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(root), session_id],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after(child: subprocess.Popen[str], acks: int, rng: random.Random) -> list[str]:
    """Read ``acks`` acknowledgements, wait a random moment, SIGKILL; return all acks."""
    assert child.stdout is not None
    seen: list[str] = []
    while len(seen) < acks:
        line = child.stdout.readline()
        if not line:
            break
        seen.append(line.strip())
    time.sleep(rng.uniform(0, 0.004))
    os.kill(child.pid, signal.SIGKILL)
    rest, err = child.communicate(timeout=30)
    seen += [line for line in rest.splitlines() if line]
    assert child.returncode in (-signal.SIGKILL, 0), err
    return seen


def acknowledged_turns(acks: list[str]) -> dict[int, str]:
    turns = {}
    for line in acks:
        if line.startswith("turn "):
            _, index, sha = line.split()
            turns[int(index)] = sha
    return turns


@pytest.mark.parametrize("seed", range(int(os.environ.get("CRASH_RUNS", "10"))))
def test_sigkill_during_journaling_loses_no_acknowledged_turn(tmp_path, seed):
    rng = random.Random(seed)
    store = SessionStore(tmp_path)
    session_id = f"20261128-000000-{seed:06d}"
    full = make_session(session_id, stories=3, finished=True)
    # 1 "created", 4 per turn (3 drafts, the turn) and "done": 54 acks; kill anywhere.
    acks = kill_after(start("journal", tmp_path, session_id), rng.randint(1, 56), rng)
    done = acknowledged_turns(acks)

    loaded = store.load(session_id)
    got = loaded.session.turns
    assert len(got) >= len(done)
    for index, sha in done.items():
        assert digest(got[index]) == sha
    # Damage is at most one write cut short at the end; drafts are never half-written.
    assert len(loaded.warnings) <= 1
    assert all("cut short" in w for w in loaded.warnings)
    drafts = [line.removeprefix("draft ") for line in acks if line.startswith("draft ")]
    if loaded.session.draft:
        # A draft stays until a candidate turn is sent after it.
        saved_before = draft_key(loaded.session.draft)[0]
        assert saved_before <= len(got)
        assert all(t.role == "interviewer" for t in got[saved_before:])
        if drafts:  # never older than the last acknowledged draft
            assert draft_key(loaded.session.draft) >= draft_key(drafts[-1])
    elif drafts and draft_key(drafts[-1])[0] == len(got):
        pytest.fail("an acknowledged draft for the answer in progress was lost")

    if loaded.session.finished:  # killed after the end: nothing to resume
        assert "done" in acks or len(done) == len(full.turns)
        assert len(got) == len(full.turns)
        return

    # Resume: reopen the journal, write what is missing, finish.
    journal = store.open_journal(session_id)
    padding = " and then I measured it again" * 200
    for turn in full.turns[len(got) :]:
        journal.append(turn.model_copy(update={"text": turn.text + padding}))
    journal.finish()
    final = store.load(session_id)
    assert final.session.finished
    assert len(final.session.turns) == len(full.turns)
    assert [t.role for t in final.session.turns] == [t.role for t in full.turns]
    assert len(final.warnings) == len(loaded.warnings)
    assert stat_mode(store.path_for(session_id)) == 0o600


def draft_key(text: str) -> tuple[int, int]:
    before, step = text.removeprefix("draft ").split(".")
    return int(before), int(step)


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _engine_ready() -> bool:
    try:
        from interviewer.scoring import score_story  # noqa: F401
        from interviewer.session import Interview  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _engine_ready(), reason="the scorer/engine has not landed yet")
@pytest.mark.parametrize("seed", range(4))
async def test_sigkill_of_a_real_interview_then_resume(tmp_path, seed):
    from interviewer.backends.offline import OfflineBackend
    from interviewer.session import Interview

    rng = random.Random(seed)
    store = SessionStore(tmp_path)
    session_id = f"20261128-000000-e{seed:05d}"
    acks = kill_after(start("engine", tmp_path, session_id), rng.randint(2, 25), rng)
    done = acknowledged_turns(acks)

    loaded = store.load(session_id)
    session = loaded.session
    for index, sha in done.items():
        assert digest(session.turns[index]) == sha
    if "done" in acks:
        assert session.finished
        return

    # Resume with the real engine and finish the interview.
    kept = list(session.turns)
    interview = Interview(session, OfflineBackend(), journal=store.open_journal(session_id))
    async for _ in interview.open():
        pass
    answers = iter(["I fixed it, and the build went from 47 to 13 minutes within a month."] * 30)
    while not interview.finished:
        async for _ in interview.answer(next(answers)):
            pass
    final = store.load(session_id).session
    assert final.finished
    assert final.turns[: len(kept)] == kept
    assert final == interview.session
