"""Exports: JSON round trips and its schema is current; Markdown matches its golden file."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sample_sessions import START, fake_score_story, make_session

from interviewer import scorecard
from interviewer.export import json as json_export
from interviewer.export import markdown
from interviewer.export.common import bar, sparkline
from interviewer.models import SCHEMA_VERSION, Session, Turn
from interviewer.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent.parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def sample():
    session = make_session(stories=3, finished=True)
    history = [
        make_session("20261101-000000-aaaaaa", stories=1, start=START - timedelta(days=3)),
        make_session("20261102-000000-bbbbbb", stories=2, start=START - timedelta(days=2)),
    ]
    return session, scorecard.build(session, history, scorer=fake_score_story)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"run with UPDATE_GOLDEN=1 to refresh {name}"


# --------------------------------------------------------------------------- JSON


def test_json_export_round_trips():
    session, _ = sample()
    session.draft = "half a sentence"
    text = json_export.render(session)
    assert json_export.parse(text) == session
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


texts = st.text(st.characters(codec="utf-8"), max_size=80)


@given(answers=st.lists(texts, min_size=1, max_size=5), draft=texts)
def test_any_text_round_trips_through_json_and_the_journal(tmp_path_factory, answers, draft):
    session = make_session(stories=0)
    session.turns = [Turn(role="candidate", text=a, story=i % 3) for i, a in enumerate(answers)]
    session.draft = draft
    assert json_export.parse(json_export.render(session)) == session
    store = SessionStore(tmp_path_factory.mktemp("s"))
    store.create(session).close()
    loaded = store.load(session.id)
    assert loaded.warnings == ()
    assert loaded.session == session


def test_loading_a_journal_then_exporting_gives_the_same_json(tmp_path):
    session, _ = sample()
    store = SessionStore(tmp_path)
    store.create(session).close()
    assert json_export.render(store.load(session.id).session) == json_export.render(session)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ("[]", "not an object"),
        ('{"schema_version": 99}', "schema version 99"),
        ('{"id": "x"}', "not a valid session"),
    ],
)
def test_bad_json_exports_are_refused_in_one_line(text, message):
    with pytest.raises(json_export.ExportFormatError, match=message) as caught:
        json_export.parse(text)
    assert "\n" not in str(caught.value)


def test_documented_schema_is_current():
    documented = (ROOT / "docs" / "session-schema.json").read_text(encoding="utf-8")
    assert documented == json_export.schema_text(), (
        "docs/session-schema.json is stale: run "
        "`python -m interviewer.export.json --schema > docs/session-schema.json`"
    )


def test_schema_describes_a_session():
    schema = json_export.schema()
    assert schema["title"] == "Session"
    assert {"id", "question", "turns", "schema_version"} <= set(schema["properties"])
    assert "api_key" not in json.dumps(schema)


# --------------------------------------------------------------------------- Markdown


def test_markdown_matches_golden():
    session, card = sample()
    check_golden("session.md", markdown.render(session, card))


def test_markdown_of_an_empty_unfinished_session_matches_golden():
    session = make_session(stories=0)
    session.draft = "I was about to say"
    card = scorecard.build(session, scorer=fake_score_story)
    check_golden("empty.md", markdown.render(session, card))


HOSTILE_LINES = [
    "# Heading",
    "| a | b |",
    "|---|---|",
    "<script>alert(1)</script> &lt;b&gt;",
    "> quoted",
    "- a list item",
    "12. a numbered one",
    "**bold**, _em_, ~~gone~~, `code`, [a link](http://x.test) ![img](http://x.test/i.png)",
    "---",
    "ends in a backslash \\",
]


def test_markdown_shows_candidate_text_as_written():
    # Rendered by a CommonMark parser with GitHub's tables and strikethrough: the answer's
    # blockquote holds only its words, with no markup taken from them.
    from html import unescape

    from markdown_it import MarkdownIt

    session, _ = sample()
    hostile = "\n".join(HOSTILE_LINES)
    session.turns[1] = session.turns[1].model_copy(update={"text": hostile})
    card = scorecard.build(session, scorer=fake_score_story)
    text = markdown.render(session, card)
    assert "\n# Heading" not in text
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    quotes = re.findall(r"<blockquote>\n<p>(.*?)</p>\n</blockquote>", html, re.S)
    (quote,) = [q for q in quotes if "Heading" in q]
    assert not re.search(r"<(?!/?p>)[a-z/]", quote), quote  # no tag but the paragraph's
    assert unescape(quote).split("\n") == HOSTILE_LINES


def test_indented_answer_lines_do_not_become_code_blocks():
    from markdown_it import MarkdownIt

    session, _ = sample()
    session.turns[1] = session.turns[1].model_copy(
        update={"text": "First line\n\n    <b>indented</b> *four*\n\tand a tab"}
    )
    card = scorecard.build(session, scorer=fake_score_story)
    html = MarkdownIt("commonmark").render(markdown.render(session, card))
    transcript = html.split("<h2>Transcript</h2>")[-1]
    assert "<pre>" not in transcript
    assert "<code>" not in transcript
    assert "&lt;b&gt;indented&lt;/b&gt; *four*" in transcript
    assert "\\" not in transcript


def test_markdown_table_cells_escape_pipes():
    session = make_session(stories=1)
    session.backend = "evil | backend"
    card = scorecard.build(session, scorer=fake_score_story)
    assert "- Interviewer: evil \\| backend" in markdown.render(session, card)


# --------------------------------------------------------------------------- helpers


def test_sparkline_and_bar_scale_and_clamp():
    assert sparkline([0.0, 0.5, 1.0, 2.0, -1.0]) == "▁▅██▁"
    assert sparkline([]) == ""
    assert bar(0.5, 10) == "█████░░░░░"
    assert bar(1.7, 4) == "████"


def test_session_model_is_what_json_exports_hold():
    session, _ = sample()
    assert Session.model_validate_json(json_export.render(session)) == session


def test_long_evidence_is_clipped_at_a_word():
    from interviewer.export.common import clip

    text = "I measured every flaky test in isolation " * 10
    clipped = clip(text, 50)
    assert len(clipped) <= 50
    assert clipped.endswith("…")
    assert text.startswith(clipped[:-1])
    assert clip("short\nline") == "short line"


def test_markdown_and_the_terminal_scorecard_show_control_characters_literally():
    # `interviewer export` writes Markdown to stdout and `interviewer scorecard` prints to
    # the terminal: an escape sequence in an answer must be shown, not executed.
    from rich.console import Console

    from interviewer.export import terminal

    session = make_session(stories=1, finished=True)
    controls = "I owned the \x1b]0;pwned\x07 build. I cut it from 45 to 12 minutes \x9b31m."
    session.turns[1] = session.turns[1].model_copy(update={"text": controls})
    session.backend = "offline\x1b[5m"
    card = scorecard.build(session)  # the real scorer quotes the sentences as evidence
    text = markdown.render(session, card)
    # (the "]" and "<" are escaped, as every markup character in a quote is)
    assert "> I owned the ␛\\]0;pwned␇ build. I cut it from 45 to 12 minutes \\<U+009B>31m." in text
    console = Console(width=100, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(terminal.render(session, card))
    printed = captured.get()
    assert "␛]0;pwned␇" in printed
    assert "offline␛[5m" in printed
    for shown in (text, printed):
        assert "\x1b" not in shown
        assert "\x9b" not in shown
