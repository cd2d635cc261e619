"""Find the numbers that quantify a result, and skip the ones that do not.

A result is quantified by "72%", "$78K", "from 47 to 13 minutes", "doubled", "three times
faster", "~40%" (hedged numbers still count). Not by years ("in 2019"), team sizes ("a team
of 5", "3 engineers"), versions ("v2.3", "Python 3"), dates and times ("March 3", "9am"),
list numbering ("2) ..."), "two weeks ago", "six months later", or a timeframe ("within 2
weeks", which is the timeframe rule's business).
"""

from __future__ import annotations

import re

from interviewer.scoring.lexicon import Lexicon

# A number not glued to a word, a point or a currency before it ("v2", "1.5.2", "-3" after a
# word). The look-behinds follow the first character so that the engine can skip ahead to
# the next digit or currency sign instead of testing them at every character.
_FREE = r"(?<![\w.#$€£¥].)(?<!\w-.)"
_NUMBER = re.compile(rf"(?:[$€£¥]{_FREE}\s?\d|\d{_FREE})[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"[$€£¥]?\s?(?:19|20)\d\d")
_AGO = re.compile(
    r"\s?-?\s?(?:[a-z]+\s+ago|(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?)"
    r"\s+(?:later|afterwards?))(?!\w)"
)
_CLOCK = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|:\d\d")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?!\w)|/\d")
_LIST_NUMBER = re.compile(r"[.)](?:\s|$)")
_LINE_START = re.compile(r"(?:^|\n)[ \t#*>-]*$")


def _excluded(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """True when the number at ``text[start:end]`` is not the size of a result."""
    before = text[max(0, start - 30) : start]
    token = text[start:end]
    has_unit = lex.unit_after.match(text, end) is not None
    if token[0] not in "$€£¥":
        if lex.people_after.match(text, end) or lex.people_before.search(before):
            return True
        if lex.version_before.search(before):
            return True
        if _AGO.match(text, end) or _CLOCK.match(text, end) or _ORDINAL.match(text, end):
            return True
        if lex.month_before.search(before) or lex.month_after.match(text, end):
            return True
        if _YEAR.fullmatch(token) and not has_unit:
            return True
        if _LINE_START.search(before) and _LIST_NUMBER.match(text, end):
            return True
    return bool(lex.timeframe_before.search(before)) and has_unit and _is_duration(text, end)


_DURATION = re.compile(
    r"\s?-?\s?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?|"
    r"sprints?|release cycles?)(?!\w)"
)


def _is_duration(text: str, end: int) -> bool:
    return _DURATION.match(text, end) is not None


def quantities(
    text: str, start: int, end: int, lex: Lexicon, multipliers: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Spans of result-sized quantities inside ``text[start:end]``, in order.

    ``multipliers`` are the spans of the lexicon's multiplier words ("doubled") in the text.
    """
    found: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(text, start, end):
        s, e = match.span()
        if _excluded(text, s, e, lex):
            continue
        unit = lex.unit_after.match(text, e, end)
        found.append((s, unit.end() if unit else e))
    spelled = [m.span() for m in lex.spelled.finditer(text, start, end)]
    # "went from around ninety", "fell to roughly one": the number is the match's last word(s)
    spelled += [
        (_last_number_start(text, m.start(), m.end()), m.end())
        for m in lex.spelled_before.finditer(text, start, end)
    ]
    spelled = sorted(set(spelled))
    for s, e in spelled + [span for span in multipliers if start <= span[0] < end]:
        if _excluded_spelled(text, s, e, lex):
            continue
        unit = lex.unit_after.match(text, e, end)
        found.append((s, unit.end() if unit else e))
    found.sort()
    return found


_LAST_WORDS = re.compile(r"(?:(?:a|an) )?[a-z-]+(?: (?:hundred|thousand|of))?$")


def _last_number_start(text: str, start: int, end: int) -> int:
    """Where the spelled number that ends ``text[start:end]`` begins."""
    found = _LAST_WORDS.search(text, start, end)
    return found.start() if found else start


def _excluded_spelled(text: str, start: int, end: int, lex: Lexicon) -> bool:
    before = text[max(0, start - 30) : start]
    if _AGO.match(text, end) or lex.people_after.match(text, end):
        return True
    return bool(lex.timeframe_before.search(before)) and _is_duration(text, end)
