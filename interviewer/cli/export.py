"""`interviewer export ID [--format md|json|html] [-o PATH] [--force]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from interviewer.cli.errors import CliError
from interviewer.cli.parsing import Subparsers
from interviewer.cli.sessions import add_store_arguments, build_scorecard, load_session, open_store
from interviewer.export import EXTENSIONS, render, write_new_file

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def register(subparsers: Subparsers) -> None:
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


_SUFFIX_FORMATS = {"md": "md", "markdown": "md", "json": "json", "html": "html", "htm": "html"}


def _format_for(args: argparse.Namespace) -> str:
    """The format: ``--format``, else the ``-o`` file's suffix, else Markdown. An unknown
    suffix, or one that says another format than ``--format``, is refused: a file named
    ``x.pdf`` holding Markdown, or ``x.md`` holding JSON, would mislead whoever opens it."""
    suffix_format = None
    if args.output and args.output != "-" and not Path(args.output).expanduser().is_dir():
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix:
            suffix_format = _SUFFIX_FORMATS.get(suffix)
            if suffix_format is None:
                known = ", ".join(f".{s}" for s in _SUFFIX_FORMATS)
                raise CliError(f"cannot export to a .{suffix} file (formats: {known})")
    if args.format:
        if suffix_format is not None and suffix_format != args.format:
            raise CliError(
                f"--format {args.format} does not match the file name {args.output!r}; "
                "drop --format or change the extension"
            )
        return str(args.format)
    return suffix_format or "md"


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
