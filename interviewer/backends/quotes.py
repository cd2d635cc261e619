"""Reading the candidate's own words back: short, clean pieces of the scorer's evidence.

A follow-up or a transition may quote what the candidate said ("You mentioned \"13
minutes\". What was it before you started?"). Only short pieces are quoted, and only when
they read as a phrase: joining words are dropped from their ends, and a piece cut
mid-phrase, cut for length, or shorter than a phrase (a bare "41" or "1%": a number is read
back only with the word that says what it measured) is not quoted at all. The word
lists live in ``data/offline/probes.toml`` (``quote_trim``, ``quote_never_end``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interviewer.backends.sanitize import clean_text
from interviewer.models import TurnScore

__all__ = ["QUOTE_MAX_CHARS", "QuoteRules", "evidence_quote", "readable_quote", "short_quote"]

QUOTE_MAX_CHARS = 48


@dataclass(frozen=True)
class QuoteRules:
    trim: frozenset[str] = frozenset()
    """Joining words dropped from the ends of a quote ("dropped to 13 minutes and")."""
    never_end: frozenset[str] = frozenset()
    """Words a quote cannot end on: it was cut mid-phrase ("from 12% to under")."""


def short_quote(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """One line of the candidate's words, cut at a word boundary if long."""
    flat = " ".join(clean_text(text).split()).strip(" .,;:\"'“”")
    flat = flat.replace('"', "'")
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


_QUOTE_WORD = re.compile(r"[\w'’%]+")
_WORDISH = re.compile(r"[^\W\d_]{2,}")
"""A quote worth reading back is a phrase: two words or more, one of them a real word, so a
number comes with what it measured ("13 minutes"); a bare "45" or "1%" says nothing."""


def readable_quote(text: str, rules: QuoteRules) -> str | None:
    """``text`` as a quote to read back, or None when it would read oddly: joining words
    are dropped from its ends ("dropped to 13 minutes and" -> "dropped to 13 minutes"); a
    piece cut mid-phrase ("from 12% to under"), cut for length, or shorter than a phrase
    ("1%", "41") is not quoted at all."""
    quote = short_quote(text)
    if not quote or quote.endswith("…"):
        # A whole sentence read back sounds odd (and a cut one worse): quote only short
        # pieces, such as a number with its unit.
        return None
    words = quote.split(" ")
    while words and _bare(words[0]) in rules.trim:
        words.pop(0)
    while words and _bare(words[-1]) in rules.trim:
        words.pop()
    if not words or _bare(words[-1]) in rules.never_end:
        return None
    quote = " ".join(words).strip(" .,;:-—–")
    return quote if len(quote.split()) >= 2 and _WORDISH.search(quote) else None


def _bare(word: str) -> str:
    found = _QUOTE_WORD.findall(word.lower())
    return found[-1] if found else word


def evidence_quote(
    rule_ids: Sequence[str], scores: Iterable[TurnScore | None], rules: QuoteRules
) -> str | None:
    """A short piece of the candidate's words that earned one of ``rule_ids`` (the first rule
    found wins), from the latest turn that has one; the last such span in that turn, since
    a story usually ends on its outcome."""
    scores = list(scores)
    for rule_id in rule_ids:
        for score in scores:
            if score is None:
                continue
            try:
                result = score.rule(rule_id)
            except KeyError:
                continue
            spans = result.evidence if result.passed else ()
            quotes = [q for q in (readable_quote(s.text, rules) for s in spans) if q]
            if quotes:
                return quotes[-1]
    return None
