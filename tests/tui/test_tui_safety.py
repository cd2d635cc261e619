"""Interviewer and candidate text is shown literally: no markup, no escape sequences."""

from __future__ import annotations

from pathlib import Path

import respx
from openai_fakes import OFFICIAL, sse
from pydantic import SecretStr
from stub_backend import StubBackend
from textual.geometry import Region
from textual.widget import Widget
from tui_support import ScriptedBackend, interview_screen, make_app, paste, settle

from interviewer.backends.base import BackendError
from interviewer.backends.factory import make_openai_backend
from interviewer.config import Settings
from interviewer.export.common import visible
from interviewer.tui.literal import literal
from interviewer.tui.widgets.answer_box import AnswerBox
from interviewer.tui.widgets.conversation import Utterance

HOSTILE = (
    "[bold red]loud[/] [/] [link=https://evil.example]click[/link] "
    "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202eevil\u202c end"
)


def shown(widget: Widget) -> str:
    """The characters a widget actually draws, lines joined, runs of spaces collapsed."""
    width, height = widget.size
    lines = widget.render_lines(Region(0, 0, width, height))
    return " ".join(" ".join("".join(segment.text for segment in line).split()) for line in lines)


def test_visible_makes_control_characters_visible() -> None:
    assert visible("[bold]x[/]") == "[bold]x[/]"
    assert visible("\x1b[31mred") == "␛[31mred"
    assert visible("bell\x07") == "bell␇"
    assert visible("a\r\nb\rc") == "a\nb␍c"
    assert visible("\x9b") == "<U+009B>"
    assert visible("\u202eabc") == "<U+202E>abc"
    assert visible("tab\tend") == "tab    end"
    assert "\x1b" not in visible(HOSTILE)


def test_literal_has_no_styles_from_the_text() -> None:
    text = literal("[bold red]x[/] [link=https://e.example]y[/link]")
    assert text.plain == "[bold red]x[/] [link=https://e.example]y[/link]"
    assert text.spans == []


async def test_candidate_text_with_markup_and_escapes_is_shown_as_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path, begin_now=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await paste(pilot, HOSTILE)
        box = app.screen.query_one(AnswerBox)
        assert box.text == visible(HOSTILE)
        assert "\x1b" not in shown(box)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = interview_screen(pilot)
        mine = next(u for u in screen.query(Utterance) if u.role == "candidate")
        drawn = shown(mine.body)
        assert "[bold red]loud[/] [/] [link=https://evil.example]click[/link]" in drawn
        assert "␛[31mred␛[0m" in drawn
        assert "\x1b" not in drawn
        assert "\x9b" not in drawn
        assert "\u202e" not in drawn
        # The journal keeps the text as it was shown in the box.
        assert screen.session.turns[1].text == visible(HOSTILE)
        assert "\x1b" not in app.export_screenshot()


async def test_interviewer_text_from_a_raw_backend_is_shown_literally(tmp_path: Path) -> None:
    # Long enough for the reply gate's share of symbols: markup diluted in a long sentence
    # passes the gate, so the screen must still show it as text.
    backend = ScriptedBackend(
        [
            "Hi ",
            "[bold red]there[/]",
            " \x1b]0;pwned\x07, thanks for joining me today; tell me about a time you showed ",
            "Ownership, from the very start to the end, step by step? ",
            "\x1b[5mblink",
        ]
    )
    app = make_app(tmp_path, backend, begin_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        spoken = interview_screen(pilot).query_one(Utterance)
        drawn = shown(spoken.body)
        assert "[bold red]there[/]" in drawn
        assert "␛]0;pwned␇" in drawn
        assert "\x1b" not in drawn


@respx.mock
async def test_interviewer_text_through_the_openai_backend_is_shown_literally(
    tmp_path: Path,
) -> None:
    respx.post(OFFICIAL).mock(
        return_value=sse(
            "Tell me about [i]Ownership[/i]: a time you took on a problem nobody owned, ",
            "from the very start to the end. ",
            "[bold red]Welcome[/] and thanks for joining me today, I am looking forward to ",
            "hearing your stories this afternoon. ",
            "[link=https://evil.example]click[/link] ",
            "\x1b[31mred\x1b[0m ",
            "\x1b]0;pwned\x07",
            "Take your time.",
        )
    )
    settings = Settings.model_validate(
        {"backend": "openai", "api_key": SecretStr("sk-test"), "model": "test-model"}
    )
    backend = make_openai_backend(settings)
    app = make_app(tmp_path, backend, begin_now=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        spoken = interview_screen(pilot).query_one(Utterance)
        drawn = shown(spoken.body)
        assert "[bold red]Welcome[/]" in drawn
        # A link is markup to the reply gate: that sentence never reaches the screen.
        assert "evil.example" not in drawn
        assert "Tell me about [i]Ownership[/i]:" in drawn
        assert "\x1b" not in drawn
        assert "pwned" not in spoken.text or "␛" in drawn
        # No fallback (the API answered); the one notice is the gate's.
        assert [n.message for n in app._notifications] == [
            "Part of the model's reply was not shown (it wrote code or markup)."
        ]
        assert "\x1b" not in app.export_screenshot()


async def test_notifications_are_literal(tmp_path: Path) -> None:
    class Failing(StubBackend):
        name = "failing"
        description = "failing interviewer"

        async def speak(self, request: object):  # type: ignore[no-untyped-def]
            raise BackendError("[bold red]server said[/] \x1b[2J no")
            yield ""  # pragma: no cover

    app = make_app(tmp_path, Failing(), begin_now=True)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("[bold red]server said[/] ␛[2J no" in m for m in messages), messages
        assert "\x1b" not in app.export_screenshot()
