"""The STAR-L checks: one function per rule, each reading an :class:`Analysis`.

Every check except ``first_person`` and ``length`` passes when it finds positive evidence
that is not negated, so adding text to an answer can only add evidence (monotone by
design; see docs/scoring.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from interviewer.scoring.analysis import Analysis, is_base_action
from interviewer.scoring.cues import Offsets
from interviewer.scoring.numbers import quantities
from interviewer.scoring.roles import (
    after_outcome,
    choices,
    context_end,
    generic_sentences,
    is_template,
    outcomes,
    reflections,
)
from interviewer.scoring.rules import MAX_WORDS, MIN_WORDS, WORDS_PER_MINUTE
from interviewer.scoring.text import first_word, title_line, trimmed

_OPENING_QUOTES = "\"'“‘«("

MAX_EVIDENCE = 3
FIRST_PERSON_SHARE = 0.6
"""Share of action clauses told with "I" (or a verb-first bullet) needed for first_person."""
SITUATION_OPENING_SENTENCES = 3
SITUATION_OPENING_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class Finding:
    passed: bool
    evidence: tuple[Offsets, ...] = ()
    detail: str = ""
    roles: tuple[str, ...] = ()  # the role of each evidence span's sentence, when asked for
    instead: str | None = None  # competency_fit failed: the principle shown best instead


def _quote(a: Analysis, span: Offsets, limit: int = 60) -> str:
    text = " ".join(a.text[span[0] : span[1]].split())
    return f'"{text[: limit - 1]}…"' if len(text) > limit else f'"{text}"'


def _quantities(a: Analysis, start: int, end: int) -> list[Offsets]:
    """``numbers.quantities`` in ``text[start:end]``, once per range (several rules ask)."""
    key = f"quantities:{start}:{end}"
    found: list[Offsets] | None = a.memo.get(key)
    if found is None:
        multipliers = a.cues("multipliers") if (start, end) == (0, len(a.text)) else None
        if multipliers is None:
            multipliers = a.cues_in("multipliers", start, end)
        found = quantities(a.low, start, end, a.lex, multipliers)
        a.memo[key] = found
    return found


def _found(a: Analysis, spans: list[Offsets], noun: str = "") -> Finding:
    spans = spans[:MAX_EVIDENCE]
    if not spans:
        return Finding(False)
    detail = noun or _quote(a, spans[0])
    return Finding(True, tuple(spans), detail)


def _live(a: Analysis, family: str, start: int = 0) -> list[Offsets]:
    """Spans of a cue family's matches at or after ``start`` that are not negated."""
    spans = a.cues_in(family, start, len(a.text)) if start else a.cues(family)
    return [span for span in spans if not a.negated(*span)]


# --------------------------------------------------------------------------- S, T


def situation(a: Analysis) -> Finding:
    """The scene and what was at stake, told before the speaker's actions: a labelled
    section that tells something, or a story (told in the past, not a plan or a creed, not a
    template) whose scene-setting part names a problem, a risk or a stake, or measures one
    ("our failed-delivery rate had crept up to 14%", "twelve interns and only two of us")."""
    if is_template(a) or not a.sentences:
        return Finding(False)  # stock phrases set no scene
    labelled = a.section_spans("situation")
    if labelled:
        if a.sentences.index(labelled[0][0]) in generic_sentences(a):
            return Finding(False)
        return _found(a, [trimmed(a.text, *labelled[0])])
    if not a.tells_past or a.hypothetical:  # a creed or a plan sets no scene
        return Finding(False)
    limit = context_end(a)
    # What went well in the end ("...finished with zero downtime") is the outcome, not the
    # stakes; "we had an outage and fixed it" still names what was at stake before the fix.
    stake = next((s for s, _ in a.cues_in("stakes", 0, limit) if not after_outcome(a, s)), None)
    if stake is None:
        measured = _quantities(a, 0, limit)
        stake = next((s for s, _ in measured if not after_outcome(a, s)), None)
    if stake is None:
        return Finding(False)
    context = a.cues_in("context", 0, stake)
    offsets = {stake} | ({context[0][0]} if context else set())
    return _found(a, a.sentence_spans(sorted(offsets)))


def task(a: Analysis) -> Finding:
    # A labelled task counts when it is the speaker's: "T: Reduce deployment time" or "Task: I
    # had to...", not "T: We needed to agree on the tech stack".
    for start, end in a.section_spans("task"):
        if _states_a_goal(a, start, end):
            return _found(a, [trimmed(a.text, start, end)])
    spans = _live(a, "task")
    if spans:
        return _found(a, a.sentence_spans((s for s, _ in spans)))
    title = title_line(a.text)
    if title is not None and a.lex.title_goal.search(a.low, *title):
        return _found(a, [title])
    return Finding(False)


def _states_a_goal(a: Analysis, start: int, end: int) -> bool:
    """Does the labelled task ``text[start:end]`` hold a goal or role of the speaker's: a
    goal told as an order ("T: Reduce deployment time", "Task: Find a cheaper host"), or a
    goal, role or duty that is theirs ("I had to...", "My goal was...", "As the lead I...")?
    Not a task told with "we" only ("We needed to agree on the stack"), nor a setting under
    the label ("The deadline was two weeks away", "My test suite covered the flow")."""
    start = trimmed(a.text, start, end)[0]
    while start < end and a.text[start] in _OPENING_QUOTES:
        start += 1
    opening = first_word(a.text, start, end)
    if opening is not None:
        word = opening[2].lower()
        order = word in a.lex.base_not_actions or is_base_action(word, a.lex)
        if order and not a.lex.finite_after_noun.match(a.low, opening[1]):
            return True  # a verb's base form first: the goal as an order ("Find", "Make")
    if a.lex.ours.search(a.low, start, end) and not a.lex.mine.search(a.low, start, end):
        return False
    return bool(a.cues_in("task", start, end)) or bool(a.cues_in("purpose", start, end))


# --------------------------------------------------------------------------- A


def _action_span(a: Analysis, start: int, verb_end: int) -> Offsets:
    sentence_end = a.sentence_of(start)[1]
    brk = a.next_break(verb_end, sentence_end)
    end = sentence_end if brk is None else brk
    if end > verb_end + 60:
        cut = a.low.rfind(" ", verb_end, verb_end + 60)
        end = cut if cut > verb_end else verb_end + 60
    return trimmed(a.text, start, end)


def action(a: Analysis) -> Finding:
    mine = [x for x in a.actions if x.subject != "we"]
    spans = [_action_span(a, x.start, x.verb_end) for x in mine[:MAX_EVIDENCE]]
    if a.hypothetical or is_template(a):
        # "I leveraged data, aligned stakeholders" and "I would gather data" tell no step
        # the speaker took.
        return Finding(False, (), "0")
    return Finding(len(mine) >= 2, tuple(spans), str(len(mine)))


# --------------------------------------------------------------------------- R


def result_sentences(a: Analysis) -> list[Offsets]:
    """Sentences whose role is an outcome (see ``roles.outcomes``)."""
    return outcomes(a).sentences


def result(a: Analysis) -> Finding:
    return _found(a, result_sentences(a))


def _in_results(a: Analysis, finder: Callable[[int, int], Iterable[Offsets]]) -> list[Offsets]:
    spans: list[Offsets] = []
    for start, end in result_sentences(a):
        spans.extend(
            span
            for span in finder(start, end)
            # "six hours, not three days" sets a value against another; it negates nothing
            if a.low.startswith("not ", span[0]) or not a.negated(*span)
        )
    return spans


def _family_in(a: Analysis, family: str) -> Callable[[int, int], list[Offsets]]:
    return lambda s, e: a.cues_in(family, s, e)


def result_quantified(a: Analysis) -> Finding:
    def finder(s: int, e: int) -> list[Offsets]:
        return _quantities(a, s, e)

    return _found(a, _in_results(a, finder))


def result_baseline(a: Analysis) -> Finding:
    spans = [_extend(a, span) for span in _in_results(a, _family_in(a, "baseline"))]
    if not spans:
        spans = _in_results(a, lambda s, e: _changed_from_earlier(a, s, e))
    if not spans:
        spans = _in_results(a, lambda s, e: _same_measure_told_before(a, s, e))
    return _found(a, spans)


_LAST_WORD = re.compile(r"([a-z%]+)\W*$")


def _span_kind(a: Analysis, span: Offsets) -> int | None:
    """The kind of unit a quantity span ends in ("ninety-four percent" -> percentages)."""
    kind = _unit_kind(a, span)
    if kind is not None:
        return kind
    last = _LAST_WORD.search(a.low, span[0], span[1])
    return a.lex.unit_kind.get(last.group(1)) if last else None


def _same_measure_told_before(a: Analysis, start: int, end: int) -> list[Offsets]:
    """An outcome's value in the same kind of unit as one the scene-setting part gave
    ("the crash-free rate had slipped to 98.1%" ... "six weeks later it stood at 99.7%"):
    the earlier value is its baseline."""
    zone = a.action_zone
    if zone >= len(a.text) or start < zone:
        return []
    earlier: set[int | None] | None = a.memo.get("kinds_before_actions")
    if earlier is None:
        told = _quantities(a, 0, zone)
        earlier = {_span_kind(a, span) for span in told}
        earlier.discard(None)
        a.memo["kinds_before_actions"] = earlier
    if not earlier:
        return []
    here = _quantities(a, start, end)
    return [span for span in here if _span_kind(a, span) in earlier]


def _unit_kind(a: Analysis, span: Offsets) -> int | None:
    """The kind of unit ("minutes" and "hours" are one kind) of the quantity at ``span``."""
    digits = _DIGITS.match(a.low, span[0])
    unit = a.lex.unit_after.match(a.low, digits.end()) if digits else None
    return a.lex.unit_kind.get(unit.group().strip()) if unit else None


def _changed_from_earlier(a: Analysis, start: int, end: int) -> list[Offsets]:
    """A change *to* a value ("dropped to 15 minutes") after the answer gave the earlier value
    in the same kind of unit ("were taking 45 minutes"): that earlier value is the baseline."""
    found: list[Offsets] = []
    for s, e in a.cues_in("changed_to", start, end):
        to = _TO_VALUE.search(a.low, s, e)
        kind = _unit_kind(a, (to.end() - 1, e)) if to else None
        if kind is not None and _first_of_kind(a).get(kind, start) < start:
            unit = a.lex.unit_after.match(a.low, e)
            found.append((s, unit.end() if unit else e))
    return found


def _first_of_kind(a: Analysis) -> dict[int, int]:
    """Where the answer first gives a quantity of each kind of unit (scanned once)."""
    cached = a.memo.get("first_of_kind")
    if cached is None:
        cached = []
        kinds: set[int] = set()
        for span in _quantities(a, 0, len(a.text)):
            kind = _unit_kind(a, span)
            if kind is not None and kind not in kinds:
                kinds.add(kind)
                cached.append((kind, span[0]))
        a.memo["first_of_kind"] = cached
    return dict(cached)


_DIGITS = re.compile(r"[$€£¥]?\s?[\d,.]*(?:\s?[-–]\s?[\d,.]+)?")
_TO_VALUE = re.compile(
    r"(?:to|now \w+) "
    r"(?:~|about |roughly |around |under |below |less than |just |only |nearly |almost )?[$€£]?\d"
)


def result_timeframe(a: Analysis) -> Finding:
    def finder(s: int, e: int) -> list[Offsets]:
        return sorted([*a.cues_in("timeframe", s, e), *a.cues_in("outcome_time", s, e)])

    return _found(a, _in_results(a, finder))


_TAIL = re.compile(r"\s*[~<>≈]?\s*[$€£]?[\w.,%/]*(?:\s+[a-z%/]+)?")


def _extend(a: Analysis, span: Offsets) -> Offsets:
    """Grow a baseline cue ("from 47 min to") over the value that follows it."""
    sentence_end = a.sentence_of(span[0])[1]
    tail = _TAIL.match(a.low, span[1], min(sentence_end, span[1] + 30))
    end = tail.end() if tail else span[1]
    while end > span[1] and a.text[end - 1] in ".,":
        end -= 1
    return trimmed(a.text, span[0], end)


# --------------------------------------------------------------------------- L, trade-off


def learning(a: Analysis) -> Finding:
    return _found(a, reflections(a))


def tradeoff(a: Analysis) -> Finding:
    return _found(a, choices(a))


# --------------------------------------------------------------------------- delivery


def first_person(a: Analysis) -> Finding:
    mine, ours = a.i_action_count, _we_contributions(a)
    unit = "action(s)"
    if mine + ours == 0 and not a.prior_action:
        # No actions told at all: nobody's part is told (a problem, a creed).
        return Finding(False, (), 'no actions told with "I"')
    if mine + ours == 0:  # a follow-up that tells none: judge by the first-person words
        mine, ours = a.pronoun_counts
        unit = "mention(s)"
    total = mine + ours
    detail = f'{mine} {unit} with "I", {ours} with "we"'
    told = islice((x for x in a.actions if x.subject == "i"), MAX_EVIDENCE)
    spans = tuple(_action_span(a, x.start, x.verb_end) for x in told)
    passed = mine >= 1 and mine >= FIRST_PERSON_SHARE * total
    if a.hypothetical or is_template(a):
        passed = False  # what one would do, or stock phrases, tell nobody's part
    return Finding(passed, spans if passed else (), detail)


def _we_contributions(a: Analysis) -> int:
    """Actions told with "we", not counting those in a sentence that states the outcome (an
    outcome word, or any sentence under a "Result:" heading, as ``result_sentences`` finds
    them) and tells no action of the speaker's: "we cleared 85% of the backlog" reports the
    team's result, which is fine told with "we"; the rule is about how the speaker tells
    their own contribution. A sentence that also tells an action of the speaker's ("we
    designed it, we built it, and I shipped it") is about contributions, and its "we"
    actions count. (Discounting only sentences with an outcome word, so that a "Result:"
    heading over a list of "we" actions could not hide them, cost two answers other people
    labelled "told with I", and was not kept.)"""
    if not a.we_action_count:
        return 0
    mine = {a.sentences.index(x.verb_start) for x in a.actions if x.subject != "we"}
    outcomes = {a.sentences.index(start) for start, _ in result_sentences(a)} - mine
    return sum(
        1
        for x in a.actions
        if x.subject == "we" and a.sentences.index(x.verb_start) not in outcomes
    )


def length(a: Analysis) -> Finding:
    words = a.word_count
    seconds = words * 60 / WORDS_PER_MINUTE
    detail = f"{words} words, about {round(seconds)} s spoken at {WORDS_PER_MINUTE} wpm"
    return Finding(MIN_WORDS <= words <= MAX_WORDS, (), detail)


CHECKS: dict[str, Callable[[Analysis], Finding]] = {
    "situation": situation,
    "task": task,
    "action": action,
    "result": result,
    "result_quantified": result_quantified,
    "result_baseline": result_baseline,
    "result_timeframe": result_timeframe,
    "learning": learning,
    "tradeoff": tradeoff,
    "first_person": first_person,
    "length": length,
}
