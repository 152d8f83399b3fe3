"""What every bench shares: a scratch PostgreSQL database it creates and drops, the common
arguments, Django set up against that database before the bench imports any model, and the
run itself (seed, measure, drop).

A bench script calls, before importing Django models::

    from scratch import scratch_arguments, scratch_main, scratch_start
    parser = scratch_arguments(__doc__)          # --iterations, --reuse, --keep
    parser.add_argument(...)                      # its own
    ARGUMENTS = parser.parse_args() if __name__ == "__main__" else None
    URL = scratch_start(DEFAULT_URL, ARGUMENTS)   # sets DATABASE_URL, recreates, django.setup()

and at the end ``scratch_main(ARGUMENTS, URL, measure)``: unless ``--reuse`` the database is
migrated and seeded with the demo organization (``--cases`` synthetic cases with
``--notes-per-case`` notes, where the bench has those arguments; a bench that seeds its own way
passes ``seed=``), then ``measure(arguments, seconds_seeding)`` runs, then the database is
dropped unless ``--keep``. Tasks run in-process (no Redis), so a bench measures the request
alone.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
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


def demo_seed(arguments) -> None:
    """``seed_demo`` with the bench's ``--cases`` and ``--notes-per-case``, where it has them."""
    from django.core.management import call_command

    call_command(
        "seed_demo",
        cases=getattr(arguments, "cases", 0),
        notes_per_case=getattr(arguments, "notes_per_case", 10),
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )


def scratch_main(
    arguments, url: str, measure: Callable, *, seed: Callable | None = demo_seed
) -> None:
    """Unless ``--reuse``: migrate, then seed (timed; ``seed=None`` seeds nothing). Then
    ``measure(arguments, seconds_seeding or None)``; then drop the database unless ``--keep``,
    whatever happened in between."""
    from django.core.management import call_command
    from django.db import connections

    seeding = None
    try:
        if not getattr(arguments, "reuse", False):
            call_command("migrate", verbosity=0)
            if seed is not None:
                started = time.perf_counter()
                seed(arguments)
                seeding = time.perf_counter() - started
        measure(arguments, seeding)
    finally:
        connections.close_all()
        if not arguments.keep:
            scratch_drop(url)


def seeding_report(arguments, seeding: float | None) -> None:
    """How long the demo seeding took, when this run seeded."""
    if seeding is not None:
        print(
            f"Seeding (seed_demo --cases {arguments.cases} "
            f"--notes-per-case {arguments.notes_per_case}): {seeding:.0f} s"
        )


def progress(text: str) -> None:
    """A line that the next one overwrites, for long seeding steps."""
    print(text, end="\r", flush=True)
