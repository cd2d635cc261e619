"""The import contracts in pyproject.toml hold: front ends over exporters over the session
over backends over the domain, and the domain and the session free of UI, SDK and HTTP
libraries. Each contract is its own test, so adding one adds a check."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS: list[dict[str, object]] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8")
)["tool"]["importlinter"]["contracts"]
OUTSIDE = ("textual", "rich", "openai", "httpx", "tenacity")


@pytest.fixture(scope="module")
def lint_report() -> subprocess.CompletedProcess[str]:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_layers_and_the_forbidden_imports_are_declared() -> None:
    kinds = {str(contract["type"]) for contract in CONTRACTS}
    assert {"layers", "forbidden"} <= kinds


def test_every_contract_is_checked_and_none_is_broken(
    lint_report: subprocess.CompletedProcess[str],
) -> None:
    assert lint_report.returncode == 0, lint_report.stdout + lint_report.stderr
    assert f"{len(CONTRACTS)} kept, 0 broken" in lint_report.stdout, lint_report.stdout


@pytest.mark.parametrize("name", [str(contract["name"]) for contract in CONTRACTS])
def test_contract_is_kept(name: str, lint_report: subprocess.CompletedProcess[str]) -> None:
    assert f"{name} KEPT" in lint_report.stdout.splitlines(), lint_report.stdout


def test_domain_and_session_import_without_ui_sdk_or_http() -> None:
    code = (
        "import sys\n"
        "import interviewer.models, interviewer.scoring, interviewer.planner\n"
        "import interviewer.scorecard, interviewer.questions, interviewer.session\n"
        "interviewer.scoring.score_turn('I fixed the build.')\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {OUTSIDE!r})\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


TEST_KINDS = {"unit", "cli", "tui", "e2e", "properties", "accuracy"}


def test_tests_are_grouped_by_kind() -> None:
    """Every test file sits in one of the kind folders the README names, so a contributor
    can run one layer (``pytest tests/unit``); the shared helpers stay at the top."""
    tests = ROOT / "tests"
    assert not list(tests.glob("test_*.py")), "a test file outside the kind folders"
    folders = {p.parent.relative_to(tests).parts[0] for p in tests.rglob("test_*.py")}
    assert folders == TEST_KINDS
