"""Which Leadership Principle a story shows, and whether it shows the one asked.

Words alone do not tell a principle: "customer" appears in stories of every principle, and a
template that names "Customer Obsession" five times shows none. So fit is judged by a small
linear model (a softmax over the sixteen principles) trained on the dev split of the
labelled corpus (``scripts/train_fit.py``; weights in ``data/fit_model.json``, loaded once,
no network, deterministic). Its inputs are the story's word stems, not counting the
speaker's reflections ("next time I would talk to customers" is no customer work done).

Whether the answer is a story at all is not learned: a template, a plan or a creed, or an
answer with neither an action nor an outcome shows no principle (:func:`no_story`). A story
fits the principle asked when that principle's probability is at least ``fit_ratio`` of the
strongest one's (the model's choice among close principles is not a verdict) and at least
``fit_floor`` (a story with nothing to tell the principles apart shows none of them). The
evidence is the sentence that shows the principle most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from interviewer.resources import load_json
from interviewer.scoring.analysis import Analysis, analyse
from interviewer.scoring.competencies import competency
from interviewer.scoring.cues import Offsets
from interviewer.scoring.roles import Role, is_template, outcomes, reflections, sentence_roles

NONE = "none"
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


_STEMS: dict[str, str] = {}
"""Stems already computed, by word (bounded: see ``stem``)."""


def stem(word: str) -> str:
    """A crude, deterministic stem: "customers", "customer's" -> "customer"."""
    return _remember(word, _stem(word))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class FitModel:
    classes: tuple[str, ...]
    words: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    stopwords: frozenset[str]
    fit_ratio: float
    fit_floor: float


@cache
def model() -> FitModel:
    raw = load_json("fit_model.json")
    return FitModel(
        classes=tuple(raw["classes"]),
        words={k: tuple(v) for k, v in raw["words"].items()},
        bias=tuple(raw["bias"]),
        stopwords=frozenset(raw["stopwords"]),
        fit_ratio=float(raw["fit_ratio"]),
        fit_floor=float(raw.get("fit_floor", 0.0)),
    )


def no_story(a: Analysis) -> bool:
    """An answer that shows no principle because it tells no story: a template, a plan or a
    creed, nothing told in the past, or neither an action nor an outcome."""
    return (
        is_template(a)
        or a.hypothetical
        or not a.tells_past
        or (not a.actions and not outcomes(a).sentences)
    )


def _story_words(a: Analysis) -> list[tuple[int, str]]:
    """The story's words with their offsets, from the words the cue scan already split the
    text into; the speaker's reflections are left out."""
    pairs = list(zip(a.scan.positions, a.scan.words, strict=False))  # one more position: the end
    ranges = reflections(a)
    if not ranges:
        return pairs
    kept: list[tuple[int, str]] = []
    walk = iter(ranges)
    current = next(walk, None)
    for position, word in pairs:
        while current is not None and position >= current[1]:
            current = next(walk, None)
        if current is None or position < current[0]:
            kept.append((position, word))
    return kept


def _stems_of(words: set[str], stopwords: frozenset[str]) -> set[str]:
    known = _STEMS.get
    stems = {known(w) or _word_stem(w) for w in words - stopwords}
    stems.discard("")
    return stems


def story_stems(a: Analysis, stopwords: frozenset[str]) -> set[str]:
    """The distinct stems of the story's words (reflections left out): what the model reads."""
    if not reflections(a):
        return _stems_of(set(a.scan.words), stopwords)  # the common case, without offsets
    return _stems_of({word for _, word in _story_words(a)}, stopwords)


def _word_stem(word: str) -> str:
    """The stem of a word of letters, or "" for one with digits or non-ASCII letters."""
    return stem(word) if word.isascii() and word.isalpha() else _remember(word, "")


def _remember(word: str, value: str) -> str:
    if len(_STEMS) < 100_000:
        _STEMS[word] = value
    return value


def probabilities(a: Analysis) -> dict[str, float]:
    """The model's probability for each of the sixteen principles."""
    cached: dict[str, float] | None = a.memo.get("fit_probabilities")
    if cached is not None:
        return cached
    m = model()
    table = m.words
    found = map(table.get, story_stems(a, m.stopwords))
    rows = [row for row in found if row is not None]
    # Column sums in C (zip, sum) rather than a Python loop over every weight.
    scores = [sum(column) for column in zip(m.bias, *rows, strict=True)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    cached = {c: e / total for c, e in zip(m.classes, exps, strict=True)}
    a.memo["fit_probabilities"] = cached
    return cached


def best(a: Analysis) -> str:
    """The principle the story shows best, or ``"none"`` when it is no story."""
    if no_story(a):
        return NONE
    probs = probabilities(a)
    return max(probs, key=lambda c: probs[c])


def evidence(a: Analysis, principle: str) -> Offsets | None:
    """The sentence whose words show ``principle`` most (None if no word does)."""
    m = model()
    if principle not in m.classes or not a.sentences:
        return None
    column = m.classes.index(principle)
    by_sentence: dict[int, set[str]] = {}
    for position, word in _story_words(a):
        by_sentence.setdefault(a.sentences.index(position), set()).add(word)
    found: tuple[float, int] | None = None
    for index in sorted(by_sentence):
        stems = _stems_of(by_sentence[index], m.stopwords)
        weight = sum(m.words[s][column] for s in stems if s in m.words)
        if weight > 0 and (found is None or weight > found[0]):
            found = (weight, index)
    return a.trimmed(*a.sentences.span(found[1])) if found is not None else None


@dataclass(frozen=True, slots=True)
class Fit:
    fits: bool
    best: str  # the principle shown best, or "none"
    evidence: Offsets | None  # for the asked principle when it fits, else for ``best``


def signalled(a: Analysis, principle: str) -> bool:
    """Does one of the principle's patterns (``data/competencies.toml``) match, unnegated,
    in a sentence of the story?"""
    comp = competency(principle)
    if comp.pattern is None:
        return False
    roles = sentence_roles(a)
    for start, end in a.cues(comp.family):
        reflection = roles and roles[a.sentences.index(start)] == frozenset({Role.REFLECTION})
        if not reflection and not a.negated(start, end):
            return True
    return False


def judge(a: Analysis, asked: str, *, with_evidence: bool = True) -> Fit:
    """Does the story show ``asked``? And which principle does it show best? Without
    ``with_evidence`` (the batch path) no sentence is picked as evidence."""
    probs = probabilities(a)
    top = best(a)
    m = model()
    own = probs.get(asked, 0.0)
    # Below the floor the model has too little to go on; a signal the principle's own
    # patterns name ("no team owned", "spoke with 5 customers") then decides.
    shown = (
        top != NONE
        and own >= m.fit_ratio * probs[top]
        and (own >= m.fit_floor or signalled(a, asked))
    )
    if not with_evidence:
        return Fit(shown, top, None)
    if shown:
        return Fit(True, top, evidence(a, asked))
    return Fit(False, top, evidence(a, top) if top != NONE else None)


def best_fit(text: str) -> str:
    """The id of the Leadership Principle ``text`` shows best, or ``"none"``."""
    return best(analyse(text))


def name_of(principle: str) -> str:
    return competency(principle).name
