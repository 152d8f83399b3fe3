"""Time to re-wrap 100,000 data keys to a new KEK on PostgreSQL.

    .venv/bin/python bench/rewrap.py [--keys 100000] [--batch-size 1000]

Creates a scratch database (alongside_bench_protection) on the PostgreSQL server named by
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), fills it with data
keys wrapped under KEK 1, adds KEK 2, times the same batches that keys_rewrap runs (audit event
per batch included), checks the result, and drops the database. Keys are fresh and random.
"""

import argparse
import base64
import os
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings"
os.environ.pop("REDIS_URL", None)

SCRATCH = "alongside_bench_protection"
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def server_command(sql: str) -> None:
    import psycopg2

    parts = urlsplit(SERVER)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/") or "postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    options = parser.parse_args()

    kek_1 = new_key()
    os.environ.update(
        ALONGSIDE_KEKS=f"1:{kek_1}",
        ALONGSIDE_KEK_CURRENT="1",
        ALONGSIDE_INDEX_KEY=new_key(),
        ALONGSIDE_SYSTEM_KEY=new_key(),
        DATABASE_URL=SERVER.rsplit("/", 1)[0] + f"/{SCRATCH}",
    )
    server_command(f"DROP DATABASE IF EXISTS {SCRATCH}")
    server_command(f"CREATE DATABASE {SCRATCH}")
    try:
        run(options)
    finally:
        from django.db import connections

        connections.close_all()
        server_command(f"DROP DATABASE IF EXISTS {SCRATCH}")


def run(options) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from tqdm import tqdm

    from protection.envelope import OwnerRef, unwrap_data_key, wrap_data_key
    from protection.keyring import get_keyring, reset_keyring_cache
    from protection.models import DataKey
    from protection.services import data_keys_rewrap_batch

    call_command("migrate", verbosity=0)
    keyring = get_keyring()
    started = time.perf_counter()
    sample = None
    for start in tqdm(range(0, options.keys, 5000), desc="creating", unit="batch"):
        rows = []
        for _ in range(min(5000, options.keys - start)):
            ref = OwnerRef("bench.owner", uuid.uuid4())
            data_key = os.urandom(32)
            sample = sample or (ref, data_key)
            rows.append(
                DataKey(
                    owner_type=ref.owner_type,
                    owner_id=ref.owner_id,
                    wrapped_key=wrap_data_key(keyring, 1, ref, data_key),
                    kek_version=1,
                )
            )
        DataKey.objects.bulk_create(rows)
    print(f"Created {options.keys} data keys in {time.perf_counter() - started:.1f} s.")

    os.environ["ALONGSIDE_KEKS"] += f",2:{new_key()}"
    os.environ["ALONGSIDE_KEK_CURRENT"] = "2"
    reset_keyring_cache()

    started = time.perf_counter()
    with tqdm(total=options.keys, desc="re-wrapping", unit="key") as progress:
        while done := data_keys_rewrap_batch(
            actor=None, batch_size=options.batch_size, reason="Benchmark."
        ):
            progress.update(done)
    elapsed = time.perf_counter() - started

    assert DataKey.objects.filter(kek_version=2).count() == options.keys
    ref, data_key = sample
    row = DataKey.objects.get(owner_id=ref.owner_id)
    assert unwrap_data_key(get_keyring(), 2, ref, row.wrapped_key) == data_key
    print(
        f"Re-wrapped {options.keys} data keys in {elapsed:.1f} s "
        f"({options.keys / elapsed:,.0f} keys/s, batches of {options.batch_size}) "
        f"on {os.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()
