"""Keys for the protection suite: fresh, from the environment, never the developer's own."""

import pytest

from protection.keyring import new_key_text, reset_keyring_cache

KEY_VARIABLES = (
    "ALONGSIDE_KEKS",
    "ALONGSIDE_KEK_CURRENT",
    "ALONGSIDE_INDEX_KEY",
    "ALONGSIDE_SYSTEM_KEY",
)


@pytest.fixture(autouse=True)
def environment_keys(monkeypatch):
    """A keyring of one KEK (version 1) from the environment, as production has it."""
    monkeypatch.setenv("ALONGSIDE_KEKS", f"1:{new_key_text()}")
    monkeypatch.setenv("ALONGSIDE_INDEX_KEY", new_key_text())
    monkeypatch.setenv("ALONGSIDE_SYSTEM_KEY", new_key_text())
    monkeypatch.delenv("ALONGSIDE_KEK_CURRENT", raising=False)
    reset_keyring_cache()
    yield
    reset_keyring_cache()


@pytest.fixture
def development_keys(monkeypatch, settings, tmp_path):
    """Development mode: keys generated into a keys.json under a temporary var directory."""
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    settings.VAR_DIR = tmp_path
    reset_keyring_cache()
    yield tmp_path / "keys.json"
    reset_keyring_cache()


@pytest.fixture
def add_kek(monkeypatch):
    """Add a KEK version to the environment keyring and make it current, as an operator would."""
    import os

    def add() -> int:
        existing = os.environ["ALONGSIDE_KEKS"]
        version = max(int(item.split(":")[0]) for item in existing.split(",")) + 1
        monkeypatch.setenv("ALONGSIDE_KEKS", f"{existing},{version}:{new_key_text()}")
        monkeypatch.setenv("ALONGSIDE_KEK_CURRENT", str(version))
        reset_keyring_cache()
        return version

    return add
