"""`interviewer scorecard ID`: the scorecard in the terminal (Rich tables and bars)."""

from __future__ import annotations

import argparse

from interviewer.cli.parsing import Subparsers
from interviewer.cli.sessions import add_store_arguments, build_scorecard, load_session, open_store


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "scorecard",
        help="show a session's scorecard",
        description=(
            "Show a session's scorecard: per story each rule with the evidence that earned "
            "it, what you volunteered and what had to be probed out, the most valuable "
            "improvements, and your trend over past sessions."
        ),
    )
    parser.add_argument("session_id", metavar="ID", help="a session id, or 'latest'")
    parser.add_argument(
        "--no-trend", action="store_true", help="leave past sessions out of the scorecard"
    )
    add_store_arguments(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from rich.console import Console

    from interviewer.export import terminal

    store = open_store(args)
    session = load_session(store, args.session_id).session
    card = build_scorecard(store, session, trend=not args.no_trend)
    Console().print(terminal.render(session, card))
    return 0
