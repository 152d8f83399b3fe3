"""Time to re-wrap 100,000 data keys to a new KEK on PostgreSQL.

    .venv/bin/python bench/rewrap.py [--keys 100000] [--batch-size 1000]

Creates a scratch database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_protection``), fills it with data keys
wrapped under KEK 1, adds KEK 2, times the same batches that keys_rewrap runs (audit event per
batch included), checks the result, and drops the database (``--keep`` keeps it). Keys are
fresh and random.
"""

import base64
import os
import time
import uuid

from scratch import scratch_arguments, scratch_main, scratch_start

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_protection"


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def run(options, seeding) -> None:
    from tqdm import tqdm

    from protection.envelope import OwnerRef, unwrap_data_key, wrap_data_key
    from protection.keyring import get_keyring, reset_keyring_cache
    from protection.models import DataKey
    from protection.services import data_keys_rewrap_batch

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
    parser = scratch_arguments(
        __doc__, cases=None, notes_per_case=None, iterations=None, reuse=False
    )
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    ARGUMENTS = parser.parse_args()
    # Keys of the bench's own, before Django reads its settings.
    os.environ.update(
        ALONGSIDE_KEKS=f"1:{new_key()}",
        ALONGSIDE_KEK_CURRENT="1",
        ALONGSIDE_INDEX_KEY=new_key(),
        ALONGSIDE_SYSTEM_KEY=new_key(),
    )
    scratch_main(ARGUMENTS, scratch_start(DEFAULT_URL, ARGUMENTS), run, seed=None)
