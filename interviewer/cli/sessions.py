"""`interviewer sessions` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
from typing import Any

from interviewer.cli.errors import CliError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sessions", help="(not built yet)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    raise CliError("'interviewer sessions' is not built yet")
