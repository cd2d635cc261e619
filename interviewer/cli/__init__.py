"""The ``interviewer`` command: a thin shell over the domain and the TUI.

Each subcommand lives in its own module under ``interviewer.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function
``(argparse.Namespace) -> int``. Heavy imports (Textual, the SDK) happen inside handlers,
so ``interviewer --help`` and ``interviewer score`` start fast.

Exit codes: 0 success, 1 the work failed (e.g. some batch lines were bad), 2 bad usage or
bad input, 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from interviewer import __version__
from interviewer.cli.errors import CliError
from interviewer.cli.parsing import Handler, Subparsers

SUBCOMMANDS = (
    "score",
    "run",
    "questions",
    "sessions",
    "resume",
    "export",
    "scorecard",
    "config",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description=(
            "A terminal mock interviewer for behavioral interviews. With no command, opens "
            "the interview room (offline interviewer unless an API is configured)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"interviewer {__version__}")
    from interviewer.cli import tui as tui_command

    tui_command.add_arguments(parser)
    parser.set_defaults(handler=tui_command.handle)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in SUBCOMMANDS:
        register: Callable[[Subparsers], None] = import_module(f"interviewer.cli.{name}").register
        register(subparsers)
    return parser


def escape_controls(message: str) -> str:
    """``message`` safe to print on one terminal line: control characters (newlines, escape
    sequences, carriage returns from a file name the user typed) are shown escaped, as
    Python writes them (``\\n``, ``\\x1b``), so a name can be read back exactly. Untrusted
    text shown for reading (a question, a model's words) goes through
    ``interviewer.export.common.one_line`` instead."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        handler: Handler = args.handler
        code = int(handler(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except CliError as error:
        print(f"interviewer: error: {escape_controls(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_gone()
    except OSError as error:
        if error.errno not in _FULL:
            raise
        _drop_stdout()
        reason = error.strerror or "no space left"
        print(f"interviewer: error: cannot write the output ({reason})", file=sys.stderr)
        return 1


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _reader_gone() -> int:
    """The reader went away (e.g. ``| head -1``): that is not our error; end quietly."""
    _drop_stdout()
    return 0
