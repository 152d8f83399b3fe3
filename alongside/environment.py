"""Strict reading of configuration from the environment.

Every value can also come from a file named by ``<NAME>_FILE`` (Docker and Kubernetes secrets).
A malformed value stops start-up with a message naming the variable, so a typo in production
is a refusal to start rather than a silently different configuration.
"""

import os
import re
from pathlib import Path


class ConfigurationError(Exception):
    """Raised when an environment variable is missing or malformed."""


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        if name in os.environ:
            raise ConfigurationError(f"{name} and {name}_FILE are both set; keep only one.")
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigurationError(
                f"{name}_FILE names {file_name!r}, which cannot be read ({error.strerror})."
            ) from None
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip()


def string(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    if value is None or value == "":
        return default
    return value


_ABSOLUTE_URI = re.compile(r"(https?://[^\s/?#]+(/[^\s?#]*)?|urn:[a-z0-9][a-z0-9-]*:\S+)", re.I)


def absolute_uri(name: str, default: str) -> str:
    """An absolute http(s) URL or a URN (a canonical identifier), without a trailing slash."""
    value = (string(name, default) or "").rstrip("/")
    if not _ABSOLUTE_URI.fullmatch(value):
        raise ConfigurationError(
            f"{name} must be an absolute http(s) URL or a URN (urn:...), not {value!r}."
        )
    return value


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}.")


def integer(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, not {number}.")
    return number


def string_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ConfigurationError(f"{name} is a comma-separated list with an empty item: {value!r}.")
    return items


def choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name)
    if value is None or value == "":
        return default
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value
