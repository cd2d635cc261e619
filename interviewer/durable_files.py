"""Files that survive crashes and stay private: owner-only modes, fsync, atomic replace.

Modes are given when files and directories are created (never chmod'ed afterwards), so
there is no moment when another user could open them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
STALE_TEMP_SECONDS = 600.0
"""A temp file this old was left by a write that never finished (a crash): writes take
milliseconds."""


def ensure_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) as owner-only directories."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, DIR_MODE)


def fsync_dir(path: Path) -> None:
    """Make a new or renamed directory entry durable (a no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


TEMP_ATTEMPTS = 8
_NEW_ONLY = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _temp_token() -> str:
    return secrets.token_hex(6)


def _new_temp(path: Path) -> tuple[Path, int]:
    """A fresh owner-only temp file beside ``path``: a new name each time, created with
    ``O_EXCL|O_NOFOLLOW``, so a file or symlink planted under the name is never written
    through (another name is tried)."""
    for _ in range(TEMP_ATTEMPTS):
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{_temp_token()}.tmp")
        try:
            return tmp, os.open(tmp, _NEW_ONLY, FILE_MODE)
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temp file beside {path}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a crash leaves the old content or the new, never half.
    A write that fails (a full disk) removes its temp file; one a crash cut short leaves it
    for :func:`sweep_temps`."""
    tmp, fd = _new_temp(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def sweep_temps(directory: Path, now: float | None = None) -> int:
    """Remove the temp files of writes a crash cut short (``.<name>.<pid>-<token>.tmp`` older than
    :data:`STALE_TEMP_SECONDS`); returns how many. A missing directory has none."""
    cutoff = (time.time() if now is None else now) - STALE_TEMP_SECONDS
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
    return removed
