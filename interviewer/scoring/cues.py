"""Find every cue family's matches, trying each family only where one of its cues can start.

Python's regex engine tries a pattern at every character, so scanning a 1,500 character
answer once per word list costs more than the rest of scoring together. Instead one split
of the text into words looks up, per word (memoised), which families can start there (see
``triggers.py``), and each family's pattern is tried only at those words, anchored. Cues
match at the start of a word (or at a symbol such as ``%``), never inside a word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from itertools import accumulate
from typing import Any, cast

from interviewer.scoring.triggers import Entry, Triggers, expand, split_literal

Offsets = tuple[int, int]
"""Where a match stands in the text: (start, end) character offsets. The scorer's evidence
for people is ``interviewer.models.Span``, built from these."""

_TOKENS = re.compile(r"(\w+)")


def trie_pattern(fragments: list[str]) -> str:
    """One regex matching any of ``fragments``, with their literal starts shared as a trie.

    ``reduced|reduction|reply`` becomes ``re(?:duc(?:ed|tion)|ply)``: the engine gives up
    after a character or two instead of trying every alternative in turn. Longer literal
    paths come before shorter ones, so the longer cue wins.
    """
    root: dict[str, Any] = {}
    for fragment in fragments:
        literal, rest = split_literal(fragment)
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node.setdefault("", []).append(rest)

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + render(child) for c, child in sorted(node.items()) if c]
        tails: list[str] = node.get("", [])
        options = branches + tails
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(options) + ")"

    return render(root)


class CueIndex:
    """Named families of whole-word regex fragments, compiled once per process.

    Each family has up to two streams, as the families were first written: the fragments
    that start with literal text share one trie-shaped pattern, the rest ("\\d+x") another.
    A stream's matches do not overlap each other; the two streams' may. The families named
    in ``ordered`` keep one pattern, their fragments tried in the order listed.
    """

    def __init__(
        self, families: dict[str, list[str]], ordered: Collection[str] = frozenset()
    ) -> None:
        self.streams: dict[str, tuple[int, ...]] = {}
        self.patterns: list[re.Pattern[str]] = []
        self.triggers = Triggers()
        for name, fragments in families.items():
            expanded = [piece for fragment in fragments for piece in expand(fragment)]
            lettered = [f for f in expanded if split_literal(f)[0]]
            other = [f for f in expanded if not split_literal(f)[0]]
            groups = [(lettered, trie_pattern(lettered)), (other, "(?:" + "|".join(other) + ")")]
            if name in ordered:
                groups = [(fragments, "(?:" + "|".join(fragments) + ")")]
            ids: list[int] = []
            for group, source in groups:
                if not group:
                    continue
                stream = len(self.patterns)
                self.patterns.append(re.compile(source + r"(?!\w)"))
                starts = [piece for f in group for piece in expand(f, optional=True)]
                bad = self.triggers.add(starts, stream)
                if bad is not None:
                    raise ValueError(
                        f"cue {bad!r} ({name}) must start with a word, a digit or a symbol"
                    )
                ids.append(stream)
            self.streams[name] = tuple(ids)
        symbols = "".join(re.escape(c) for c in self.triggers.symbols)
        self._symbols = re.compile(f"[{symbols}]") if symbols else None

    def scan(self, low: str) -> CueScan:
        """Where each stream may match in ``low`` (the folded text)."""
        starts: list[list[int]] = [[] for _ in self.patterns]
        parts = _TOKENS.split(low)
        offsets = list(accumulate(map(len, parts)))
        words = parts[1::2]
        gaps = parts[2::2]  # gaps[i] separates words[i] from words[i + 1]
        positions = offsets[::2]  # positions[i]: where words[i] starts
        known = self.triggers.memo.get
        found = [known(word) for word in words]  # one lookup per word, outside the loop
        if None in found:
            entry = self.triggers.entry
            found = [seen or entry(word) for word, seen in zip(words, found, strict=True)]
        entries = cast(list[Entry], found)  # no None left
        last = len(words) - 1
        for index, (always, follow) in enumerate(entries):
            if always:
                position = positions[index]
                for stream in always:
                    starts[stream].append(position)
            if follow is not None and index < last and gaps[index] == " ":
                after = words[index + 1]
                streams = follow.memo.get(after)
                if streams is None:
                    streams = follow.streams(after)
                if streams:
                    position = positions[index]
                    for stream in streams:
                        starts[stream].append(position)
        if self._symbols is not None:
            touched: set[int] = set()
            for match in self._symbols.finditer(low):
                for stream in self.triggers.symbols[match.group()]:
                    starts[stream].append(match.start())
                    touched.add(stream)
            for stream in touched:
                starts[stream].sort()
        return CueScan(self, low, starts, words, gaps, positions)


class CueScan:
    """One text's cue candidates; ``find`` tries a family's patterns at them."""

    __slots__ = ("_cache", "gaps", "index", "low", "positions", "starts", "words")

    def __init__(
        self,
        index: CueIndex,
        low: str,
        starts: list[list[int]],
        words: list[str],
        gaps: list[str],
        positions: list[int],
    ) -> None:
        self.index = index
        self.low = low
        self.starts = starts
        self.words = words  # the text's runs of word characters, in order
        self.gaps = gaps  # gaps[i]: what stands between words[i] and words[i + 1] (or the end)
        self.positions = positions  # positions[i]: where words[i] starts
        self._cache: dict[str, list[Offsets]] = {}

    def word_count(self) -> int:
        """:func:`interviewer.scoring.text.count_words` of the text, from its words: runs
        joined by one apostrophe, point or comma ("don't", "98.5") are one word."""
        if "_" in self.low:
            return -1
        joined = self.gaps[:-1]
        return len(self.words) - sum(joined.count(char) for char in "'’.,")

    def find(self, name: str, start: int = 0, end: int | None = None) -> list[Offsets]:
        """Spans of family ``name``'s whole-word matches in ``low[start:end]``, in order."""
        whole = start == 0 and end is None
        if whole:
            cached = self._cache.get(name)
            if cached is not None:
                return cached
        low = self.low
        stop = len(low) if end is None else end
        spans: list[Offsets] = []
        streams = self.index.streams[name]
        for stream in streams:
            positions = self.starts[stream]
            first = bisect_left(positions, start)
            after = bisect_left(positions, stop)
            if first == after:
                continue
            match = self.index.patterns[stream].match
            last = start
            # Only the positions inside the window (a slice of the tail would copy it all).
            for position in positions[first:after]:
                if position < last:
                    continue
                found = match(low, position, stop)
                if found is not None:
                    spans.append(found.span())
                    last = found.end()
        if len(streams) > 1:
            spans.sort()
        if whole:
            self._cache[name] = spans
        return spans
