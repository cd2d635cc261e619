"""Reading the user's input files (or standard input) as text, with one-line errors.

One place for what every command that reads a file says when it cannot: a missing file, a
directory, an unreadable file, binary data, text that is not UTF-8.
"""

from __future__ import annotations

import sys
from pathlib import Path

from interviewer.cli.errors import CliError

STDIN = "-"


def display_name(path: str) -> str:
    return "stdin" if path == STDIN else path


def open_error(label: str, error: OSError) -> CliError:
    """The one-line error for an ``OSError`` met while opening or reading ``label``."""
    if isinstance(error, FileNotFoundError):
        return CliError(f"{label}: no such file")
    if isinstance(error, IsADirectoryError):
        return CliError(f"{label}: is a directory, not a file")
    return CliError(f"{label}: cannot read ({error.strerror or error})")


def read_bytes(path: str, label: str | None = None) -> bytes:
    """The bytes of ``path`` ('-' is standard input)."""
    if path == STDIN:
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise open_error(label or path, error) from None


def decode(data: bytes, label: str) -> str:
    """The bytes as text, or a :class:`CliError` naming what is wrong with them."""
    if b"\x00" in data:
        raise CliError(f"{label}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CliError(f"{label}: not valid UTF-8 (bad byte at offset {error.start})") from None


def read_text(path: str, label: str | None = None) -> str:
    """The text of ``path`` ('-' is standard input), decoded as UTF-8."""
    label = label or display_name(path)
    return decode(read_bytes(path, label), label)
