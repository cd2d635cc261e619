"""Where the user's files live: the config file and the sessions directory.

Defaults follow the platform (platformdirs). ``INTERVIEWER_CONFIG_DIR`` and
``INTERVIEWER_DATA_DIR`` move them, which is also how the tests keep out of the real home.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "interviewer"


def config_dir() -> Path:
    override = os.environ.get("INTERVIEWER_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    override = os.environ.get("INTERVIEWER_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def default_sessions_dir() -> Path:
    return data_dir() / "sessions"
