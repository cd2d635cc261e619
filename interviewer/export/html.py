"""The HTML export: one self-contained, printable page (inline CSS and SVG, no network).

Every string from the session (candidate and interviewer text, question, backend) goes
through :func:`html.escape`; the output is well-formed XML as well as HTML.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from interviewer.export.common import evidence_quotes, one_line, speaker, visible, when
from interviewer.export.svg import bars, line_chart
from interviewer.models import Scorecard, Session
from interviewer.scorecard import ScorecardTexts
from interviewer.scorecard_view import Figure, ScorecardView, StoryView, TrendView, scorecard_view


def esc(text: str) -> str:
    """Text for HTML: control characters made visible (they are not even valid XML), then
    escaped."""
    return escape(visible(text), quote=True)


@cache
def stylesheet() -> str:
    return (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


def _quote(text: str) -> str:
    return f"<blockquote>{esc(text.strip())}</blockquote>"


def _figures(figures: tuple[Figure, ...]) -> str:
    return " → ".join(
        f"{esc(f.label)} <strong>{f.score}/100</strong>, rated {f.rating}/5 ({esc(f.rating_name)})"
        for f in figures
    )


def _summary(view: ScorecardView) -> list[str]:
    headline = view.headline
    out = [
        '<section class="summary">',
        "<h2>Scorecard</h2>",
    ]
    for figure in headline.figures:
        out.append(
            f'<p>{esc(figure.label)} <span class="big">{figure.score}</span>/100 '
            f'<span class="rating">rated {figure.rating}/5 ({esc(figure.rating_name)})'
            "</span></p>"
        )
    out += [f"<p>{esc(headline.coverage)}</p>", '<ul class="chips">']
    for story in view.stories:
        mark = view.marks["volunteered" if story.covered else "missing"].symbol
        score = " → ".join(str(f.score) for f in story.figures)
        out.append(
            f'<li class="{"yes" if story.covered else "no"}" title="{esc(story.principle.note)}">'
            f"{mark} {esc(story.competency)}{' ' + score if score else ''}</li>"
        )
    out.append("</ul>")
    if view.fixes:
        out.append("<h3>Most valuable improvements</h3><ol>")
        out += [f"<li>{esc(one_line(tip))}</li>" for tip in view.fixes]
        out.append("</ol>")
    out.append("</section>")
    return out


def _story(story: StoryView) -> list[str]:
    out = [
        '<section class="story">',
        f"<h3>Story {story.number}: {esc(story.competency)}</h3>",
    ]
    if not story.told:
        out.append("<p><em>No story was told.</em></p>")
    else:
        out.append(f"<p>{_figures(story.figures)}; main answer about {story.main_seconds} s.</p>")
        if not story.covered:
            out.append(f'<p class="missing">{esc(story.principle.note)}</p>')
        out.append(
            "<table><thead><tr><th>Rule</th><th>How</th><th>Evidence</th></tr></thead><tbody>"
        )
        for row in story.rows:
            quotes = ", ".join(f"<q>{esc(q)}</q>" for q in evidence_quotes(row.evidence))
            out.append(
                f"<tr><td>{esc(row.label)}</td>"
                f'<td class="{row.status}">{esc(row.mark.symbol)} {esc(row.mark.label)}</td>'
                f"<td>{quotes}</td></tr>"
            )
        out.append("</tbody></table>")
    if story.fixes:
        out.append("<ul>")
        out += [f"<li>{esc(one_line(tip))}</li>" for tip in story.fixes]
        out.append("</ul>")
    out.append("</section>")
    return out


def _trend(trend: TrendView | None) -> list[str]:
    if trend is None:
        return []
    out = [
        '<section class="trend">',
        f"<h2>Trend over your last {len(trend.scores)} sessions</h2>",
        line_chart([float(s) for s in trend.scores], list(trend.points)),
        "<table><thead><tr><th>Rule</th><th>Sessions</th><th>Then</th><th>Now</th></tr>"
        "</thead><tbody>",
    ]
    for row in trend.rows:
        out.append(
            f"<tr><td>{esc(row.label)}</td><td>{bars(row.shares)}</td>"
            f"<td>{row.shares[0]:.0%}</td><td>{row.shares[-1]:.0%}</td></tr>"
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
    view = scorecard_view(card, texts)
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
    out += _summary(view)
    out += _trend(view.trend)
    out.append("<h2>Stories</h2>")
    out.append(f"<p>{esc(view.legend)}<br/>{esc(view.rating_caps)}</p>")
    for story in view.stories:
        out += _story(story)
    out += _transcript(session)
    out += ["<footer>Made with interviewer.</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
