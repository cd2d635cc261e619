"""The scorecard: per story the rules with quoted evidence, what was volunteered beside what
the story reached after follow-ups, the rating, and the three most valuable improvements;
keys to export and to start again. It lays out the one scorecard view
(:mod:`interviewer.scorecard_view`) that the terminal and the exports show too."""

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
from interviewer.models import Scorecard, Session
from interviewer.scorecard_view import Figure, ScorecardView, StoryView, scorecard_view
from interviewer.tui.literal import literal
from interviewer.tui.messages import StartAgain

QUOTE_CHARS = 70
"""Evidence is quoted shorter here than in exports, beside the rule on one screen line."""
STATUS_STYLE = {"volunteered": "bold green", "probed": "bold yellow", "missing": "bold red"}


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def _grid() -> Table:
    """Two columns (a marker, then text that wraps under itself, not under the marker)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _figures(figures: tuple[Figure, ...]) -> Text:
    text = Text()
    for index, figure in enumerate(figures):
        if index:
            text.append(" → ", style="dim")
        text.append(f"{figure.label} {figure.score}/100 ")
        text.append(stars(figure.rating), style="yellow")
    return text


def _headline_figures(figures: tuple[Figure, ...]) -> Table:
    """The session's figures one under the other, aligned, so they read side by side."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    for figure in figures:
        grid.add_row(
            Text(figure.label[:1].upper() + figure.label[1:], style="bold"),
            Text(f"{figure.score}/100", style="bold"),
            Text(stars(figure.rating), style="bold yellow"),
        )
    return grid


def render_summary(view: ScorecardView) -> Group:
    headline = view.headline
    total = headline.total
    text = Text(f"{headline.told} of {total} stories told" if total > 1 else "one story")
    text.append(" · ")
    text.append_text(literal(headline.coverage))
    for principle in headline.principles:
        if not principle.covered:
            text.append("\n  ")
            text.append_text(literal(principle.name, style="bold"))
            text.append(": ")
            text.append_text(literal(principle.note, style="dim"))
    parts: list[RenderableType] = [_headline_figures(headline.figures), text]
    if view.fixes:
        parts.append(Text("\nWhat would help most", style="bold"))
        tips = _grid()
        for number, tip in enumerate(view.fixes[:3], start=1):
            tips.add_row(Text(f" {number}."), literal(tip))
        parts.append(tips)
    if view.trend is not None:
        scores = " → ".join(str(s) for s in view.trend.scores)
        parts.append(
            Text(f"\nTrend over your last {len(view.trend.scores)} sessions: {scores}", style="dim")
        )
    parts.append(Text("\n" + view.legend, style="dim"))
    parts.append(Text(view.rating_caps, style="dim"))
    return Group(*parts)


def render_story(story: StoryView, stories: int) -> RenderableType:
    text = Text()
    text.append(f"Story {story.number} of {stories}: ", style="bold")
    text.append_text(literal(story.competency, style="bold"))
    if not story.told:
        text.append("\n  Not told.\n", style="dim italic")
        return text
    text.append("\n  ")
    text.append_text(_figures(story.figures))
    if not story.covered:
        text.append("\n  ")
        text.append_text(literal(story.principle.note, style="bold yellow"))
    rules = _grid()
    for row in story.rows:
        line = Text(row.label, style="bold" if row.status != "missing" else "")
        line.append(f"  ({row.mark.label})", style="dim")
        if row.passed and row.evidence:
            line.append("\n“")
            line.append_text(literal(clip(row.evidence[0], QUOTE_CHARS), style="italic"))
            line.append("”")
        elif not row.passed:
            line.append("\n")
            line.append_text(literal(row.message, style="dim"))
        rules.add_row(Text(f"  {row.mark.symbol}", style=STATUS_STYLE[row.status]), line)
    parts: list[RenderableType] = [text, rules]
    if story.fixes:
        advice = _grid()
        advice.add_row(Text("  Next time:", style="bold"), literal(story.fixes[0]))
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
        view = scorecard_view(self.scorecard)
        with VerticalScroll(id="scorecard-body") as body:
            body.can_focus = True
            yield Static(render_summary(view), id="summary", classes="card")
            for story in view.stories:
                yield Static(render_story(story, len(view.stories)), classes="card story")
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
