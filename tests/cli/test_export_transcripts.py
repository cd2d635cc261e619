"""The sample in transcripts/ is current: its exports match what the code renders now."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer import scorecard
from interviewer.export import html, markdown
from interviewer.export import json as json_export
from interviewer.store import SessionStore

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "transcripts"
JOURNALS = sorted(TRANSCRIPTS.glob("*.jsonl"))
FIX = "regenerate with `python scripts/make_transcripts.py`"


def test_there_is_a_sample_session():
    if not JOURNALS:
        pytest.skip("no sample session yet (it needs `interviewer run`)")
    assert any(p.name.startswith("sample-") for p in JOURNALS)


@pytest.mark.parametrize("journal", JOURNALS, ids=lambda p: p.stem)
def test_exports_are_current(journal):
    store = SessionStore(TRANSCRIPTS)
    loaded = store.load(journal.stem)
    assert loaded.warnings == ()
    session = loaded.session
    card = scorecard.build(session)
    expected = {
        "md": markdown.render(session, card),
        "json": json_export.render(session),
        "html": html.render(session, card),
    }
    for fmt, text in expected.items():
        path = TRANSCRIPTS / f"{journal.stem}.{fmt}"
        assert path.is_file(), f"{path.name} is missing: {FIX}"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: {FIX}"
    assert json_export.parse(expected["json"]) == session
