"""`interviewer sessions`: a table of past sessions (and the store helpers other commands share)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.cli.errors import CliError
from interviewer.cli.parsing import Subparsers

if TYPE_CHECKING:
    from interviewer.models import Scorecard, Session
    from interviewer.store import LoadedSession, SessionStore


# --------------------------------------------------------------------------- shared helpers


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sessions-dir",
        type=Path,
        metavar="DIR",
        help="where sessions are kept (default: settings, then the user data directory)",
    )


def warn_if_unsafe(store: SessionStore) -> SessionStore:
    """Say once on stderr when the sessions folder is writable by other users."""
    from interviewer.cli import escape_controls

    warning = store.permission_warning()
    if warning is not None:
        print(f"interviewer: warning: {escape_controls(warning)}", file=sys.stderr)
    return store


def open_store(args: argparse.Namespace) -> SessionStore:
    """The store named by --sessions-dir, else by the settings (env, config file), else default."""
    from interviewer.store import SessionStore

    if args.sessions_dir is not None:
        return warn_if_unsafe(SessionStore(args.sessions_dir))
    from interviewer.config import ConfigError, load_settings

    try:
        return warn_if_unsafe(SessionStore(load_settings().effective_sessions_dir))
    except ConfigError as error:
        raise CliError(str(error)) from None


def load_session(store: SessionStore, session_id: str) -> LoadedSession:
    """Load a session, turning store errors into one-line CLI errors and printing warnings."""
    from interviewer.store import JournalError

    try:
        loaded = store.load(session_id)
    except JournalError as error:
        raise CliError(str(error)) from None
    for warning in loaded.warnings:
        print(f"interviewer: warning: {warning}", file=sys.stderr)
    return loaded


def build_scorecard(store: SessionStore, session: Session, trend: bool = True) -> Scorecard:
    from interviewer import scorecard

    return scorecard.build(session, store.sessions() if trend else ())


# --------------------------------------------------------------------------- the command


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "sessions",
        help="list past sessions",
        description=(
            "List past practice sessions, newest first: date, question, interviewer, "
            "stories told, overall score and whether the session finished."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_store_arguments(parser)
    parser.set_defaults(handler=handle)


def _rows(store: SessionStore) -> list[dict[str, Any]]:
    from interviewer import scorecard

    rows: list[dict[str, Any]] = []
    for summary in store.list():
        row: dict[str, Any] = {"id": summary.id}
        if summary.error is not None or summary.session is None:
            row["error"] = summary.error
            rows.append(row)
            continue
        card = scorecard.build(summary.session)
        row.update(
            created_at=summary.created_at.isoformat() if summary.created_at else None,
            question_id=summary.question_id,
            question=summary.question_title,
            interviewer=summary.backend,
            stories_answered=summary.stories_answered,
            stories_total=summary.stories_total,
            score=card.score,
            rating=card.rating,
            finished=summary.finished,
            draft=summary.has_draft,
            warnings=list(summary.warnings),
        )
        rows.append(row)
    return rows


def handle(args: argparse.Namespace) -> int:
    store = open_store(args)
    rows = _rows(store)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from interviewer.export.common import one_line

    console = Console()
    if not rows:
        console.print(
            Text(f"No sessions yet in {store.root}. Start one with `interviewer`.", style="dim")
        )
        return 0
    table = Table(title=f"Sessions in {store.root}", title_justify="left", box=box.SIMPLE_HEAD)
    # Dates and figures never wrap; ids fold rather than wrap so they stay copyable.
    table.add_column("Date", no_wrap=True)
    table.add_column("ID", overflow="fold", min_width=12)
    table.add_column("Question", overflow="fold", ratio=1, min_width=12)
    table.add_column("Interviewer", overflow="fold", min_width=11, max_width=24)
    table.add_column("Told", justify="right", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Done", no_wrap=True)
    for row in rows:
        if "error" in row:
            error = Text(f"unreadable: {one_line(row['error'])}", style="red")
            table.add_row("", Text(row["id"]), error)
            continue
        date = row["created_at"][:10] if row["created_at"] else ""
        finished = Text("yes", style="green") if row["finished"] else Text("no", style="yellow")
        if not row["finished"] and row["draft"]:
            finished.append(" (draft)", style="dim")
        table.add_row(
            date,
            Text(row["id"]),
            Text(one_line(row["question"])),
            Text(one_line(row["interviewer"])),
            f"{row['stories_answered']}/{row['stories_total']}",
            f"{row['score']}",
            finished,
        )
    console.print(table)
    return 0
