"""The Markdown export: the transcript and the scorecard, for reading and pasting.

What the candidate and the interviewer said is quoted as block quotes with every markup
character escaped, so a Markdown viewer shows it as written: nothing they wrote can become
a heading, a link, emphasis, a code block or HTML, or break the document (a bare web
address may still be linked by viewers that autolink); table cells escape ``|``.
"""

from __future__ import annotations

import re

from interviewer.export.common import (
    STATUS_MARK,
    STATUS_TEXT,
    evidence_quotes,
    one_line,
    sparkline,
    speaker,
    visible,
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


def _story(card: StoryCard, texts: ScorecardTexts) -> list[str]:
    out = [f"### Story {card.story + 1}: {one_line(card.competency.name)}", ""]
    if card.score is None:
        out += ["_No story was told._", ""]
    else:
        combined = card.score.combined
        seconds = main_answer_seconds(card.score)
        out += [
            f"Score **{combined.score}/100**, rated {combined.rating}/5 "
            f"({texts.rating_name(combined.rating)}); main answer about {round(seconds)} s.",
            "",
            "| Rule | | How | Evidence |",
            "|---|---|---|---|",
        ]
        for rule in combined.rules:
            status = rule_status(card.score, rule.id)
            quotes = ", ".join(_code(text) for text in evidence_quotes(rule.evidence))
            out.append(
                f"| {_cell(texts.label(rule.id))} | {STATUS_MARK[status]} "
                f"| {STATUS_TEXT[status]} | {_cell(quotes) if quotes else ''} |"
            )
        out.append("")
    if card.improvements:
        out += ["Improve:", ""]
        out += [f"- {one_line(tip)}" for tip in card.improvements]
        out.append("")
    return out


def _trend(card: Scorecard, texts: ScorecardTexts) -> list[str]:
    if len(card.trend) < 2:
        return []
    scores = [p.score for p in card.trend]
    out = [
        f"## Trend over your last {len(card.trend)} sessions",
        "",
        f"Overall: `{sparkline([s / 100 for s in scores])}` " + " → ".join(str(s) for s in scores),
        "",
        "| Rule | Trend | Then | Now |",
        "|---|---|---|---|",
    ]
    for rule_id in trend_rule_ids(card):
        shares = [p.rules.get(rule_id, 0.0) for p in card.trend]
        out.append(
            f"| {_cell(texts.label(rule_id))} | `{sparkline(shares)}` "
            f"| {shares[0]:.0%} | {shares[-1]:.0%} |"
        )
    return [*out, ""]


def render(session: Session, card: Scorecard, texts: ScorecardTexts | None = None) -> str:
    texts = texts or load_texts()
    q = session.question
    covered = sum(card.coverage.values())
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
    out += [
        "## Scorecard",
        "",
        f"Overall **{card.score}/100**, rated {card.rating}/5 "
        f"({texts.rating_name(card.rating)}). Principles covered: {covered} of "
        f"{len(card.coverage)}.",
        "",
        "| Principle | Story | Score |",
        "|---|---|---|",
    ]
    for story in card.stories:
        told = story.score is not None
        score = f"{story.score.combined.score}/100" if story.score else "–"
        out.append(f"| {_cell(story.competency.name)} | {'✓' if told else '✗'} | {score} |")
    out.append("")
    if card.improvements:
        out += ["Most valuable improvements:", ""]
        out += [f"{i}. {one_line(tip)}" for i, tip in enumerate(card.improvements, 1)]
        out.append("")
    out += [f"Legend: {texts.legend}. {texts.rating_caps}", ""]
    for story in card.stories:
        out += _story(story, texts)
    out += _trend(card, texts)
    out += _transcript(session)
    return "\n".join(out).rstrip("\n") + "\n"
