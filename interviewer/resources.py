"""The package's data files and the one loader that reads them.

Every data file (question bank, competencies, the interviewer's wording, the scorer's word
lists and rules, the fit model) lives in ``interviewer/data/``: the same folder in a source
checkout, an editable install and a built wheel. Modules name a file by its path inside that
folder (``"competencies.toml"``, ``"offline"``) and read it through here:

- :func:`load_toml`, :func:`load_json`, :func:`load_text`: a packaged file, read once per
  process; TOML and JSON come back read-only (tables as mappings, arrays as tuples), since
  every caller shares the one copy.
- :func:`read_toml`: any TOML file, read afresh (the user's config file, a question bank a
  test points at); the one place the package parses TOML.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from tomllib import TOMLDecodeError
from types import MappingProxyType
from typing import Any

__all__ = [
    "DATA_DIR",
    "TOMLDecodeError",
    "data_path",
    "load_json",
    "load_text",
    "load_toml",
    "read_toml",
]

DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str) -> Path:
    """The packaged data file (or folder) ``name``, e.g. ``data_path("questions")``."""
    return DATA_DIR / name


def read_toml(path: Path) -> dict[str, Any]:
    """Parse the TOML file at ``path``. Raises ``OSError`` when it cannot be read,
    :class:`TOMLDecodeError` or ``UnicodeDecodeError`` when it is not valid TOML."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _read_only(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _read_only(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_read_only(item) for item in value)
    return value


@cache
def load_toml(name: str) -> Mapping[str, Any]:
    """The packaged TOML file ``name``, parsed once, read-only."""
    data: Mapping[str, Any] = _read_only(read_toml(data_path(name)))
    return data


@cache
def load_json(name: str) -> Any:
    """The packaged JSON file ``name``, parsed once, read-only."""
    return _read_only(json.loads(data_path(name).read_text(encoding="utf-8")))


@cache
def load_text(name: str) -> str:
    """The packaged text file ``name``, read once."""
    return data_path(name).read_text(encoding="utf-8")
