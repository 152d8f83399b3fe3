"""What every bench shares: a scratch PostgreSQL database it creates and drops, the common
arguments, and Django set up against that database before the bench imports any model.

A bench script calls, before importing Django models::

    from scratch import scratch_arguments, scratch_start
    parser = scratch_arguments(__doc__)          # --iterations, --reuse, --keep
    parser.add_argument(...)                      # its own
    ARGUMENTS = parser.parse_args() if __name__ == "__main__" else None
    URL = scratch_start(DEFAULT_URL, ARGUMENTS)   # sets DATABASE_URL, recreates, django.setup()

and ``scratch_drop(URL)`` at the end unless ``--keep``. Tasks run in-process (no Redis), so
a bench measures the request alone.
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def scratch_arguments(
    doc: str,
    *,
    cases: int | None = 100_000,
    notes_per_case: int | None = 10,
    iterations: int | None = 300,
    reuse: bool = True,
):
    """The arguments benches share; ``None`` (or ``reuse=False``) leaves one out."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    if cases is not None:
        parser.add_argument("--cases", type=int, default=cases)
    if notes_per_case is not None:
        parser.add_argument("--notes-per-case", type=int, default=notes_per_case)
    if iterations is not None:
        parser.add_argument("--iterations", type=int, default=iterations)
    if reuse:
        parser.add_argument("--reuse", action="store_true", help="use the seeded database as it is")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    return parser


def _admin_connection(url: str):
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def database_recreate(url: str) -> None:
    connection, name = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def scratch_drop(url: str) -> None:
    connection, name = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()


def scratch_start(default_url: str, arguments) -> str:
    """Point Django at the scratch database (``BENCH_DATABASE_URL`` or ``default_url``),
    recreate it unless ``--reuse`` (or when imported, not run), and set Django up."""
    url = os.environ.get("BENCH_DATABASE_URL", default_url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    os.environ.pop("REDIS_URL", None)
    if arguments is not None and not getattr(arguments, "reuse", False):
        database_recreate(url)
    import django

    django.setup()
    return url
