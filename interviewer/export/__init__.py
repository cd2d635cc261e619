"""Renderers of a session and its scorecard: Markdown, JSON, HTML and the terminal.

Each renderer is a pure function of (session, scorecard) to text or a Rich renderable;
the CLI decides where the output goes. Every string that came from the candidate or a
model is treated as untrusted: escaped in HTML, never parsed as Rich markup.
"""

from __future__ import annotations

FORMATS = ("md", "json", "html")
