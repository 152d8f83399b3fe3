"""The hash chain that makes the audit trail tamper-evident.

Every event is one link of a chain: ``hash = SHA-256(digest:lane:seq:previous_hash)``, where
``digest`` is the SHA-256 of a canonical JSON serialisation of everything the event records and
``lane``/``seq`` are its chain and position in it. Editing any row breaks its own hash;
removing a row leaves a gap in ``seq``; moving rows breaks the order of ``id`` against ``seq``;
and the chain head (``AuditChainHead``) holds the last link, so removing the newest events
shows too.

Why lanes. A single chain needs one writer at a time from reading the previous hash until the
writer's transaction ends: release it earlier and the next event could link to an event that is
then rolled back, leaving a hole that verification cannot tell from a deletion. Events are
written inside the caller's transaction (an audit event commits or rolls back with the change
it describes), so that lock lasts as long as the slowest request. Instead there are
``LANES`` independent chains on PostgreSQL. A writer locks one lane head with ``FOR UPDATE SKIP
LOCKED``, starting from a lane picked by hashing the writer (process and thread), so concurrent
requests take different lanes and never wait on each other unless every lane is busy. The lock
lasts until the caller's transaction ends, and the head update commits or rolls back together
with the event: a rolled-back event takes its link with it, so the chain has no holes at all and
verification tolerates none. A transaction that already holds a lane gets it back first
(``SKIP LOCKED`` does not skip rows the transaction itself locked), so only writers holding no
lane ever wait, and waiting on lanes cannot deadlock. SQLite serialises writers anyway, so it
uses one lane.
"""

import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass

from django.db import connection, connections, transaction

from audit.models import AuditChainHead, AuditEvent

LANES = 16
GENESIS = "0" * 64
CANONICAL_VERSION = "alongside-audit-v1"


CHAIN_FIELDS = ("id", "lane", "seq", "previous_hash", "hash")


def canonical_content(event: AuditEvent) -> bytes:
    """The bytes that stand for what the event records: every column, in a fixed, typed layout."""
    content = {
        "version": CANONICAL_VERSION,
        "uuid": str(event.uuid),
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor": str(event.actor_id) if event.actor_id else None,
        "actor_label": event.actor_label,
        "address": event.address,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": str(event.target_id) if event.target_id else None,
        "fields": list(event.fields),
        "reason": event.reason,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def content_digest(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_content(event)).hexdigest()


def link_of(digest: str, lane: int, seq: int, previous_hash: str) -> str:
    # Kept this simple so PostgreSQL can compute the same link inside the insert (see below).
    return hashlib.sha256(f"{digest}:{lane}:{seq}:{previous_hash}".encode()).hexdigest()


def link_hash(event: AuditEvent) -> str:
    """The hash the event must carry: its content, its place in its lane, the link before it."""
    return link_of(content_digest(event), event.lane, event.seq, event.previous_hash)


def chain_lane_count(connection=connection) -> int:
    return LANES if connection.vendor == "postgresql" else 1


def chain_heads_ensure(using: str = "default") -> None:
    """Create the lane heads, committed on their own (run after every ``migrate``/``flush``).

    Created lazily inside a request's transaction instead, the first writer would hold every
    new head row uncommitted and all other writers would queue behind it.
    """
    lanes = chain_lane_count(connections[using])
    AuditChainHead.objects.using(using).bulk_create(
        [AuditChainHead(lane=lane, seq=0, hash=GENESIS) for lane in range(lanes)],
        ignore_conflicts=True,
    )


def _preferred_lane() -> int:
    # Stable per worker, so one worker's events mostly follow each other in one lane.
    digest = hashlib.sha256(f"{os.getpid()}:{threading.get_ident()}".encode()).digest()
    return digest[0] % LANES


def _lock_lane_head() -> AuditChainHead:
    if connection.vendor != "postgresql":
        head, _created = AuditChainHead.objects.get_or_create(lane=0, defaults={"hash": GENESIS})
        return head
    preferred = _preferred_lane()
    sql = (
        f"SELECT lane, seq, hash FROM {AuditChainHead._meta.db_table} "  # noqa: S608 - no input
        "ORDER BY (lane - %s + %s) %% %s FOR UPDATE SKIP LOCKED LIMIT 1"
    )
    for _attempt in range(2):
        heads = list(AuditChainHead.objects.raw(sql, [preferred, LANES, LANES]))
        if heads:
            return heads[0]
        # No free lane: every lane is busy, or the heads are missing because ``migrate`` has
        # not run since the database was emptied. Create any missing, then try once more.
        chain_heads_ensure(connection.alias)
    # Every lane is held by another transaction; this one holds none, so waiting is safe.
    return AuditChainHead.objects.select_for_update().get(lane=preferred)


# One statement on PostgreSQL: take a free lane head, compute the link from it, move the head
# and insert the event, in a single round trip. Python computes the content digest; the database
# computes the same ``link_of`` as Python does, so verification needs no database help.
APPEND_SQL = """
WITH head AS (
    SELECT lane, seq, hash FROM {heads}
    ORDER BY (lane - %(preferred)s + {lanes}) %% {lanes}
    FOR UPDATE SKIP LOCKED LIMIT 1
), link AS (
    SELECT lane, seq + 1 AS seq, hash AS previous_hash,
        encode(sha256(convert_to(
            %(digest)s || ':' || lane::text || ':' || (seq + 1)::text || ':' || hash, 'UTF8'
        )), 'hex') AS hash
    FROM head
), moved AS (
    UPDATE {heads} SET seq = link.seq, hash = link.hash FROM link WHERE {heads}.lane = link.lane
)
INSERT INTO {events} ({columns}, lane, seq, previous_hash, hash)
SELECT {placeholders}, link.lane, link.seq, link.previous_hash, link.hash FROM link
RETURNING id, lane, seq, previous_hash, hash
"""


def _content_fields():
    return [f for f in AuditEvent._meta.concrete_fields if f.name not in CHAIN_FIELDS]


def _append_in_one_statement(event: AuditEvent) -> bool:
    """Insert ``event`` linked to a free lane; False when no lane is free (nothing written)."""
    fields = _content_fields()
    sql = APPEND_SQL.format(
        heads=connection.ops.quote_name(AuditChainHead._meta.db_table),
        events=connection.ops.quote_name(AuditEvent._meta.db_table),
        lanes=LANES,
        columns=", ".join(connection.ops.quote_name(f.column) for f in fields),
        placeholders=", ".join(f"%({f.attname})s" for f in fields),
    )
    params = {f.attname: f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields}
    params.update(preferred=_preferred_lane(), digest=content_digest(event))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    event.pk, event.lane, event.seq, event.previous_hash, event.hash = row
    event._state.adding, event._state.db = False, connection.alias
    return True


def chain_append(event: AuditEvent) -> AuditEvent:
    """Link ``event`` to the end of a lane and insert it, in the caller's transaction."""
    # The single statement is atomic on its own: outside a transaction it commits by itself,
    # inside one it commits or rolls back with the caller's change.
    if connection.vendor == "postgresql" and _append_in_one_statement(event):
        return event
    # savepoint=False: inside a service's transaction this adds no queries, and a failure to
    # audit fails the whole change, which is what we want.
    with transaction.atomic(savepoint=False):
        head = _lock_lane_head()
        event.lane = head.lane
        event.seq = head.seq + 1
        event.previous_hash = head.hash
        event.hash = link_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(lane=head.lane).update(seq=event.seq, hash=event.hash)
    return event


# Verification ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    event_uuid: uuid.UUID | None
    lane: int
    problem: str  # "edited", "missing", "reordered"
    detail: str


@dataclass(frozen=True)
class ChainReport:
    events: int
    lanes: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def _link_problem(event: AuditEvent, previous: AuditEvent | None) -> tuple[str, str] | None:
    """What is wrong with ``event`` as the link after ``previous``, if anything."""
    expected_seq = previous.seq + 1 if previous else 1
    if link_hash(event) != event.hash:
        return "edited", "its content does not match its hash"
    if event.seq != expected_seq:
        return "missing", (
            f"positions {expected_seq} to {event.seq - 1} of lane {event.lane} are missing "
            "just before it"
        )
    if previous is not None and event.pk < previous.pk:
        return "reordered", f"it is stored before event id {previous.pk}, which it follows"
    if event.previous_hash != (previous.hash if previous else GENESIS):
        return "edited", "it does not link to the event before it, which was edited or replaced"
    return None


def _head_problem(
    lane: int, last: AuditEvent | None, head: AuditChainHead | None
) -> tuple[str, str] | None:
    """Whether the newest link of a lane is still the one its head recorded."""
    if last is None:
        if head is not None and head.seq:
            return "missing", f"positions 1 to {head.seq} of lane {lane} are missing"
        return None
    if head is None:
        return "missing", f"the head of lane {lane} is missing"
    if head.seq > last.seq:
        return "missing", (
            f"positions {last.seq + 1} to {head.seq} of lane {lane}, the newest, are missing"
        )
    if head.seq != last.seq or head.hash != last.hash:
        return "edited", f"the newest event of lane {lane} does not match the lane's head"
    return None


def _verify_lane(lane: int, rows, head: AuditChainHead | None) -> tuple[int, ChainBreak | None]:
    """Walk one lane in chain order; return how many links were read and the first break."""
    count = 0
    previous: AuditEvent | None = None
    for event in rows:
        count += 1
        problem = _link_problem(event, previous)
        if problem is not None:
            return count, ChainBreak(event.pk, event.uuid, lane, *problem)
        previous = event
    problem = _head_problem(lane, previous, head)
    if problem is None:
        return count, None
    if previous is None:
        return count, ChainBreak(None, None, lane, *problem)
    return count, ChainBreak(previous.pk, previous.uuid, lane, *problem)


def chain_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk every lane and report the first break (the lowest id among each lane's first)."""
    heads = {head.lane: head for head in AuditChainHead.objects.all()}
    lanes = sorted(set(heads) | set(AuditEvent.objects.values_list("lane", flat=True).distinct()))
    total = 0
    breaks: list[ChainBreak] = []
    for lane in lanes:
        rows = AuditEvent.objects.filter(lane=lane).order_by("seq").iterator(chunk_size=chunk_size)
        count, found = _verify_lane(lane, rows, heads.get(lane))
        total += count
        if found is not None:
            breaks.append(found)
    first = min(breaks, key=lambda b: (b.event_id is None, b.event_id or 0), default=None)
    return ChainReport(events=total, lanes=len(lanes), first_break=first)
