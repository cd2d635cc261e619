"""The reply gate: an LLM's reply is checked sentence by sentence BEFORE the candidate sees it.

The planner decides the move; a model only words it, and a weak one breaks role: it leaks the
prompt's ``</candidate_answer>`` tag, praises or grades the answer ("great answer, that's a
5"), streams code, narrates as "the candidate", asks about something else, or rambles. The
wording guard (:mod:`interviewer.backends.guard`) judges a finished reply; this gate sits in
the stream and decides what may be shown at all::

    gate = ReplyGate(request)
    for chunk in stream:
        show(gate.feed(chunk))            # the text that is safe to show now (maybe nothing)
    result = gate.finish(finish_reason)   # "stop", "length", ...
    show(result.released + result.appended)

How it works:

- The stream is buffered per sentence (ended by ``.``, ``?``, ``!`` and a space, or a line
  break; a known abbreviation does not end one). A tag split over chunks (``</candi`` +
  ``date_answer>``) is therefore always seen whole, or as an unfinished tag, which is markup.
- Each complete sentence passes these checks (words and patterns in
  ``data/reply_gate.toml``) or is dropped: markup or code, role words, grades and praise,
  judgments of the answer, longer than one sentence may be, an echo of the prompt's own
  text, a repeat of itself, of an earlier turn or of the candidate's answer; a question in
  a wrap-up; for an ask or a follow-up, a question about something other than the move's
  target (a later story's competency; for a follow-up, nothing about ``move.gaps[0]``; for
  an ask, neither the competency nor a story), or one question too many; and the turn's
  budget (sentences, characters, sentences before the question).
- Release policy: **nothing is shown until what is kept carries the move** (the wording
  guard's :func:`missed_move` passes on the kept sentences, and for a wrap-up they close);
  from then on each sentence that passes is shown as soon as it is complete. Once a sentence
  is shown it cannot be taken back, so the choice between repairing and replacing a reply
  must be made before anything is shown: holding the preamble (at most a couple of
  sentences) until the question arrives is what makes "replaced" possible, and costs the
  reader only the second or two the question takes to stream. Holding the whole reply would
  cost the whole reply's time for no gain: after the move is carried, a bad sentence is
  simply dropped, and what was shown stays clean and carries the move.
- At the end (:meth:`ReplyGate.finish`): a reply cut at the token limit loses its unfinished
  sentence. If the kept text carries the move the outcome is ``unchanged`` (nothing was
  dropped) or ``repaired`` (something was). If not, the kept sentences that are not
  questions stay (they are clean; a question that missed its target would be a second
  question) and the offline interviewer's plain question (or closing) is appended:
  ``repaired``, provided what stays is a short lead-in (an acknowledgement such as "Thanks for
  that.", ``lead_in_*`` in the limits). If nothing usable is left (every sentence dropped,
  what is left is an echo or a repeat, or more than a lead-in: a ramble that never got to
  the point), the offline interviewer words the whole move: ``replaced``.

So the candidate sees exactly one clean question (or a clean closing): the model's, or the
plain one. The gate is deterministic and pure: no SDK, no UI; model output is only ever
matched as text, never interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any, Literal

from interviewer.backends.base import SpeakRequest
from interviewer.backends.guard import (
    STEM_CHARS,
    GuardRules,
    _asks,
    _has_stem,
    _names_competency,
    _trigrams,
    _words,
    load_guard_rules,
    missed_move,
)
from interviewer.backends.offline import OfflineBackend
from interviewer.backends.prompt import fixed_prompt_texts
from interviewer.models import Ask, Probe, WrapUp
from interviewer.resources import TOMLDecodeError, data_path, read_toml

__all__ = [
    "SEPARATOR",
    "GateResult",
    "GateRules",
    "Limits",
    "Outcome",
    "ReplyGate",
    "load_gate_rules",
    "split_sentences",
]

SEPARATOR = "\n\n"
"""Between the model's kept words and the plain wording appended to them."""

Outcome = Literal["unchanged", "repaired", "replaced"]


@dataclass(frozen=True)
class Limits:
    sentences: int
    chars: int
    sentence_chars: int
    preamble: int
    questions: int
    lead_in_sentences: int
    lead_in_chars: int


@dataclass(frozen=True)
class Check:
    reason: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class GateRules:
    guard: GuardRules
    prompt_tags: tuple[str, ...]
    abbreviations: frozenset[str]
    story_words: tuple[str, ...]
    closing_words: tuple[str, ...]
    symbols: frozenset[str]
    symbol_share: float
    symbol_min: int
    repeat_min_words: int
    opening: Limits
    turn: Limits
    checks: tuple[Check, ...]
    tag_check: Check = field(init=False)

    def __post_init__(self) -> None:
        alternatives = "|".join(re.escape(tag) for tag in self.prompt_tags)
        tags = re.compile(r"<\s*/?\s*(?:" + alternatives + r")\b|(?:" + alternatives + r")\s*>")
        object.__setattr__(self, "tag_check", Check("it leaked a prompt tag", (tags,)))


def _fail(path: Path, key: str, what: str) -> ValueError:
    return ValueError(f"{path}: field '{key}' must be {what}")


def _strings(data: Mapping[str, Any], key: str, path: Path, where: str = "") -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise _fail(path, where + key, "a non-empty list of non-empty strings")
    return tuple(v.lower() for v in value)


def _number(data: Mapping[str, Any], key: str, path: Path, where: str = "") -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _fail(path, where + key, "a whole number of at least 1")
    return value


def _phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words; an edge that is a symbol matches as written."""
    start = r"(?<![a-z0-9'])" if phrase[:1].isalnum() else ""
    end = r"(?![a-z0-9])" if phrase[-1:].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end)


def _compile(data: Mapping[str, Any], name: str, path: Path) -> Check:
    where = f"checks.{name}."
    reason = data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise _fail(path, where + "reason", "a non-empty string")
    patterns = [_phrase(p) for p in _strings(data, "phrases", path, where)]
    raw = data.get("patterns", [])
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise _fail(path, where + "patterns", "a list of regular expressions")
    for pattern in raw:
        try:
            patterns.append(re.compile(pattern, re.IGNORECASE | re.MULTILINE))
        except re.error as error:
            raise _fail(path, where + "patterns", f"valid regular expressions ({error})") from error
    return Check(reason.strip(), tuple(patterns))


def _limits(data: Mapping[str, Any], name: str, path: Path) -> Limits:
    table = data.get("limits", {}).get(name) if isinstance(data.get("limits"), dict) else None
    if not isinstance(table, dict):
        raise _fail(path, f"limits.{name}", "a table")
    where = f"limits.{name}."
    keys = (
        "sentences",
        "chars",
        "sentence_chars",
        "preamble",
        "questions",
        "lead_in_sentences",
        "lead_in_chars",
    )
    return Limits(**{key: _number(table, key, path, where) for key in keys})


def load_gate_rules(path: Path | None = None, guard: GuardRules | None = None) -> GateRules:
    """Read ``data/reply_gate.toml``; a broken file names itself and the field."""
    path = path or data_path("reply_gate.toml")
    try:
        data = read_toml(path)
    except (OSError, TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: {error}") from error
    symbols = data.get("symbols")
    if not isinstance(symbols, str) or not symbols:
        raise _fail(path, "symbols", "a non-empty string")
    share = data.get("symbol_share")
    if not isinstance(share, int | float) or not 0 < share <= 1:
        raise _fail(path, "symbol_share", "a number in (0, 1]")
    checks = data.get("checks")
    if not isinstance(checks, dict) or not checks:
        raise _fail(path, "checks", "a table of checks")
    compiled = []
    for name, table in checks.items():
        if not isinstance(table, dict):
            raise _fail(path, f"checks.{name}", "a table")
        compiled.append(_compile(table, name, path))
    return GateRules(
        guard=guard or load_guard_rules(),
        prompt_tags=_strings(data, "prompt_tags", path),
        abbreviations=frozenset(_strings(data, "abbreviations", path)),
        story_words=_strings(data, "story_words", path),
        closing_words=_strings(data, "closing_words", path),
        symbols=frozenset(symbols),
        symbol_share=float(share),
        symbol_min=_number(data, "symbol_min", path),
        repeat_min_words=_number(data, "repeat_min_words", path),
        opening=_limits(data, "opening", path),
        turn=_limits(data, "turn", path),
        checks=tuple(compiled),
    )


@cache
def _packaged_rules() -> GateRules:
    return load_gate_rules()


# ------------------------------------------------------------------ sentences

_END = re.compile(r"[.?!…]+[\"'”’)\]]*(?=\s)|\n")
_FINISHED = re.compile(r"[.?!…]+[\"'”’)\]]*\Z")
"""The end of a sentence that was complete when the stream stopped."""


def _cut_sentence(buffer: str, abbreviations: frozenset[str]) -> tuple[str, str] | None:
    """The first complete sentence of ``buffer`` and the rest, or None while it is unfinished."""
    for match in _END.finditer(buffer):
        if match.group() != "\n":
            words = buffer[: match.end()].split()
            last = words[-1].lower() if words else ""
            if last in abbreviations:
                continue
        return buffer[: match.end()].strip(), buffer[match.end() :]
    return None


def split_sentences(text: str, abbreviations: frozenset[str] | None = None) -> list[str]:
    """``text`` as the gate reads it: complete sentences, then the unfinished rest if any."""
    abbreviations = abbreviations if abbreviations is not None else _packaged_rules().abbreviations
    sentences: list[str] = []
    rest = text.replace("\r\n", "\n").replace("\r", "\n")
    while (cut := _cut_sentence(rest, abbreviations)) is not None:
        sentence, rest = cut
        if sentence:
            sentences.append(sentence)
    if rest.strip():
        sentences.append(rest.strip())
    return sentences


def _flat(text: str) -> str:
    return " ".join(_words(text))


def _similar(a: str, b: str, ratio: float) -> bool:
    if not a or not b or 2 * min(len(a), len(b)) < ratio * (len(a) + len(b)):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


@cache
def _prompt_grams() -> frozenset[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for text in fixed_prompt_texts():
        grams |= _trigrams(_words(text))
    return frozenset(grams)


@cache
def _prompt_sentences() -> tuple[str, ...]:
    found = (_flat(s) for text in fixed_prompt_texts() for s in split_sentences(text))
    return tuple(s for s in found if s)


# ------------------------------------------------------------------ the gate


@dataclass(frozen=True)
class GateResult:
    """How one reply went through the gate.

    ``released`` is the model's kept text still to show when the reply ended, ``appended``
    the offline interviewer's words to show after it (``SEPARATOR`` and the plain question,
    or the whole wording of the move when the reply was replaced). ``shown_text`` is all the
    candidate sees for this turn; ``received`` what the model sent; ``reasons`` why anything
    was dropped or added, first reason first."""

    kind: Outcome
    shown_text: str
    released: tuple[str, ...]
    appended: tuple[str, ...]
    reasons: tuple[str, ...]
    received: str
    dropped: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        return self.reasons[0] if self.reasons else ""


@dataclass
class _Kept:
    text: str
    question: bool


class ReplyGate:
    """Checks one streamed model reply sentence by sentence; see the module's docstring."""

    def __init__(
        self,
        request: SpeakRequest,
        rules: GateRules | None = None,
        *,
        plain: OfflineBackend | None = None,
    ) -> None:
        self.request = request
        self.rules = rules or _packaged_rules()
        self._plain = plain if plain is not None else OfflineBackend()
        move = request.move
        self._opening = isinstance(move, Ask) and move.story == 0
        self.limits = self.rules.opening if self._opening else self.rules.turn
        # Every earlier interviewer turn: a looping model repeats itself two turns back too.
        previous = "\n".join(t.text for t in request.history if t.role == "interviewer")
        self._previous = tuple(
            (s, _flat(s)) for s in split_sentences(previous, self.rules.abbreviations)
        )
        last = next((t.text for t in reversed(request.history) if t.role == "candidate"), "")
        self._answer = tuple(_flat(s) for s in split_sentences(last, self.rules.abbreviations))
        self._buffer = ""
        self._received: list[str] = []
        self._kept: list[_Kept] = []
        self._shown = 0
        self._shown_pieces: list[str] = []
        self._committed = False
        self._reasons: list[str] = []
        self._question_reasons: list[str] = []
        self._dropped: list[str] = []
        self._result: GateResult | None = None

    # ------------------------------------------------------------------ streaming

    @property
    def received(self) -> str:
        """Everything the model sent so far, as sent."""
        return "".join(self._received)

    @property
    def committed(self) -> bool:
        """True once the kept text carries the move (from then on text is shown as it comes)."""
        return self._committed

    def feed(self, chunk: str) -> list[str]:
        """Take a chunk of the stream; the pieces of text that are safe to show now."""
        if self._result is not None:
            raise RuntimeError("the reply is finished")
        if not chunk:
            return []
        self._received.append(chunk)
        self._buffer += chunk.replace("\r\n", "\n").replace("\r", "\n")
        while (cut := _cut_sentence(self._buffer, self.rules.abbreviations)) is not None:
            sentence, self._buffer = cut
            if sentence:
                self._take(sentence)
        return self._release()

    def finish(self, finish_reason: str | None = "stop") -> GateResult:
        """The reply is over (``finish_reason == "length"``: cut at the token limit)."""
        if self._result is not None:
            return self._result
        rest, self._buffer = self._buffer.strip(), ""
        if rest:
            if finish_reason == "length" and not _FINISHED.search(rest):
                self._drop(rest, "it was cut off at the length limit")
            else:
                self._take(rest)
        released = self._release()
        appended: tuple[str, ...] = ()
        reasons = list(self._reasons)
        if self._committed:
            kind: Outcome = "repaired" if self._dropped else "unchanged"
        else:
            # The kept text does not carry the move. Its questions missed their target (an
            # ask that never named its competency): they go, or the turn would ask twice.
            guard = self.rules.guard
            whole = " ".join(k.text for k in self._kept)
            keep = [k for k in self._kept if not k.question]
            self._dropped.extend(k.text for k in self._kept if k.question)
            if self._kept:
                why = missed_move(whole, self.request, cut=False, rules=guard)
                fallback = (
                    "it did not close"
                    if isinstance(self.request.move, WrapUp)
                    else ("it asked no question")
                )
                reasons.append(why or fallback)
            elif not reasons:
                reasons.append("it was empty")
            rest = " ".join(k.text for k in keep)
            left = missed_move(rest, self.request, cut=False, rules=guard) if keep else None
            stale = (left or "").startswith(("it echoed", "it repeated"))
            stale = stale and len(_words(rest)) >= self.rules.repeat_min_words
            rambles = (
                len(keep) > self.limits.lead_in_sentences or len(rest) > self.limits.lead_in_chars
            )
            if rambles:
                reasons.append("it rambled without carrying its move")
            if not keep or stale or rambles:
                kind = "replaced"
                appended = (self._plain.word(self.request),)
            else:
                kind = "repaired"
                # The notice explains the question added: why the model's question was dropped,
                # or else why the kept text did not carry the move.
                lead = self._question_reasons[0] if self._question_reasons else reasons[-1]
                reasons.insert(0, lead)
                released = self._pieces(keep, first=True)
                self._shown_pieces.extend(released)
                appended = (SEPARATOR, self._plain.plain(self.request))
        self._result = GateResult(
            kind=kind,
            shown_text="".join(self._shown_pieces) + "".join(appended),
            released=tuple(released),
            appended=appended,
            reasons=tuple(dict.fromkeys(reasons)),
            received=self.received,
            dropped=tuple(self._dropped),
        )
        return self._result

    # ------------------------------------------------------------------ inside

    def _pieces(self, kept: Sequence[_Kept], *, first: bool) -> list[str]:
        return [(k.text if first and i == 0 else " " + k.text) for i, k in enumerate(kept)]

    def _release(self) -> list[str]:
        if not self._committed or self._shown == len(self._kept):
            return []
        pieces = self._pieces(self._kept[self._shown :], first=self._shown == 0)
        self._shown = len(self._kept)
        self._shown_pieces.extend(pieces)
        return pieces

    def _drop(self, sentence: str, reason: str) -> None:
        self._dropped.append(sentence)
        self._reasons.append(reason)

    def _take(self, sentence: str) -> None:
        question = self._is_question(sentence)
        reason = self._check(sentence, question)
        if reason is not None:
            self._drop(sentence, reason)
            if question:
                self._question_reasons.append(reason)
            return
        self._kept.append(_Kept(sentence, question))
        if not self._committed and self._carries():
            self._committed = True

    def _is_question(self, sentence: str) -> bool:
        return "?" in sentence or _asks(sentence, self.rules.guard)

    def _carries(self) -> bool:
        move = self.request.move
        text = " ".join(k.text for k in self._kept)
        if missed_move(text, self.request, cut=False, rules=self.rules.guard) is not None:
            return False
        if isinstance(move, WrapUp):
            return _has_stem(text, self.rules.closing_words)
        return any(k.question for k in self._kept)

    def _check(self, sentence: str, question: bool) -> str | None:
        """Why ``sentence`` may not be shown, or None when it may."""
        rules = self.rules
        lowered = sentence.lower().replace("’", "'")
        if rules.tag_check.matches(lowered):
            return rules.tag_check.reason
        if not _words(sentence):
            return "it wrote code or markup"
        symbols = sum(1 for ch in sentence if ch in rules.symbols)
        if symbols >= rules.symbol_min and symbols >= rules.symbol_share * len(sentence):
            return "it wrote code or markup"
        for check in rules.checks:
            if check.matches(lowered):
                return check.reason
        if len(sentence) > self.limits.sentence_chars:
            return "it ran on too long"
        if self._echoes(sentence):
            return "it echoed its instructions"
        flat = _flat(sentence)
        ratio = rules.guard.repeat_ratio
        if any(_similar(flat, _flat(k.text), ratio) for k in self._kept):
            return "it repeated itself"
        if self._repeats_previous(sentence, flat):
            return "it repeated the previous turn"
        if len(flat.split()) >= rules.repeat_min_words and any(
            _similar(flat, said, ratio) for said in self._answer
        ):
            return "it repeated the candidate's answer"
        move = self.request.move
        if isinstance(move, WrapUp) and question:  # "?" or a request ("I'd love to hear...")
            return "it asked a question at the end"
        if question and not isinstance(move, WrapUp):
            off = self._off_target(sentence)
            if off is not None:
                return off
            if sum(1 for k in self._kept if k.question) >= self.limits.questions:
                return "it asked more than one question"
        return self._over_budget(sentence, question)

    def _echoes(self, sentence: str) -> bool:
        words = _words(sentence)
        grams = _trigrams(words)
        share = self.rules.guard.echo_share
        if len(grams) >= 2 and len(grams & _prompt_grams()) >= share * len(grams):
            return True
        flat = " ".join(words)
        return len(words) >= 3 and any(
            _similar(flat, line, self.rules.guard.repeat_ratio) for line in _prompt_sentences()
        )

    def _repeats_previous(self, sentence: str, flat: str) -> bool:
        if len(flat.split()) < self.rules.repeat_min_words:
            return False
        move = self.request.move
        # The same sentence for a new story is fine when it names the new competency and the
        # earlier one did not ("... that shows Bias for Action" after "... shows Ownership").
        renamed = isinstance(move, Ask) and _names_competency(sentence, move.competency.name)
        ratio = self.rules.guard.repeat_ratio
        for raw, before in self._previous:
            if not _similar(flat, before, ratio):
                continue
            if (
                isinstance(move, Ask)
                and renamed
                and not _names_competency(raw, move.competency.name)
            ):
                continue
            return True
        return False

    def _off_target(self, sentence: str) -> str | None:
        request = self.request
        move = request.move
        assert not isinstance(move, WrapUp)
        later = request.question.competencies[move.story + 1 :]
        ahead = [c.name for c in later if _names_competency(sentence, c.name)]
        if ahead and not self._opening:
            return f"it skipped ahead to {ahead[0]}"
        if isinstance(move, Probe):
            gap = move.gaps[0]
            stems = self.rules.guard.topics.get(gap)
            if stems and not _has_stem(sentence, stems):
                return f"it asked about something other than {gap.replace('_', ' ')}"
            return None
        if not isinstance(move, Ask):
            return None  # a depth question, a fit challenge, a redirect: their own words
        if _names_competency(sentence, move.competency.name):
            return None
        if _has_stem(sentence, self.rules.story_words):
            return None
        if self._opening and self._from_question(sentence):
            return None
        return f"it asked about something other than {move.competency.name}"

    def _from_question(self, sentence: str) -> bool:
        """Half or more of the sentence's content words (by stem) come from the question."""
        content = {w[:STEM_CHARS] for w in _words(sentence) if len(w) >= 4}
        if not content:
            return False
        found = {stem for stem in content if _has_stem(self.request.question.text, [stem])}
        return len(found) * 2 >= len(content)

    def _over_budget(self, sentence: str, question: bool) -> str | None:
        limits = self.limits
        count = len(self._kept)
        chars = sum(len(k.text) + 1 for k in self._kept) + len(sentence)
        if count + 1 > limits.sentences or chars > limits.chars:
            return "it ran on too long"
        # Before the move is carried, room stays for the sentence that carries it.
        if (
            not self._committed
            and not question
            and count >= min(limits.preamble, limits.sentences - 1)
        ):
            return "it ran on too long"
        return None
