"""`interviewer score`: one answer as text or JSON, many as JSON lines, and bad input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from interviewer.cli import main

SEED = Path(__file__).parent.parent / "data" / "seed_ownership.md"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_shows_passed_rules_evidence_and_what_to_add(capsys, tmp_path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("At my last job our builds were failing. I rewrote the [bold]runner[/bold].")
    code, out, _ = run(["score", str(answer)], capsys)
    assert code == 0
    assert "Score " in out
    assert "[x] situation" in out
    assert "[ ] learning" in out
    assert "Ask yourself:" in out
    assert "[bold]runner[/bold]" in out  # candidate text is printed literally


def test_json_report_has_every_rule(capsys) -> None:
    code, out, _ = run(
        ["score", str(SEED), "--format", "json", "--competency", "ownership"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["score"] == 100
    assert data["rating"] == 5
    assert {r["id"] for r in data["rules"]} >= {"situation", "length", "competency_fit"}


def test_reads_stdin(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"I owned the flaky CI pipeline."))
    code, out, _ = run(["score", "-", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["rating"] >= 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\x00\x01binary", "binary"),
        (b"caf\xe9 latte", "not valid UTF-8"),
        (b"   \n", "empty"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(capsys, tmp_path, content, message) -> None:
    path = tmp_path / "answer.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(["score", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_competency_is_a_one_line_error(capsys) -> None:
    code, _, err = run(["score", str(SEED), "--competency", "nope"], capsys)
    assert code == 2
    assert "unknown competency 'nope'" in err
    assert len(err.strip().splitlines()) == 1


def test_jsonl_streams_results_in_order_and_reports_bad_lines(capsys, tmp_path) -> None:
    lines = [
        json.dumps({"id": "a", "text": SEED.read_text(), "competency": "ownership"}),
        "{not json",
        json.dumps({"id": 3, "text": "We did it.", "competency": "made_up"}),
        "",
        json.dumps({"id": "d", "text": "  "}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "f", "text": "I fixed it and I tested it."}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    code, out, err = run(["score", "--jsonl", str(batch)], capsys)
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", 3, "f"]
    assert set(records[0]) == {"id", "score", "rating", "rules"}
    assert records[0]["rating"] == 5
    assert all(isinstance(v, bool) for v in records[0]["rules"].values())
    assert "line 2: invalid JSON" in err
    assert "warning: line 3: unknown competency 'made_up'" in err
    assert "line 5: the answer is empty" in err
    assert "line 6: missing 'id'" in err


def test_jsonl_missing_file(capsys, tmp_path) -> None:
    code, _, err = run(["score", "--jsonl", str(tmp_path / "none.jsonl")], capsys)
    assert code == 2
    assert "no such file" in err


def test_text_report_never_passes_escape_sequences_to_the_terminal(capsys, tmp_path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "I owned the \x1b]0;pwned\x07 pipeline. \x1b[5mBuild time fell from 45 to 12 minutes "
        "within six weeks.\n",
        encoding="utf-8",
    )
    code, out, _ = run(["score", str(answer)], capsys)
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "␛]0;pwned" in out  # shown, not executed


@pytest.mark.parametrize(
    "name", ["Bias for Action", "bias-for-action", "BIAS_FOR_ACTION", "bias for  action"]
)
def test_a_competency_is_taken_by_its_name_in_any_spelling(name, capsys, tmp_path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("I shipped a hotfix behind a feature flag within 45 minutes.")
    code, out, err = run(["score", str(answer), "--competency", name, "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["competency"] == "bias_for_action"


def test_batch_lines_take_competency_names_too(capsys, tmp_path) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text(
        json.dumps(
            {"id": "a", "text": "I did it.", "competency": "Strive to be Earth's Best Employer"}
        )
        + "\n"
    )
    code, out, err = run(["score", "--jsonl", str(lines)], capsys)
    assert code == 0
    assert "competency_fit" in json.loads(out)["rules"]
    assert "unknown" not in err
