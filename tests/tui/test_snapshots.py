"""Snapshots of the start, interview and scorecard screens at 80x24 and 120x40.

Deterministic: fixed session ids and clock, the offline interviewer (seeded by the session
id), a fresh store, no blinking cursor. Update with ``pytest --snapshot-update`` after
checking the report. Plain ``def`` tests: the plugin runs its own event loop.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import THIN_ANSWER, answer, finish_interview, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_interview_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await answer(pilot, THIN_ANSWER)
        await pilot.press(*"When our CI took 47 minutes I")
        await pilot.pause(0.35)  # the checklist's debounce

    app = make_app(tmp_path, begin_now=True)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_scorecard_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await finish_interview(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    app = make_app(tmp_path, begin_now=True)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_help_screen(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), press=["f1"])


def test_quit_confirmation(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*"half an answer", "ctrl+q")
        await pilot.pause()

    app = make_app(tmp_path, begin_now=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_light_theme_interview(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()

    app = make_app(tmp_path, begin_now=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
