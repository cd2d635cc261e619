"""Small inline SVG charts for the HTML export: numbers only, no scripts, no links."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def line_chart(
    values: Sequence[float], labels: Sequence[str], width: int = 560, height: int = 150
) -> str:
    """Overall scores (0-100) as a line with a dot per session, oldest on the left."""
    pad, top, bottom = 30, 10, 20
    inner_w, inner_h = width - 2 * pad, height - top - bottom
    step = inner_w / max(len(values) - 1, 1)
    points = [
        (pad + i * step, top + inner_h * (1 - min(max(v, 0.0), 100.0) / 100))
        for i, v in enumerate(values)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Overall score per session">',
    ]
    for level in (0, 50, 100):
        y = top + inner_h * (1 - level / 100)
        parts.append(
            f'<line class="axis" x1="{pad}" y1="{y:.1f}" x2="{width - pad}" y2="{y:.1f}" />'
            f'<text class="label" x="2" y="{y + 4:.1f}">{level}</text>'
        )
    parts.append(f'<polyline class="line" points="{path}" />')
    for (x, y), value, label in zip(points, values, labels, strict=True):
        parts.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{escape(label)}: {round(value)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bars(values: Sequence[float], width: int = 120, height: int = 22) -> str:
    """Shares (0-1) as a row of small bars, one per session."""
    gap = 2
    slot = width / max(len(values), 1)
    parts = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Share of stories per session">'
    ]
    for i, value in enumerate(values):
        h = max(min(value, 1.0), 0.0) * (height - 2)
        parts.append(
            f'<rect class="bar" x="{i * slot + gap / 2:.1f}" y="{height - 1 - h:.1f}" '
            f'width="{max(slot - gap, 1):.1f}" height="{max(h, 0.5):.1f}">'
            f"<title>{value:.0%}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)
