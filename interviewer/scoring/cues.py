"""Find every cue family's matches in one scan of the text.

Python's regex engine tries every alternative at every position, so scanning a 1,500
character answer once per word list costs more than the rest of scoring together. Instead
each cue is indexed by its literal first letters (its "trigger": ``reduc`` for
``reduc(?:ed|ing)``); one scan finds the positions where any trigger starts a word, and only
the families whose triggers fit are tried there, anchored. Cues that start with something
other than letters (``(?:two|three) options``) fall back to a scan of their own.
"""

from __future__ import annotations

import re
from typing import Any


def _closing(fragment: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``fragment[start]``."""
    depth = 0
    escaped = in_class = False
    for index in range(start, len(fragment)):
        char = fragment[index]
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
            if depth == 0:
                return index
    return -1


def _split_bars(body: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    escaped = in_class = False
    current: list[str] = []
    for char in body:
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
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def expand(fragment: str) -> list[str]:
    """Spread a leading group into one fragment per alternative, so that each starts with
    letters: ``(?:two|three) options`` -> ``two options``, ``three options``."""
    if _top_level_bar(fragment):
        return [piece for part in _split_bars(fragment) for piece in expand(part)]
    if not fragment.startswith("(?:"):
        return [fragment]
    end = _closing(fragment, 0)
    if end < 0 or fragment[end + 1 : end + 2] in ("?", "*", "{", "+"):
        return [fragment]
    rest = fragment[end + 1 :]
    return [piece for part in _split_bars(fragment[3:end]) for piece in expand(part + rest)]


_META = frozenset(".^$*+?{}[]\\|()")


def _split_literal(fragment: str) -> tuple[str, str]:
    """``fragment`` as (its literal start, the regex rest): ``dropp?ed`` -> ``dro``, ``pp?ed``."""
    index = 0
    while index < len(fragment) and fragment[index] not in _META:
        index += 1
    literal, rest = fragment[:index], fragment[index:]
    if literal and rest[:1] in ("?", "*", "{", "+"):
        literal, rest = literal[:-1], literal[-1] + rest
    return literal, rest


def trie_pattern(fragments: list[str]) -> str:
    """One regex matching any of ``fragments``, with their literal starts shared as a trie.

    ``reduced|reduction|reply`` becomes ``re(?:duc(?:ed|tion)|ply)``: at a position where
    nothing can match, the engine gives up after a character or two instead of trying every
    alternative in turn. Longer literal paths come before shorter ones, so the longer cue wins.
    """
    root: dict[str, Any] = {}
    for fragment in fragments:
        literal, rest = _split_literal(fragment)
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
    """Several named families of whole-word regex fragments, each compiled as a trie."""

    def __init__(self, families: dict[str, list[str]]) -> None:
        # Fragments that start with letters share one trie per family; the engine then skips
        # positions that cannot start any of them. The few that start otherwise ("\\d+x",
        # "/ ?week") get a pattern of their own, so they do not slow the trie down.
        self.patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
        for name, fragments in families.items():
            expanded = [piece for fragment in fragments for piece in expand(fragment)]
            lettered = [f for f in expanded if _split_literal(f)[0]]
            other = [f for f in expanded if not _split_literal(f)[0]]
            compiled = [re.compile(trie_pattern(lettered) + r"(?!\w)")] if lettered else []
            if other:
                compiled.append(re.compile("(?:" + "|".join(other) + r")(?!\w)"))
            self.patterns[name] = tuple(compiled)

    def find(
        self, name: str, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int]]:
        """Spans of family ``name``'s whole-word matches in ``text[start:end]`` (folded)."""
        stop = len(text) if end is None else end
        spans: list[tuple[int, int]] = []
        patterns = self.patterns[name]
        for pattern in patterns:
            match = pattern.search(text, start, stop)
            while match is not None:
                first, last = match.span()
                if first and _is_word(text[first - 1]) and _is_word(text[first]):
                    # Started inside a word ("as" in "was"): look again one character on, so
                    # that it cannot hide a cue right after it ("was to be the leader").
                    match = pattern.search(text, first + 1, stop)
                    continue
                spans.append((first, last))
                match = pattern.search(text, max(last, first + 1), stop)
        if len(patterns) > 1:
            spans.sort()
        return spans


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _top_level_bar(fragment: str) -> bool:
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
