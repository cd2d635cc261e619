"""The offline interviewer: words each planned move from templates in ``data/offline/``.

No network, no model, instant. Variety comes from picking among template variants with a
random generator seeded by the session (``SpeakRequest.seed``), the question and the turn
number, so the same session always reads the same, and different sessions read differently.
Variants already used earlier in the conversation are avoided where others remain. Where it
can, a follow-up quotes the candidate's own words, taken from the scorer's evidence spans
(e.g. the metric they gave without a baseline).
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from interviewer.backends.base import SpeakRequest
from interviewer.backends.quotes import QuoteRules, evidence_quote, readable_quote, short_quote
from interviewer.models import (
    Ask,
    ChallengeFit,
    Competency,
    Deepen,
    Probe,
    Redirect,
    TurnScore,
    WrapUp,
)
from interviewer.resources import TOMLDecodeError, data_path, read_toml

__all__ = [
    "OfflineBackend",
    "PlainTemplates",
    "Templates",
    "load_plain_templates",
    "load_templates",
    "readable_quote",
    "short_quote",
]

_NUMBER_WORDS = {1: "one story", 2: "two stories", 3: "three stories", 4: "four stories"}


@dataclass(frozen=True)
class GapTemplates:
    ask: tuple[str, ...]
    quote: tuple[str, ...] = ()
    quote_from: str | None = None


@dataclass(frozen=True)
class Templates:
    greetings: tuple[str, ...]
    single_story: tuple[str, ...]
    multi_story: tuple[str, ...]
    acknowledgements: tuple[str, ...]
    acknowledgements_with_quote: tuple[str, ...]
    transitions: tuple[str, ...]
    reminders: tuple[str, ...]
    lead_ins: tuple[str, ...]
    gaps: Mapping[str, GapTemplates]
    wrap_acknowledgements: tuple[str, ...]
    closings: tuple[str, ...]
    quotes: QuoteRules = field(default_factory=QuoteRules)


@dataclass(frozen=True)
class BarRaiserTemplates:
    """The wording of the bar raiser's other moves (``data/offline/bar_raiser.toml``)."""

    cut_in: tuple[str, ...]
    taken_as_said: tuple[str, ...]
    skipped: tuple[str, ...]
    deepen_lead_ins: tuple[str, ...]
    deepen: Mapping[str, tuple[str, ...]]
    challenge: tuple[str, ...]
    ask_for: Mapping[str, str]
    redirect: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class PlainTemplates:
    """The plain, literal wording of each move (``data/offline/plain.toml``)."""

    lead: str
    ask_first_single: str
    ask_first_multi: str
    ask_next: str
    wrap_up: str
    fallback: str
    gaps: Mapping[str, str]
    moves: Mapping[str, str] = field(default_factory=dict)
    """The other moves' plain wording, e.g. ``clarify``, ``deepen_who_disagreed``."""


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except (OSError, TOMLDecodeError) as error:
        raise ValueError(f"{path}: {error}") from error


def _strings(
    data: Mapping[str, Any], key: str, path: Path, *, required: bool = True
) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{path}: field '{key}' must be a list of strings")
    if required and not value:
        raise ValueError(f"{path}: field '{key}' needs at least one entry")
    return tuple(value)


def load_templates(directory: Path | None = None) -> Templates:
    """Read the offline interviewer's phrasing from ``data/offline/*.toml``."""
    directory = directory or data_path("offline")
    opening_path = directory / "opening.toml"
    transitions_path = directory / "transitions.toml"
    probes_path = directory / "probes.toml"
    wrap_path = directory / "wrap_up.toml"
    opening, transitions = _read(opening_path), _read(transitions_path)
    probes, wrap = _read(probes_path), _read(wrap_path)
    gaps: dict[str, GapTemplates] = {}
    raw_gaps = probes.get("gaps", {})
    if not isinstance(raw_gaps, dict):
        raise ValueError(f"{probes_path}: field 'gaps' must be a table")
    for rule_id, table in raw_gaps.items():
        where = f"gaps.{rule_id}"
        if not isinstance(table, dict):
            raise ValueError(f"{probes_path}: field '{where}' must be a table")
        quote_from = table.get("quote_from")
        if quote_from is not None and not isinstance(quote_from, str):
            raise ValueError(f"{probes_path}: field '{where}.quote_from' must be a string")
        gaps[rule_id] = GapTemplates(
            ask=_strings(table, "ask", probes_path),
            quote=_strings(table, "quote", probes_path, required=False),
            quote_from=quote_from,
        )
    return Templates(
        greetings=_strings(opening, "greetings", opening_path),
        single_story=_strings(opening, "single_story", opening_path),
        multi_story=_strings(opening, "multi_story", opening_path),
        acknowledgements=_strings(transitions, "acknowledgements", transitions_path),
        acknowledgements_with_quote=_strings(
            transitions, "acknowledgements_with_quote", transitions_path
        ),
        transitions=_strings(transitions, "transitions", transitions_path),
        reminders=_strings(transitions, "reminders", transitions_path, required=False),
        lead_ins=_strings(probes, "lead_ins", probes_path, required=False),
        gaps=gaps,
        wrap_acknowledgements=_strings(wrap, "acknowledgements", wrap_path),
        closings=_strings(wrap, "closings", wrap_path),
        quotes=QuoteRules(
            trim=_words_of(probes, "quote_trim", probes_path),
            never_end=_words_of(probes, "quote_never_end", probes_path),
        ),
    )


def _words_of(data: Mapping[str, Any], key: str, path: Path) -> frozenset[str]:
    return frozenset(w.lower() for w in _strings(data, key, path, required=False))


def load_plain_templates(directory: Path | None = None) -> PlainTemplates:
    """Read the plain wording of each move from ``data/offline/plain.toml``."""
    path = (directory or data_path("offline")) / "plain.toml"
    data = _read(path)
    fields: dict[str, str] = {}
    for key in ("lead", "ask_first_single", "ask_first_multi", "ask_next", "wrap_up", "fallback"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{path}: field '{key}' must be a non-empty string")
        fields[key] = value
    tables: dict[str, dict[str, str]] = {}
    for key in ("gaps", "plain_moves"):
        table = data.get(key, {})
        if not isinstance(table, dict) or not all(
            isinstance(v, str) and v.strip() for v in table.values()
        ):
            raise ValueError(f"{path}: field '{key}' must be a table of non-empty strings")
        tables[key] = dict(table)
    return PlainTemplates(gaps=tables["gaps"], moves=tables["plain_moves"], **fields)


def load_bar_raiser_templates(directory: Path | None = None) -> BarRaiserTemplates:
    """Read the wording of the bar raiser's other moves from ``bar_raiser.toml``."""
    path = (directory or data_path("offline")) / "bar_raiser.toml"
    data = _read(path)

    def table(key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise ValueError(f"{path}: field '{key}' must be a table")
        return value

    deepen, challenge, redirect = table("deepen"), table("challenge_fit"), table("redirect")
    ask_for = challenge.get("ask_for", {})
    if not isinstance(ask_for, dict) or not all(isinstance(v, str) for v in ask_for.values()):
        raise ValueError(f"{path}: field 'challenge_fit.ask_for' must be a table of strings")
    return BarRaiserTemplates(
        cut_in=_strings(data, "cut_in", path),
        taken_as_said=_strings(data, "taken_as_said", path),
        skipped=_strings(data, "skipped", path),
        deepen_lead_ins=_strings(deepen, "lead_ins", path, required=False),
        deepen={angle: _strings(deepen, angle, path) for angle in deepen if angle != "lead_ins"},
        challenge=_strings(challenge, "asks", path),
        ask_for=dict(ask_for),
        redirect={why: _strings(redirect, why, path) for why in redirect},
    )


@cache
def _packaged_templates() -> Templates:
    return load_templates()


@cache
def _packaged_plain() -> PlainTemplates:
    return load_plain_templates()


@cache
def _packaged_bar_raiser() -> BarRaiserTemplates:
    return load_bar_raiser_templates()


def _sentence(definition: str) -> str:
    text = definition.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _stories(count: int) -> str:
    return _NUMBER_WORDS.get(count, f"{count} stories")


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _lower_first(text: str) -> str:
    """'What was it?' -> 'what was it?'; 'I did' and 'API calls' keep their capital."""
    first = text.split(" ", 1)[0]
    if len(first) < 2 or not first[1:].islower():
        return text
    return text[0].lower() + text[1:]


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _fixed_part(template: str) -> str:
    """The longest literal stretch of a template, to recognise it in earlier turns."""
    parts = [p.strip() for p in _PLACEHOLDER.split(template)]
    return max(parts, key=len) if parts else template


def _move_values(move: Deepen | ChallengeFit | Redirect) -> dict[str, str]:
    """The placeholders a bar-raiser move's wording may use."""
    values = {
        "competency": move.competency.name,
        "definition": _sentence(move.competency.definition),
        "shows": "",
        "reused": "an earlier question",
        "about": "",
    }
    if isinstance(move, ChallengeFit):
        values["shows"] = move.shows
    if isinstance(move, Redirect):
        values["about"] = move.about
        if move.reused is not None:
            values["reused"] = move.reused.name
    return values


class _Picker:
    """Seeded choice that prefers variants not yet used in this conversation."""

    def __init__(self, seed: str, used_text: str) -> None:
        self._rng = random.Random(seed)
        self._used = used_text

    def pick(self, options: Sequence[str]) -> str:
        fresh = [o for o in options if not o or _fixed_part(o) not in self._used]
        return self._rng.choice(fresh or list(options))


class OfflineBackend:
    """The embedded interviewer: templates, no network, instant."""

    def __init__(
        self,
        templates: Templates | None = None,
        seed: str = "",
        plain: PlainTemplates | None = None,
    ) -> None:
        self._templates = templates
        self._seed = seed
        self._plain = plain

    @property
    def name(self) -> str:
        return "offline"

    @property
    def description(self) -> str:
        return "offline interviewer"

    @property
    def model(self) -> None:
        return None

    async def aclose(self) -> None:
        """Nothing to release."""

    @property
    def templates(self) -> Templates:
        return self._templates or _packaged_templates()

    @property
    def plain_templates(self) -> PlainTemplates:
        return self._plain or _packaged_plain()

    @property
    def bar_raiser(self) -> BarRaiserTemplates:
        return _packaged_bar_raiser()

    def plain_question(self, request: SpeakRequest) -> str:
        """The move in its plainest words, without a lead (e.g. the question to ask)."""
        t = self.plain_templates
        move = request.move
        if isinstance(move, Ask):
            question = request.question
            values = {"question": question.text.strip(), "competency": move.competency.name}
            if move.story > 0:
                template = t.ask_next
            elif len(question.competencies) > 1:
                template = t.ask_first_multi
            else:
                template = t.ask_first_single
            return template.format(**values)
        if isinstance(move, Probe):
            return t.gaps.get(move.gaps[0], t.fallback)
        if isinstance(move, WrapUp):
            return t.wrap_up
        values = _move_values(move)
        if isinstance(move, Deepen):
            key = f"deepen_{move.angle}"
        elif isinstance(move, ChallengeFit):
            key = "challenge_fit"
        else:
            key = move.why
        return t.moves.get(key, t.fallback).format(**values)

    def plain(self, request: SpeakRequest) -> str:
        """What the engine appends when an LLM's reply missed the move:
        'To put it plainly: what was the number before you started, ...?'"""
        return f"{self.plain_templates.lead} {_lower_first(self.plain_question(request))}"

    async def speak(self, request: SpeakRequest) -> AsyncIterator[str]:
        text = self.word(request)
        # Sentence by sentence, so a UI streams it the way it streams a model's reply.
        for piece in re.split(r"(?<=[.?!])(?=\s)", text):
            if piece:
                yield piece

    def word(self, request: SpeakRequest) -> str:
        """The whole utterance for ``request.move``."""
        history = request.history
        answer_crc = zlib.crc32((request.last_answer or "").encode("utf-8"))
        seed = f"{self._seed}|{request.seed}|{request.question.id}|{len(history)}|{answer_crc}"
        used = "\n".join(t.text for t in history if t.role == "interviewer")
        picker = _Picker(seed, used)
        move = request.move
        if isinstance(move, Ask):
            if move.story == 0:
                return self._opening(request, move.competency, picker)
            return self._next_story(request, move, picker)
        if isinstance(move, Probe):
            return self._probe(request, move, picker)
        if isinstance(move, Deepen):
            return self._deepen(move, picker)
        if isinstance(move, ChallengeFit):
            return self._challenge(move, picker)
        if isinstance(move, Redirect):
            return self._redirect(move, picker)
        return self._wrap_up(request, move, picker)

    # ------------------------------------------------------------------ moves

    def _opening(self, request: SpeakRequest, first: Competency, picker: _Picker) -> str:
        t = self.templates
        question = request.question
        many = len(question.competencies) > 1
        body = picker.pick(t.multi_story if many else t.single_story)
        values = {
            "question": question.text,
            "title": question.title,
            "company_clause": f" at {question.company}" if question.company else "",
            "competency": first.name,
            "competencies": _join_names([c.name for c in question.competencies]),
            "stories": _stories(len(question.competencies)),
        }
        return f"{picker.pick(t.greetings)} {body.format(**values)}"

    def _story_scores(self, request: SpeakRequest, story: int) -> list[TurnScore | None]:
        """Scores of the story's candidate turns, latest first."""
        scores: list[TurnScore | None] = [
            t.score for t in reversed(request.history) if t.role == "candidate" and t.story == story
        ]
        if request.last_score is not None:
            scores.insert(0, request.last_score)
        return scores

    def _next_story(self, request: SpeakRequest, move: Ask, picker: _Picker) -> str:
        t = self.templates
        scores = self._story_scores(request, move.story - 1)
        quote = evidence_quote(("result_baseline", "result_quantified"), scores, t.quotes)
        if quote is not None:
            ack = picker.pick(t.acknowledgements_with_quote).format(quote=quote)
        else:
            ack = picker.pick(t.acknowledgements)
        if move.skipped_previous:
            ack = picker.pick(self.bar_raiser.skipped)
        transition = picker.pick(t.transitions).format(competency=move.competency.name)
        reminder = picker.pick(t.reminders) if t.reminders else ""
        return " ".join(part for part in (ack, transition, reminder) if part)

    def _probe(self, request: SpeakRequest, move: Probe, picker: _Picker) -> str:
        t = self.templates
        focus = move.gaps[0]
        gap = t.gaps.get(focus)
        lead = picker.pick(t.lead_ins) if t.lead_ins else ""
        if gap is None:
            # A rule the templates do not know: fall back to the scorer's own hint.
            hint = request.last_score.rule(focus).probe if request.last_score else ""
            body = hint or "Could you tell me a bit more about that?"
        else:
            quote = None
            if gap.quote and gap.quote_from:
                scores = self._story_scores(request, move.story)
                quote = evidence_quote((gap.quote_from,), scores, t.quotes)
            if quote is not None:
                body = picker.pick(gap.quote).format(quote=quote)
            else:
                body = picker.pick(gap.ask)
        b = self.bar_raiser
        if move.taken_as_said:
            lead = picker.pick(b.taken_as_said)
        if move.cut_in:
            lead = picker.pick(b.cut_in)
        return f"{lead} {body}".strip()

    def _deepen(self, move: Deepen, picker: _Picker) -> str:
        b = self.bar_raiser
        lead = picker.pick(b.deepen_lead_ins or ("",))
        if move.taken_as_said:
            lead = picker.pick(b.taken_as_said)
        if move.cut_in:
            lead = picker.pick(b.cut_in)
        options = b.deepen.get(move.angle) or b.deepen["what_you_decided"]
        return f"{lead} {picker.pick(options)}".strip()

    def _challenge(self, move: ChallengeFit, picker: _Picker) -> str:
        b = self.bar_raiser
        values = _move_values(move)
        ask_for = b.ask_for.get(move.competency.id, f"a time that shows {move.competency.name}")
        return picker.pick(b.challenge).format(ask_for=ask_for, **values)

    def _redirect(self, move: Redirect, picker: _Picker) -> str:
        b = self.bar_raiser
        why = "clarify_term" if move.why == "clarify" and move.about else move.why
        options = b.redirect.get(why) or b.redirect[move.why]
        return picker.pick(options).format(**_move_values(move))

    def _wrap_up(self, request: SpeakRequest, move: WrapUp, picker: _Picker) -> str:
        t = self.templates
        answered = sorted({turn.story for turn in request.history if turn.role == "candidate"})
        competencies = request.question.competencies
        names = [competencies[i].name for i in answered if i < len(competencies)]
        names = names or [c.name for c in competencies]
        count = len(names)
        values = {
            "competencies": _join_names(names),
            "stories": _stories(count),
        }
        closing = picker.pick(t.closings).format(**values)
        return f"{picker.pick(t.wrap_acknowledgements)} {closing}"
