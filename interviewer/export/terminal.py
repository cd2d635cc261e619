"""The scorecard in the terminal: Rich tables, bars and sparklines.

It lays out :func:`interviewer.scorecard_view.scorecard_view`, the view every front end
shows. Session text is only ever put into :class:`rich.text.Text` objects, never parsed as
markup, so nothing a candidate or a model wrote can restyle the screen.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from interviewer.export.common import bar, evidence_quotes, one_line, sparkline, when
from interviewer.models import Scorecard, Session
from interviewer.scorecard import ScorecardTexts
from interviewer.scorecard_view import (
    Figure,
    Headline,
    Principle,
    ScorecardView,
    StoryView,
    TrendView,
    scorecard_view,
)

STATUS_STYLE = {"volunteered": "green", "probed": "yellow", "missing": "red"}


def _score_style(score: int) -> str:
    return "green" if score >= 70 else "yellow" if score >= 40 else "red"


def _score_bar(score: int, width: int = 20) -> Text:
    return Text(bar(score / 100, width), style=_score_style(score))


def _figure(figure: Figure) -> Text:
    text = Text(f"{figure.label} ")
    text.append(f"{figure.score}/100", style=f"bold {_score_style(figure.score)}")
    text.append(f", rated {figure.rating}/5 ({figure.rating_name})")
    return text


def _figures(figures: tuple[Figure, ...]) -> Text:
    return Text(" → ").join(_figure(f) for f in figures)


def _coverage_note(principle: Principle) -> Text:
    style = "green" if principle.covered else "yellow" if principle.told else "red"
    return Text(one_line(principle.note), style=style)


def _header(session: Session, headline: Headline) -> Panel:
    meta = Text()
    meta.append(f"{session.id} · {when(session.created_at)} · ", style="dim")
    meta.append(f"interviewer: {one_line(session.backend)}", style="dim")
    meta.append(" · finished" if session.finished else " · not finished", style="dim")
    figures = Table.grid(padding=(0, 2))
    figures.add_column()
    figures.add_column(justify="right")
    figures.add_column()
    figures.add_column()
    for figure in headline.figures:
        figures.add_row(
            Text(figure.label[:1].upper() + figure.label[1:]),  # a line of its own here
            Text(f"{figure.score}/100", style=f"bold {_score_style(figure.score)}"),
            _score_bar(figure.score, 30),
            Text(f"rated {figure.rating}/5 ({figure.rating_name})"),
        )
    coverage = Text(headline.coverage)
    uncovered = [p for p in headline.principles if not p.covered]
    for principle in uncovered:
        coverage.append(f"\n  {one_line(principle.name)}: ")
        coverage.append_text(_coverage_note(principle))
    return Panel(
        Group(meta, figures, coverage),
        title=Text(one_line(session.question.title), style="bold"),
        title_align="left",
    )


def _stories_table(view: ScorecardView) -> Table:
    table = Table(title="Stories", title_justify="left", expand=False)
    table.add_column("#", justify="right")
    table.add_column("Principle")
    table.add_column("Volunteered", justify="right")
    table.add_column("After follow-ups", justify="right")
    table.add_column("")
    table.add_column("Rating", justify="right")
    table.add_column("Coverage")
    for story in view.stories:
        reached = story.reached
        if reached is None:
            table.add_row(
                str(story.number),
                Text(one_line(story.competency)),
                "–",
                "–",
                "",
                "",
                _coverage_note(story.principle),
            )
            continue
        first = story.figures[0]
        table.add_row(
            str(story.number),
            Text(one_line(story.competency)),
            str(first.score),
            str(reached.score),
            _score_bar(reached.score),
            f"{reached.rating}/5",
            _coverage_note(story.principle),
        )
    return table


def _improvements(title: str, tips: tuple[str, ...]) -> Text:
    text = Text(title, style="bold")
    for number, tip in enumerate(tips, start=1):
        text.append(f"\n {number}. ")
        text.append(one_line(tip))
    return text


def _story(story: StoryView) -> RenderableType:
    title = Text(f"Story {story.number}: {one_line(story.competency)}", style="bold")
    if not story.told:
        return Group(title, Text("No story was told.", style="red"))
    line = _figures(story.figures)
    line.append(f", main answer ~{story.main_seconds} s")
    parts: list[RenderableType] = [title, line]
    if not story.covered:
        parts.append(_coverage_note(story.principle))
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("Rule")
    table.add_column("How")
    table.add_column("Evidence", overflow="fold")
    for row in story.rows:
        quotes = ", ".join(f"“{q}”" for q in evidence_quotes(row.evidence))
        table.add_row(
            Text(row.label),
            Text(f"{row.mark.symbol} {row.mark.label}", style=STATUS_STYLE[row.status]),
            Text(quotes, "italic"),
        )
    parts.append(table)
    if story.fixes:
        parts.append(_improvements("Improve:", story.fixes))
    return Group(*parts)


def _trend(trend: TrendView) -> RenderableType:
    scores = trend.scores
    table = Table(
        title=f"Trend over your last {len(scores)} sessions",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    table.add_column("")
    table.add_column("Trend")
    table.add_column("Then", justify="right")
    table.add_column("Now", justify="right")
    table.add_row(
        Text("Overall score", style="bold"),
        Text(sparkline([s / 100 for s in scores]), style="cyan"),
        str(scores[0]),
        str(scores[-1]),
    )
    for row in trend.rows:
        table.add_row(
            Text(row.label),
            Text(sparkline(row.shares), style="cyan"),
            f"{row.shares[0]:.0%}",
            f"{row.shares[-1]:.0%}",
        )
    return table


def render(
    session: Session, card: Scorecard, texts: ScorecardTexts | None = None
) -> RenderableType:
    view = scorecard_view(card, texts)
    parts: list[RenderableType] = [_header(session, view.headline), _stories_table(view)]
    if view.fixes:
        parts += [_improvements("Most valuable improvements", view.fixes), Text()]
    if view.trend is not None:
        parts += [_trend(view.trend), Text()]
    parts += [Text(view.legend, "dim"), Text(view.rating_caps, "dim")]
    for story in view.stories:
        parts += [Text(), _story(story)]
    return Group(*parts)
