"""The live STAR-L checklist for the story in progress.

It shows which rules the story already meets (its earlier turns plus the draft being typed),
with the scorecard's marks (:func:`interviewer.scorecard_view.load_marks`: met in the main
answer, or only after a follow-up), which ones the last follow-up asked for, the draft's
length and speaking time against the 60-90 s window, and where the session is.
Rendering is a pure function of :class:`ChecklistState`, so it is easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from interviewer.models import Probe, StoryScore
from interviewer.scorecard_view import load_marks
from interviewer.tui.literal import literal

if TYPE_CHECKING:
    from interviewer.session import Interview

WINDOW_SECONDS = (60, 90)
"""A story should take 60-90 seconds to tell (the seed's timebox)."""


def rule_label(rule_id: str) -> str:
    """The rule's name for people, as the scorecard names it (``data/scorecard.toml``)."""
    from interviewer.scorecard import load_texts

    return load_texts().label(rule_id)


MARK_STYLE = {
    "volunteered": "bold green",
    "probed": "bold yellow",
    "asked": "bold yellow",
    "open": "dim",
}


@dataclass(frozen=True)
class ChecklistState:
    """Everything the checklist shows."""

    story: int = 0
    """0-based index of the story in progress."""
    stories: int = 1
    competency: str = ""
    follow_up: int = 0
    """0 while the main answer is being given, then 1.. for follow-ups."""
    max_follow_ups: int = 0
    score: StoryScore | None = None
    draft_words: int = 0
    draft_seconds: float = 0.0
    finished: bool = False
    asked_for: tuple[str, ...] = field(default=())
    """Rule ids the interviewer's last follow-up asked about."""


def checklist_state(interview: Interview, draft: str, *, finished: bool) -> ChecklistState:
    """Where ``interview`` is, and how its story in progress scores with ``draft`` sent."""
    from interviewer.scoring import WORDS_PER_MINUTE

    finished = finished or interview.finished
    move = interview.pending_move
    competencies = interview.session.question.competencies
    story = interview.story_index
    words = len(draft.split())
    return ChecklistState(
        story=story,
        stories=len(competencies),
        competency=competencies[min(story, len(competencies) - 1)].name,
        follow_up=interview.follow_up,
        max_follow_ups=interview.session.max_probes,
        score=None if finished else interview.preview(draft),
        draft_words=words,
        draft_seconds=words / WORDS_PER_MINUTE * 60,
        finished=finished,
        asked_for=move.gaps if isinstance(move, Probe) else (),
    )


def checklist_marks(state: ChecklistState) -> list[tuple[str, str]]:
    """Per rule of the story in progress, in report order: (rule id, mark status). A rule
    met shows the scorecard's mark for how it was met (in the main answer, or only after a
    follow-up); one not met yet is ``asked`` (the last follow-up asked for it) or ``open``."""
    from interviewer.scorecard import rule_status

    score = state.score
    if score is None:
        return []
    marks: list[tuple[str, str]] = []
    for rule in score.combined.rules:
        if rule.passed:
            marks.append((rule.id, rule_status(score, rule.id)))
        else:
            marks.append((rule.id, "asked" if rule.id in state.asked_for else "open"))
    return marks


def _bar(seconds: float, width: int = 18) -> Text:
    """A bar from 0 to 120 s with the 60-90 s window marked."""
    top = 120.0
    low, high = WINDOW_SECONDS
    filled = min(width, round(seconds / top * width))
    text = Text()
    for cell in range(width):
        at = (cell + 0.5) / width * top
        in_window = low <= at <= high
        if cell < filled:
            style = "bold green" if low <= seconds <= high else "bold yellow"
            text.append("█", style=style)
        else:
            text.append("░" if in_window else "·", style="green dim" if in_window else "dim")
    return text


def render_checklist(state: ChecklistState) -> Text:
    text = Text()
    if state.finished:
        text.append("Interview finished\n", style="bold")
        return text
    text.append(f"Story {state.story + 1} of {state.stories}", style="bold")
    if state.competency:
        text.append(" · ")
        text.append_text(literal(state.competency, style="bold underline"))
    text.append("\n")
    if state.follow_up:
        text.append(f"Follow-up {state.follow_up} of {state.max_follow_ups}\n", style="italic")
    else:
        text.append("Main answer\n", style="italic")
    rules = checklist_marks(state)
    marks = load_marks()
    for rule_id, status in rules:
        text.append(f" {marks[status].symbol} ", style=MARK_STYLE[status])
        text.append(rule_label(rule_id) + "\n", style="dim" if status == "open" else "")
    if not rules:
        text.append(" (start typing)\n", style="dim")
    text.append("\n")
    low, high = WINDOW_SECONDS
    text.append(f"{state.draft_words} words · {round(state.draft_seconds)} s")
    text.append(f" of {low}-{high}\n", style="dim")
    text.append_text(_bar(state.draft_seconds))
    return text


class Checklist(Static):
    """Shows a :class:`ChecklistState`; set ``state`` to update it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._state = ChecklistState()

    @property
    def state(self) -> ChecklistState:
        return self._state

    @state.setter
    def state(self, state: ChecklistState) -> None:
        self._state = state
        self.update(render_checklist(state))

    def on_mount(self) -> None:
        self.update(render_checklist(self._state))
