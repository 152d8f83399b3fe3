"""Audit write throughput: 4 writer processes on PostgreSQL, chained trail against a plain table.

Run from the repository root:  .venv/bin/python bench/audit_throughput.py [--events 5000]

It creates a scratch database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_audit``), migrates it, and has each writer
process append ``--events`` audit events
through ``audit_record``, one transaction per event as a request would. It then has the same
writers insert the same rows into a plain table of the same shape with no chain, lock or
trigger, reports both rates and their ratio, verifies the chain, and drops the database.
Goal (issue 3): at least 1,000 chained events/s with 4 writers.
"""

import multiprocessing
import secrets
import time

from scratch import scratch_arguments, scratch_main, scratch_start

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_audit"
PLAIN_TABLE = "bench_plain_auditevent"


def _plain_event_model():
    """An unmanaged model over the plain table, so both runs go through the same ORM insert."""
    from django.db import models

    from audit.models import AuditEvent

    attributes = {
        "__module__": __name__,
        "Meta": type("Meta", (), {"app_label": "audit", "db_table": PLAIN_TABLE, "managed": False}),
    }
    for field in AuditEvent._meta.local_fields:
        attributes[field.name] = field.clone()
    return type("BenchPlainAuditEvent", (models.Model,), attributes)


def _prepare_schema(writers: int) -> list[str]:
    """Create the plain table (same columns and indexes, no trigger), and the writers."""
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {PLAIN_TABLE} "
            "(LIKE audit_auditevent INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)"
        )
        cursor.execute(
            f"ALTER TABLE {PLAIN_TABLE} ADD FOREIGN KEY (actor_id) REFERENCES accounts_user (id) "
            "DEFERRABLE INITIALLY DEFERRED"
        )
    people = []
    for number in range(writers):
        person = User.objects.create(
            email=f"writer{number}@bench.alongside.test",
            full_name=f"Writer {number}",
            session_salt=secrets.token_hex(16),
        )
        people.append(str(person.pk))
    return people


def _writer(kind, url, writer, person_id, events, durable, start, results) -> None:
    try:
        _write(kind, url, writer, person_id, events, durable, start, results)
    except BaseException as error:
        results.put(("failed", repr(error)))
        raise


def _write(kind, url, writer, person_id, events, durable, start, results) -> None:
    scratch_start(url, None)  # a process of its own: Django set up, the database as it is
    import uuid

    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from audit.models import AuditAction
    from audit.services import audit_record

    person = User.objects.get(pk=person_id)
    plain = _plain_event_model() if kind == "plain" else None
    connection.ensure_connection()
    if not durable:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
    start.wait()
    began = time.perf_counter()
    for number in range(events):
        target = uuid.uuid4()
        if plain is None:
            audit_record(
                actor=person,
                action=AuditAction.VIEW,
                target_type="cases.case",
                target_id=target,
                fields=["name", "date_of_birth"],
            )
        else:
            plain.objects.create(
                occurred_at=timezone.now(),
                actor=person,
                actor_label=person.email,
                address="",
                action=AuditAction.VIEW,
                target_type="cases.case",
                target_id=target,
                fields=["date_of_birth", "name"],
                reason="",
                # Distinct per row, as the copied (lane, seq) unique index wants; no chain.
                lane=writer,
                seq=(0 if durable else events) + number,
            )
    results.put((began, time.perf_counter()))
    connection.close()


def _run(kind: str, url: str, people: list[str], events: int, durable: bool) -> float:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    processes = [
        context.Process(
            target=_writer,
            args=(kind, url, writer, person, events, durable, start, results),
        )
        for writer, person in enumerate(people)
    ]
    for process in processes:
        process.start()
    time.sleep(3)  # let every writer import Django and connect before the clock starts
    start.set()
    spans = [results.get(timeout=900) for _ in processes]
    failures = [detail for outcome, detail in spans if outcome == "failed"]
    if failures:
        for process in processes:
            process.kill()
        raise SystemExit(f"a {kind} writer failed: {failures[0]}")
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a {kind} writer failed")
    elapsed = max(end for _, end in spans) - min(began for began, _ in spans)
    return len(people) * events / elapsed


def measure(options, seeding) -> None:
    from django.db import connection

    from audit.chain import chain_verify

    people = _prepare_schema(options.writers)
    connection.close()
    total = 0
    print(f"{options.writers} writers x {options.events} events each, one commit per event")
    # Durable commits wait for the disk's fsync, which bounds any table on a slow disk;
    # without waiting (synchronous_commit off) the figures show the trail's own cost.
    for durable in (True, False):
        label = "durable commits" if durable else "synchronous_commit off"
        plain = _run("plain", URL, people, options.events, durable)
        chained = _run("chained", URL, people, options.events, durable)
        total += options.writers * options.events
        print(f"{label}:")
        print(f"  plain table (no chain, no trigger): {plain:8.0f} events/s")
        print(f"  audit trail (chain + trigger):      {chained:8.0f} events/s")
        print(f"  chained / plain:                    {chained / plain:8.2f}")
        print("  goal >= 1,000 chained events/s:", "met" if chained >= 1000 else "NOT met")
    began = time.perf_counter()
    report = chain_verify()
    took = time.perf_counter() - began
    status = "OK" if report.ok else f"BROKEN at {report.first_break}"
    print(
        f"audit_verify: {status}, {report.events} events of {total} in {report.lanes} lanes, "
        f"{took:.1f} s ({report.events / took:.0f} events/s)"
    )
    connection.close()
    if not report.ok or report.events != total:
        raise SystemExit(1)


if __name__ == "__main__":
    parser = scratch_arguments(
        __doc__, cases=None, notes_per_case=None, iterations=None, reuse=False
    )
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--events", type=int, default=5000, help="events per writer")
    ARGUMENTS = parser.parse_args()
    URL = scratch_start(DEFAULT_URL, ARGUMENTS)
    scratch_main(ARGUMENTS, URL, measure, seed=None)
