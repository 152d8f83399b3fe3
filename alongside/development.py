"""Things only development mode does: generate its own secrets into the git-ignored ``var/``."""

import os
import secrets
from pathlib import Path


def _private_file(path: Path, make_content) -> str:
    """Read ``path``, creating it first (readable by its owner only) if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(make_content())
    return path.read_text(encoding="utf-8").strip()


def development_secret_key(var_dir: Path) -> str:
    return _private_file(var_dir / "secret_key", lambda: secrets.token_urlsafe(64))


def development_file(var_dir: Path, name: str, make_content) -> str:
    return _private_file(var_dir / name, make_content)
