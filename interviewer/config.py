"""Settings: defaults < config file < environment < command-line flags.

- Config file: TOML at ``interviewer.locations.config_file()`` (the platform's user config
  directory, or ``$INTERVIEWER_CONFIG_DIR/config.toml``), with the keys of :class:`Settings`
  at the top level, e.g. ``model = "llama3.2"`` and ``base_url = "http://localhost:11434/v1"``.
- Environment: ``INTERVIEWER_<KEY>`` for every key (``INTERVIEWER_MODEL``,
  ``INTERVIEWER_BASE_URL``, ``INTERVIEWER_API_KEY``, ...), and the OpenAI SDK's own
  ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY`` (an ``INTERVIEWER_`` variable wins over its
  ``OPENAI_`` twin).
- Flags: whatever a command passes to :func:`load_settings` (``None`` means "not given").

Where the key may go: ``OPENAI_API_KEY`` belongs to OpenAI's endpoint, so it is only used
when the base URL is OpenAI's own or itself comes from ``OPENAI_BASE_URL`` (the SDK's pair).
A base URL set anywhere else (flag, ``INTERVIEWER_BASE_URL``, config file) names its own key
(``INTERVIEWER_API_KEY`` or ``api_key`` in the file), so the OpenAI key never reaches a
stranger's server. Local servers (Ollama, vLLM, llama.cpp) need no key at all.

``backend = "auto"`` (the default) means: the OpenAI-compatible interviewer when an API is
configured (a key or a base URL), the offline interviewer otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from interviewer.locations import config_file, default_sessions_dir
from interviewer.models import DEFAULT_MAX_PROBES
from interviewer.resources import TOMLDecodeError, read_toml

__all__ = [
    "OPENAI_BASE_URL",
    "ConfigError",
    "Settings",
    "load_settings",
    "load_settings_with_sources",
]

OPENAI_BASE_URL = "https://api.openai.com/v1"
ENV_PREFIX = "INTERVIEWER_"


class ConfigError(ValueError):
    """A setting is invalid; the message is one line naming where it came from."""


class Settings(BaseModel):
    """The effective settings. The key is a SecretStr: it prints as '**********'."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["auto", "offline", "openai"] = "auto"
    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint")
    model: str = Field(default="gpt-4o-mini", min_length=1)
    api_key: SecretStr | None = None
    timeout: float = Field(
        default=30.0,
        gt=0,
        le=600,
        allow_inf_nan=False,
        description="Seconds to connect / between chunks",
    )
    temperature: float = Field(default=0.7, ge=0, le=2)
    max_tokens: int = Field(default=300, ge=16, description="Cap on one interviewer reply")
    stream: bool = Field(default=True, description="Stream replies (off for gateways that can't)")
    max_attempts: int = Field(default=4, ge=1, le=10, description="Tries per turn, first included")
    retry_budget: float = Field(
        default=45.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="Seconds a turn may spend retrying before giving up",
    )
    max_probes: int = Field(
        default=DEFAULT_MAX_PROBES, ge=0, le=5, description="Follow-ups per story"
    )
    sessions_dir: Path | None = None

    @field_validator("sessions_dir", mode="before")
    @classmethod
    def _a_real_folder(cls, value: object) -> object:
        """``~`` and ``$VARS`` are expanded, as a shell would; an empty path is refused."""
        if isinstance(value, str | Path):
            text = str(value).strip()
            if not text:
                raise ValueError("must name a folder, not be empty")
            return Path(os.path.expandvars(os.path.expanduser(text)))
        return value

    @field_validator("base_url")
    @classmethod
    def _a_usable_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return check_base_url(value)

    @property
    def resolved_backend(self) -> Literal["offline", "openai"]:
        if self.backend != "auto":
            return self.backend
        return "openai" if (self.api_key is not None or self.base_url) else "offline"

    @property
    def effective_base_url(self) -> str:
        return self.base_url or OPENAI_BASE_URL

    @property
    def effective_sessions_dir(self) -> Path:
        return self.sessions_dir or default_sessions_dir()

    @property
    def is_official_endpoint(self) -> bool:
        return _is_official(self.base_url)


def _is_official(base_url: object) -> bool:
    # Not always a str: this runs on raw config-file values, before they are validated.
    return base_url is None or (
        isinstance(base_url, str) and base_url.rstrip("/") == OPENAI_BASE_URL
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = read_toml(path)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(f"config file {path}: cannot read: {error.strerror or error}") from error
    except (TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path}: invalid TOML: {error}") from error
    for key in data:
        if key not in Settings.model_fields:
            known = ", ".join(Settings.model_fields)
            raise ConfigError(f"config file {path}: unknown setting {key!r} (known: {known})")
    return data


def load_settings_with_sources(
    *,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **flags: Any,
) -> tuple[Settings, dict[str, str]]:
    """The effective settings, and where each non-default value came from."""
    env = os.environ if environ is None else environ
    path = config_path or config_file()
    unknown = [name for name in flags if name not in Settings.model_fields]
    if unknown:
        raise TypeError(f"unknown setting(s): {', '.join(unknown)}")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(key: str, value: Any, source: str) -> None:
        values[key] = value
        sources[key] = source

    for key, value in _read_file(path).items():
        put(key, value, f"config file {path}")
    file_key = values.pop("api_key", None)
    file_key_source = sources.pop("api_key", None)
    openai_base = env.get("OPENAI_BASE_URL")
    if openai_base:
        put("base_url", openai_base, "env OPENAI_BASE_URL")
    for key in Settings.model_fields:
        name = ENV_PREFIX + key.upper()
        if key != "api_key" and env.get(name):
            put(key, env[name], f"env {name}")
    for key, value in flags.items():
        if value is not None and key != "api_key":
            put(key, value, "command line")

    # The key: a flag, then INTERVIEWER_API_KEY, then OPENAI_API_KEY where it belongs,
    # then the file's.
    base_source = sources.get("base_url", "")
    openai_key_fits = _is_official(values.get("base_url")) or base_source == "env OPENAI_BASE_URL"
    if flags.get("api_key") is not None:
        put("api_key", flags["api_key"], "command line")
    elif env.get("INTERVIEWER_API_KEY"):
        put("api_key", env["INTERVIEWER_API_KEY"], "env INTERVIEWER_API_KEY")
    elif env.get("OPENAI_API_KEY") and openai_key_fits:
        put("api_key", env["OPENAI_API_KEY"], "env OPENAI_API_KEY")
    elif file_key is not None and file_key_source is not None:
        put("api_key", file_key, file_key_source)

    try:
        settings = Settings.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        where = sources.get(field, "settings")
        if where == "command line":
            where += f" (--{field.replace('_', '-')})"
        raise ConfigError(f"{where}: {field}: {_explain(field, first)}") from error
    return settings, sources


def allowed_range(field: str) -> str | None:
    """The range a numeric setting allows, in words ("0 to 5"), from its declaration."""
    info = Settings.model_fields.get(field)
    if info is None:
        return None
    low = high = None
    low_open = high_open = False
    for item in info.metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "gt", None) is not None:
            low, low_open = item.gt, True
        if getattr(item, "le", None) is not None:
            high = item.le
        if getattr(item, "lt", None) is not None:
            high, high_open = item.lt, True
    if low is None and high is None:
        return None
    if high is None:
        return f"{'more than' if low_open else 'at least'} {low:g}"
    if low is None:
        return f"{'less than' if high_open else 'at most'} {high:g}"
    if low_open or high_open:
        start = f"more than {low:g}" if low_open else f"at least {low:g}"
        end = f"less than {high:g}" if high_open else f"at most {high:g}"
        return f"{start} and {end}"
    return f"from {low:g} to {high:g}"


def field_help(field: str) -> str:
    """A setting's --help text from its one declaration: what it is, its range and default."""
    info = Settings.model_fields[field]
    allowed = allowed_range(field)
    text = info.description or field.replace("_", " ")
    if allowed is not None:
        text += f", {allowed}"
    return f"{text} (default {info.default})"


def _explain(field: str, error: Any) -> str:
    """A validation error as a person would say it: the allowed range for numbers."""
    allowed = allowed_range(field)
    kind = str(error.get("type", ""))
    if allowed is not None and kind in (
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "finite_number",
    ):
        return f"must be {allowed} (got {error.get('input')!r})"
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


def check_base_url(value: str) -> str:
    """``value`` if it is a usable http(s) endpoint URL; a one-line ValueError if not. A URL
    holding a password is refused without echoing it: the key belongs in
    ``INTERVIEWER_API_KEY``, where it is never printed or sent elsewhere."""
    from urllib.parse import urlsplit

    if not value.strip():
        raise ValueError("is empty; give an http(s) URL such as http://localhost:11434/v1")
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port (ports run from 1 to 65535)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host")
    if port == 0:
        raise ValueError("has an invalid port (ports run from 1 to 65535)")
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "must not hold a user name or password; put the key in INTERVIEWER_API_KEY"
        )
    return value.strip()


def load_settings(
    *, config_path: Path | None = None, environ: Mapping[str, str] | None = None, **flags: Any
) -> Settings:
    """The effective settings (see the module doc for the order of precedence)."""
    return load_settings_with_sources(config_path=config_path, environ=environ, **flags)[0]
