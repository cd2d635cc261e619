"""The HTML export: one self-contained, printable page (inline CSS and SVG, no network).

Every string from the session (candidate and interviewer text, question, backend) goes
through :func:`html.escape`; the output is well-formed XML as well as HTML.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from interviewer.export.common import (
    STATUS_MARK,
    STATUS_TEXT,
    evidence_quotes,
    one_line,
    speaker,
    visible,
    when,
)
from interviewer.export.svg import bars, line_chart
from interviewer.models import Scorecard, Session, StoryCard
from interviewer.scorecard import (
    ScorecardTexts,
    load_texts,
    main_answer_seconds,
    rule_status,
    trend_rule_ids,
)


def esc(text: str) -> str:
    """Text for HTML: control characters made visible (they are not even valid XML), then
    escaped."""
    return escape(visible(text), quote=True)


@cache
def stylesheet() -> str:
    return (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


def _quote(text: str) -> str:
    return f"<blockquote>{esc(text.strip())}</blockquote>"


def _summary(card: Scorecard, texts: ScorecardTexts) -> list[str]:
    covered = sum(card.coverage.values())
    out = [
        '<section class="summary">',
        "<h2>Scorecard</h2>",
        f'<p><span class="big">{card.score}</span>/100 '
        f'<span class="rating">rated {card.rating}/5 ({esc(texts.rating_name(card.rating))})'
        f"</span></p>",
        f"<p>Principles covered: {covered} of {len(card.coverage)}</p>",
        '<ul class="chips">',
    ]
    for story in card.stories:
        told = story.score is not None
        mark = "✓" if told else "✗"
        score = f" {story.score.combined.score}" if story.score else ""
        out.append(
            f'<li class="{"yes" if told else "no"}">{mark} {esc(story.competency.name)}{score}</li>'
        )
    out.append("</ul>")
    if card.improvements:
        out.append("<h3>Most valuable improvements</h3><ol>")
        out += [f"<li>{esc(one_line(tip))}</li>" for tip in card.improvements]
        out.append("</ol>")
    out.append("</section>")
    return out


def _story(card: StoryCard, texts: ScorecardTexts) -> list[str]:
    out = [
        '<section class="story">',
        f"<h3>Story {card.story + 1}: {esc(card.competency.name)}</h3>",
    ]
    if card.score is None:
        out.append("<p><em>No story was told.</em></p>")
    else:
        combined = card.score.combined
        seconds = main_answer_seconds(card.score)
        out += [
            f"<p>Score <strong>{combined.score}/100</strong>, rated {combined.rating}/5 "
            f"({esc(texts.rating_name(combined.rating))}); main answer about "
            f"{round(seconds)} s.</p>",
            "<table><thead><tr><th>Rule</th><th>How</th><th>Evidence</th></tr></thead><tbody>",
        ]
        for rule in combined.rules:
            status = rule_status(card.score, rule.id)
            quotes = ", ".join(f"<q>{esc(text)}</q>" for text in evidence_quotes(rule.evidence))
            out.append(
                f"<tr><td>{esc(texts.label(rule.id))}</td>"
                f'<td class="{status}">{STATUS_MARK[status]} {STATUS_TEXT[status]}</td>'
                f"<td>{quotes}</td></tr>"
            )
        out.append("</tbody></table>")
    if card.improvements:
        out.append("<ul>")
        out += [f"<li>{esc(one_line(tip))}</li>" for tip in card.improvements]
        out.append("</ul>")
    out.append("</section>")
    return out


def _trend(card: Scorecard, texts: ScorecardTexts) -> list[str]:
    if len(card.trend) < 2:
        return []
    scores = [float(p.score) for p in card.trend]
    labels = [f"{p.at:%Y-%m-%d} {p.session_id}" for p in card.trend]
    out = [
        '<section class="trend">',
        f"<h2>Trend over your last {len(card.trend)} sessions</h2>",
        line_chart(scores, labels),
        "<table><thead><tr><th>Rule</th><th>Sessions</th><th>Then</th><th>Now</th></tr>"
        "</thead><tbody>",
    ]
    for rule_id in trend_rule_ids(card):
        shares = [p.rules.get(rule_id, 0.0) for p in card.trend]
        out.append(
            f"<tr><td>{esc(texts.label(rule_id))}</td><td>{bars(shares)}</td>"
            f"<td>{shares[0]:.0%}</td><td>{shares[-1]:.0%}</td></tr>"
        )
    out += ["</tbody></table>", "</section>"]
    return out


def _transcript(session: Session) -> list[str]:
    out = ['<section class="transcript">', "<h2>Transcript</h2>"]
    current = -1
    competencies = session.question.competencies
    for turn in session.turns:
        if turn.story != current:
            current = turn.story
            name = competencies[current].name if current < len(competencies) else "?"
            out.append(f"<h3>Story {current + 1}: {esc(name)}</h3>")
        out.append(
            f'<div class="turn {turn.role}"><span class="who">{speaker(turn)}</span> '
            f'<span class="at">{turn.at:%H:%M:%S}</span>{_quote(turn.text)}</div>'
        )
    if not session.turns:
        out.append("<p><em>Nothing was said yet.</em></p>")
    if session.draft:
        out.append(
            '<div class="turn draft"><span class="who">Unsent draft</span>'
            f"{_quote(session.draft)}</div>"
        )
    out.append("</section>")
    return out


def render(session: Session, card: Scorecard, texts: ScorecardTexts | None = None) -> str:
    texts = texts or load_texts()
    q = session.question
    title = f"Mock interview: {one_line(q.title)}"
    meta = [
        f"Session {session.id}",
        when(session.created_at),
        f"Interviewer: {session.backend}",
        "finished" if session.finished else "not finished",
    ]
    if q.company or q.role:
        meta.append(" · ".join(one_line(x) for x in (q.company, q.role) if x))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f"<title>{esc(title)}</title>",
        f"<style>\n{stylesheet()}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{esc(title)}</h1>",
        '<p class="meta">' + "".join(f"<span>{esc(m)}</span>" for m in meta) + "</p>",
        _quote(q.text),
        "</header>",
    ]
    out += _summary(card, texts)
    out += _trend(card, texts)
    out.append("<h2>Stories</h2>")
    out.append(f"<p>{esc(texts.legend)}<br/>{esc(texts.rating_caps)}</p>")
    for story in card.stories:
        out += _story(story, texts)
    out += _transcript(session)
    out += ["<footer>Made with interviewer.</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
