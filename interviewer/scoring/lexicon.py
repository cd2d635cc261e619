"""Load the scorer's word lists (``data/lexicon.toml``) once and compile them.

The TOML holds regular-expression fragments; this module joins each list into one
alternation that matches whole words only, case-insensitively, and caches the result so
that scoring never touches the disk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from interviewer.resources import load_toml
from interviewer.scoring.competencies import fit_families
from interviewer.scoring.cues import CueIndex
from interviewer.scoring.fragments import APOS, prepare

_META = frozenset(".^$*+?{}[]\\|()")
_CLAUSE_MARKS = "[,;:()—–]"
"""Punctuation that ends a clause; the words that do are listed in the data."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower-case ASCII letters only, so that every offset stays where it was.

    All patterns are compiled in lower case and matched against the folded text: faster
    than case-insensitive matching, and offsets map one to one onto the original. Runs of
    other characters (curly quotes, accents, scripts whose lower case may be longer) are
    kept as they are; ``str.translate`` would do the same, several times more slowly.
    """
    if text.isascii():
        return text.lower()
    pieces: list[str] = []
    position = 0
    for run in _NON_ASCII.finditer(text):
        pieces.append(text[position : run.start()].lower())
        pieces.append(run.group())
        position = run.end()
    pieces.append(text[position:].lower())
    return "".join(pieces)


def _has_top_level_bar(fragment: str) -> bool:
    depth = 0
    escaped = in_class = False
    for char in fragment:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def _fragment(items: list[str]) -> str:
    return "|".join(prepare(items))


def _alternation(items: list[str]) -> str:
    """``items`` as one whole-word alternation, dispatched on the first letter.

    Python's regex engine tries alternatives one by one at every position; grouping them by
    their first letter (``a(?:fter|bout)|b(?:y|ut)``) makes a failed position cost one
    comparison per letter instead of one per alternative.
    """
    groups: dict[str, list[str]] = {}
    other: list[str] = []
    for fragment in prepare(items):
        first = fragment[:1]
        simple = first.isalpha() and first.isascii() and fragment[1:2] not in ("?", "*", "+", "{")
        if simple and not _has_top_level_bar(fragment):
            groups.setdefault(first, []).append(fragment[1:])
        else:
            other.append(fragment)
    dispatched = "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in sorted(groups.items()))
    parts = [rf"\b(?:{dispatched})"] if dispatched else []
    if other:
        parts.append(rf"(?:(?<!\w)|(?!\w))(?:{'|'.join(other)})")
    return f"(?:{'|'.join(parts)})(?!\\w)"


def _words(items: list[str]) -> re.Pattern[str]:
    """Any of ``items`` as a whole word (not inside a longer word), on folded text."""
    return re.compile(_alternation(items))


def _ending(items: list[str]) -> re.Pattern[str]:
    """Any of ``items`` as the last word(s) before the point searched from (use ``search``)."""
    return re.compile(rf"(?<![\w-])(?:{_fragment(items)})\s*$")


def _starting(items: list[str]) -> re.Pattern[str]:
    """Any of ``items`` right at the point matched from (use ``match``)."""
    return re.compile(rf"\s?(?:{_fragment(items)})(?!\w)")


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns, one attribute per cue family; ``cues`` finds them all at once."""

    cues: CueIndex
    labels: re.Pattern[str]
    title_goal: re.Pattern[str]
    action_verbs: frozenset[str]
    not_actions: frozenset[str]
    base_irregular: frozenset[str]
    present_actions: frozenset[str]  # "I take", "I call": steps of a story told in the present
    base_not_actions: frozenset[str]
    base_not_words: frozenset[str]
    base_takes_object: re.Pattern[str]
    finite_after_noun: re.Pattern[str]
    pronouns: re.Pattern[str]
    mine: re.Pattern[str]
    ours: re.Pattern[str]
    unit_kind: dict[str, int]
    subject_verb: re.Pattern[str]
    collaboration: re.Pattern[str]
    not_outcome_before: re.Pattern[str]
    unit_after: re.Pattern[str]
    people_after: re.Pattern[str]
    people_before: re.Pattern[str]
    version_before: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    timeframe_before: re.Pattern[str]
    spelled: re.Pattern[str]
    spelled_before: re.Pattern[str]  # a spelled number after "from", "to", "fell to"...
    clause_break: re.Pattern[str]
    clause_marks: re.Pattern[str]


LABEL_AFTER = r"[.!?\"”’)][ \t]"
"""What precedes a label inside a line: a finished sentence and a space."""


def _label_pattern(labels: dict[str, list[str]]) -> re.Pattern[str]:
    groups = "|".join(f"(?P<{kind}>{_fragment(items)})" for kind, items in labels.items())
    # A label opens a line ("- **Result:**"), or follows a finished sentence on the same line
    # ('...themselves." Result: "It took...'); inline, only a colon makes it a label.
    return re.compile(
        r"(?:^[ \t]*(?:[-*•>+]+[ \t]*|#{1,6}[ \t]*|\d{1,2}[.)][ \t]*)?"
        rf"|(?P<inline>)(?<={LABEL_AFTER}))"
        rf"(?:\*\*|__)?(?:{groups})"
        r"(?:\*\*|__)?(?:[ \t]*\([^()\n]{0,30}\))?(?:\*\*|__)?"
        r"(?(inline)[ \t]*[:：](?:\*\*|__)?"
        r"|(?:[ \t]*[:：](?:\*\*|__)?|[ \t]+[-–—](?=[ \t])|[ \t]*$))",
        re.MULTILINE,
    )


def _after_non_word(items: list[str]) -> str:
    """``items`` as an alternation, each matching only where no word character precedes it.

    The look-behind comes after the word (``but(?<![\\w]but)``) rather than before it, so
    the engine skips ahead to the letters that can start a word instead of testing a
    look-behind at every character. That needs literal items; with any pattern among them,
    the look-behind goes first.
    """
    prepared = prepare(items)
    if any(char in _META for item in prepared for char in item):
        return rf"(?<!\w)(?:{'|'.join(prepared)})"
    return "|".join(f"{item}(?<!\\w{item})" for item in prepared)


def _whole_words(items: list[str]) -> re.Pattern[str]:
    """Any of ``items`` as a whole word (not inside "I'm" or "we've")."""
    return re.compile(rf"(?<![\w'’])(?:{_fragment(items)})(?![\w'’])")


def _pronouns(singular: list[str], plural: list[str]) -> re.Pattern[str]:
    """First-person pronouns, whole words, with any contraction ("I'm", "we've"); the group
    ``singular`` is set for the speaker's own ones."""

    def words(items: list[str]) -> str:
        # The look-behind follows each word, so the engine skips to letters that can start one.
        return "|".join(f"{w}(?<![\\w'’]{w})" for w in prepare(items))

    return re.compile(
        rf"(?:(?P<singular>{words(singular)})|{words(plural)})"
        rf"(?:{APOS}(?:m|ve|d|ll|re))?(?![\w'’])"
    )


def _subject_verb(pronouns: list[str], adverbs: list[str]) -> re.Pattern[str]:
    """A subject pronoun, up to two adverbs, then the next word (captured as ``verb``)."""
    subject = "|".join(f"{p}(?<![\\w'’]{p})" for p in prepare(pronouns))
    return re.compile(
        rf"(?P<subject>{subject})\s+"
        rf"(?:(?:{_fragment(adverbs)})\s+){{0,2}}(?P<verb>[A-Za-z]+)(?![\w'’])"
    )


def _load_toml() -> Mapping[str, Any]:
    return load_toml("lexicon.toml")


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon (loaded on first use, then cached for the process)."""
    data = _load_toml()
    fits = fit_families()
    action = data["action"]
    numbers = data["numbers"]
    families = {
        "context": data["situation"]["context"],
        "stakes": data["situation"]["stakes"],
        "task": data["task"]["cues"],
        "result": data["result"]["cues"],
        "result_markers": data["result"]["markers"],
        "purpose": data["result"]["purpose_in_clause"],
        "multipliers": numbers["multipliers"],
        "baseline": data["baseline"]["cues"],
        "changed_to": data["baseline"]["changed_to"],
        "timeframe": data["timeframe"]["cues"],
        "learning": data["learning"]["cues"],
        "tradeoff_strong": data["tradeoff"]["strong"],
        "tradeoff_after_action": data["tradeoff"]["after_action"],
        "negation": data["negation"]["words"],
        "generic": data["generic"]["cues"],
        "hypothetical": data["hypothetical"]["cues"],
        "outcome_time": data["outcome_time"]["cues"],
        "hedge": data["hedge"]["cues"],
        "plan": data["plan"]["cues"],
        "clause_break": data["negation"]["clause_breaks"],
    }
    return Lexicon(
        cues=CueIndex(
            {name: prepare(items) for name, items in families.items()} | fits, ordered=fits
        ),
        labels=_label_pattern(data["labels"]),
        title_goal=_words(data["task"]["title_goal"]),
        action_verbs=frozenset(v.lower() for v in action["irregular"]),
        not_actions=frozenset(v.lower() for v in action["not_actions"]),
        base_irregular=frozenset(v.lower() for v in action["base_irregular"]),
        present_actions=frozenset(v.lower() for v in action["present"]),
        base_not_actions=frozenset(v.lower() for v in action["base_not_actions"]),
        base_not_words=frozenset(v.lower() for v in action["base_not_words"]),
        finite_after_noun=re.compile(
            r"(?:[ \t]+[\w'’-]+)?[ \t]+"
            rf"(?:{_fragment(data['task']['finite_after_noun'])})(?![\w'’])"
        ),
        base_takes_object=re.compile(
            rf"\s+(?:{_fragment(action['base_object_starts'])})(?![\w'’])|\s*(?:[.,;:!?)]|$)"
        ),
        unit_kind={u: i for i, kind in enumerate(data["baseline"]["unit_kinds"]) for u in kind},
        subject_verb=_subject_verb(["I", "we"], action["adverbs"]),
        pronouns=_pronouns(data["first_person"]["singular"], data["first_person"]["plural"]),
        mine=_whole_words(data["first_person"]["singular"]),
        ours=_whole_words(data["first_person"]["plural"] + data["first_person"]["others"]),
        collaboration=_words(action["collaboration"]),
        not_outcome_before=re.compile(
            rf"(?<![\w-])(?:{_fragment(data['result']['not_outcome_before'])})"
            r"\s+(?:[a-z]+ly\s+|also\s+|further\s+|then\s+)?$"
        ),
        unit_after=_starting(numbers["units"]),
        people_after=re.compile(rf"\s?-?\s?(?:{_fragment(numbers['people'])})(?!\w)"),
        people_before=_ending(numbers["people_before"]),
        version_before=re.compile(rf"(?<!\w)(?:{_fragment(numbers['version_before'])})\s?$"),
        month_before=_ending(numbers["months"]),
        month_after=_starting(numbers["months"]),
        timeframe_before=re.compile(
            rf"(?<!\w)(?:{_fragment(numbers['timeframe_before'])})\s+[*_]{{0,2}}(?:the\s+)?"
            r"(?:next\s+|first\s+|following\s+|past\s+|last\s+)?"
            r"(?:~\s?|about\s+|roughly\s+|around\s+|just\s+|only\s+|under\s+|less than\s+)?$"
        ),
        spelled=re.compile(
            rf"(?<![\w-])(?:{_fragment(numbers['spelled'])})"
            rf"(?=[\s-]?(?:{_fragment(numbers['units'])})(?!\w)|\s(?:{_fragment(numbers['spelled_after'])})(?!\w))"
        ),
        spelled_before=re.compile(
            rf"(?<!\w)(?:{_fragment(numbers['spelled_before'])})\s+"
            rf"(?:{_fragment(numbers['spelled'])})(?![\w-])"
        ),
        clause_break=re.compile(
            rf"{_CLAUSE_MARKS}|(?:{_after_non_word(data['negation']['clause_breaks'])})(?!\w)"
        ),
        clause_marks=re.compile(_CLAUSE_MARKS),
    )
