"""Regenerate the sample in ``transcripts/``: a session and its three exports.

    python scripts/make_transcripts.py            # re-render the exports of the saved session
    python scripts/make_transcripts.py --session  # first re-run the session itself

``--session`` runs ``interviewer run --backend offline`` (no network, deterministic wording
for a fixed session id) on the answers in ``transcripts/answers.txt`` (else
``benchmarks/data/three_stories.txt``) and keeps its journal as
``transcripts/<id>.jsonl``, and what the run printed as ``transcripts/<id>.txt``. Then,
for every journal in ``transcripts/``, it writes
``<id>.md``, ``<id>.json`` and ``<id>.html`` with ``interviewer export --no-trend`` (a
sample has no history). ``tests/cli/test_export_transcripts.py`` fails when they are stale.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPTS = ROOT / "transcripts"
SAMPLE_ID = "sample-amazon-leadership"
FORMATS = ("md", "json", "html")


def answers_file() -> Path:
    own = TRANSCRIPTS / "answers.txt"
    return own if own.is_file() else ROOT / "benchmarks" / "data" / "three_stories.txt"


def interviewer(*argv: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "interviewer", *argv],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    return done.stdout


def run_session() -> None:
    """Run the sample session offline in a scratch store and keep its journal."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "INTERVIEWER_DATA_DIR": str(Path(scratch) / "data"),
            "INTERVIEWER_CONFIG_DIR": str(Path(scratch) / "config"),
        }
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INTERVIEWER_SESSIONS_DIR"):
            env.pop(name, None)
        printed = interviewer(
            "run",
            "--backend",
            "offline",
            "--answers",
            str(answers_file()),
            "--session-id",
            SAMPLE_ID,
            env=env,
        )
        journal = Path(scratch) / "data" / "sessions" / f"{SAMPLE_ID}.jsonl"
        shutil.copyfile(journal, TRANSCRIPTS / journal.name)
        # What `interviewer run` printed: the transcript as the candidate saw it.
        (TRANSCRIPTS / f"{SAMPLE_ID}.txt").write_text(printed, encoding="utf-8")


def write_exports() -> list[Path]:
    written = []
    for journal in sorted(TRANSCRIPTS.glob("*.jsonl")):
        session_id = journal.name.removesuffix(".jsonl")
        for fmt in FORMATS:
            target = TRANSCRIPTS / f"{session_id}.{fmt}"
            interviewer(
                "export",
                session_id,
                "--format",
                fmt,
                "--no-trend",
                "--force",
                "-o",
                str(target),
                "--sessions-dir",
                str(TRANSCRIPTS),
            )
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--session", action="store_true", help="re-run the sample session first")
    args = parser.parse_args()
    TRANSCRIPTS.mkdir(exist_ok=True)
    if args.session or not (TRANSCRIPTS / f"{SAMPLE_ID}.jsonl").exists():
        run_session()
    for path in write_exports():
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
