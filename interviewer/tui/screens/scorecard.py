"""The scorecard: per story the rules with quoted evidence, before/after the follow-ups,
the rating, and the three most valuable improvements; keys to export and to start again."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from interviewer.export.common import clip
from interviewer.models import Scorecard, Session, StoryCard
from interviewer.scorecard import load_texts, rule_status
from interviewer.tui.literal import literal
from interviewer.tui.messages import StartAgain
from interviewer.tui.widgets.checklist import rule_label

QUOTE_CHARS = 70
"""Evidence is quoted shorter here than in exports, beside the rule on one screen line."""
STATUS_MARKS = {
    "volunteered": ("✓", "bold green", "in the main answer"),
    "probed": ("✓", "bold yellow", "after a follow-up"),
    "missing": ("✗", "bold red", "missing"),
}


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def _grid() -> Table:
    """Two columns (a marker, then text that wraps under itself, not under the marker)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def render_summary(card: Scorecard) -> Group:
    text = Text()
    text.append("Overall ", style="bold")
    text.append(f"{card.score}/100  ", style="bold")
    text.append(stars(card.rating), style="bold yellow")
    told = sum(card.coverage.values())
    total = len(card.coverage)
    text.append(f"   {told} of {total} stories told" if total > 1 else "   one story")
    parts: list[RenderableType] = [text]
    if card.improvements:
        parts.append(Text("\nWhat would help most", style="bold"))
        tips = _grid()
        for number, tip in enumerate(card.improvements[:3], start=1):
            tips.add_row(Text(f" {number}."), literal(tip))
        parts.append(tips)
    if len(card.trend) > 1:
        scores = " → ".join(str(p.score) for p in card.trend)
        parts.append(
            Text(f"\nTrend over your last {len(card.trend)} sessions: {scores}", style="dim")
        )
    parts.append(Text("\n" + load_texts().rating_caps, style="dim"))
    return Group(*parts)


def render_story(card: StoryCard, stories: int) -> RenderableType:
    text = Text()
    text.append(f"Story {card.story + 1} of {stories}: ", style="bold")
    text.append_text(literal(card.competency.name, style="bold"))
    score = card.score
    if score is None:
        text.append("\n  Not told.\n", style="dim italic")
        return text
    text.append(f"   {score.combined.score}/100 ")
    text.append(stars(score.combined.rating), style="yellow")
    before = score.turns[0].score if score.turns else score.combined.score
    follow_ups = len(score.turns) - 1
    if follow_ups:
        plural = "s" if follow_ups > 1 else ""
        text.append(
            f"\n  Before follow-ups {before}/100 → after {follow_ups} follow-up{plural} "
            f"{score.combined.score}/100",
            style="dim",
        )
    rules = _grid()
    for rule in score.combined.rules:
        status = rule_status(score, rule.id)
        mark, style, where = STATUS_MARKS[status]
        line = Text(rule_label(rule.id), style="bold" if status != "missing" else "")
        line.append(f"  ({where})", style="dim")
        if rule.passed and rule.evidence:
            line.append("\n“")
            line.append_text(literal(clip(rule.evidence[0].text, QUOTE_CHARS), style="italic"))
            line.append("”")
        elif not rule.passed:
            line.append("\n")
            line.append_text(literal(rule.message, style="dim"))
        rules.add_row(Text(f"  {mark}", style=style), line)
    parts: list[RenderableType] = [text, rules]
    if card.improvements:
        advice = _grid()
        advice.add_row(Text("  Next time:", style="bold"), literal(card.improvements[0]))
        parts.append(advice)
    return Group(*parts)


class ScorecardScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "export('md')", "Export Markdown"),
        Binding("j", "export('json')", "JSON"),
        Binding("h", "export('html')", "HTML"),
        Binding("n", "start_again", "New interview"),
        Binding("q", "app.quit", "Quit", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def __init__(self, session: Session, scorecard: Scorecard, export_dir: Path) -> None:
        super().__init__()
        self.session = session
        self.scorecard = scorecard
        self.export_dir = export_dir
        self.exported: list[Path] = []

    def compose(self) -> ComposeResult:
        bar = Text("Scorecard  ", style="bold")
        bar.append_text(literal(self.scorecard.question_title))
        bar.append(f"  ·  session {self.session.id}", style="dim")
        yield Static(bar, id="title-bar")
        with VerticalScroll(id="scorecard-body") as body:
            body.can_focus = True
            yield Static(render_summary(self.scorecard), id="summary", classes="card")
            stories = len(self.scorecard.stories)
            for card in self.scorecard.stories:
                yield Static(render_story(card, stories), classes="card story")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scorecard-body").focus()

    def action_export(self, fmt: str) -> None:
        from interviewer.tui.exporting import export_session

        try:
            path = export_session(self.session, self.scorecard, fmt, self.export_dir)
        except Exception as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=8)
            return
        self.exported.append(path)
        self.notify(f"Saved {path}", title="Exported", timeout=6)

    def action_start_again(self) -> None:
        self.post_message(StartAgain())
