"""The scorecard in the terminal: Rich tables, bars and sparklines.

Session text is only ever put into :class:`rich.text.Text` objects, never parsed as
markup, so nothing a candidate or a model wrote can restyle the screen.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from interviewer.export.common import (
    STATUS_MARK,
    STATUS_TEXT,
    bar,
    evidence_quotes,
    one_line,
    sparkline,
    when,
)
from interviewer.models import Scorecard, Session, StoryCard
from interviewer.scorecard import (
    ScorecardTexts,
    load_texts,
    main_answer_seconds,
    rule_status,
    trend_rule_ids,
)

STATUS_STYLE = {"volunteered": "green", "probed": "yellow", "missing": "red"}


def _score_style(score: int) -> str:
    return "green" if score >= 70 else "yellow" if score >= 40 else "red"


def _score_bar(score: int, width: int = 20) -> Text:
    return Text(bar(score / 100, width), style=_score_style(score))


def _header(session: Session, card: Scorecard, texts: ScorecardTexts) -> Panel:
    meta = Text()
    meta.append(f"{session.id} · {when(session.created_at)} · ", style="dim")
    meta.append(f"interviewer: {one_line(session.backend)}", style="dim")
    meta.append(" · finished" if session.finished else " · not finished", style="dim")
    body = Text()
    body.append(f"{card.score}/100  ", style=f"bold {_score_style(card.score)}")
    body.append_text(_score_bar(card.score, 30))
    body.append(f"  rated {card.rating}/5 ({texts.rating_name(card.rating)})")
    covered = sum(card.coverage.values())
    body.append(f"\nPrinciples covered: {covered} of {len(card.coverage)}")
    return Panel(
        Group(meta, body),
        title=Text(one_line(session.question.title), style="bold"),
        title_align="left",
    )


def _stories_table(card: Scorecard) -> Table:
    table = Table(title="Stories", title_justify="left", expand=False)
    table.add_column("#", justify="right")
    table.add_column("Principle")
    table.add_column("Score", justify="right")
    table.add_column("")
    table.add_column("Rating", justify="right")
    for story in card.stories:
        if story.score is None:
            table.add_row(
                str(story.story + 1),
                Text(one_line(story.competency.name)),
                "–",
                Text("no story", "red"),
                "",
            )
            continue
        combined = story.score.combined
        table.add_row(
            str(story.story + 1),
            Text(one_line(story.competency.name)),
            str(combined.score),
            _score_bar(combined.score),
            f"{combined.rating}/5",
        )
    return table


def _improvements(title: str, tips: tuple[str, ...]) -> Text:
    text = Text(title, style="bold")
    for number, tip in enumerate(tips, start=1):
        text.append(f"\n {number}. ")
        text.append(one_line(tip))
    return text


def _story(card: StoryCard, texts: ScorecardTexts) -> RenderableType:
    title = Text(f"Story {card.story + 1}: {one_line(card.competency.name)}", style="bold")
    if card.score is None:
        return Group(title, Text("No story was told.", style="red"))
    combined = card.score.combined
    seconds = main_answer_seconds(card.score)
    title.append(
        f"  {combined.score}/100, rated {combined.rating}/5, main answer ~{round(seconds)} s",
        style="not bold",
    )
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("Rule")
    table.add_column("How")
    table.add_column("Evidence", overflow="fold")
    for rule in combined.rules:
        status = rule_status(card.score, rule.id)
        quotes = Text(", ".join(f"“{q}”" for q in evidence_quotes(rule.evidence)), "italic")
        table.add_row(
            Text(texts.label(rule.id)),
            Text(f"{STATUS_MARK[status]} {STATUS_TEXT[status]}", style=STATUS_STYLE[status]),
            quotes,
        )
    parts: list[RenderableType] = [title, table]
    if card.improvements:
        parts.append(_improvements("Improve:", card.improvements))
    return Group(*parts)


def _trend(card: Scorecard, texts: ScorecardTexts) -> RenderableType | None:
    if len(card.trend) < 2:
        return None
    scores = [p.score for p in card.trend]
    table = Table(
        title=f"Trend over your last {len(card.trend)} sessions",
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
    for rule_id in trend_rule_ids(card):
        shares = [p.rules.get(rule_id, 0.0) for p in card.trend]
        table.add_row(
            Text(texts.label(rule_id)),
            Text(sparkline(shares), style="cyan"),
            f"{shares[0]:.0%}",
            f"{shares[-1]:.0%}",
        )
    return table


def render(
    session: Session, card: Scorecard, texts: ScorecardTexts | None = None
) -> RenderableType:
    texts = texts or load_texts()
    parts: list[RenderableType] = [_header(session, card, texts), _stories_table(card)]
    if card.improvements:
        parts += [_improvements("Most valuable improvements", card.improvements), Text()]
    trend = _trend(card, texts)
    if trend is not None:
        parts += [trend, Text()]
    parts += [Text(texts.legend, "dim"), Text(texts.rating_caps, "dim")]
    for story in card.stories:
        parts += [Text(), _story(story, texts)]
    return Group(*parts)
