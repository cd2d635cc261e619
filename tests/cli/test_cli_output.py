"""Output that cannot be written: a full disk ends in one line and exit 1, a reader that
went away (``| head -1``) ends quietly; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["INTERVIEWER_SESSIONS_DIR"] = str(tmp_path / "sessions")
    env["INTERVIEWER_CONFIG"] = str(tmp_path / "config.toml")
    return env


@pytest.fixture
def with_session(tmp_path):
    answers = ROOT / "transcripts" / "answers.txt"
    run = [sys.executable, "-m", "interviewer", "run", "--answers", str(answers)]
    subprocess.run(run, env=_env(tmp_path), check=True, capture_output=True)
    return tmp_path


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command", [["questions"], ["sessions"], ["export", "latest"], ["scorecard", "latest"]]
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(with_session, command):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "interviewer", *command],
            env=_env(with_session),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "interviewer: error: cannot write the output (No space left on device)"
    ]


@pytest.mark.parametrize(
    "command", [["questions"], ["sessions"], ["export", "latest"], ["scorecard", "latest"]]
)
def test_a_closed_pipe_ends_quietly(with_session, command):
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer", *command],
        env=_env(with_session),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.read(1)
    proc.stdout.close()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert b"Traceback" not in err
    assert err == b""
