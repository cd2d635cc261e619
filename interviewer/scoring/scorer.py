"""Score one turn, or a story told across turns, into the shared models."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from interviewer.models import RuleResult, Span, StoryScore, TurnScore
from interviewer.scoring.analysis import Analysis, analyse
from interviewer.scoring.checks import CHECKS, MAX_EVIDENCE, Finding
from interviewer.scoring.competencies import CompetencyPatterns, competency
from interviewer.scoring.fit import NONE, judge, name_of, no_story
from interviewer.scoring.roles import role_at
from interviewer.scoring.rules import RULES, WORDS_PER_MINUTE, RuleInfo, rating_for

TURN_SEPARATOR = "\n\n"

_CORE = tuple(rule for rule in RULES if rule.core)
_FIT = next(rule for rule in RULES if rule.id == "competency_fit")


def _fit_for(competency_id: str | None) -> CompetencyPatterns | None:
    return None if competency_id is None else competency(competency_id)


def _competency_fit(a: Analysis, fit: CompetencyPatterns, *, evidence: bool = True) -> Finding:
    if not fit.principle:
        found = [span for span in a.cues(fit.family) if not a.negated(*span)]
        return Finding(bool(found), tuple(found[:MAX_EVIDENCE]), fit.name)
    verdict = judge(a, fit.id, with_evidence=evidence)
    spans = (verdict.evidence,) if verdict.evidence is not None else ()
    if verdict.fits or verdict.best == NONE:
        return Finding(verdict.fits, spans, fit.name)
    # The story shows another principle: say which, with the sentence that shows it.
    detail = f"{fit.name} (it shows {name_of(verdict.best)} instead)"
    return Finding(False, spans, detail, instead=verdict.best)


def _findings(
    a: Analysis, fit: CompetencyPatterns | None, *, roles: bool = False
) -> list[tuple[RuleInfo, Finding]]:
    """Every rule's finding on ``a``; with ``roles``, each evidence span names the role of
    its sentence (the report path; the batch path has no use for them)."""
    found = [(rule, CHECKS[rule.id](a)) for rule in _CORE]
    if fit is not None and fit.pattern is not None:
        found.append((_FIT, _competency_fit(a, fit, evidence=roles)))
    if roles:
        found = [
            (rule, replace(f, roles=tuple(role_at(a, s) for s, _ in f.evidence)))
            for rule, f in found
        ]
    return found


def _message(rule: RuleInfo, finding: Finding, fit: CompetencyPatterns | None) -> str:
    template = rule.found if finding.passed else rule.missing
    name = fit.name if fit is not None else ""
    return template.format(detail=finding.detail, competency=name)


def _probe(rule: RuleInfo, fit: CompetencyPatterns | None) -> str:
    return rule.probe.format(competency=fit.name if fit is not None else "the competency")


def rating(
    score: int, passed: frozenset[str], *, no_story: bool = False, principle: bool = False
) -> int:
    """The 1-5 band of ``score``, capped where a coach caps it (``corpus/RUBRIC.md``):

    - an answer that tells no story (a template, a plan or a creed, only the problem) rates 1;
    - one told with "we" where the speaker's part should be, and one that does not show the
      Leadership Principle asked (``principle``: the competency asked is one), at most 2;
    - one without the speaker's own actions and an outcome, at most 3;
    - one outside the 60-90 s timebox, at most 4.
    """
    band = rating_for(score)
    if no_story:
        return 1
    if "first_person" not in passed or (principle and _FIT.id not in passed):
        band = min(band, 2)
    if not {"action", "result"} <= passed:
        band = min(band, 3)
    if "length" not in passed:
        band = min(band, 4)
    return band


def _graded(
    found: list[tuple[RuleInfo, Finding]], a: Analysis, fit: CompetencyPatterns | None
) -> tuple[int, int]:
    """The 0-100 score and the 1-5 rating the findings earn."""
    total = earned = 0
    passed: set[str] = set()
    for rule, finding in found:
        total += rule.weight
        if finding.passed:
            earned += rule.weight
            passed.add(rule.id)
    score = round(100 * earned / total) if total else 0
    principle = fit is not None and fit.principle
    return score, rating(score, frozenset(passed), no_story=no_story(a), principle=principle)


class Grade(NamedTuple):
    """A turn's verdict without evidence or messages: what ``--jsonl`` prints."""

    score: int
    rating: int
    rules: dict[str, bool]


def grade_turn(text: str, competency: str | None = None) -> Grade:
    """The score, rating and each rule's outcome of :func:`score_turn`, decided by the same
    checks but without building the report's models (the batch path)."""
    a, fit = analyse(text), _fit_for(competency)
    found = _findings(a, fit)
    score, band = _graded(found, a, fit)
    return Grade(score, band, {rule.id: finding.passed for rule, finding in found})


def _turn_score(
    texts: Sequence[str],
    found: list[tuple[RuleInfo, Finding]],
    locate: _Locator,
    a: Analysis,
    fit: CompetencyPatterns | None,
) -> TurnScore:
    """The report of ``found``; ``a`` is the analysis whose length and shape (a template?)
    the rating reads: the turn's own, or for a whole story its main answer's."""
    results: list[RuleResult] = []
    for rule, finding in found:
        spans: list[Span] = []
        for index, (start, end) in enumerate(finding.evidence):
            turn, local_start, local_end = locate(start, end)
            spans.append(
                Span(
                    start=local_start,
                    end=local_end,
                    text=texts[turn][local_start:local_end],
                    turn=turn,
                    role=finding.roles[index] if index < len(finding.roles) else None,
                )
            )
        results.append(
            RuleResult(
                id=rule.id,
                passed=finding.passed,
                weight=rule.weight,
                message=_message(rule, finding, fit),
                probe=_probe(rule, fit),
                evidence=tuple(spans),
            )
        )
    score, band = _graded(found, a, fit)
    word_count = a.word_count
    instead = next((f.instead for rule, f in found if f.instead is not None), None)
    return TurnScore(
        competency=fit.id if fit is not None else None,
        shows_instead=instead,
        rules=tuple(results),
        score=score,
        rating=band,
        word_count=word_count,
        speaking_seconds=round(word_count * 60 / WORDS_PER_MINUTE, 1),
    )


class _Locator:
    """Maps offsets in the joined story text back to (turn, offset in that turn)."""

    def __init__(self, texts: Sequence[str], turn: int | None = None) -> None:
        self.turn = turn
        self.starts: list[int] = []
        self.lengths = [len(t) for t in texts]
        position = 0
        for text in texts:
            self.starts.append(position)
            position += len(text) + len(TURN_SEPARATOR)

    def __call__(self, start: int, end: int) -> tuple[int, int, int]:
        if self.turn is not None:
            return self.turn, start, end
        index = max(0, bisect_right(self.starts, start) - 1)
        base = self.starts[index]
        local_start = min(start - base, self.lengths[index])
        local_end = max(local_start, min(end - base, self.lengths[index]))
        return index, local_start, local_end


def score_turn(text: str, competency: str | None = None) -> TurnScore:
    """Score one answer on its own. Raises :class:`UnknownCompetencyError` for an id that
    ``data/competencies.toml`` does not define."""
    fit = _fit_for(competency)
    a = analyse(text)
    return _turn_score([text], _findings(a, fit, roles=True), _Locator([text], 0), a, fit)


def score_story(texts: Sequence[str], competency: str | None = None) -> StoryScore:
    """Score a story told across turns: each turn on its own (a follow-up's outcomes count
    once an earlier turn told the actions), and the story as a whole. The whole story's
    length is the main answer's; every other rule passes if the story as a whole, or the
    main answer alone, passes it."""
    fit = _fit_for(competency)
    texts = list(texts) or [""]
    turns: list[TurnScore] = []
    analyses: list[Analysis] = []
    prior_action = False
    for index, text in enumerate(texts):
        a = analyse(text, prior_action=prior_action)
        analyses.append(a)
        turns.append(
            _turn_score(texts, _findings(a, fit, roles=True), _Locator(texts, index), a, fit)
        )
        prior_action = prior_action or bool(a.actions)

    joined = analyse(TURN_SEPARATOR.join(texts))
    main = analyses[0]
    combined_found: list[tuple[RuleInfo, Finding]] = []
    main_found = {rule.id: finding for rule, finding in _findings(main, fit, roles=True)}
    locate = _Locator(texts)
    for rule, finding in _findings(joined, fit, roles=True):
        main_finding = main_found[rule.id]
        if rule.id == "length" or (main_finding.passed and not finding.passed):
            finding = main_finding  # offsets in turn 0 equal offsets in the joined text
        combined_found.append((rule, finding))
    combined = _turn_score(texts, combined_found, locate, main, fit)

    volunteered = tuple(r.id for r in turns[0].rules if r.passed)
    probed = tuple(r.id for r in combined.rules if r.passed and r.id not in volunteered)
    return StoryScore(
        competency=combined.competency,
        turns=tuple(turns),
        combined=combined,
        volunteered=volunteered,
        probed=probed,
        missing=combined.failed,
    )
