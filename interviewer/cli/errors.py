"""The one error type commands raise to exit with a one-line message."""

from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: printed as one line, exits non-zero, no traceback."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
