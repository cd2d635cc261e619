"""`interviewer resume ID`: reopen an unfinished session in the interview room."""

from __future__ import annotations

import argparse

from interviewer.cli.errors import CliError
from interviewer.cli.parsing import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "resume",
        help="continue an unfinished session in the interview room",
        description=(
            "Reopen an unfinished session where it stopped, with the answer you were typing "
            "restored. ID is a session id from `interviewer sessions`, or `latest`."
        ),
    )
    parser.add_argument("session_id", metavar="ID", help="session id, or 'latest'")
    parser.add_argument(
        "--backend",
        choices=("offline", "openai"),
        help="who interviews from here on (default: the configured backend)",
    )
    parser.add_argument("--model", metavar="NAME", help="model name for the openai backend")
    parser.set_defaults(handler=handle, question=None, max_probes=None)


def handle(args: argparse.Namespace) -> int:
    from interviewer.cli.tui import build_room, require_terminal, run_app
    from interviewer.store import JournalError

    room = build_room(args)
    try:
        driver = room.resume(args.session_id)
    except JournalError as error:
        raise CliError(str(error)) from error
    require_terminal()
    return run_app(room, resume=driver)
