"""Settings: precedence, where the key may go, clear errors, and `interviewer config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.backends.offline import OfflineBackend
from interviewer.cli import main
from interviewer.config import ConfigError, Settings, load_settings, load_settings_with_sources
from interviewer.locations import config_file


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_anything_are_offline() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.resolved_backend == "offline"
    assert settings.max_probes == 2
    assert settings.effective_sessions_dir.name == "sessions"


def test_precedence_flags_over_env_over_file_over_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config('model = "from-file"\ntemperature = 0.1\ntimeout = 5\n')
    monkeypatch.setenv("INTERVIEWER_MODEL", "from-env")
    monkeypatch.setenv("INTERVIEWER_TEMPERATURE", "0.2")
    settings, sources = load_settings_with_sources(model="from-flag")
    assert settings.model == "from-flag"
    assert sources["model"] == "command line"
    assert settings.temperature == 0.2
    assert sources["temperature"] == "env INTERVIEWER_TEMPERATURE"
    assert settings.timeout == 5
    assert sources["timeout"].startswith("config file ")
    assert settings.max_tokens == Settings().max_tokens
    assert "max_tokens" not in sources


def test_flags_given_as_none_do_not_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_MAX_PROBES", "3")
    assert load_settings(max_probes=None).max_probes == 3


def test_openai_key_configures_the_openai_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-official")
    settings = load_settings()
    assert settings.resolved_backend == "openai"
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "sk-official"
    assert "sk-official" not in repr(settings)
    assert "sk-official" not in str(settings.model_dump())


def test_openai_key_is_not_sent_to_a_custom_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-official")
    monkeypatch.setenv("INTERVIEWER_BASE_URL", "http://gpu-box:8000/v1")
    settings = load_settings()
    assert settings.api_key is None
    assert settings.resolved_backend == "openai"  # a base URL is an API, even keyless


def test_custom_base_url_uses_its_own_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-official")
    monkeypatch.setenv("INTERVIEWER_API_KEY", "gateway-key")
    write_config('base_url = "https://gateway.example/v1"\n')
    settings = load_settings()
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "gateway-key"


def test_file_key_goes_with_file_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-official")
    write_config('base_url = "https://gateway.example/v1"\napi_key = "file-key"\n')
    settings = load_settings()
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "file-key"


def test_openai_base_url_env_pairs_with_openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-azure")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://my-gateway.example/v1")
    settings = load_settings()
    assert settings.base_url == "https://my-gateway.example/v1"
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "sk-azure"


def test_interviewer_env_wins_over_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://a.example/v1")
    monkeypatch.setenv("INTERVIEWER_BASE_URL", "https://b.example/v1")
    assert load_settings().base_url == "https://b.example/v1"


def test_explicit_offline_wins_over_a_configured_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-official")
    assert load_settings(backend="offline").resolved_backend == "offline"


def test_invalid_toml_names_the_file() -> None:
    path = write_config("model = \n")
    with pytest.raises(ConfigError, match="invalid TOML") as caught:
        load_settings()
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_key_names_the_file_and_key() -> None:
    path = write_config('modle = "typo"\n')
    with pytest.raises(ConfigError, match="unknown setting 'modle'") as caught:
        load_settings()
    assert str(path) in str(caught.value)


def test_bad_value_names_its_source(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config("max_probes = -1\n")
    with pytest.raises(ConfigError, match=r"config file .*: max_probes"):
        load_settings()
    write_config("")
    monkeypatch.setenv("INTERVIEWER_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="env INTERVIEWER_TIMEOUT: timeout"):
        load_settings()


def test_make_backend_offline_by_default() -> None:
    from interviewer.backends.configured import make_backend

    assert isinstance(make_backend(load_settings()), OfflineBackend)


def test_config_command_redacts_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "sk-very-secret" not in out
    assert "********" in out
    assert "env OPENAI_API_KEY" in out
    assert str(config_file()) in out
    assert "sessions dir" in out


def test_config_command_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], user_dirs: Path
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    assert main(["config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["api_key"] == "********"
    assert data["interviewer"] == "openai"
    assert data["config_file"] == str(config_file())
    assert data["config_file_exists"] is False
    assert data["sessions_dir"].startswith(str(user_dirs))


def test_config_command_bad_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("[[[")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewer: error: config file ")
    assert err.count("\n") == 1


def test_credentials_in_the_base_url_are_refused_and_never_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A password in the URL would silently stand in for the key; say where the key goes.
    monkeypatch.setenv("INTERVIEWER_BASE_URL", "https://bob:hunter2@gw.example:8443/v1")
    assert main(["config"]) == 2
    captured = capsys.readouterr()
    assert "hunter2" not in captured.out + captured.err
    assert "put the key in INTERVIEWER_API_KEY" in captured.err
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--max-probes", "99"], "max_probes: must be from 0 to 5 (got 99)"),
        (["--base-url", "http://127.0.0.1:99999/v1"], "has an invalid port"),
        (["--base-url", "ftp://example/v1"], "must be an http:// or https:// URL"),
        (["--base-url", " "], "base_url: is empty"),
    ],
)
def test_bad_settings_get_one_line_naming_the_allowed_values(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    answers = tmp_path / "a.txt"
    answers.write_text("I did it.")
    assert main(["run", "--answers", str(answers), *flags]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-3", "100000"])
def test_timeouts_outside_their_range_are_refused(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEWER_TIMEOUT", value)
    with pytest.raises(ConfigError, match="timeout: must be more than 0 and at most 600"):
        load_settings()


def test_help_shows_the_range_from_the_one_declaration(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "from 0 to 5 (default 2)" in capsys.readouterr().out


def test_sessions_dir_expands_home_and_variables_and_refuses_empty(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PRACTICE", "mock")
    write_config('sessions_dir = "~/interviews/$PRACTICE"\n')
    assert load_settings().sessions_dir == tmp_path / "interviews" / "mock"
    write_config('sessions_dir = ""\n')
    with pytest.raises(ConfigError, match="sessions_dir: must name a folder, not be empty"):
        load_settings()
