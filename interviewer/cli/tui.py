"""`interviewer` with no command: the interview room (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from interviewer.cli.errors import CliError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the bare command (the TUI)."""


def handle(args: argparse.Namespace) -> int:
    raise CliError("the interview room is not built yet")
