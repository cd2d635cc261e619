"""Shared fixtures: no test touches the real home or the network."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the config and data directories at a temp folder; clear API settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEWER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("INTERVIEWER_DATA_DIR", str(home / "data"))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "OPENAI_CUSTOM_HEADERS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("INTERVIEWER_") and name not in (
            "INTERVIEWER_CONFIG_DIR",
            "INTERVIEWER_DATA_DIR",
        ):
            monkeypatch.delenv(name, raising=False)
    return home


def _hypothesis_profiles() -> None:
    import os

    from hypothesis import HealthCheck, settings

    # No per-example deadline: CI machines are slow and shared. In CI the examples are
    # derandomized so a green run stays green; locally they explore.
    settings.register_profile(
        "default", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.register_profile(
        "ci", parent=settings.get_profile("default"), derandomize=True, print_blob=True
    )
    settings.load_profile("ci" if os.environ.get("CI") else "default")


_hypothesis_profiles()
