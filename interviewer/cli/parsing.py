"""What every command module of the CLI provides: ``register(subparsers)`` adds its parser
to :data:`Subparsers` and sets the parser's ``handler`` default, a :data:`Handler` that
returns the exit code."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

__all__ = ["Handler", "Subparsers"]

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What ``ArgumentParser.add_subparsers`` returns: each command adds its parser to it."""

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A command: the parsed arguments in, the exit code out."""
