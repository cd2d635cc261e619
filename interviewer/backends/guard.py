"""The wording guard: does an LLM's finished reply carry the move it was asked to word?

The planner decides the move; a model only words it, and a weak model may not: it may
ramble without asking anything, echo its own prompt ("The candidate is ready to begin."),
repeat its previous turn, or be cut off at the token limit mid-sentence. This module checks
a finished reply deterministically and says why it misses the move, or that it carries it:

- cut off at the token limit (``finish_reason == "length"``, or cut by the length cap);
- an echo of the prompt's own fixed text (the system prompt, the move templates, the cue
  before the first answer) rather than words to the candidate;
- a near-repeat of the previous interviewer turn;
- Ask and Probe: no question (no "?" and no request such as "Tell me about ...");
- Ask: the story's competency (or, for the opening, the question) is not recognisable;
- Ask (after the opening) and Probe: it names a later story's competency (skips ahead);
- Probe: nothing in it is about the gap the follow-up is for (word stems per rule);
- WrapUp: it asks a question (the interview is over; nobody will answer it).

The checks and their word lists live in ``data/wording_guard.toml``. The reply gate
(:mod:`interviewer.backends.gate`) runs them on the sentences it keeps, before anything is
shown, to decide whether a reply carries its move.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from interviewer.backends.base import SpeakRequest
from interviewer.backends.prompt import fixed_prompt_texts
from interviewer.models import Ask, Probe, Question, WrapUp
from interviewer.resources import TOMLDecodeError, data_path, read_toml

__all__ = ["GuardRules", "load_guard_rules", "missed_move"]

_WORD = re.compile(r"[a-z0-9%']+")
_CLAUSE = re.compile(r"[.!?:;\n]+")
_STOPWORDS = frozenset({"a", "an", "and", "are", "be", "for", "in", "of", "on", "the", "to"})
STEM_CHARS = 5
"""A competency's words are recognised by their first letters (Obsession ~ obsessed)."""


@dataclass(frozen=True)
class GuardRules:
    repeat_ratio: float
    echo_share: float
    requests: tuple[str, ...]
    fillers: tuple[str, ...]
    topics: Mapping[str, tuple[str, ...]]


def _strings(data: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{path}: field '{key}' must be a non-empty list of strings")
    return tuple(v.lower() for v in value)


def _share(data: Mapping[str, Any], key: str, path: Path) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{path}: field '{key}' must be a number in (0, 1]")
    return float(value)


def load_guard_rules(path: Path | None = None) -> GuardRules:
    """Read ``data/wording_guard.toml``; a broken file names itself and the field."""
    path = path or data_path("wording_guard.toml")
    try:
        data = read_toml(path)
    except (OSError, TOMLDecodeError) as error:
        raise ValueError(f"{path}: {error}") from error
    repeat_ratio = _share(data, "repeat_ratio", path)
    echo_share = _share(data, "echo_share", path)
    requests = _strings(data, "requests", path)
    fillers = _strings(data, "fillers", path)
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise ValueError(f"{path}: field 'topics' must be a table")
    return GuardRules(
        repeat_ratio=repeat_ratio,
        echo_share=echo_share,
        requests=requests,
        fillers=fillers,
        topics={rule: _strings(topics, f"{rule}", path) for rule in topics},
    )


@cache
def _packaged_rules() -> GuardRules:
    return load_guard_rules()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _trigrams(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


@cache
def _prompt_trigrams() -> frozenset[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for text in fixed_prompt_texts():
        grams |= _trigrams(_words(text))
    return frozenset(grams)


@cache
def _prompt_lines() -> tuple[str, ...]:
    lines = (" ".join(_words(line)) for text in fixed_prompt_texts() for line in text.split("\n"))
    return tuple(line for line in lines if line)


def _similar(a: str, b: str, ratio: float) -> bool:
    if not a or not b or 2 * min(len(a), len(b)) < ratio * (len(a) + len(b)):
        return False  # the lengths alone rule it out
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


def _has_stem(text: str, stems: Iterable[str]) -> bool:
    lowered = text.lower().replace("’", "'")
    for stem in stems:
        boundary = r"(?<![a-z0-9])" if stem[:1].isalnum() else ""
        if re.search(boundary + re.escape(stem), lowered):
            return True
    return False


def _asks(text: str, rules: GuardRules) -> bool:
    """A question mark, or a request: "tell me about" anywhere, "Describe ..." as a clause."""
    if "?" in text:
        return True
    lowered = text.lower().replace("’", "'")
    for phrase in rules.requests:
        if " " in phrase and re.search(r"(?<![a-z0-9'])" + re.escape(phrase) + r"\b", lowered):
            return True
    fillers = sorted(rules.fillers, key=len, reverse=True)
    for clause in _CLAUSE.split(lowered):
        clause = clause.strip(" \t,\"'-—–")
        stripped = True
        while stripped:
            stripped = False
            for filler in fillers:
                if re.match(re.escape(filler) + r"\b[ ,]*", clause):
                    clause = clause[len(filler) :].lstrip(" ,")
                    stripped = True
                    break
        if any(re.match(re.escape(phrase) + r"\b", clause) for phrase in rules.requests):
            return True
    return False


def _name_stems(name: str) -> list[str]:
    words = [w for w in _words(name) if w not in _STOPWORDS]
    return [w[:STEM_CHARS] for w in words] or [name.lower()]


def _names_competency(text: str, name: str) -> bool:
    return all(_has_stem(text, [stem]) for stem in _name_stems(name))


def _states_question(text: str, question: Question) -> bool:
    """Half or more of the question's content words (by stem) appear in the reply."""
    content = {w[:STEM_CHARS] for w in _words(question.text) if len(w) >= 4}
    if not content:
        return False
    found = {stem for stem in content if _has_stem(text, [stem])}
    return len(found) * 2 >= len(content)


def missed_move(
    text: str, request: SpeakRequest, *, cut: bool, rules: GuardRules | None = None
) -> str | None:
    """Why the reply ``text`` does not carry ``request.move``, or None when it does."""
    rules = rules or _packaged_rules()
    if cut:
        return "it was cut off at the length limit"
    words = _words(text)
    if not words:
        return "it was empty"
    flat = " ".join(words)
    grams = _trigrams(words)
    echoed = grams and len(grams & _prompt_trigrams()) >= rules.echo_share * len(grams)
    if echoed or any(_similar(flat, line, rules.repeat_ratio) for line in _prompt_lines()):
        return "it echoed its instructions"
    previous = next((t.text for t in reversed(request.history) if t.role == "interviewer"), "")
    # A repaired turn is the model's words, a blank line, and the plain question: each counts.
    parts = (" ".join(_words(part)) for part in (previous, *previous.split("\n\n")))
    move = request.move
    # The same sentence for a new story is fine when it names the new competency.
    renamed = isinstance(move, Ask) and not _names_competency(previous, move.competency.name)
    if not renamed and any(_similar(flat, part, rules.repeat_ratio) for part in parts):
        return "it repeated the previous turn"
    if not isinstance(move, WrapUp) and not _asks(text, rules):
        return "it asked no question"
    if isinstance(move, WrapUp) and "?" in text:
        return "it asked a question at the end"
    if not isinstance(move, WrapUp):
        later = request.question.competencies[move.story + 1 :]
        ahead = [c.name for c in later if _names_competency(text, c.name)]
        if ahead and not (isinstance(move, Ask) and move.story == 0):
            return f"it skipped ahead to {ahead[0]}"
    if isinstance(move, Ask):
        named = _names_competency(text, move.competency.name)
        if not named and not (move.story == 0 and _states_question(text, request.question)):
            return f"it did not name {move.competency.name}"
    if isinstance(move, Probe):
        stems = rules.topics.get(move.gaps[0])
        if stems and not _has_stem(text, stems):
            return f"it did not ask about {move.gaps[0].replace('_', ' ')}"
    return None
