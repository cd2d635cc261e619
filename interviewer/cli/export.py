"""`interviewer export ID [--format md|json|html] [-o PATH] [--force]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from interviewer.cli.errors import CliError
from interviewer.cli.sessions import add_store_arguments, build_scorecard, load_session, open_store
from interviewer.export import EXTENSIONS, render, write_new_file

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export a session as Markdown, JSON or HTML",
        description=(
            "Export a session: Markdown for reading and pasting, JSON that loads back into "
            "the same session (schema: docs/session-schema.json), or a self-contained, "
            "printable HTML page. Writes to standard output unless -o is given."
        ),
    )
    parser.add_argument("session_id", metavar="ID", help="a session id, or 'latest'")
    parser.add_argument(
        "--format",
        "-f",
        choices=tuple(EXTENSIONS),
        help="output format (default: from the -o file's extension, else md)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write, or a directory to write <ID>.<format> into ('-' = stdout)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--no-trend", action="store_true", help="leave past sessions out of the scorecard"
    )
    add_store_arguments(parser)
    parser.set_defaults(handler=handle)


def safe_name(text: str, fallback: str = "session") -> str:
    """A file name built from user input: no separators, no leading dot, bounded length."""
    name = _UNSAFE.sub("-", text).strip("-.")[:120]
    return name or fallback


def _format_for(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in ("md", "markdown"):
            return "md"
        if suffix in ("json", "html"):
            return suffix
        if suffix == "htm":
            return "html"
    return "md"


def write_file(path: Path, text: str, force: bool) -> None:
    """Write ``text`` owner-only; refuse to replace an existing file unless ``force``."""
    try:
        write_new_file(path, text, force=force)
    except FileExistsError:
        raise CliError(f"{path} already exists; use --force to overwrite it") from None
    except IsADirectoryError:
        raise CliError(f"{path} is a directory") from None
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None


def handle(args: argparse.Namespace) -> int:
    fmt = _format_for(args)
    store = open_store(args)
    session = load_session(store, args.session_id).session
    card = None if fmt == "json" else build_scorecard(store, session, trend=not args.no_trend)
    text = render(fmt, session, card)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    path = Path(args.output).expanduser()
    if path.is_dir():
        path = path / (safe_name(session.id) + EXTENSIONS[fmt])
    if not path.parent.is_dir():
        raise CliError(f"{path.parent} is not a directory")
    write_file(path, text, args.force)
    print(f"Wrote {path}", file=sys.stderr)
    return 0
