"""The cue index finds what a plain regex scan at word starts finds, trying far fewer places."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.scoring import score_turn
from interviewer.scoring.cues import CueIndex
from interviewer.scoring.lexicon import fold, lexicon
from interviewer.scoring.triggers import expand, spread, word_key

AGO = "(?:a|one|two|three) (?:\\w+ )?(?:months|years|weeks) (?:ago|back|before)"


def _reference(index: CueIndex, name: str, low: str, start: int, end: int) -> list[tuple[int, int]]:
    """Each stream's pattern scanned left to right, matching only where a word starts or at
    a non-word character: what the index must find."""
    spans: list[tuple[int, int]] = []
    for stream in index.streams[name]:
        pattern = re.compile(r"(?:(?<!\w)|(?!\w))(?:" + index.patterns[stream].pattern + ")")
        spans += [m.span() for m in pattern.finditer(low, start, end)]
    return sorted(spans)


def test_a_match_inside_a_word_neither_counts_nor_hides_a_real_one() -> None:
    index = CueIndex({"ago": [AGO]})
    # "beta two weeks ago" holds "a two weeks ago" inside "beta": only "two weeks ago" counts.
    assert index.scan("beta two weeks ago").find("ago") == [(5, 18)]
    assert index.scan("alpha").find("ago") == []


def test_cues_start_at_words_symbols_and_digits() -> None:
    index = CueIndex({"f": ["reduc(?:ed|ing)", "%(?: faster)?", "\\d+x", "the (?:main )?risk"]})
    low = "we reduced it 40% faster, 3x, the main risk, the team, reducer, a3x"
    found = [low[s:e] for s, e in index.scan(low).find("f")]
    assert found == ["reduced", "% faster", "3x", "the main risk"]


def test_a_window_limits_where_matches_start_and_end() -> None:
    index = CueIndex({"ago": [AGO]})
    low = "two weeks ago and three months back"
    scan = index.scan(low)
    assert scan.find("ago", 14) == [(18, 35)]
    assert scan.find("ago", 0, 12) == []
    assert scan.find("ago") == [(0, 13), (18, 35)]


def test_fragments_spread_into_their_trigger_words() -> None:
    assert expand("(?:two|three) options") == ["two options", "three options"]
    assert expand("(?:a )?successful", optional=True) == ["a successful", "successful"]
    assert expand("(?:a )?successful") == ["(?:a )?successful"]
    assert spread("i(?:['’]d| would) have") == ["i['’]d have", "i would have"]
    assert word_key("i['’]d have") == (("i", True), "['’]d have")
    assert word_key("reduc(?:ed|ing)") == (("reduc", False), "")
    assert word_key("at (?:my|our) job") == (("at", True), " (?:my|our) job")


def test_the_word_count_comes_from_the_same_split() -> None:
    text = "I didn't ship v2.3 — we saved $1,000 (98.5%) in 3 weeks.\nDone"
    assert score_turn(text).word_count == 12


WORDS = [
    "i",
    "we",
    "the",
    "a",
    "to",
    "in",
    "at",
    "my",
    "our",
    "from",
    "by",
    "two",
    "three",
    "within",
    "weeks",
    "ago",
    "reduced",
    "reduction",
    "risk",
    "trade-off",
    "tradeoff",
    "learned",
    "would",
    "have",
    "not",
    "never",
    "40%",
    "3x",
    "2x",
    "→",
    "->",
    "47",
    "min",
    "13",
    "ms",
    "but",
    "so",
    "which",
    ",",
    ";",
    "(",
    ")",
    ".",
    "\n",
    "beta",
    "alpha",
    "i'd",
    "i’ve",
    "q3",
    "doubled",
    "team",
    "previously",
]
PHRASES = [
    "instead of",
    "rather than",
    "in hindsight",
    "next time",
    "the main risk was",
    "a feature flag",
    "per week",
    "/week",
    "by q3",
    "beta two weeks ago",
    "i would have",
    "i'd have",
    "no longer",
    "as a result",
    "from 47 min to 13 min",
    "at my previous company",
    "and then",
    "it was up to me",
    "cut it in half",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(WORDS + PHRASES * 3), max_size=60),
    st.lists(st.sampled_from([" ", "", "  ", "-", "'"]), min_size=60, max_size=60),
    st.integers(0, 40),
)
def test_every_family_finds_what_a_scan_at_word_starts_finds(
    words: list[str], gaps: list[str], start: int
) -> None:
    low = fold("".join(w + g for w, g in zip(words, gaps, strict=False)))
    index = lexicon().cues
    scan = index.scan(low)
    start = min(start, len(low))
    for name in index.streams:
        assert scan.find(name) == _reference(index, name, low, 0, len(low)), name
        assert scan.find(name, start) == _reference(index, name, low, start, len(low)), name


def test_a_cue_that_cannot_be_indexed_is_refused_when_the_lexicon_loads() -> None:
    with pytest.raises(ValueError, match=r"\\s\+then"):
        CueIndex({"bad": ["\\s+then"]})
