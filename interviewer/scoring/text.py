"""Plain-text structure of an answer: words, sentences, section labels, a title line.

Everything here is linear in the length of the text: each pattern is matched once, left to
right, and no pattern can backtrack over more than a bounded stretch of characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice

from interviewer.scoring.lexicon import LABEL_AFTER, Lexicon

_WORD = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")
_BOUNDARY = re.compile(r"[.!?]+(?=[\s\"'”’)\]]|$)[\"'”’)\]]*|\n")
_BULLET = re.compile(r"[ \t]*(?:[-*•>]+|\d{1,2}[.)]|#{1,6})?[ \t]*(?:\*\*|__)?")
_LABEL_OPENINGS = re.compile(rf"{LABEL_AFTER}|\n")  # a label can start where these end
_FIRST_WORD = re.compile(r"([A-Za-z]+)(?=[ \t]+[\w\"'“‘$~(])")


def count_words(text: str) -> int:
    """Words as a listener hears them: "98.5", "1,000" and "don't" are one word each."""
    return sum(1 for _ in _WORD.finditer(text))  # no list: a 5 MB answer stays small


def has_words(text: str, start: int, end: int, count: int) -> bool:
    """Does ``text[start:end]`` hold at least ``count`` words (as :func:`count_words` counts)?
    Stops at the ``count``-th word instead of counting them all."""
    return next(islice(_WORD.finditer(text, start, end), count - 1, None), None) is not None


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the answer opened by a label such as "Situation:" or "- Metrics/Results:"."""

    kind: str
    label_start: int
    start: int
    end: int


class Sentences:
    """Sentence boundaries of a text, with a fast "which sentence holds this offset"."""

    __slots__ = ("ends", "starts")

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        ends: list[int] = []
        position = 0
        for match in _BOUNDARY.finditer(text):
            end = match.end()
            if text[position:end].strip():
                starts.append(position)
                ends.append(end)
            position = end
        if text[position:].strip():
            starts.append(position)
            ends.append(len(text))
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def index(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest before it, if in a gap)."""
        index = bisect_right(self.starts, offset) - 1
        return index if index > 0 else 0

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inwards past whitespace and bullet markers."""
    bullet = _BULLET.match(text, start, end)
    if bullet is not None:
        start = bullet.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sections(text: str, lex: Lexicon) -> list[Section]:
    """Labelled parts of the answer, in order; each runs until the next label."""
    found: list[tuple[str, int, int]] = []
    for match in _label_matches(text, lex.labels):
        kind = match.lastgroup
        if kind is not None:
            found.append((kind, match.start(), match.end()))
    result: list[Section] = []
    for i, (kind, label_start, start) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else len(text)
        result.append(Section(kind, label_start, start, end))
    return result


def _label_matches(text: str, labels: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``labels.finditer(text)``, tried only where a label can start (at a line start, or
    after a finished sentence on the same line) instead of at every character."""
    end = 0
    for position in chain((0,), (m.end() for m in _LABEL_OPENINGS.finditer(text))):
        if position < end:
            continue  # inside the previous label: matches never overlap, as with finditer
        match = labels.match(text, position)
        if match is not None:
            yield match
            end = match.end()


def title_line(text: str) -> tuple[int, int] | None:
    """The first line if it reads as a heading: short, and not a finished sentence."""
    newline = text.find("\n", 0, 400)
    if newline < 0:
        return None
    start, end = trimmed(text, 0, newline)
    line = text[start:end]
    if not line or line[-1] in ".!?" or count_words(line) > 14:
        return None
    if not text[newline:].strip():
        return None
    return start, end


def first_word(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The first word of a sentence or clause (after any bullet marker), if a word follows it."""
    start, end = trimmed(text, start, end)
    match = _FIRST_WORD.match(text, start, end)
    if match is None:
        return None
    return match.start(1), match.end(1), match.group(1)
