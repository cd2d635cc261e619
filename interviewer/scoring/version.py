"""The scorer's version: what a journaled verdict was computed with.

A candidate turn's scores are journaled with :func:`scorer_version`; a verdict read back is
trusted only when it carries the version of the scorer running now, and re-scored
otherwise. The version changes when the scorer's code or data change:

- :data:`SCORER_VERSION`, bumped by hand when the meaning of a verdict changes in a way no
  file below shows (a dependency, the models' shape);
- a hash of the scorer's own source files (``interviewer/scoring/*.py``), of its packaged
  data (the ``SCORER_DATA`` files in ``interviewer/data/``, the competency patterns
  included).

Computed once per process (about a millisecond) and cached.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from interviewer.resources import data_path

SCORER_VERSION = 1
"""Bump when verdicts change for a reason the hashed files do not capture."""

_HERE = Path(__file__).parent

SCORER_DATA = (
    "competencies.toml",
    "fit_model.json",
    "fit_stopwords.txt",
    "lexicon.toml",
    "rules.toml",
)
"""The packaged data files the scorer's verdicts read (``interviewer/data/``)."""


def _scoring_files() -> list[tuple[str, Path]]:
    """Every file whose content decides a verdict, with a stable name, in a stable order."""
    files = [(f"scoring/{p.name}", p) for p in _HERE.glob("*.py")]
    files += [(f"data/{name}", data_path(name)) for name in SCORER_DATA]
    return sorted(files)


@cache
def scorer_version() -> str:
    """``"<SCORER_VERSION>-<16 hex digits>"``, e.g. ``"1-3fa9c0d2e4b5a6c7"``."""
    digest = hashlib.sha256()
    for name, path in _scoring_files():
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return f"{SCORER_VERSION}-{digest.hexdigest()[:16]}"
