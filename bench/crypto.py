"""Cost of the field encryption layer, as ratios to bare AES-GCM calls in the same run.

    .venv/bin/python bench/crypto.py

Uses the test-only fixture model (tests.settings), an in-memory SQLite database and fresh
random keys from the environment: it touches neither var/keys.json nor any real database.
"""

import itertools
import os
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.pop("REDIS_URL", None)


def fresh_keys() -> None:
    import base64

    for name in ("ALONGSIDE_INDEX_KEY", "ALONGSIDE_SYSTEM_KEY"):
        os.environ[name] = base64.b64encode(os.urandom(32)).decode()
    os.environ["ALONGSIDE_KEKS"] = "1:" + base64.b64encode(os.urandom(32)).decode()
    os.environ.pop("ALONGSIDE_KEK_CURRENT", None)


fresh_keys()

import django  # noqa: E402

django.setup()

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from django.core.management import call_command  # noqa: E402

from protection.envelope import (  # noqa: E402
    OwnerRef,
    data_key_cache,
    unwrap_data_key,
    wrap_data_key,
)
from protection.fields import Sealed  # noqa: E402
from protection.keyring import get_keyring  # noqa: E402
from tests.protection.fixture_app.models import Vault  # noqa: E402

ROUNDS = 20_000
REPEATS = 15
VALUE = "Zephyrine Oduya-Marsh"


def paired(baseline, subject, number=ROUNDS) -> tuple[float, float]:
    """Microseconds per call of both, measured in alternation, best of each.

    Alternating keeps a busy machine's slow moments from landing on one side only; the
    minimum is the least noisy estimate of the cost itself.
    """
    baseline_times, subject_times = [], []
    # CPU time of this process, not wall time: other work on the machine does not count.
    baseline_timer = timeit.Timer(baseline, timer=time.process_time)
    subject_timer = timeit.Timer(subject, timer=time.process_time)
    for _ in range(REPEATS):
        baseline_times.append(baseline_timer.timeit(number=number))
        subject_times.append(subject_timer.timeit(number=number))
    return min(baseline_times) / number * 1e6, min(subject_times) / number * 1e6


def main() -> None:
    call_command("migrate", verbosity=0)
    keyring = get_keyring()
    data = VALUE.encode()
    aad = b"alongside.field.v1|protection_fixture_vault|legal_name|" + os.urandom(16)
    cipher = AESGCM(os.urandom(32))
    nonce = os.urandom(12)
    sealed_bare = cipher.encrypt(nonce, data, aad)
    results = []

    with data_key_cache():
        vault = Vault.objects.create(legal_name=VALUE)
        field = Vault._meta.get_field("legal_name")
        vault.legal_name = VALUE
        results.append(
            (
                "encrypt one field (EncryptedTextField.pre_save)",
                "AESGCM.encrypt with a fresh os.urandom nonce",
                *paired(
                    lambda: cipher.encrypt(os.urandom(12), data, aad),
                    lambda: field.pre_save(vault, False),
                ),
            )
        )
        results.append(
            (
                "  the same, against encrypt alone",
                "AESGCM.encrypt, nonce made beforehand",
                *paired(
                    lambda: cipher.encrypt(nonce, data, aad), lambda: field.pre_save(vault, False)
                ),
            )
        )

        sealed = field.pre_save(vault, False)
        # Two equal ciphertexts in turn: the instance's plaintext memo (which remembers the
        # last Sealed object it opened) never answers, so every read really decrypts.
        copies = itertools.cycle([Sealed(sealed), Sealed(sealed)])

        def read_field():
            vault.__dict__["legal_name"] = next(copies)
            return vault.legal_name

        results.append(
            (
                "decrypt one field (attribute read)",
                "AESGCM.decrypt",
                *paired(lambda: cipher.decrypt(nonce, sealed_bare, aad), read_field),
            )
        )

    ref = OwnerRef.of(vault)
    data_key = os.urandom(32)
    wrapped = wrap_data_key(keyring, 1, ref, data_key)
    kek_cipher = keyring.kek_cipher(1)
    key_aad = b"alongside.datakey.v1|protection_fixture.vault|" + os.urandom(16)
    wrapped_bare = kek_cipher.encrypt(nonce, data_key, key_aad)
    results.append(
        (
            "unwrap one data key",
            "AESGCM.decrypt of 32 bytes",
            *paired(
                lambda: kek_cipher.decrypt(nonce, wrapped_bare, key_aad),
                lambda: unwrap_data_key(keyring, 1, ref, wrapped),
            ),
        )
    )
    results.append(
        (
            "  unwrap and build the data key's cipher",
            "AESGCM.decrypt of 32 bytes",
            *paired(
                lambda: kek_cipher.decrypt(nonce, wrapped_bare, key_aad),
                lambda: AESGCM(unwrap_data_key(keyring, 1, ref, wrapped)),
            ),
        )
    )

    print(f"{'measure':44} {'µs':>6}   {'baseline':40} {'µs':>6} {'ratio':>7}")
    for label, baseline_label, baseline, subject in results:
        print(
            f"{label:44} {subject:6.2f}   {baseline_label:40} {baseline:6.2f} "
            f"{subject / baseline:6.2f}×"
        )


if __name__ == "__main__":
    main()
