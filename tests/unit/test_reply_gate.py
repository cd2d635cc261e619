"""The reply gate: each sentence of a model's reply is checked before it is shown.

Captured and hand-written bad replies (``tests/data/bad_replies.jsonl``: leaked tags, praise
and grades, code, role breaks, off-target questions, rambles, echoes, and good replies) go
through the gate whole and in chunks split anywhere; each must come out as expected, and no
text a check exists for may reach the screen. The offline interviewer's own wording passes
unchanged for every move of every question.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from interviewer.backends.base import SpeakRequest
from interviewer.backends.gate import (
    SEPARATOR,
    GateResult,
    ReplyGate,
    load_gate_rules,
    split_sentences,
)
from interviewer.backends.offline import OfflineBackend
from interviewer.models import Ask, ChallengeFit, Deepen, Move, Probe, Redirect, Turn, WrapUp
from interviewer.planner import ANGLES, PROBE_PRIORITY
from interviewer.questions import bank
from interviewer.resources import data_path

DATA = Path(__file__).parent.parent / "data" / "bad_replies.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()
]
PLAINLY = SEPARATOR + "To put it plainly: "


def _move(case: dict[str, Any]) -> Move:
    question = bank().get(case["question"])
    data = case["move"]
    if data["kind"] == "ask":
        return Ask(story=data["story"], competency=question.competencies[data["story"]])
    if data["kind"] == "probe":
        return Probe(
            story=data["story"],
            competency=question.competencies[data["story"]],
            gaps=tuple(data["gaps"]),
            number=data["number"],
        )
    assert data["kind"] == "wrap_up"
    return WrapUp()


def request_of(case: dict[str, Any]) -> SpeakRequest:
    history = tuple(Turn(**turn) for turn in case["history"])
    last = next((t for t in reversed(history) if t.role == "candidate"), None)
    return SpeakRequest(
        move=_move(case),
        question=bank().get(case["question"]),
        history=history,
        last_answer=last.text if last else None,
        last_score=last.score if last else None,
        seed="gate-tests",
    )


def run(
    request: SpeakRequest, chunks: list[str], finish: str | None = "stop"
) -> tuple[GateResult, list[str]]:
    """Feed the chunks; what was shown while streaming, and the result."""
    gate = ReplyGate(request)
    shown: list[str] = []
    for chunk in chunks:
        shown += gate.feed(chunk)
    result = gate.finish(finish)
    return result, shown


def splits(text: str) -> list[list[str]]:
    """The reply whole, one character at a time, and in chunks of 3 and 7 characters."""
    return [
        [text],
        list(text),
        [text[i : i + 3] for i in range(0, len(text), 3)],
        [text[i : i + 7] for i in range(0, len(text), 7)],
    ]


def test_the_data_file_covers_every_check_and_every_outcome() -> None:
    reasons = {case["reason"] for case in CASES}
    for check in load_gate_rules().checks:
        assert check.reason in reasons, check.reason
    for reason in (
        "it leaked a prompt tag",
        "it echoed its instructions",
        "it repeated the previous turn",
        "it repeated itself",
        "it repeated the candidate's answer",
        "it asked about something other than",
        "it skipped ahead",
        "it ran on too long",
        "it asked more than one question",
        "it asked a question at the end",
        "it was cut off at the length limit",
    ):
        assert any(case["reason"].startswith(reason) for case in CASES), reason
    assert {case["expect"] for case in CASES} == {"unchanged", "repaired", "replaced"}
    assert any(case["source"].startswith("captured from SmolLM2-135M") for case in CASES)
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_reply_comes_out_as_expected_however_it_is_chunked(case: dict[str, Any]) -> None:
    request = request_of(case)
    results = []
    for chunks in splits(case["reply"]):
        result, shown = run(request, chunks, case["finish_reason"])
        assert result.kind == case["expect"], (result.reasons, result.shown_text)
        if case["reason"]:
            assert case["reason"] in result.reasons
        else:
            assert result.reasons == ()
        for text in case["never_shown"]:
            assert text not in result.shown_text
        # What streamed, then what the end released, is exactly what the candidate sees.
        assert "".join(shown) + "".join(result.released + result.appended) == result.shown_text
        assert result.received == case["reply"]
        results.append(result)
    assert len({(r.kind, r.shown_text, r.reasons) for r in results}) == 1  # chunking is moot


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_what_is_shown_carries_exactly_one_clean_question(case: dict[str, Any]) -> None:
    request = request_of(case)
    result, _ = run(request, [case["reply"]], case["finish_reason"])
    plain = OfflineBackend()
    if result.kind == "unchanged":
        assert result.shown_text == " ".join(split_sentences(case["reply"]))
        assert result.appended == ()
    elif result.kind == "replaced":
        assert result.shown_text == plain.word(request)
        assert result.released == ()
    else:
        assert result.dropped or result.appended
        if result.appended:
            assert result.appended == (SEPARATOR, plain.plain(request))
            assert result.shown_text.endswith(result.appended[1])
            assert PLAINLY in result.shown_text
    assert "<" not in result.shown_text
    assert "`" not in result.shown_text
    if isinstance(request.move, WrapUp):
        assert "?" not in result.shown_text


def test_the_kept_text_is_held_until_it_carries_the_move() -> None:
    """Nothing is shown before the question: a reply can still be replaced until then."""
    request = request_of(next(c for c in CASES if c["id"] == "good-next-story"))
    gate = ReplyGate(request)
    assert gate.feed("Thanks. ") == []  # a clean sentence, held: no question yet
    assert not gate.committed
    assert gate.feed("Let's move on to Bias for Action: can you walk me") == []
    shown = gate.feed(" through a time you had to move fast? ")
    assert shown == [
        "Thanks.",
        " Let's move on to Bias for Action: can you walk me through a time you had to move fast?",
    ]
    assert gate.committed
    # After that, each sentence that passes is shown as soon as it is complete ...
    assert gate.feed("Take your time. ") == [" Take your time."]
    # ... and one that fails is dropped without touching what was shown.
    assert gate.feed("Great answer so far, that's a 5. ") == []
    result = gate.finish("stop")
    assert result.kind == "repaired"
    assert result.released == ()
    assert result.reasons == ("it graded or praised the answer",)
    assert "that's a 5" not in result.shown_text


def test_a_tag_split_over_chunks_never_reaches_the_screen() -> None:
    request = request_of(next(c for c in CASES if c["id"] == "good-learning"))
    gate = ReplyGate(request)
    shown = gate.feed("Looking back, what would you do differently? ")
    assert shown == ["Looking back, what would you do differently?"]
    assert gate.feed("</candi") == []
    assert gate.feed("date_answer> I would") == []
    assert gate.feed(" measure earlier. ") == []  # the whole sentence holds the tag
    result = gate.finish("stop")
    assert result.kind == "repaired"
    assert result.reasons == ("it leaked a prompt tag",)
    assert result.shown_text == "Looking back, what would you do differently?"


def test_an_unfinished_tag_at_the_token_limit_is_dropped() -> None:
    request = request_of(next(c for c in CASES if c["id"] == "good-learning"))
    for finish in ("length", "stop"):
        gate = ReplyGate(request)
        gate.feed("Looking back, what would you do differently? </candi")
        result = gate.finish(finish)
        assert result.kind == "repaired"
        assert "candi" not in result.shown_text


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Hi. Tell me more?", ["Hi.", "Tell me more?"]),
        ("It grew 3.5x, e.g. in March. Why?", ["It grew 3.5x, e.g. in March.", "Why?"]),
        ('He said "stop." Then?', ['He said "stop."', "Then?"]),
        ("line one\nline two", ["line one", "line two"]),
        ("no end yet", ["no end yet"]),
    ],
)
def test_sentences_end_where_a_reader_would_end_them(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_every_move_worded_offline_passes_the_gate_unchanged() -> None:
    """The gate is not stricter than our own interviewer, for any question in the bank."""
    offline = OfflineBackend()
    for question in bank().questions:
        for index, competency in enumerate(question.competencies):
            moves: list[Move] = [Ask(story=index, competency=competency)]
            moves += [
                Probe(story=index, competency=competency, gaps=(gap,), number=1)
                for gap in PROBE_PRIORITY
            ]
            moves += [
                Deepen(story=index, competency=competency, angle=angle, number=1)
                for angle in ANGLES
            ]
            moves.append(
                ChallengeFit(story=index, competency=competency, shows="Dive Deep", number=1)
            )
            moves += [
                Redirect(story=index, competency=competency, why=why, about=about)
                for why, about in (
                    ("clarify", ""),
                    ("clarify", competency.name),
                    ("refocus", ""),
                    ("offer_move_on", ""),
                    ("which_story", ""),
                    ("story_reused", ""),
                )
            ]
            for move in [*moves, WrapUp()]:
                for seed in ("a", "b", "c", "d"):
                    request = SpeakRequest(move=move, question=question, history=(), seed=seed)
                    for text in (
                        offline.word(request),
                        offline.plain_question(request),
                        "Thanks. " + offline.plain_question(request),
                    ):
                        result, _ = run(request, [text])
                        assert result.kind == "unchanged", (question.id, text, result.reasons)


def test_every_tag_of_the_prompts_is_a_prompt_tag() -> None:
    rules = load_gate_rules()
    for name in ("interviewer_system.md", "interviewer_moves.toml"):
        text = data_path(name).read_text(encoding="utf-8")
        for tag in re.findall(r"</?\s*([a-z_][a-z0-9_]*)\s*>", text):
            assert tag in rules.prompt_tags, (name, tag)
    assert "candidate_answer" in rules.prompt_tags


def test_the_gate_is_deterministic() -> None:
    for case in CASES:
        first, _ = run(request_of(case), [case["reply"]], case["finish_reason"])
        second, _ = run(request_of(case), [case["reply"]], case["finish_reason"])
        assert first == second


def test_a_finished_gate_takes_no_more_text() -> None:
    request = request_of(CASES[0])
    gate = ReplyGate(request)
    gate.feed("Thanks. ")
    result = gate.finish("stop")
    assert gate.finish("stop") is result
    with pytest.raises(RuntimeError):
        gate.feed("more")


def test_model_text_is_never_interpreted() -> None:
    """Braces, percent signs and backslashes in a reply are text, not format or regex."""
    request = request_of(next(c for c in CASES if c["id"] == "good-learning"))
    result, _ = run(request, ["Looking back, what would you do {differently} %s \\1?"])
    assert result.kind == "replaced"  # braces are markup: nothing usable is left
    assert "{differently}" not in result.shown_text


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('prompt_tags = ["candidate_answer"]', "prompt_tags = []", "prompt_tags"),
        ("symbol_share = 0.04", "symbol_share = 4", "symbol_share"),
        ("questions = 3", "questions = 0", "limits.opening.questions"),
        ('reason = "it broke role"', 'reason = ""', "checks.role.reason"),
    ],
)
def test_a_broken_gate_file_names_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    source = data_path("reply_gate.toml").read_text(encoding="utf-8")
    assert source.count(old) == 1
    path = tmp_path / "reply_gate.toml"
    path.write_text(source.replace(old, new), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"reply_gate.toml: field '{field}'")):
        load_gate_rules(path)


def test_a_bad_pattern_names_its_check(tmp_path: Path) -> None:
    source = data_path("reply_gate.toml").read_text(encoding="utf-8")
    path = tmp_path / "reply_gate.toml"
    path.write_text(source + "\n[checks.broken]\nreason = 'r'\nphrases = ['a']\npatterns = ['(']\n")
    with pytest.raises(ValueError, match=r"field 'checks.broken.patterns'"):
        load_gate_rules(path)
