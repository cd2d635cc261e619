"""Which Leadership Principle a story shows, and whether it shows the one asked.

Words alone do not tell a principle: "customer" appears in stories of every principle, and a
template that names "Customer Obsession" five times shows none. So fit is judged by a small
linear model (a softmax over the sixteen principles and "none") trained on the dev split of
the labelled corpus (``scripts/train_fit.py``; weights in ``data/fit_model.json``, loaded
once, no network, deterministic). Its inputs are the story's word stems, not counting the
speaker's reflections ("next time I would talk to customers" is no customer work done), and
nothing else.

Whether the answer is a story at all is not learned: a template, a plan or a creed, or an
answer with neither an action nor an outcome shows no principle (:func:`no_story`). A story
fits the principle asked when that principle's probability is at least ``fit_ratio`` of the
strongest one's (the model's choice among close principles is not a verdict) and at least
``fit_floor`` (a story with nothing to tell the principles apart shows none of them). The evidence
is the sentence that shows the principle most.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from interviewer.scoring.analysis import Analysis, analyse
from interviewer.scoring.competencies import competency
from interviewer.scoring.roles import Role, is_template, outcomes, reflections, sentence_roles

NONE = "none"
_TOKEN = re.compile(r"[a-z]+")
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

Span = tuple[int, int]


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
    dense: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    stopwords: frozenset[str]
    fit_ratio: float
    fit_floor: float


@cache
def model() -> FitModel:
    raw = json.loads(
        resources.files("interviewer.scoring").joinpath("data/fit_model.json").read_text("utf-8")
    )
    return FitModel(
        classes=tuple(raw["classes"]),
        words={k: tuple(v) for k, v in raw["words"].items()},
        dense={k: tuple(v) for k, v in raw["dense"].items()},
        bias=tuple(raw["bias"]),
        stopwords=frozenset(raw["stopwords"]),
        fit_ratio=float(raw["fit_ratio"]),
        fit_floor=float(raw.get("fit_floor", 0.0)),
    )


def _story_sentences(a: Analysis) -> list[Span]:
    """The sentences of the story proper: every one but the speaker's reflections."""
    skip = {a.sentences.index(s) for s, _ in reflections(a)} if a.sentences else set()
    return [a.sentences.span(i) for i in range(len(a.sentences)) if i not in skip]


def sentence_stems(a: Analysis, stopwords: frozenset[str]) -> list[tuple[Span, list[str]]]:
    """Each story sentence (reflections left out) with the stems of its words."""
    cached: list[tuple[Span, list[str]]] | None = a.memo.get("fit_stems")
    if cached is None:
        cached = [
            (span, [stem(w) for w in _TOKEN.findall(a.low, *span) if w not in stopwords])
            for span in _story_sentences(a)
        ]
        a.memo["fit_stems"] = cached
    return cached


def dense_features(a: Analysis) -> dict[str, float]:
    """Facts the earlier passes found, as model inputs (none at present: whether there is a
    story at all is decided by :func:`no_story`, not learned)."""
    del a
    return {}


def no_story(a: Analysis) -> bool:
    """An answer that shows no principle because it tells no story: a template, a plan or a
    creed, nothing told in the past, or neither an action nor an outcome."""
    return (
        is_template(a)
        or a.hypothetical
        or not a.tells_past
        or (not a.actions and not outcomes(a).sentences)
    )


def story_stems(a: Analysis, stopwords: frozenset[str]) -> set[str]:
    """The distinct stems of the story's words (reflections left out), from the words the
    cue scan already split the text into: what the model reads."""
    words = a.scan.words
    ranges = reflections(a)
    if ranges:
        found: set[str] = set()
        walk = iter(ranges)
        current = next(walk, None)
        for word, position in zip(words, a.scan.positions, strict=False):
            while current is not None and position >= current[1]:
                current = next(walk, None)
            if current is None or position < current[0]:
                found.add(word)
    else:
        found = set(words)
    found -= stopwords
    known = _STEMS.get
    stems = {known(w) or _word_stem(w) for w in found}
    stems.discard("")
    return stems


def _word_stem(word: str) -> str:
    """The stem of a word of letters, or "" for one with digits or non-ASCII letters."""
    return stem(word) if word.isascii() and word.isalpha() else _remember(word, "")


def _remember(word: str, value: str) -> str:
    if len(_STEMS) < 100_000:
        _STEMS[word] = value
    return value


def probabilities(a: Analysis) -> dict[str, float]:
    """The model's probability for each principle and for "none" (no principle shown)."""
    cached: dict[str, float] | None = a.memo.get("fit_probabilities")
    if cached is not None:
        return cached
    m = model()
    table = m.words
    found = map(table.get, story_stems(a, m.stopwords))
    rows = [row for row in found if row is not None]
    # Column sums in C (zip, sum) rather than a Python loop over every weight.
    scores = [sum(column) for column in zip(m.bias, *rows, strict=True)]
    for name, value in dense_features(a).items():
        weights = m.dense.get(name)
        if weights is not None and value:
            scores = [s + value * w for s, w in zip(scores, weights, strict=True)]
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


def evidence(a: Analysis, principle: str) -> Span | None:
    """The sentence whose words show ``principle`` most (None if no word does)."""
    m = model()
    if principle not in m.classes:
        return None
    column = m.classes.index(principle)
    found: tuple[float, Span] | None = None
    for span, stems in sentence_stems(a, m.stopwords):
        weight = sum(m.words[s][column] for s in set(stems) if s in m.words)
        if weight > 0 and (found is None or weight > found[0]):
            found = (weight, span)
    return a.trimmed(*found[1]) if found is not None else None


@dataclass(frozen=True, slots=True)
class Fit:
    fits: bool
    best: str  # the principle shown best, or "none"
    evidence: Span | None  # for the asked principle when it fits, else for ``best``


def signalled(a: Analysis, principle: str) -> bool:
    """Does one of the principle's patterns (``prompts/competencies.toml``) match, unnegated,
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
