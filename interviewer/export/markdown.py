"""The Markdown export: the transcript and the scorecard, for reading and pasting.

What the candidate and the interviewer said is quoted as block quotes with every markup
character escaped, so a Markdown viewer shows it as written: nothing they wrote can become
a heading, a link, emphasis, a code block or HTML, or break the document (a bare web
address may still be linked by viewers that autolink); table cells escape ``|``.
"""

from __future__ import annotations

import re

from interviewer.export.common import (
    evidence_quotes,
    one_line,
    sparkline,
    speaker,
    visible,
    when,
)
from interviewer.models import Scorecard, Session
from interviewer.scorecard import ScorecardTexts
from interviewer.scorecard_view import Figure, ScorecardView, StoryView, TrendView, scorecard_view

_INLINE = re.compile(r"([\\`*_\[\]~&|<])")
"""Characters that open inline markup (emphasis, code, links, strikethrough, entities, table
cells, HTML); each is backslash-escaped, which Markdown shows as the character itself."""
_BLOCK = re.compile(r"([ \t]*)(?:([#>+=-])|(\d{1,9})([.)]))")
"""What would open a block at the start of a quoted line: a heading, a nested quote, a list
item, a rule or a setext underline."""


def _literal_line(line: str) -> str:
    # Four spaces (or a tab) of indent would make the line a code block inside the quote,
    # which shows the escapes below as backslashes: three spaces at most.
    text = line.lstrip(" \t")
    spaces = min(len(line[: len(line) - len(text)].expandtabs(4)), 3)
    line = " " * spaces + _INLINE.sub(r"\\\1", text)
    block = _BLOCK.match(line)
    if block is None:
        return line
    indent, mark, number, delimiter = block.groups()
    opened = f"\\{mark}" if mark else f"{number}\\{delimiter}"
    return indent + opened + line[block.end() :]


def _quote(text: str) -> str:
    """A block quote that shows the text as written: every character that Markdown would read
    as markup (``*bold*``, ``[a](link)``, ``<tag>``, ``# heading``, ``- item``) is escaped."""
    lines = visible(text).strip().splitlines() or [""]
    return "\n".join(f"> {_literal_line(line)}".rstrip() for line in lines)


def _cell(text: str) -> str:
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def _code(text: str) -> str:
    """Inline code that survives backticks in the text."""
    text = one_line(text)
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _transcript(session: Session) -> list[str]:
    out = ["## Transcript", ""]
    current = -1
    for turn in session.turns:
        if turn.story != current:
            current = turn.story
            competencies = session.question.competencies
            name = competencies[current].name if current < len(competencies) else "?"
            out += [f"### Story {current + 1}: {one_line(name)}", ""]
        out += [f"**{speaker(turn)}** ({turn.at:%H:%M:%S}):", "", _quote(turn.text), ""]
    if not session.turns:
        out += ["_Nothing was said yet._", ""]
    if session.draft:
        out += ["**Unsent draft:**", "", _quote(session.draft), ""]
    return out


def _figures(figures: tuple[Figure, ...]) -> str:
    return " → ".join(
        f"{f.label} **{f.score}/100**, rated {f.rating}/5 ({f.rating_name})" for f in figures
    )


def _story(story: StoryView) -> list[str]:
    out = [f"### Story {story.number}: {one_line(story.competency)}", ""]
    if not story.told:
        out += ["_No story was told._", ""]
    else:
        out += [f"{_figures(story.figures)}; main answer about {story.main_seconds} s.", ""]
        if not story.covered:
            out += [f"Coverage: {_cell(story.principle.note)}.", ""]
        out += ["| Rule | | How | Evidence |", "|---|---|---|---|"]
        for row in story.rows:
            quotes = ", ".join(_code(q) for q in evidence_quotes(row.evidence))
            out.append(
                f"| {_cell(row.label)} | {row.mark.symbol} "
                f"| {row.mark.label} | {_cell(quotes) if quotes else ''} |"
            )
        out.append("")
    if story.fixes:
        out += ["Improve:", ""]
        out += [f"- {one_line(tip)}" for tip in story.fixes]
        out.append("")
    return out


def _trend(trend: TrendView | None) -> list[str]:
    if trend is None:
        return []
    scores = trend.scores
    out = [
        f"## Trend over your last {len(scores)} sessions",
        "",
        f"Overall: `{sparkline([s / 100 for s in scores])}` " + " → ".join(str(s) for s in scores),
        "",
        "| Rule | Trend | Then | Now |",
        "|---|---|---|---|",
    ]
    for row in trend.rows:
        out.append(
            f"| {_cell(row.label)} | `{sparkline(row.shares)}` "
            f"| {row.shares[0]:.0%} | {row.shares[-1]:.0%} |"
        )
    return [*out, ""]


def _summary(view: ScorecardView) -> list[str]:
    headline = view.headline
    out = [
        "## Scorecard",
        "",
        f"{_figures(headline.figures)}. {headline.coverage}.",
        "",
        "| Principle | Covered | Volunteered | After follow-ups |",
        "|---|---|---|---|",
    ]
    for story in view.stories:
        mark = view.marks["volunteered" if story.covered else "missing"].symbol
        first = f"{story.figures[0].score}/100" if story.figures else "–"
        reached = f"{story.reached.score}/100" if story.reached else "–"
        out.append(
            f"| {_cell(story.competency)} | {mark} {_cell(story.principle.note)} "
            f"| {first} | {reached} |"
        )
    out.append("")
    if view.fixes:
        out += ["Most valuable improvements:", ""]
        out += [f"{i}. {one_line(tip)}" for i, tip in enumerate(view.fixes, 1)]
        out.append("")
    out += [f"Legend: {view.legend}. {view.rating_caps}", ""]
    return out


def render(session: Session, card: Scorecard, texts: ScorecardTexts | None = None) -> str:
    view = scorecard_view(card, texts)
    q = session.question
    out = [
        f"# Mock interview: {one_line(q.title)}",
        "",
        f"- Session: `{session.id}`",
        f"- Date: {when(session.created_at)}",
        f"- Interviewer: {_cell(session.backend)}",
        f"- Finished: {'yes' if session.finished else 'no (can be resumed)'}",
    ]
    if q.company or q.role:
        out.append(f"- For: {' · '.join(one_line(x) for x in (q.company, q.role) if x)}")
    out += ["", "**Question:**", "", _quote(q.text), ""]
    out += _summary(view)
    for story in view.stories:
        out += _story(story)
    out += _trend(view.trend)
    out += _transcript(session)
    return "\n".join(out).rstrip("\n") + "\n"
