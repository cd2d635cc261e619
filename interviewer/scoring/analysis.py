"""One pass over an answer: sentences, labelled sections, actions and where results begin.

The rules in ``checks.py`` read this instead of re-scanning the text, so each answer is
tokenised and scanned for actions once, however many rules look at it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from interviewer.scoring.cues import CueScan
from interviewer.scoring.lexicon import Lexicon, fold, lexicon
from interviewer.scoring.text import (
    Section,
    Sentences,
    count_words,
    first_word,
    has_words,
    sections,
    trimmed,
)

_CLAUSE_SPLIT = re.compile(r";\s+")
_ABLE_TO = re.compile(r"\s+able\s+to\s+(?P<verb>[a-z]+)(?![\w'’])")
_COORDINATED = re.compile(
    # "\s+" starts only at the first space of a run, so a long run is not retried at each space
    r"(?:,\s*(?:and\s+|then\s+|and\s+then\s+)?|(?<!\s)\s+(?:and|then|and\s+then)\s+)"
    r"(?:(?:also|then|finally|[a-z]{2,12}ly)\s+)?(?P<verb>[a-z]+)(?![\w'’])"
)
# Each word checks the character before it once it has matched (not before every character).
_OTHER_SUBJECT = re.compile(
    "(?:"
    + "|".join(
        f"{w}(?<![\\w'’]{w})"
        for w in ("we", "they", "he", "she", "my team", "our team", "the team", "everyone")
    )
    + r")(?![\w'’])"
)


_HABIT_BEFORE = re.compile(r"(?:always|usually|often|never|would|will|if|when|should|can)\s+$")
"""Words before "I" that make a present verb a habit or a plan, not a step of the story."""

_PAST_AUXILIARIES = ("was", "were", "had", "did")
"""Past forms that tell a time, not an action: "I was", "we had"."""
_PAST_BE = re.compile(rf"(?<![\w'’])(?:{'|'.join(_PAST_AUXILIARIES)})(?![\w'’])")


@dataclass(frozen=True, slots=True)
class Action:
    """A concrete action clause: who did it and where the verb is."""

    subject: str  # "i", "we" or "implied" (a verb-first bullet or sentence: "Built a tool")
    start: int  # start of the clause (subject, or the verb when implied/coordinated)
    verb_start: int
    verb_end: int


@dataclass
class Analysis:
    """What the rules need to know about one text."""

    text: str
    lex: Lexicon
    prior_action: bool = False
    full_words: int | None = None  # words in the whole answer when only its head is analysed
    low: str = field(init=False)  # the text with ASCII letters folded to lower case
    sentences: Sentences = field(init=False)
    sections: list[Section] = field(init=False)
    clauses: list[re.Match[str]] = field(init=False)  # each "I"/"we" and the word after it
    actions: list[Action] = field(init=False)
    memo: dict[str, Any] = field(init=False, default_factory=dict)  # what later passes derive
    scan: CueScan = field(init=False)

    def __post_init__(self) -> None:
        self.low = fold(self.text)
        self.sentences = Sentences(self.low)
        self.sections = sections(self.low, self.lex)
        self.clauses = list(self.lex.subject_verb.finditer(self.low))
        self.actions = _find_actions(self.low, self.lex, self.sentences, self.clauses)
        self.scan = self.lex.cues.scan(self.low)

    def cues(self, family: str) -> list[tuple[int, int]]:
        """Matches of a cue family anywhere in the text (scanned once, on first use)."""
        return self.scan.find(family)

    def cues_in(self, family: str, start: int, end: int) -> list[tuple[int, int]]:
        """Matches of a cue family inside ``text[start:end]`` only (not cached)."""
        return self.scan.find(family, start, end)

    @cached_property
    def _negations(self) -> list[int]:
        return [start for start, _ in self.cues("negation")]

    @cached_property
    def word_count(self) -> int:
        if self.full_words is not None:
            return self.full_words
        count = self.scan.word_count()
        return count if count >= 0 else count_words(self.text)

    @cached_property
    def action_zone(self) -> int:
        """Offset from which outcomes count: the sentence of the first action (0 if the story
        already told its actions in an earlier turn). With no action at all, the opening
        sentence still only sets the scene: "...so I joined a group, and I've closed 80% of
        the gap" reports an outcome after it."""
        if self.prior_action:
            return 0
        starts = [a.start for a in self.actions]
        starts += [s.start for s in self.sections if s.kind in ("action", "result")]
        if not starts:
            if self.narrates_past and len(self.sentences) > 1:
                return self.sentences.starts[1]
            return len(self.text)
        return self.sentences.starts[self.sentences.index(min(starts))] if self.sentences else 0

    @cached_property
    def narrates_past(self) -> bool:
        """Does the speaker tell something that happened ("I joined", "we noticed"), rather
        than what they believe or would do ("I think", "I would")?"""
        for match in self.clauses:
            verb = match["verb"]
            if verb in self.lex.action_verbs or verb in self.lex.not_actions or verb.endswith("ed"):
                return verb not in _PAST_AUXILIARIES
        return False

    @cached_property
    def tells_past(self) -> bool:
        """Does the speaker tell anything in the past ("I was", "we had", "I joined")? A creed
        or a plan ("I would first assess...", "I have found that...") does not."""
        if _PAST_BE.search(self.low):
            return True
        if any(
            x.subject == "implied" and _told(self.low[x.verb_start : x.verb_end], self.lex)
            for x in self.actions
        ):
            return True  # verb-first bullets in the past: "- Quarantined the flaky tests"
        return any(_told(m["verb"], self.lex) for m in self.clauses)

    @cached_property
    def hypothetical(self) -> bool:
        """Does the speaker say what they would do more than what they did ("If I saw a
        problem, I would first...")? A plan or a creed sets no scene."""
        would = len(self.cues("hypothetical"))
        return would >= 2 and would > self.i_action_count

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_kind(self, offset: int) -> str | None:
        """The kind of the labelled section holding ``offset``, if any."""
        # Sections follow one another without overlap: only the last one opened before
        # ``offset`` can hold it (a bisection, so a text with many labels stays linear).
        if not self.sections:
            return None
        index = bisect_right(self._section_starts, offset) - 1
        if index < 0:
            return None
        section = self.sections[index]
        return section.kind if offset < section.end else None

    @cached_property
    def _worded_sections(self) -> list[Section]:
        """The labelled sections that hold at least three words."""
        return [s for s in self.sections if has_words(self.low, s.start, s.end, 3)]

    def section_spans(self, kind: str) -> list[tuple[int, int]]:
        """Labelled sections of ``kind`` that hold at least three words."""
        return [(s.start, s.end) for s in self._worded_sections if s.kind == kind]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        return self.sentences.span(self.sentences.index(offset))

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``text[start:end]`` without surrounding whitespace and bullet marks."""
        return trimmed(self.text, start, end)

    def sentence_spans(self, offsets: Iterable[int]) -> list[tuple[int, int]]:
        """The (trimmed) sentences holding ``offsets``, once each, in order."""
        seen: dict[int, tuple[int, int]] = {}
        for offset in offsets:
            index = self.sentences.index(offset)
            if index not in seen and self.sentences:
                seen[index] = trimmed(self.text, *self.sentences.span(index))
        return [seen[i] for i in sorted(seen) if seen[i][0] < seen[i][1]]

    @cached_property
    def _breaks(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the clause breaks (commas, "but", "which"...), in order."""
        marks = [m.span() for m in self.lex.clause_marks.finditer(self.low)]
        spans = sorted(marks + self.cues("clause_break"))
        return [s for s, _ in spans], [e for _, e in spans]

    def next_break(self, offset: int, limit: int) -> int | None:
        """Where the first clause break at or after ``offset`` and before ``limit`` starts."""
        starts, ends = self._breaks
        index = bisect_left(starts, offset)
        return starts[index] if index < len(starts) and ends[index] <= limit else None

    def clause_start(self, offset: int) -> int:
        """Where the clause holding ``offset`` starts (looking back at most 80 characters)."""
        start = max(self.sentences.starts[self.sentences.index(offset)], offset - 80)
        starts, ends = self._breaks
        last = bisect_right(ends, offset) - 1
        if last < 0 or ends[last] <= start:
            return start
        if starts[last] >= start:
            return ends[last]
        # A break that straddles the window's start: look inside the window only.
        for brk in self.lex.clause_break.finditer(self.low, start, offset):
            start = brk.end()
        return start

    def negated(self, start: int, end: int, clause: int | None = None) -> bool:
        """Is the cue at ``text[start:end]`` negated within its clause ("I never measured")?
        ``clause``: ``clause_start(start)``, when the caller has it already."""
        negations = self._negations
        index = bisect_left(negations, self.clause_start(start) if clause is None else clause)
        return index < len(negations) and negations[index] < end

    @cached_property
    def pronoun_counts(self) -> tuple[int, int]:
        """How often the text says "I", "me", "my" (and I'm, I've...) and "we", "us", "our"
        (and we're, we've...): the lexicon's first-person words."""
        singular = plural = 0
        for match in self.lex.pronouns.finditer(self.low):
            if match.group("singular") is not None:
                singular += 1
            elif self.text[match.start() : match.end()] != "US":  # the country, not "us"
                plural += 1
        return singular, plural

    @cached_property
    def i_action_count(self) -> int:
        return sum(1 for a in self.actions if a.subject != "we")

    @cached_property
    def we_action_count(self) -> int:
        return sum(1 for a in self.actions if a.subject == "we")


MAX_ANALYSED_CHARS = 40_000
"""How much of an answer is read: about 7,000 words, three quarters of an hour spoken. The
rest of a longer answer still counts for its length, but no rule reads it, so time and
memory stay bounded whatever is pasted in (a 5 MB answer costs what a 40 KB one does)."""


def _head(text: str) -> str:
    """The first ``MAX_ANALYSED_CHARS`` of ``text``, cut at a space where there is one."""
    cut = text.rfind(" ", MAX_ANALYSED_CHARS // 2, MAX_ANALYSED_CHARS)
    return text[: cut if cut > 0 else MAX_ANALYSED_CHARS]


def analyse(text: str, *, prior_action: bool = False) -> Analysis:
    if len(text) <= MAX_ANALYSED_CHARS:
        return Analysis(text, lexicon(), prior_action)
    return Analysis(_head(text), lexicon(), prior_action, count_words(text))


def is_action_verb(verb: str, lex: Lexicon) -> bool:
    word = verb.lower()
    if word in lex.not_actions:
        return False
    return word in lex.action_verbs or (len(word) > 4 and word.endswith("ed"))


def _told(verb: str, lex: Lexicon) -> bool:
    """A verb that tells what happened ("realized", "went"), not a belief or a plan."""
    word = verb.lower()
    return word.endswith("ed") or word in lex.not_actions or word in lex.action_verbs


def is_base_action(verb: str, lex: Lexicon) -> bool:
    """A base form after "able to" ("solve", "deliver", "build") that names a concrete action."""
    word = verb.lower()
    if word in lex.base_not_actions or word in lex.base_not_words:
        return False
    if word in lex.base_irregular:
        return True
    if word.endswith("ed"):
        return is_action_verb(word, lex)
    # A base form is no "-ing" or "-ly" word and no plural: "ensuring", "quickly", "thus"
    # would pass by their made-up "-ed" forms ("ensuringed", "thused").
    if word.endswith(("ing", "ly")) or (word.endswith("s") and not word.endswith("ss")):
        return False
    return is_action_verb(word + "d" if word.endswith("e") else word + "ed", lex)


def _find_actions(
    text: str, lex: Lexicon, sentences: Sentences, clauses: list[re.Match[str]]
) -> list[Action]:
    actions: dict[int, Action] = {}

    # Where each "I"/"we" clause starts: a clause's joined verbs end where the next one begins,
    # so each stretch of text is scanned once ("I fixed it, and I fixed it, and ..." stays
    # linear in its length).
    subjects = [match.start() for match in clauses]

    def coordinated(subject: str, after: int, base: bool = False) -> None:
        sentence_end = sentences.span(sentences.index(after))[1]
        index = bisect_right(subjects, after)
        if index < len(subjects) and subjects[index] < sentence_end:
            sentence_end = subjects[index]
        other = _OTHER_SUBJECT.search(text, after, sentence_end)
        limit = other.start() if other else sentence_end
        for match in _COORDINATED.finditer(text, after, limit):
            verb = match["verb"]
            s, e = match.span("verb")
            if is_action_verb(verb, lex) or (
                base and is_base_action(verb, lex) and lex.base_takes_object.match(text, e)
            ):
                actions.setdefault(s, Action(subject, s, s, e))

    for match in clauses:
        subject = "i" if match["subject"].lower() == "i" else "we"
        verb = match["verb"]
        s, e = match.span("verb")
        if verb.lower() in ("was", "were"):
            able = _ABLE_TO.match(text, e)
            if able is None:
                continue
            s, e = able.span("verb")
            if is_base_action(able["verb"], lex):
                actions.setdefault(s, Action(subject, match.start(), s, e))
            coordinated(subject, e, base=True)  # "able to solve it and deliver"
            continue
        if is_action_verb(verb, lex) or lex.collaboration.match(text, s):
            actions.setdefault(s, Action(subject, match.start(), s, e))
            coordinated(subject, e)
        elif _told(verb, lex):
            # Verbs joined to a told verb that is no action are the subject's actions too:
            # "I realized the error and promptly notified the physician".
            coordinated(subject, e)
        elif (
            verb.lower() in lex.present_actions
            and lex.base_takes_object.match(text, e)
            and not _HABIT_BEFORE.search(text, max(0, match.start() - 12), match.start())
        ):
            # A story told in the present, as many non-native speakers tell one: "So I take
            # the part from our stock, I drive 300 km and I fix the machine".
            actions.setdefault(s, Action(subject, match.start(), s, e))
            coordinated(subject, e, base=True)

    for index in range(len(sentences)):
        start, end = sentences.span(index)
        clause_start = start
        splits = _CLAUSE_SPLIT.finditer(text, start, end) if text.find(";", start, end) >= 0 else ()
        for piece in [*splits, None]:
            clause_end = piece.start() if piece else end
            word = first_word(text, clause_start, clause_end)
            if word is not None and is_action_verb(word[2], lex) and word[0] not in actions:
                actions[word[0]] = Action("implied", word[0], word[0], word[1])
                coordinated("implied", word[1])
            if piece is not None:
                clause_start = piece.end()
    return sorted(actions.values(), key=lambda a: a.verb_start)
