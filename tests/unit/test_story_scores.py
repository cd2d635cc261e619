"""Story scores are computed once, when a turn is recorded, and read back from the journal.

The scorecard, the exports and ``interviewer sessions`` read the journaled verdicts; a
story is scored again only when its turns carry another scorer version (or none: journals
from before the verdicts were recorded).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

import interviewer.scoring
import interviewer.scoring.scorer
from interviewer import scorecard
from interviewer.backends.offline import OfflineBackend
from interviewer.cli import main
from interviewer.journal import encode, header_record
from interviewer.models import Session
from interviewer.questions import bank
from interviewer.scoring import score_story, scorer_version
from interviewer.scoring import version as version_module
from interviewer.session import Interview
from interviewer.store import SessionStore

MAIN = (
    "At my last job our CI pipeline took about 47 minutes and no team owned it. I took it "
    "on: I measured every test in isolation, quarantined the worst twenty behind a flag and "
    "sharded the suite."
)
MAINS = (
    MAIN,
    "During a sale our tax API timed out and checkout availability fell to 82%. I was on "
    "call: I declared an incident, built a cache behind a flag and shipped it in an hour.",
    "Thirty-seven percent of new users dropped out at domain verification. I owned "
    "onboarding: I listened to twelve support calls, added inline DNS checks and built a "
    "save-and-resume step.",
)
FOLLOW_UP = (
    "Build time went from 47 to 13 minutes within a quarter, and in hindsight I would set "
    "the targets on day one."
)


def record(store: SessionStore | None, session_id: str = "20261128-075512-ab12cd") -> Session:
    """A whole three-story interview through the engine (journaled when ``store``)."""
    session = Session(
        id=session_id, question=bank().get("amazon-lp-three-stories"), backend="offline"
    )
    journal = store.create(session) if store is not None else None
    interview = Interview(session, OfflineBackend(), journal=journal)

    async def run() -> None:
        async for _ in interview.open():
            pass
        while not interview.finished:
            text = FOLLOW_UP if interview.follow_up else MAINS[interview.story_index]
            async for _ in interview.answer(text):
                pass

    asyncio.run(run())
    if journal is not None:
        journal.close()
    return session


def rescored(session: Session) -> list:
    return [
        score_story([t.text for t in session.candidate_turns(i)], c.id)
        for i, c in enumerate(session.question.competencies)
    ]


def rescored_with_engine(session: Session) -> list:
    """:func:`rescored`, by the scorer the engine holds (the test may have patched the
    scoring package's)."""
    import interviewer.session as engine

    return [
        engine.score_story([t.text for t in session.candidate_turns(i)], c.id)
        for i, c in enumerate(session.question.competencies)
    ]


@pytest.fixture
def no_scoring(monkeypatch):
    """Any attempt to score a story fails the test."""

    def fail(*args, **kwargs):
        raise AssertionError("a story was scored again")

    monkeypatch.setattr(scorecard, "default_scorer", lambda: fail)
    monkeypatch.setattr(interviewer.scoring, "score_story", fail)
    monkeypatch.setattr(interviewer.scoring.scorer, "score_story", fail)


def test_the_engine_journals_each_turns_story_verdict_and_the_scorer_version(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    session = record(store)
    candidates = [t for t in session.turns if t.role == "candidate"]
    assert len(candidates) > 3  # some stories were probed
    for turn in candidates:
        assert turn.scorer_version == scorer_version()
        story = session.candidate_turns(turn.story)
        through = [t.text for t in story[: story.index(turn) + 1]]
        competency = session.question.competencies[turn.story].id
        assert turn.story_score == score_story(through, competency).combined
    # What was journaled is what comes back.
    loaded = store.load(session.id).session
    assert loaded.turns == session.turns


def test_journaled_scores_are_read_not_scored_again(tmp_path, no_scoring):
    # The engine bound the real scorer when it was imported: it still scores each turn as
    # it is answered; everything after that must read the journal.
    store = SessionStore(tmp_path / "sessions")
    session_id = record(store).id
    expected = rescored_with_engine(store.load(session_id).session)
    loaded = store.load(session_id).session
    scores = scorecard.story_scores(loaded)
    assert len(scores) == len(expected) == 3
    for got, want in zip(scores, expected, strict=True):
        assert got is not None
        assert got.combined == want.combined
        assert (got.volunteered, got.probed, got.missing) == (
            want.volunteered,
            want.probed,
            want.missing,
        )
        assert got.turns[0] == want.turns[0]
        assert len(got.turns) == len(want.turns)
    card = scorecard.build(loaded, [loaded])
    assert [c.score for c in card.stories] == scores


def test_the_scorecard_from_the_journal_is_the_one_scoring_again_gives():
    from interviewer.export import markdown

    session = record(None)
    rescoring = scorecard.story_scores(session, version="another")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scorecard, "story_scores", lambda s, scorer=None, *, version=None: rescoring)
        again = scorecard.build(session)
    journaled = scorecard.build(session)
    assert markdown.render(session, journaled) == markdown.render(session, again)
    assert journaled.improvements == again.improvements
    assert (journaled.score, journaled.rating) == (again.score, again.rating)


def test_a_story_from_another_scorer_version_is_scored_again():
    session = record(None)
    old = session.model_copy(
        update={
            "turns": [
                t.model_copy(update={"scorer_version": "0-old"}) if t.story == 1 else t
                for t in session.turns
            ]
        }
    )
    calls: list[list[str]] = []

    def counting(texts, competency=None):
        calls.append(list(texts))
        return score_story(texts, competency)

    scores = scorecard.story_scores(old, counting)
    assert calls == [[t.text for t in old.candidate_turns(1)]]  # story 1 only
    journaled = scorecard.story_scores(session)
    assert scores[0] == journaled[0]
    assert scores[2] == journaled[2]
    assert scores[1] == score_story(calls[0], "bias_for_action")
    # And the whole session once the running scorer is not the one that journaled it.
    calls.clear()
    scorecard.story_scores(session, counting, version="2-new")
    assert len(calls) == 3


def test_an_old_journal_without_the_verdicts_loads_and_is_scored(tmp_path):
    session = record(None)
    store = SessionStore(tmp_path / "sessions")
    store.root.mkdir()
    path = store.path_for(session.id)
    lines = [encode(header_record(session))]
    for turn in session.turns:
        data = turn.model_dump(mode="json", exclude={"story_score", "scorer_version"})
        lines.append(encode({"kind": "turn", "turn": data}))
    path.write_bytes(b"".join(lines))
    assert b"story_score" not in path.read_bytes()

    loaded = store.load(session.id)
    assert loaded.warnings == ()
    assert all(t.story_score is None for t in loaded.session.turns)
    calls = []

    def counting(texts, competency=None):
        calls.append(competency)
        return score_story(texts, competency)

    scores = scorecard.story_scores(loaded.session, counting)
    assert len(calls) == 3
    assert [s.combined for s in scores if s] == [s.combined for s in rescored(session)]


def test_sessions_lists_journaled_sessions_without_scoring(tmp_path, monkeypatch, capsys):
    store = SessionStore(tmp_path / "sessions")
    session = record(store)
    want = scorecard.build(session)

    def fail(*args, **kwargs):
        raise AssertionError("a story was scored again")

    monkeypatch.setattr(scorecard, "default_scorer", lambda: fail)
    monkeypatch.setattr(interviewer.scoring, "score_story", fail)
    assert main(["sessions", "--json", "--sessions-dir", str(store.root)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["id"], row["score"], row["rating"]) == (session.id, want.score, want.rating)


def test_the_scorer_version_follows_the_scorers_files(tmp_path: Path, monkeypatch):
    data = tmp_path / "lexicon.toml"
    data.write_text("a = 1\n")
    monkeypatch.setattr(version_module, "_scoring_files", lambda: [("data/lexicon.toml", data)])
    version_module.scorer_version.cache_clear()
    try:
        first = version_module.scorer_version()
        assert version_module.scorer_version() == first
        assert first.startswith(f"{version_module.SCORER_VERSION}-")
        data.write_text("a = 2\n")
        version_module.scorer_version.cache_clear()
        assert version_module.scorer_version() != first
    finally:
        version_module.scorer_version.cache_clear()
    monkeypatch.undo()
    files = [name for name, _ in version_module._scoring_files()]
    assert "scoring/scorer.py" in files
    assert "data/lexicon.toml" in files
    assert "data/competencies.toml" in files
