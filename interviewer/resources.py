"""Where the data files (question bank, prompts, lexicons) are found.

In a built wheel ``prompts/`` is packaged as ``interviewer/prompts``; in a source checkout
(editable install) it is the top-level ``prompts/`` folder beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def prompts_dir() -> Path:
    packaged = Path(__file__).parent / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "prompts"
