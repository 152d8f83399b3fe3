"""Measuring a page against its bare same-shape view, as every page bench does. Import it after
``scratch.scratch_start`` (it needs Django set up).

``compare`` warms both up, counts the page's queries and whether it commits a row (an audited
view), has the bare view make as many queries and commit as many rows, times the two in
alternation and returns the medians and their ratio.
"""

import os
import statistics
import time

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from accounts.backends import RoleModelBackend
from accounts.models import User
from accounts.seeding.demo import DEMO_PEOPLE
from audit.models import AuditEvent
from protection.envelope import data_key_cache

SIGNED_IN = RoleModelBackend()


def demo_user(role: str) -> User:
    return User.objects.get(email=next(p.email for p in DEMO_PEOPLE if p.role == role))


def with_request_state(request, user):
    """What the page's templates expect from the middleware they run without here."""
    user = SIGNED_IN.get_user(user.pk)
    user.is_verified = lambda: True  # the second factor, as OTPMiddleware marks it
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.csp_nonce = "bench"
    return request


def timed(call) -> float:
    with data_key_cache():
        started = time.perf_counter()
        response = call()
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed


class LogTable:
    """The bare view's stand-in for an audited view: one committed row, as the page writes."""

    def __init__(self, name: str):
        self.name = name

    def create(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self.name} "
                "(id bigserial PRIMARY KEY, subject uuid, at timestamptz NOT NULL)"
            )

    def write(self, subject=None) -> None:
        # Autocommit: the row is committed by its own statement, as the page's audit event is.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.name} (subject, at) VALUES (%s, now())",  # noqa: S608
                [subject],
            )


def compare(label: str, page_call, bare_of, iterations: int, goal: float) -> str:
    """``bare_of(queries=, commits=)`` answers the same rows in that many queries."""
    for _ in range(5):  # warm up: templates compiled, caches filled
        timed(page_call)
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connections["default"]) as captured:
        timed(page_call)
    page_queries = len(captured)
    commits = AuditEvent.objects.count() > events
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print("\n".join(query["sql"][:160] for query in captured.captured_queries))

    def bare():
        return bare_of(queries=page_queries, commits=commits)

    for _ in range(5):
        timed(bare)
    with CaptureQueriesContext(connections["default"]) as captured:
        timed(bare)
    bare_queries = len(captured)
    page_times, bare_times = [], []
    for _ in range(iterations):
        page_times.append(timed(page_call))
        bare_times.append(timed(bare))
    page_ms = statistics.median(page_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    ratio = page_ms / bare_ms
    verdict = "met" if ratio <= goal else "MISSED"
    return (
        f"  {label:<16} {page_ms:7.2f} ms ({page_queries} queries)  "
        f"bare {bare_ms:6.2f} ms ({bare_queries} queries)  ratio {ratio:5.2f}  "
        f"(goal <= {goal:.0f}x: {verdict})"
    )
