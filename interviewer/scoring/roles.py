"""The role each sentence plays in a story, found once per answer before any rule runs.

A coach reads an answer by asking what each sentence is doing: setting the scene, stating
the speaker's goal, telling what the speaker did, what others did, what came of it, what
was weighed, or what the speaker took away. This module gives every sentence those roles
(a sentence can hold more than one: "I added a cache, which cut p99 from 2 s to 380 ms" is
an own action and an outcome), and the checks in ``checks.py`` judge each rule inside the
roles it belongs to: a number counts as a quantified result only in an outcome, "last
year" is a timeframe only in an outcome, a lesson only in a reflection. Every verdict can
then name the sentence and the role behind it.

Role cues are data (``data/lexicon.toml``); this module only says how they combine.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from interviewer.scoring.analysis import Analysis
from interviewer.scoring.cues import Offsets

_CONDITIONAL = re.compile(r"(?<!\w)(?:if|unless|whether|in case)(?!\w)")
_STATED_NEGATIVELY = ("not ", "never ", "no longer ", "were not", "was not", "are not", "is not")
"""Outcome cues that carry their own "not" ("not one back injury"): nothing negates them."""
SETTING_SECTIONS = ("situation", "task")
"""Labelled sections that set the scene: outcome words and risk words there are background."""


class Role:
    """The roles a sentence can play, as plain strings (hashing an Enum member runs Python
    code; these sets are built for every sentence of every answer)."""

    CONTEXT = "context"  # the setting, the problem and what was at stake
    GOAL = "goal"  # the speaker's own goal, duty or role
    OWN_ACTION = "own_action"  # something the speaker did
    OTHER_ACTION = "other_action"  # something the team or someone else did
    OUTCOME = "outcome"  # what came of it
    CHOICE = "choice"  # an option weighed, a risk taken or guarded against
    REFLECTION = "reflection"  # a lesson, or what the speaker would change
    NARRATION = "narration"  # anything else in the story


PRIMARY_ORDER = (
    Role.REFLECTION,
    Role.CHOICE,
    Role.OUTCOME,
    Role.OWN_ACTION,
    Role.GOAL,
    Role.OTHER_ACTION,
    Role.CONTEXT,
    Role.NARRATION,
)
"""Which role names a sentence that holds several, in the evidence and in ``score`` output."""

SECTION_ROLE = {
    "situation": Role.CONTEXT,
    "task": Role.GOAL,
    "action": Role.OWN_ACTION,
    "result": Role.OUTCOME,
    "learning": Role.REFLECTION,
    "tradeoff": Role.CHOICE,
}


@dataclass(frozen=True, slots=True)
class Outcomes:
    sentences: list[Offsets]  # sentences that state an outcome (trimmed spans), in order
    words: list[Offsets]  # the outcome words that made them so


def outcomes(a: Analysis) -> Outcomes:
    """Sentences that state an outcome: an outcome word after the first action, or any
    sentence in a labelled result section; purposes and plans ("to reduce", "would
    improve") and negated outcomes ("didn't see any improvement") do not count."""
    cached = a.memo.get("outcomes")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    markers = {a.sentences.index(s) for s, _ in a.cues("result_markers")}
    offsets: list[int] = []
    words: list[Offsets] = []
    zone = a.action_zone
    if not markers and not any(s.kind == "result" for s in a.sections):
        candidates = a.cues_in("result", zone, len(a.text))
    else:
        candidates = a.cues("result")
    # A sentence after the first action that is anchored in time tells what came to be
    # ("By the lunch rush restaurants were syncing again"), outcome verb or not.
    reflecting = _sentence_set(a, reflections(a))
    timed = [
        span
        for span in a.cues_in("outcome_time", zone, len(a.text))
        if a.sentences.index(span[0]) not in reflecting  # "I'd set the SLOs on day one"
    ]
    accepted: set[int] = set()
    hedged: set[int] = set()
    if a.sentences:
        hedged = {a.sentences.index(s) for s, _ in [*a.cues("hedge"), *a.cues("plan")]}
    if a.hypothetical:
        candidates, timed = [], []  # what one would do has no outcome yet
    for start, end in sorted([*candidates, *timed]):
        index = a.sentences.index(start)
        if index in accepted or index in hedged:
            continue  # stated already (its first word is recorded), or not sure it happened
        sentence_start = a.sentences.starts[index] if a.sentences else 0
        section = a.section_kind(start)
        early = sentence_start < zone and index not in markers
        if (early and section != "result") or section in SETTING_SECTIONS:
            continue
        before = a.low[max(sentence_start, start - 30) : start]
        if a.lex.not_outcome_before.search(before):
            continue
        clause = a.clause_start(start)
        if not a.low.startswith(_STATED_NEGATIVELY, start) and a.negated(start, end, clause):
            continue
        if _CONDITIONAL.search(a.low, clause, start) or _planned(a, clause, start):
            continue
        offsets.append(start)
        words.append((start, end))
        accepted.add(index)
    for s, e in a.section_spans("result"):
        s, e = a.trimmed(s, e)
        first = a.sentences.index(s)
        last = a.sentences.index(max(s, e - 1))
        offsets.extend(
            a.sentences.starts[i] for i in range(first, last + 1) if a.sentences and i not in hedged
        )
    result = Outcomes(a.sentence_spans(offsets), words)
    a.memo["outcomes"] = result
    return result


def _planned(a: Analysis, clause: int, start: int) -> bool:
    """Is the outcome word at ``start`` part of a plan named earlier in its clause ("I hoped
    to cut the steps from seven to four")? Every such phrase ends in " to"."""
    return a.low.find(" to ", clause, start) >= 0 and bool(a.cues_in("purpose", clause, start))


CONTEXT_SENTENCES = 3
CONTEXT_SHARE = 0.4


def context_end(a: Analysis) -> int:
    """Where the scene-setting part of an answer ends at the latest: the first three
    sentences, the first 40 % of the text, or up to the speaker's first action when that
    comes later (a long answer that sets the scene at length before telling anything)."""
    if not a.sentences:
        return 0
    count = min(len(a.sentences), CONTEXT_SENTENCES)
    zone = a.action_zone if a.action_zone < len(a.text) else 0
    return max(a.sentences.ends[count - 1], int(len(a.text) * CONTEXT_SHARE), zone)


def after_outcome(a: Analysis, offset: int) -> bool:
    """Does ``offset`` come after an outcome word in the same sentence?"""
    words = outcomes(a).words
    index = bisect_left(words, (a.sentences.starts[a.sentences.index(offset)], 0))
    return index < len(words) and words[index][0] < offset


def reflections(a: Analysis) -> list[Offsets]:
    """Sentences (or the labelled section) where the speaker reflects: a lesson, hindsight."""
    if a.hypothetical or is_template(a):
        # What one would do is a plan, and a template's "I learned that ownership means..."
        # a creed: neither is a lesson drawn from something that happened.
        return []
    labelled = a.section_spans("learning")
    if labelled:
        return [a.trimmed(*labelled[0])]
    spans = [span for span in a.cues("learning") if not a.negated(*span)]
    return a.sentence_spans(s for s, _ in spans)


_COMPARISON = re.compile(
    r"\s+(?:the |an? |our |my )?"
    r"(?:expected |usual |typical |normal |planned |estimated |original )?"
    r"(?:~|about |roughly |around )?(?:\d|once|twice|one|two|three|four|five|six|a few|several)"
)


def choices(a: Analysis) -> list[Offsets]:
    """Sentences (or the labelled section) that weigh an option, a risk or a cost: "chose X
    over Y", "instead of", "rather than"; once the speaker is telling their actions, also
    risk handling ("feature flag", "fallback", "to avoid"). Alternatives named only as
    hindsight are reflections, and "instead of once a week" is a before and after."""
    cached = a.memo.get("choices")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    labelled = a.section_spans("tradeoff")
    if a.hypothetical or is_template(a):
        found: list[Offsets] = []  # options weighed in a plan or a template were never weighed
    elif labelled:
        found = [a.trimmed(*labelled[0])]
    else:
        after_action = [
            span
            for span in a.cues_in("tradeoff_after_action", a.action_zone, len(a.text))
            if _live(a, span) and a.section_kind(span[0]) not in SETTING_SECTIONS
        ]
        spans = [x for x in a.cues("tradeoff_strong") if _live(a, x)] + after_action
        hindsight = _sentence_set(a, reflections(a))
        # "...stayed on the device instead of going to the partner" in an outcome that tells
        # no action of the speaker's compares before and after; it weighs no option.
        told = {a.sentences.index(x.verb_start) for x in a.actions if x.subject != "we"}
        outcome_only = _sentence_set(a, outcomes(a).sentences) - told
        spans = [
            span
            for span in spans
            if a.sentences.index(span[0]) not in hindsight
            and not _COMPARISON.match(a.low, span[1])
            and not (
                a.sentences.index(span[0]) in outcome_only
                and a.low.startswith(("instead", "rather"), span[0])
            )
        ]
        found = a.sentence_spans(sorted(s for s, _ in spans))
    a.memo["choices"] = found
    return found


def _live(a: Analysis, span: Offsets) -> bool:
    """Not negated; a cue that is itself a refusal ("didn't wait") negates nothing."""
    return a.low.startswith(("didn", "did not", "not "), span[0]) or not a.negated(*span)


def _sentence_set(a: Analysis, spans: list[Offsets]) -> set[int]:
    found: set[int] = set()
    for start, end in spans:
        first = a.sentences.index(start)
        last = a.sentences.index(max(start, end - 1))
        found.update(range(first, last + 1))
    return found


def sentence_roles(a: Analysis) -> list[frozenset[str]]:
    """Every sentence's roles, in order (one entry per sentence of ``a.sentences``)."""
    cached = a.memo.get("roles")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    count = len(a.sentences)
    roles: list[set[str]] = [set() for _ in range(count)]
    if count:
        for section in a.sections:
            role = SECTION_ROLE.get(section.kind)
            if role is not None:
                for index in _sentence_set(a, [(section.start, section.end)]):
                    roles[index].add(role)
        for index in _sentence_set(a, outcomes(a).sentences):
            roles[index].add(Role.OUTCOME)
        for index in _sentence_set(a, reflections(a)):
            roles[index].add(Role.REFLECTION)
        for index in _sentence_set(a, choices(a)):
            roles[index].add(Role.CHOICE)
        for x in a.actions:
            index = a.sentences.index(x.verb_start)
            roles[index].add(Role.OTHER_ACTION if x.subject == "we" else Role.OWN_ACTION)
        for start, _ in a.cues("task"):
            if not a.negated(start, start + 1):
                roles[a.sentences.index(start)].add(Role.GOAL)
        zone = a.action_zone
        for index in range(count):
            if not roles[index] and a.sentences.starts[index] < zone:
                roles[index].add(Role.CONTEXT)
            elif not roles[index]:
                roles[index].add(Role.NARRATION)
    frozen = [frozenset(r) for r in roles]
    a.memo["roles"] = frozen
    return frozen


def primary(roles: frozenset[str]) -> str:
    return next((r for r in PRIMARY_ORDER if r in roles), Role.NARRATION)


def role_at(a: Analysis, offset: int) -> str:
    """The primary role of the sentence holding ``offset``."""
    if not a.sentences:
        return Role.NARRATION
    return primary(sentence_roles(a)[a.sentences.index(offset)])


TEMPLATE_SHARE = 0.2
"""Share of an answer's sentences made of stock phrases above which it is a template."""


def generic_sentences(a: Analysis) -> set[int]:
    """Sentences that hold a stock phrase ("leveraged data", "aligned stakeholders")."""
    cached: set[int] | None = a.memo.get("generic")
    if cached is None:
        cached = {a.sentences.index(s) for s, _ in a.cues("generic")} if a.sentences else set()
        a.memo["generic"] = cached
    return cached


def is_template(a: Analysis) -> bool:
    """Is the answer a template that names the parts of a story in stock phrases instead of
    telling one? At least a fifth of its sentences are generic, and two or more of them."""
    generic = generic_sentences(a)
    return len(generic) >= 2 and len(generic) >= TEMPLATE_SHARE * max(1, len(a.sentences))
