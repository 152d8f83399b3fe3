"""The hash chain: intact trails verify; edited, removed and moved events are named."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from audit.chain import GENESIS, LANES, chain_verify, link_hash
from audit.models import AuditAction, AuditChainHead, AuditEvent
from audit.services import audit_record
from tests.audit.conftest import raw, triggers_lifted

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL"
)


def verify_output() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify")
    assert failure.value.returncode == 1
    return str(failure.value)


def in_lane_order(events):
    return sorted(events, key=lambda event: (event.lane, event.seq))


@pytest.mark.django_db
def test_each_event_links_to_the_one_before(write_events):
    first, second, third = write_events(3)
    assert first.previous_hash == GENESIS
    assert (second.seq, third.seq) == (2, 3)
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert AuditChainHead.objects.get(lane=third.lane).hash == third.hash


@pytest.mark.django_db
def test_the_hash_covers_what_was_stored(write_events):
    event = write_events(1, fields=["name", "date_of_birth"], reason="Court order")[0]
    stored = AuditEvent.objects.get(pk=event.pk)
    assert link_hash(stored) == stored.hash == event.hash


@pytest.mark.django_db
def test_verify_reports_ok_with_the_count(write_events, capsys):
    write_events(5)
    call_command("audit_verify")
    assert "OK: 5 audit events" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_can_print_the_lane_heads_to_keep_elsewhere(write_events, capsys):
    last = write_events(2)[-1]
    call_command("audit_verify", "--heads")
    assert f"lane {last.lane} position 2 hash {last.hash}" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_edited_event_is_named(write_events):
    events = in_lane_order(write_events(4))
    edited = events[1]
    with triggers_lifted():
        raw("UPDATE audit_auditevent SET reason = 'nothing to see' WHERE id = %s", [edited.pk])
    message = verify_output()
    assert f"event id {edited.pk} (uuid {edited.uuid})" in message
    assert "edited" in message


@pytest.mark.django_db
def test_an_edited_event_with_a_recomputed_hash_is_caught_at_the_next_link(write_events):
    events = in_lane_order(write_events(4))
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.action = AuditAction.PRINT
    forged_hash = link_hash(forged)
    with triggers_lifted():
        raw(
            "UPDATE audit_auditevent SET action = %s, hash = %s WHERE id = %s",
            [AuditAction.PRINT.value, forged_hash, forged.pk],
        )
    report = chain_verify()
    assert report.first_break.event_id == events[2].pk
    assert report.first_break.problem == "edited"
    assert "edited or replaced" in report.first_break.detail


@pytest.mark.django_db
def test_a_deleted_event_is_named_by_the_one_after_the_gap(write_events):
    events = in_lane_order(write_events(4))
    with triggers_lifted():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    message = verify_output()
    assert f"event id {events[2].pk} (uuid {events[2].uuid})" in message
    assert "missing" in message
    assert "positions 2 to 2" in message


@pytest.mark.django_db
def test_deleting_the_newest_events_is_caught_by_the_lane_head(write_events):
    events = in_lane_order(write_events(4))
    with triggers_lifted():
        raw("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[2].pk, events[3].pk])
    message = verify_output()
    assert f"event id {events[1].pk}" in message
    assert "positions 3 to 4" in message
    assert "missing" in message


@pytest.mark.django_db
def test_reordered_events_are_named(write_events):
    events = in_lane_order(write_events(4))
    early, late = events[1], events[2]
    # Swap the two rows' places in the table (their ids), leaving their content untouched.
    with triggers_lifted():
        raw("UPDATE audit_auditevent SET id = -1 WHERE id = %s", [early.pk])
        raw("UPDATE audit_auditevent SET id = %s WHERE id = %s", [early.pk, late.pk])
        raw("UPDATE audit_auditevent SET id = %s WHERE id = -1", [late.pk])
    message = verify_output()
    assert f"event id {early.pk} (uuid {late.uuid})" in message
    assert "reordered" in message


@pytest.mark.django_db
def test_the_first_broken_event_is_named_when_several_are(write_events):
    events = in_lane_order(write_events(5))
    with triggers_lifted():
        raw(
            "UPDATE audit_auditevent SET reason = 'x' WHERE id IN (%s, %s)",
            [events[3].pk, events[1].pk],
        )
    assert chain_verify().first_break.event_id == events[1].pk


@pytest.mark.django_db
def test_a_rolled_back_savepoint_leaves_no_hole(write_events, advocate):
    with transaction.atomic():
        write_events(1)
        with pytest.raises(RuntimeError), transaction.atomic():
            write_events(2)
            raise RuntimeError("the change failed")
        write_events(1)
    assert chain_verify().ok
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_hole(write_events):
    write_events(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        write_events(2)
        raise RuntimeError("the change failed")
    write_events(1)
    report = chain_verify()
    assert report.ok, report.first_break
    assert report.events == 2


@pytest.mark.django_db
def test_events_of_one_transaction_follow_each_other_in_one_lane(write_events):
    # The transaction keeps the lane it locked first, so it never waits on a second lane.
    with transaction.atomic():
        events = write_events(3)
    assert len({event.lane for event in events}) == 1
    assert [event.seq for event in events] == [events[0].seq, events[0].seq + 1, events[0].seq + 2]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_writers_open_transaction(advocate):
    """A long transaction holds its lane; others write to other lanes meanwhile."""
    holding, release = threading.Event(), threading.Event()
    lanes: dict[str, int] = {}

    def long_transaction():
        try:
            with transaction.atomic():
                lanes["long"] = audit_record(actor=advocate, action=AuditAction.VIEW).lane
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    worker = threading.Thread(target=long_transaction)
    worker.start()
    assert holding.wait(10)
    try:
        # Same thread-hashed preference or not, this must not block on the held lane.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        others = {audit_record(actor=advocate, action=AuditAction.VIEW).lane for _ in range(5)}
        assert lanes["long"] not in others
    finally:
        release.set()
        worker.join()
    assert chain_verify().ok


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_with_rollbacks_keep_every_lane_intact(advocate):
    errors: list[BaseException] = []

    def writer(number: int):
        try:
            for round_ in range(25):
                try:
                    with transaction.atomic():
                        audit_record(actor=advocate, action=AuditAction.VIEW, reason=str(number))
                        audit_record(actor=advocate, action=AuditAction.UPDATE)
                        if round_ % 5 == number % 5:
                            raise RuntimeError("roll back")
                except RuntimeError:
                    pass
        except BaseException as error:  # surfaced in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    report = chain_verify()
    assert report.ok, report.first_break
    assert report.events == 8 * 20 * 2
    assert 1 < AuditEvent.objects.values("lane").distinct().count() <= LANES
