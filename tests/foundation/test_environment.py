"""Settings come from the environment, strictly: a malformed value names its variable."""

import pytest

from alongside import environment
from alongside.environment import ConfigurationError


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (lambda: environment.integer("SESSION_IDLE_MINUTES", 15, minimum=1), "ten", "whole number"),
        (lambda: environment.integer("SESSION_IDLE_MINUTES", 15, minimum=1), "0", "at least 1"),
        (lambda: environment.boolean("SESSION_IDLE_MINUTES", False), "maybe", "true or false"),
        (lambda: environment.string_list("SESSION_IDLE_MINUTES", []), "a,,b", "empty item"),
        (
            lambda: environment.choice("SESSION_IDLE_MINUTES", "a", ("a", "b")),
            "c",
            "one of a, b",
        ),
    ],
)
def test_malformed_values_name_the_variable(monkeypatch, reader, value, message):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", value)
    with pytest.raises(ConfigurationError) as raised:
        reader()
    assert "SESSION_IDLE_MINUTES" in str(raised.value)
    assert message in str(raised.value)


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert environment.string("SOME_SECRET") == "from-a-file"


def test_unreadable_secret_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigurationError, match="SOME_SECRET_FILE"):
        environment.string("SOME_SECRET")


def test_value_and_file_together_are_refused(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("x")
    monkeypatch.setenv("SOME_SECRET", "y")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    with pytest.raises(ConfigurationError, match="both set"):
        environment.string("SOME_SECRET")


def test_defaults_apply_when_unset(monkeypatch):
    monkeypatch.delenv("UNSET_THING", raising=False)
    assert environment.integer("UNSET_THING", 7) == 7
    assert environment.boolean("UNSET_THING", True) is True
    assert environment.string_list("UNSET_THING", ["x"]) == ["x"]


def _start_settings(tmp_path, log_level: str):
    """Load the product settings and configure logging in a fresh interpreter, as a worker does."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "ALONGSIDE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        "LOG_LEVEL": log_level,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("level", ["warning", "Warning", "ERROR", "debug"])
def test_log_level_is_accepted_in_any_case(tmp_path, level):
    result = _start_settings(tmp_path, level)
    assert result.returncode == 0, result.stderr


def test_an_unknown_log_level_refuses_to_start_and_names_the_variable(tmp_path):
    result = _start_settings(tmp_path, "loud")
    assert result.returncode != 0
    assert "LOG_LEVEL must be one of debug, info, warning, error or critical" in result.stderr
    assert "'loud'" in result.stderr
