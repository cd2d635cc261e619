"""What kind of reply the candidate gave, in context: an answer, or something else.

The planner scores every turn as an answer; a human does not always give one. They skip a
question ("I'd rather pass"), ask about it ("what do you mean by ownership?"), talk about
something else (the weather, the company's benefits), type nonsense ("asdf"), point back at
what they said ("as I said, it was 40%"), start another story in reply to a follow-up, or
tell again a story they told for an earlier principle. :func:`read_reply` tells which, from
the phrases in ``data/replies.toml`` (loaded once) and the scorer's own signals.

Precision comes before recall: every kind but ANSWER, ALREADY_SAID, NEW_STORY and
REUSED_STORY also needs the reply to be short and to tell no story of its own (the scorer
finds no action and no result, it holds no number, and few content words remain once the
deciding phrase is taken out). A story that mentions "we decided to skip the manual QA
pass" stays an answer.

Pure and deterministic: no I/O after the first call, no UI or SDK.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, Literal

from interviewer.resources import load_toml
from interviewer.scoring.analysis import analyse
from interviewer.scoring.checks import result
from interviewer.scoring.competencies import competency as competency_patterns
from interviewer.scoring.fit import model, stem
from interviewer.scoring.fragments import prepare
from interviewer.scoring.lexicon import fold
from interviewer.scoring.roles import Role, sentence_roles
from interviewer.scoring.text import Sentences, has_words

__all__ = ["ReplyKind", "ReplyReading", "read_reply", "read_story_choice"]


class ReplyKind(StrEnum):
    ANSWER = "answer"
    REFUSAL = "refusal"
    CLARIFICATION = "clarification"
    OFF_TOPIC = "off_topic"
    NONSENSE = "nonsense"
    ALREADY_SAID = "already_said"
    NEW_STORY = "new_story"
    REUSED_STORY = "reused_story"


@dataclass(frozen=True, slots=True)
class ReplyReading:
    """How a reply reads.

    ``evidence``: the words of the reply that decided it ('' when none did: an empty reply,
    or a story told again without saying so). ``story``: for REUSED_STORY, the index (in
    ``earlier_stories``) of the story told again. ``term``: for CLARIFICATION, what the
    candidate asks about, lower case ("ownership"), or None for "could you repeat that?".
    ``new_content``: for ALREADY_SAID, whether the reply adds words or a number the story
    so far does not hold (then the whole story is worth scoring again); for ANSWER and
    NEW_STORY always True.
    """

    kind: ReplyKind
    evidence: str = ""
    story: int | None = None
    term: str | None = None
    new_content: bool = False


@dataclass(frozen=True, slots=True)
class _Limits:
    max_leftover_words: int
    max_words: int
    new_story_min_words: int
    new_story_max_shared: float
    told_min_words: int
    whole_story_min_words: int
    whole_story_max_shared: float
    reused_min_shared: float
    reused_min_words: int
    new_content_min_words: int
    mash_share: float


@dataclass(frozen=True, slots=True)
class _Phrases:
    limits: _Limits
    refusal: re.Pattern[str]
    refusal_whole: re.Pattern[str]
    clarification: re.Pattern[str]
    terms: tuple[re.Pattern[str], ...]
    pointers: frozenset[str]
    already_said: re.Pattern[str]
    reported: re.Pattern[str]
    new_story: re.Pattern[str]
    openings: re.Pattern[str]
    reused: re.Pattern[str]
    reused_which: re.Pattern[str]
    which: dict[str, int]
    off_topic: re.Pattern[str]
    fillers: re.Pattern[str]
    probe_answers: re.Pattern[str]
    placeholders: re.Pattern[str]
    keyboard_runs: tuple[str, ...]
    function_words: frozenset[str]
    stopwords: frozenset[str]


def _fragment(item: str) -> str:
    return prepare([item])[0]


def _any(items: Iterable[str]) -> re.Pattern[str]:
    """Any of ``items``, as whole words (no word character right before or after)."""
    body = "|".join(_fragment(item) for item in items)
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w'’])")


def _whole(items: Iterable[str]) -> re.Pattern[str]:
    """The whole string is one of ``items`` (use ``fullmatch``)."""
    return re.compile("(?:" + "|".join(_fragment(item) for item in items) + ")")


@cache
def _phrases() -> _Phrases:
    data: Mapping[str, Any] = load_toml("replies.toml")
    nonsense = data["nonsense"]
    which: dict[str, int] = dict(data["reused_story"]["which"])
    stopwords = set(model().stopwords) | set(data["content"]["stopwords"])
    stopwords |= set(nonsense["function_words"])
    return _Phrases(
        limits=_Limits(**data["limits"]),
        refusal=_any(data["refusal"]["phrases"]),
        refusal_whole=_whole(data["refusal"]["whole"]),
        clarification=_any(data["clarification"]["phrases"]),
        terms=tuple(re.compile(_fragment(item)) for item in data["clarification"]["terms"]),
        pointers=frozenset(data["clarification"]["pointers"]),
        already_said=_any(data["already_said"]["phrases"]),
        reported=re.compile(
            r",?\s+(?:" + "|".join(data["already_said"]["reported_before"]) + r")(?![\w'’])"
        ),
        new_story=_any(data["new_story"]["phrases"]),
        openings=re.compile(
            r"[\s\"'“‘(*-]*"
            + data["new_story"]["opening_lead"]
            + "(?:"
            + "|".join(_fragment(i) for i in data["new_story"]["openings"])
            + ")"
        ),
        reused=_any(data["reused_story"]["phrases"]),
        reused_which=re.compile(
            rf"(?<!\w)(?:the |my )({'|'.join(sorted(which))}) "
            rf"(?:{'|'.join(data['reused_story']['which_nouns'])})(?!\w)"
        ),
        which=which,
        off_topic=_any(data["off_topic"]["phrases"]),
        fillers=_any(nonsense["fillers"]),
        probe_answers=_whole(nonsense["answers_to_a_probe"]),
        placeholders=_any(nonsense["placeholders"]),
        keyboard_runs=tuple(nonsense["keyboard_runs"]),
        function_words=frozenset(nonsense["function_words"]),
        stopwords=frozenset(stopwords),
    )


_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # "don't" is one word
_APOSTROPHES = re.compile(r"['’]")
_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_VOWELS = frozenset("aeiouy")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{6}")
_TRIPLE = re.compile(r"([a-z])\1\1")
_NUMBER = re.compile(r"\d")


def _stem_of(word: str) -> str:
    return stem(word) if word.isascii() and word.isalpha() else word


@lru_cache(maxsize=512)
def _content(text: str) -> frozenset[str]:
    """The distinct content words of ``text``: stems of its words that are no stopwords,
    and its numbers as written ("40", "3.5")."""
    p = _phrases()
    found: set[str] = set()
    for word in _WORD.findall(fold(text)):
        word = _APOSTROPHES.sub("", word)
        if word in p.stopwords or (len(word) < 2 and not word.isdigit()):
            continue
        found.add(_stem_of(word))
    return frozenset(found)


def _content_of(texts: Sequence[str]) -> frozenset[str]:
    if len(texts) == 1:
        return _content(texts[0])
    return frozenset().union(*(_content(t) for t in texts))


def _statements(text: str) -> str:
    """``text`` without its questions (the sentences that end in "?")."""
    sentences = Sentences(text)
    kept = [text[s:e] for s, e in map(sentences.span, range(len(sentences)))]
    return " ".join(piece for piece in kept if not piece.rstrip().endswith("?"))


def _without(low: str, spans: Iterable[tuple[int, int]]) -> str:
    """``low`` with ``spans`` blanked out."""
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(low[position:start])
        pieces.append(" ")
        position = end
    pieces.append(low[position:])
    return "".join(pieces)


class _Reply:
    """One reply, with what the checks derive from it computed on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = fold(text)
        self.p = _phrases()
        self._story: dict[bool, bool] = {}
        self._short: bool | None = None
        self._bare: str | None = None

    def short(self) -> bool:
        """At most ``max_words`` words (counting stops at the one past it)."""
        if self._short is None:
            limit = self.p.limits.max_words + 1
            self._short = not has_words(self.text, 0, len(self.text), limit)
        return self._short

    def tells_a_story(self, *, questions: bool = True) -> bool:
        """Does the scorer find an action or an outcome in the reply alone? Any action
        clause ("I shut down the server") or outcome word ("sales went up"), even one the
        rules would not credit (a hedged result, a lone action), counts. Without
        ``questions``, the reply's questions are left out: "are you asking about a time I
        led a team?" tells no story."""
        told = self._story.get(questions)
        if told is None:
            text = self.text if questions else _statements(self.text)
            a = analyse(text)
            told = bool(a.actions) or bool(a.cues("result")) or result(a).passed
            self._story[questions] = told
        return told

    def leftover(self, pattern: re.Pattern[str]) -> tuple[str, frozenset[str]]:
        """The first match of ``pattern`` (as written in the reply), and the content words
        left once every match is taken out."""
        matches = list(pattern.finditer(self.low))
        if not matches:
            return "", frozenset()
        rest = _without(self.low, (m.span() for m in matches))
        first = matches[0]
        return self.text[first.start() : first.end()], _content(rest)

    def no_story_besides(self, pattern: re.Pattern[str], *, questions: bool = True) -> str:
        """The evidence of ``pattern`` in a short reply that says little else and tells no
        story (in its questions too, unless not ``questions``); '' otherwise."""
        if not self.short():
            return ""
        evidence, rest = self.leftover(pattern)
        if not evidence or len(rest) > self.p.limits.max_leftover_words:
            return ""
        if any(_NUMBER.search(word) for word in rest) or self.tells_a_story(questions=questions):
            return ""
        return evidence

    def plain(self) -> str:
        """The reply without punctuation, spaces collapsed."""
        return _SPACES.sub(" ", _PUNCTUATION.sub(" ", self.low)).strip()

    def bare(self) -> str:
        """The reply without punctuation or fillers, spaces collapsed."""
        if self._bare is None:
            plain = self.p.fillers.sub(" ", _PUNCTUATION.sub(" ", self.low))
            self._bare = _SPACES.sub(" ", plain).strip()
        return self._bare


def _nonsense(reply: _Reply, *, probing: bool) -> ReplyReading | None:
    p = reply.p
    figures = probing and _NUMBER.search(reply.low)  # "40%" answers "by how much?"
    if not figures and not any(char.isalpha() for char in reply.low):
        return ReplyReading(ReplyKind.NONSENSE, reply.text.strip()[:80])  # "12345", "???"
    if not reply.short():
        return None
    if not reply.bare():
        return ReplyReading(ReplyKind.NONSENSE, reply.text.strip())
    placeholder = p.placeholders.search(reply.low)
    if placeholder is not None and not reply.tells_a_story():
        return ReplyReading(ReplyKind.NONSENSE, reply.text[placeholder.start() : placeholder.end()])
    words = _TOKEN.findall(reply.low)
    mash = [w for w in words if _mash(w, reply.text, p.keyboard_runs)]
    if len(mash) >= p.limits.mash_share * len(words) and not reply.tells_a_story():
        return ReplyReading(ReplyKind.NONSENSE, mash[0])
    if len(set(words)) <= 2 and len(words) >= 3 and not _NUMBER.search(reply.low):
        return ReplyReading(ReplyKind.NONSENSE, reply.text.strip())  # "test test test"
    return None


def _mash(word: str, text: str, runs: tuple[str, ...]) -> bool:
    """Does ``word`` (folded) look like no word at all: a keyboard run, a letter three times
    over, six consonants in a row, or five letters without a vowel?"""
    if not word.isascii() or not word.isalpha():
        return False
    if any(run in word for run in runs) or _TRIPLE.search(word):
        return True
    if _CONSONANT_RUN.search(word):
        return True
    return len(word) >= 5 and not _VOWELS.intersection(word) and word.upper() not in text


def _random_words(reply: _Reply) -> ReplyReading | None:
    """Several words that make no sentence: no function word, no verb ending, no number,
    few of the words stories are told with, and no story the scorer finds."""
    words = _TOKEN.findall(reply.low)
    if len(words) < 3 or not reply.short() or not all(w.isascii() and w.isalpha() for w in words):
        return None
    if any(w in reply.p.function_words or w.endswith(("ed", "ing")) for w in words):
        return None
    vocabulary = model().words
    known = sum(1 for w in words if _stem_of(w) in vocabulary)
    if 3 * known > len(words) or reply.tells_a_story():
        return None
    return ReplyReading(ReplyKind.NONSENSE, reply.text.strip())


def _refusal(reply: _Reply) -> ReplyReading | None:
    bare = reply.bare() if reply.short() else ""
    if bare and reply.p.refusal_whole.fullmatch(bare):
        return ReplyReading(ReplyKind.REFUSAL, reply.text.strip())
    evidence = reply.no_story_besides(reply.p.refusal)
    return ReplyReading(ReplyKind.REFUSAL, evidence) if evidence else None


def _clarification(reply: _Reply, competency: str | None) -> ReplyReading | None:
    evidence = reply.no_story_besides(reply.p.clarification, questions=False)
    if not evidence:
        return None
    term: str | None = None
    for pattern in reply.p.terms:
        match = pattern.search(reply.low)
        if match is not None:
            term = match.group(1).strip()
            break
    if term is not None and term in reply.p.pointers:
        term = competency_patterns(competency).name.lower() if competency else None
    return ReplyReading(ReplyKind.CLARIFICATION, evidence, term=term)


def _already_said(reply: _Reply, story_so_far: Sequence[str]) -> ReplyReading | None:
    p = reply.p
    pointers = [
        m for m in p.already_said.finditer(reply.low) if not p.reported.match(reply.low, m.end())
    ]
    if not pointers:
        return None
    first = pointers[0]
    evidence = reply.text[first.start() : first.end()]
    rest = _content(_without(reply.low, (m.span() for m in pointers)))
    told = _content_of(story_so_far)
    new = rest - told
    numbers = any(_NUMBER.search(word) for word in new)
    fresh = numbers or len(new) >= reply.p.limits.new_content_min_words
    return ReplyReading(ReplyKind.ALREADY_SAID, evidence, new_content=fresh)


def _new_story(reply: _Reply, story_so_far: Sequence[str]) -> ReplyReading | None:
    p = reply.p
    sentences = Sentences(reply.low)
    if not len(sentences):
        return None
    head = sentences.span(min(1, len(sentences) - 1))[1]  # the first two sentences
    cue = p.new_story.search(reply.low, 0, head)
    if cue is not None:
        return ReplyReading(
            ReplyKind.NEW_STORY, reply.text[cue.start() : cue.end()], new_content=True
        )
    if len(_content_of(story_so_far)) < p.limits.told_min_words:
        return None  # a thin first answer is filled in by the reply, not replaced
    opening = p.openings.match(reply.low, *sentences.span(0))
    if opening is None:
        return _whole_new_story(reply, story_so_far)
    words = _content(reply.text)
    if len(words) < p.limits.new_story_min_words:
        return None
    shared = len(words & _content_of(story_so_far)) / len(words)
    if shared > p.limits.new_story_max_shared:
        return None
    evidence = reply.text[opening.start() : opening.end()].strip()
    return ReplyReading(ReplyKind.NEW_STORY, evidence, new_content=True)


def _whole_new_story(reply: _Reply, story_so_far: Sequence[str]) -> ReplyReading | None:
    """No cue and no opening, but the reply is a whole story of its own (the scorer finds
    actions and a result in it) that shares almost nothing with the story so far: told in
    reply to a follow-up, it is another story, not more of this one."""
    p = reply.p
    words = _content(reply.text)
    if len(words) < p.limits.whole_story_min_words:
        return None
    shared = len(words & _content_of(story_so_far)) / len(words)
    if shared > p.limits.whole_story_max_shared:
        return None
    a = analyse(reply.text)
    if len(a.actions) < 2 or not result(a).passed:
        return None
    roles = sentence_roles(a)
    if not roles or Role.CONTEXT not in roles[0]:
        return None  # a new story sets its scene; the rest of this one goes on from it
    first = Sentences(reply.low).span(0)
    return ReplyReading(
        ReplyKind.NEW_STORY, reply.text[first[0] : first[1]].strip(), new_content=True
    )


def _reused(reply: _Reply, earlier_stories: Sequence[Sequence[str]]) -> ReplyReading | None:
    p = reply.p
    words = _content(reply.text)
    overlaps = [len(words & _content_of(story)) for story in earlier_stories]
    best = max(range(len(overlaps)), key=lambda i: (overlaps[i], i))
    cue = p.reused.search(reply.low)
    if cue is not None:
        named = p.reused_which.search(reply.low)
        index = best if overlaps[best] else len(earlier_stories) - 1
        if named is not None:
            wanted = p.which[named.group(1)]
            index = wanted % len(earlier_stories) if wanted < len(earlier_stories) else index
        return ReplyReading(
            ReplyKind.REUSED_STORY, reply.text[cue.start() : cue.end()], story=index
        )
    if overlaps[best] < p.limits.reused_min_words:
        return None
    if overlaps[best] < p.limits.reused_min_shared * len(words):
        return None
    return ReplyReading(ReplyKind.REUSED_STORY, "", story=best, new_content=True)


def _off_topic(reply: _Reply) -> ReplyReading | None:
    evidence = reply.no_story_besides(reply.p.off_topic, questions=False)
    return ReplyReading(ReplyKind.OFF_TOPIC, evidence) if evidence else None


def read_reply(
    text: str,
    *,
    story_so_far: Sequence[str] = (),
    earlier_stories: Sequence[Sequence[str]] = (),
    probing: bool = False,
    competency: str | None = None,
) -> ReplyReading:
    """What kind of reply ``text`` is.

    ``story_so_far``: the candidate's earlier turns in the current story (empty for a main
    answer); ``earlier_stories``: the candidate's turns of each previous story, in order;
    ``probing``: the reply answers a follow-up rather than the main question;
    ``competency``: the id asked (a clarification of "that" is about it). Raises
    :class:`~interviewer.scoring.UnknownCompetencyError` for an unknown id.
    """
    if competency is not None:
        competency_patterns(competency)  # an unknown id fails here, whatever the reply
    reply = _Reply(text)
    if probing and reply.short() and reply.p.probe_answers.fullmatch(reply.plain()):
        return ReplyReading(ReplyKind.ANSWER, new_content=True)  # "Yes." to "Did you measure it?"
    found = (
        _nonsense(reply, probing=probing)
        or _refusal(reply)
        or _off_topic(reply)  # before clarifications: "what is the salary?" is no question's
        or _clarification(reply, competency)
        or (_already_said(reply, story_so_far) if story_so_far else None)
        or (_new_story(reply, story_so_far) if probing and story_so_far else None)
        or (_reused(reply, earlier_stories) if earlier_stories and not probing else None)
        or _random_words(reply)
    )
    return found or ReplyReading(ReplyKind.ANSWER, new_content=True)


@dataclass(frozen=True)
class _Choice:
    max_words: int
    switch: re.Pattern[str]
    keep: re.Pattern[str]


@cache
def _choice() -> _Choice:
    data: Mapping[str, Any] = load_toml("replies.toml")["story_choice"]
    return _Choice(int(data["max_words"]), _any(data["switch"]), _any(data["keep"]))


def read_story_choice(text: str) -> Literal["switch_story", "keep_story"] | None:
    """The candidate's answer to "stay with the first story, or switch to the new one?":
    ``"switch_story"``, ``"keep_story"``, or None when the reply is not a choice (a longer
    reply, or one naming neither)."""
    choice = _choice()
    folded = fold(text).lower()
    if len(folded.split()) > choice.max_words:
        return None
    if choice.switch.search(folded):
        return "switch_story"
    if choice.keep.search(folded):
        return "keep_story"
    return None
