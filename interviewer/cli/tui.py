"""`interviewer` with no command: the interview room (a Textual app).

Textual, the question bank and the backends are imported inside :func:`handle`, so the
other commands never pay for them; the SDK is imported only if the openai backend is set.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TypedDict

from interviewer.cli.errors import CliError
from interviewer.config import field_help

if TYPE_CHECKING:
    from interviewer.driver import Driver
    from interviewer.tui.room import Room


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the bare command (the TUI)."""
    room = parser.add_argument_group("interview room (no command)")
    room.add_argument(
        "--question",
        metavar="ID",
        help="begin at once with this question from the bank (default: pick on the start screen)",
    )
    room.add_argument(
        "--backend",
        choices=("offline", "openai"),
        help="who interviews: the built-in offline interviewer or an OpenAI-compatible API",
    )
    room.add_argument("--model", metavar="NAME", help="model name for the openai backend")
    room.add_argument(
        "--max-probes",
        type=int,
        metavar="N",
        help=field_help("max_probes"),
    )


class RoomFlags(TypedDict, total=False):
    """The room's flags that were given, by setting name (Settings checks them)."""

    backend: str
    model: str
    max_probes: int


def settings_overrides(args: argparse.Namespace) -> RoomFlags:
    overrides = RoomFlags()
    backend: str | None = getattr(args, "backend", None)
    if backend is not None:
        overrides["backend"] = backend
    model: str | None = getattr(args, "model", None)
    if model is not None:
        overrides["model"] = model
    max_probes: int | None = getattr(args, "max_probes", None)
    if max_probes is not None:
        overrides["max_probes"] = max_probes
    return overrides


def build_room(args: argparse.Namespace) -> Room:
    """Settings, backend, question bank and store, or a one-line CliError."""
    from interviewer.backends.base import BackendError
    from interviewer.backends.configured import make_backend
    from interviewer.cli.sessions import warn_if_unsafe
    from interviewer.config import ConfigError, load_settings
    from interviewer.questions import QuestionBankError, UnknownQuestionError, load_bank
    from interviewer.store import SessionStore
    from interviewer.tui.room import Room

    try:
        settings = load_settings(**settings_overrides(args))
        backend = make_backend(settings)
    except (ConfigError, BackendError) as error:
        raise CliError(str(error)) from error
    try:
        bank = load_bank()
    except QuestionBankError as error:
        raise CliError(f"the question bank is broken: {error}") from None
    question_id = getattr(args, "question", None)
    if question_id is not None:
        try:
            bank.get(question_id)
        except UnknownQuestionError as error:
            raise CliError(str(error)) from error
    return Room(
        bank=bank,
        backend=backend,
        store=warn_if_unsafe(SessionStore(settings.effective_sessions_dir)),
        max_probes=settings.max_probes,
        question_id=question_id,
        begin_now=question_id is not None,
    )


def require_terminal() -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CliError(
            "the interview room needs a terminal; for scripts use `interviewer run --answers FILE`"
        )


def run_app(room: Room, resume: Driver | None = None) -> int:
    from interviewer.tui.app import InterviewerApp

    app = InterviewerApp(room, resume=resume)
    app.run()
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return 0


def handle(args: argparse.Namespace) -> int:
    room = build_room(args)  # bad flags and settings are reported before the terminal check
    require_terminal()
    return run_app(room)
