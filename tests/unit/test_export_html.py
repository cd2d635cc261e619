"""The HTML export is self-contained, well-formed, printable and escapes every string."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sample_sessions import START, fake_score_story, make_session

from interviewer import scorecard
from interviewer.export import html

HOSTILE = (
    '<script src="https://evil.example/x.js"></script><img src=//evil.example/p.png '
    "onerror=alert(1)> & </blockquote> ]]> <!-- \" ' [bold red]markup[/]"
)


def page(hostile: bool = False, history: bool = True) -> str:
    session = make_session(stories=3, finished=True)
    if hostile:
        session.turns[1] = session.turns[1].model_copy(update={"text": HOSTILE})
        session.turns[0] = session.turns[0].model_copy(update={"text": HOSTILE})
        session.backend = HOSTILE
        session.draft = HOSTILE
    past = [
        make_session("20261101-000000-aaaaaa", stories=1, start=START - timedelta(days=3)),
        make_session("20261102-000000-bbbbbb", stories=2, start=START - timedelta(days=2)),
    ]
    card = scorecard.build(session, past if history else (), scorer=fake_score_story)
    return html.render(session, card)


class Collector(HTMLParser):
    """Records tags, attributes and the stack, to check nesting and references."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("hostile", [False, True])
def test_html_is_well_formed(hostile):
    text = page(hostile)
    assert text.startswith("<!DOCTYPE html>\n")
    ET.fromstring(text.split("\n", 1)[1])  # strict XML: every tag closed, every & escaped
    parser = Collector()
    parser.feed(text)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []


@pytest.mark.parametrize("hostile", [False, True])
def test_html_is_self_contained(hostile):
    text = page(hostile)
    parser = Collector()
    parser.feed(text)
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags
    assert "link" not in tags
    assert "img" not in tags
    assert "iframe" not in tags
    for tag, attrs in parser.tags:
        for name in ("src", "href", "xlink:href", "action", "data"):
            assert name not in attrs, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    if not hostile:
        assert not re.search(r"https?://|//[a-z]", text)
    assert "@import" not in text
    assert "url(" not in text


def test_every_session_string_is_escaped():
    text = page(hostile=True)
    assert HOSTILE not in text
    assert "&lt;script src=&quot;https://evil.example/x.js&quot;&gt;" in text
    parser = Collector()
    parser.feed(text)
    # The hostile text comes back literally as text, in the transcript and the header.
    assert sum(HOSTILE in chunk for chunk in parser.text) >= 3


def test_html_is_printable_and_shows_the_trend_inline():
    text = page()
    assert "@media print" in text
    assert text.count("<svg") >= 2  # the overall line and the per-rule bars
    assert "<polyline" in text
    assert "Trend over your last 3 sessions" in text


def test_no_trend_section_without_history():
    text = page(history=False)
    assert "<svg" not in text
    assert "Trend over" not in text


def test_html_holds_the_scorecard_and_transcript():
    text = page()
    assert "Story 3: Customer Obsession" in text
    assert "Most valuable improvements" in text
    assert "only when asked" in text
    assert "<q>47</q>" in text
    assert "What was the result, in numbers?" in text


def test_control_characters_from_the_session_stay_well_formed_and_visible():
    # An answer given through `interviewer run --answers FILE` can hold escape sequences;
    # raw, they are not even valid XML.
    session = make_session(stories=1, finished=True)
    controls = "I led it \x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x9b2J\x0c end"
    session.turns[1] = session.turns[1].model_copy(update={"text": controls})
    session.backend = "offline\x1b[5m"
    text = html.render(session, scorecard.build(session, scorer=fake_score_story))
    ET.fromstring(text.split("\n", 1)[1])
    assert "\x1b" not in text
    assert "\x9b" not in text
    assert "I led it ␛]0;pwned␇ ␛[31mred␛[0m &lt;U+009B&gt;2J␌ end" in text
