"""Which cue patterns can start at a word, judged from that word and the next one.

Every cue fragment starts with a trigger: a whole word (``at`` in ``at (?:my|our) job``), a
word prefix (``reduc`` in ``reduc(?:ed|ing)``), a digit (``\\d+x``) or a symbol (``%``).
When a whole word is followed by one space and another literal word, the second word is
indexed too: ``the`` alone starts a cue in most families, ``the risk`` in few. A pattern
is then tried, anchored, only where its triggers fit, instead of at every character.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Key = tuple[str, bool]
"""A trigger word and whether the token must equal it (True) or only start with it."""
DIGIT: Key = ("", False)
"""Any token that starts with a digit."""

_META = frozenset(".^$*+?{}[]\\|()")
_MEMO_LIMIT = 100_000


def is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def split_literal(fragment: str) -> tuple[str, str]:
    """``fragment`` as (its literal start, the regex rest): ``dropp?ed`` -> ``dro``, ``pp?ed``."""
    index = 0
    while index < len(fragment) and fragment[index] not in _META:
        index += 1
    literal, rest = fragment[:index], fragment[index:]
    if literal and rest[:1] in ("?", "*", "{", "+"):
        literal, rest = literal[:-1], literal[-1] + rest
    return literal, rest


def word_key(fragment: str) -> tuple[Key, str] | None:
    """The word trigger of ``fragment`` and what follows it, if it starts with a word."""
    literal, rest = split_literal(fragment)
    if fragment.startswith("\\d"):
        return DIGIT, ""
    if not literal or not is_word(literal[0]):
        return None
    run = 0
    while run < len(literal) and is_word(literal[run]):
        run += 1
    whole = run < len(literal) or not rest or _non_word_class(rest)
    return (literal[:run], whole), fragment[run:] if whole else ""


def _non_word_class(rest: str) -> bool:
    """Does ``rest`` start with a class of non-word characters only (``['’]``)?"""
    end = rest.find("]")
    body = rest[1:end]
    return rest.startswith("[") and end > 1 and not any(is_word(c) or c in "\\^-" for c in body)


def spread(fragment: str, limit: int = 64) -> list[str]:
    """``fragment`` with a group that continues its first word spread into alternatives,
    so that the word itself is the trigger: ``i(?:'d| would) have`` -> ``i'd have``,
    ``i would have`` (instead of every word starting with "i")."""
    literal, rest = split_literal(fragment)
    if not literal or not all(is_word(c) for c in literal) or not rest.startswith("(?:"):
        return [fragment]
    pieces = expand(rest, optional=True)
    if len(pieces) > limit or pieces == [rest]:
        return [fragment]
    return [out for piece in pieces for out in spread(literal + piece, limit)]


def _scan_groups(fragment: str) -> list[tuple[int, str]]:
    """(group depth after it, the character) for each character of ``fragment``; escaped
    characters and those inside a ``[...]`` class are given as ``""``."""
    out: list[tuple[int, str]] = []
    depth = 0
    escaped = in_class = False
    for char in fragment:
        if escaped or in_class:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "]":
                in_class = False
            out.append((depth, ""))
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        out.append((depth, char))
    return out


def _closing(fragment: str) -> int:
    """Index of the ``)`` closing the group opened at ``fragment[0]``."""
    for index, (depth, char) in enumerate(_scan_groups(fragment)):
        if char == ")" and depth == 0:
            return index
    return -1


def _split_bars(body: str) -> list[str]:
    """``body`` split at its top-level ``|``."""
    parts: list[str] = []
    last = 0
    for index, (depth, char) in enumerate(_scan_groups(body)):
        if char == "|" and depth == 0:
            parts.append(body[last:index])
            last = index + 1
    parts.append(body[last:])
    return parts


def expand(fragment: str, *, optional: bool = False) -> list[str]:
    """Spread a leading group into one fragment per alternative, so that each starts with
    its trigger: ``(?:two|three) options`` -> ``two options``, ``three options``. With
    ``optional``, an optional group gives both: ``(?:a )?x`` -> ``a x``, ``x``."""
    parts = _split_bars(fragment)
    if len(parts) > 1:
        return [piece for part in parts for piece in expand(part, optional=optional)]
    if not fragment.startswith("(?:"):
        return [fragment]
    end = _closing(fragment)
    quantifier = fragment[end + 1 : end + 2]
    spread = quantifier == "?" and optional and fragment[end + 2 : end + 3] != "?"
    if end < 0 or (quantifier in ("?", "*", "{", "+") and not spread):
        return [fragment]
    rest = fragment[end + 2 :] if spread else fragment[end + 1 :]
    options = [part + rest for part in _split_bars(fragment[3:end])]
    if spread:
        options.append(rest)
    return [piece for option in options for piece in expand(option, optional=optional)]


def _matches(key: Key, word: str) -> bool:
    if key == DIGIT:
        return word[:1].isdecimal()
    return word == key[0] if key[1] else word.startswith(key[0])


@dataclass
class Follow:
    """Streams whose trigger word needs a certain next word (one space between):
    ``the`` starts a trade-off cue only before ``risk``, ``downside``..."""

    keys: dict[int, frozenset[Key]]
    memo: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def streams(self, word: str) -> tuple[int, ...]:
        """The streams that can start here when ``word`` comes next."""
        found = self.memo.get(word)
        if found is None:
            found = tuple(
                s for s, keys in self.keys.items() if any(_matches(k, word) for k in keys)
            )
            if len(self.memo) < _MEMO_LIMIT:
                self.memo[word] = found
        return found


Entry = tuple[tuple[int, ...], Follow | None]
"""Streams that can start at a word: always, and those that depend on the next word."""


class Triggers:
    """For each stream, its trigger words (and what may follow them) and symbols."""

    def __init__(self) -> None:
        self.firsts: dict[Key, dict[int, set[Key] | None]] = {}
        self.symbols: dict[str, set[int]] = {}
        self._prefix_lengths: list[int] = []
        self.memo: dict[str, Entry] = {}

    def add(self, starts: list[str], stream: int) -> str | None:
        """Index the fragments ``starts`` (each starting with its trigger) for ``stream``;
        the first fragment that starts with no word, digit or symbol, if any."""
        for fragment in (piece for start in starts for piece in spread(start)):
            literal, _ = split_literal(fragment)
            if literal and not is_word(literal[0]):
                self.symbols.setdefault(literal[0], set()).add(stream)
                continue
            found = word_key(fragment)
            if found is None:
                return fragment
            key, after = found
            follow = self._follow(after)
            table = self.firsts.setdefault(key, {})
            known = table.get(stream, set())
            table[stream] = None if known is None or follow is None else known | follow
        self._prefix_lengths = sorted({len(k) for k, whole in self.firsts if not whole and k})
        self.memo.clear()
        return None

    def _follow(self, after: str) -> set[Key] | None:
        """The keys of the word after one space, or None when anything may follow."""
        if not after.startswith(" ") or len(after) < 2:
            return None
        keys: set[Key] = set()
        for piece in (p for e in expand(after[1:], optional=True) for p in spread(e)):
            found = word_key(piece)
            if found is None:
                return None
            keys.add(found[0])
        return keys

    def entry(self, word: str) -> Entry:
        """Which streams can start at ``word`` (memoised per word)."""
        entry = self.memo.get(word)
        if entry is not None:
            return entry
        keys: list[Key]
        merged: dict[int, set[Key] | None] = {}
        keys = [(word, True)]
        keys += [(word[:size], False) for size in self._prefix_lengths if size <= len(word)]
        if word[:1].isdecimal():
            keys.append(DIGIT)
        for key in keys:
            for stream, follow in self.firsts.get(key, {}).items():
                known = merged.get(stream, set())
                merged[stream] = None if known is None or follow is None else known | follow
        always = tuple(sorted(s for s, f in merged.items() if f is None))
        follows = {s: frozenset(f) for s, f in sorted(merged.items()) if f is not None}
        entry = (always, Follow(follows) if follows else None)
        if len(self.memo) >= _MEMO_LIMIT:
            self.memo.clear()
        self.memo[word] = entry
        return entry
