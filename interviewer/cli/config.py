"""`interviewer config`: the effective settings (key redacted), where each came from, and
where the files live."""

from __future__ import annotations

import argparse
import json
from urllib.parse import urlsplit, urlunsplit

from interviewer.cli.errors import CliError
from interviewer.cli.parsing import Subparsers
from interviewer.config import ConfigError, Settings, load_settings_with_sources
from interviewer.locations import config_file

REDACTED = "********"

EPILOG = """\
precedence: command-line flags > environment > config file > defaults.
environment: INTERVIEWER_<SETTING> for every setting (e.g. INTERVIEWER_MODEL,
INTERVIEWER_BASE_URL, INTERVIEWER_API_KEY), plus OPENAI_API_KEY and OPENAI_BASE_URL.
OPENAI_API_KEY is only sent to OpenAI's endpoint (or to OPENAI_BASE_URL); a base URL set
any other way uses INTERVIEWER_API_KEY or api_key in the config file. Local servers
(Ollama, vLLM, llama.cpp) need no key.
"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "config",
        help="show the effective settings and where files live",
        description=(
            "Print the effective settings (the API key redacted), where each value came from, "
            "and where the config file and the sessions live."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=handle)


def redact_url(url: str) -> str:
    """The URL with any user:password@ replaced, so that config output is safe to paste."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{REDACTED}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


Shown = str | int | float | bool | None
"""A setting as ``interviewer config`` prints it (and as its JSON holds it)."""


def _shown(settings: Settings, key: str) -> Shown:
    if key == "api_key":
        return REDACTED if settings.api_key is not None else None
    if key == "sessions_dir":
        return str(settings.effective_sessions_dir)
    if key == "base_url":
        return redact_url(settings.effective_base_url)
    value: object = getattr(settings, key)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _note(settings: Settings, key: str, sources: dict[str, str]) -> str:
    if key in sources:
        return sources[key]
    if key == "backend" and settings.backend == "auto":
        why = "an API is configured" if settings.resolved_backend == "openai" else "no API set"
        return f"default; {why}"
    if key == "api_key":
        return "not set"
    return "default"


def handle(args: argparse.Namespace) -> int:
    try:
        settings, sources = load_settings_with_sources()
    except ConfigError as error:
        raise CliError(str(error)) from error
    path = config_file()
    keys = list(Settings.model_fields)
    if args.json:
        payload = {
            "settings": {key: _shown(settings, key) for key in keys},
            "interviewer": settings.resolved_backend,
            "sources": {key: _note(settings, key, sources) for key in keys},
            "config_file": str(path),
            "config_file_exists": path.is_file(),
            "sessions_dir": str(settings.effective_sessions_dir),
        }
        print(json.dumps(payload, indent=2))
        return 0
    print("Effective settings (flags > environment > config file > defaults):")
    width = max(len(key) for key in keys)
    for key in keys:
        value = _shown(settings, key)
        shown = "-" if value is None else str(value)
        if key == "backend" and settings.backend == "auto":
            shown = f"auto ({settings.resolved_backend})"
        print(f"  {key:<{width}}  {shown}  [{_note(settings, key, sources)}]")
    print()
    state = "exists" if path.is_file() else "not created yet"
    print(f"config file   {path} ({state})")
    print(f"sessions dir  {settings.effective_sessions_dir}")
    return 0
