"""Signed checkpoints reveal a chain rebuilt, wound back or emptied since they were written."""

import json

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from audit.chain import GENESIS, chain_verify, link_hash
from audit.checkpoints import checkpoint_path, checkpoint_write
from audit.models import AuditChainHead, AuditEvent
from audit.tasks import audit_checkpoint_write
from tests.audit.conftest import raw, triggers_lifted


def verify_failure() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify")
    assert failure.value.returncode == 1
    return str(failure.value)


def lane_of(events) -> list[AuditEvent]:
    # One writer in one transaction: its events follow each other in one lane.
    events = sorted(events, key=lambda event: event.seq)
    assert len({event.lane for event in events}) == 1
    return events


def rebuild_lane_from(events: list[AuditEvent], index: int, *, reason: str) -> None:
    """Edit one event and recompute every link after it and the head, as an intruder would."""
    with triggers_lifted():
        previous_hash = events[index - 1].hash if index else GENESIS
        for position, event in enumerate(events[index:]):
            event.refresh_from_db()
            if position == 0:
                event.reason = reason
            event.previous_hash = previous_hash
            event.hash = link_hash(event)
            raw(
                "UPDATE audit_auditevent SET reason = %s, previous_hash = %s, hash = %s "
                "WHERE id = %s",
                [event.reason, event.previous_hash, event.hash, event.pk],
            )
            previous_hash = event.hash
        raw(
            "UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE lane = %s",
            [events[-1].seq, previous_hash, events[-1].lane],
        )


@pytest.mark.django_db
def test_a_checkpointed_chain_verifies_and_counts_newer_events(write_events, capsys):
    write_events(3)
    audit_checkpoint_write.apply()  # the task beat schedules, run here
    write_events(2)
    call_command("audit_verify")
    output = capsys.readouterr().out
    assert "OK: 5 audit events" in output
    assert "Matches 1 signed checkpoints" in output
    assert "followed by 2 newer events" in output


@pytest.mark.django_db
def test_without_checkpoints_verify_says_a_rebuilt_chain_would_pass(write_events, capsys):
    write_events(1)
    call_command("audit_verify")
    assert "No signed checkpoints" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_edited_event_with_its_lane_and_head_recomputed_is_named(write_events):
    events = lane_of(write_events(5))
    checkpoint_write()
    rebuild_lane_from(events, 2, reason="rewritten")
    assert chain_verify().ok, "the rebuilt chain passes on its own; only the checkpoint shows it"
    message = verify_failure()
    lane = events[0].lane
    assert f"lane {lane}: rewritten since the checkpoint of" in message
    assert f"position {events[-1].seq} is not the one recorded" in message


@pytest.mark.django_db
def test_several_checkpoints_narrow_down_the_rewritten_positions(write_events):
    events = lane_of(write_events(3))
    checkpoint_write()
    events += write_events(3)
    events = lane_of(events)
    checkpoint_write()
    rebuild_lane_from(events, 4, reason="rewritten")
    message = verify_failure()
    assert f"between positions {events[2].seq + 1} and {events[5].seq}" in message


@pytest.mark.django_db
def test_the_newest_event_deleted_and_the_head_wound_back_is_named(write_events):
    events = lane_of(write_events(3))
    checkpoint_write()
    with triggers_lifted():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
        raw(
            "UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE lane = %s",
            [events[-2].seq, events[-2].hash, events[-2].lane],
        )
    assert chain_verify().ok
    message = verify_failure()
    lane, last = events[0].lane, events[-1].seq
    assert f"lane {lane}: positions {last} to {last}, recorded by the checkpoint of" in message
    assert f"the lane now ends at position {last - 1}" in message


@pytest.mark.django_db
def test_an_emptied_trail_is_named_lane_by_lane(write_events):
    events = lane_of(write_events(2))
    checkpoint_write()
    with triggers_lifted():
        if connection.vendor == "postgresql":
            raw("SET CONSTRAINTS ALL IMMEDIATE")
            raw("TRUNCATE audit_auditevent, audit_auditchainhead")
        else:
            raw("DELETE FROM audit_auditevent")
            raw("DELETE FROM audit_auditchainhead")
    assert chain_verify().events == 0
    message = verify_failure()
    assert f"lane {events[0].lane}: positions 1 to 2" in message
    assert "now ends at position 0" in message


@pytest.mark.django_db
def test_a_checkpoint_whose_signature_does_not_verify_is_reported(write_events):
    write_events(2)
    checkpoint_write()
    path = checkpoint_path()
    record = json.loads(path.read_text())
    # Someone winds the recorded head back to match a chain they shortened.
    record["heads"] = [[lane, max(seq - 1, 0), hash_] for lane, seq, hash_ in record["heads"]]
    path.write_text(json.dumps(record) + "\n")
    message = verify_failure()
    assert "checkpoint 1" in message
    assert "does not verify: its signature does not match" in message


@pytest.mark.django_db
def test_a_checkpoint_signed_with_another_key_is_reported(write_events, monkeypatch):
    write_events(1)
    monkeypatch.setenv("ALONGSIDE_AUDIT_CHECKPOINT_KEY", "A" * 43 + "=")
    checkpoint_write()
    monkeypatch.setenv("ALONGSIDE_AUDIT_CHECKPOINT_KEY", "B" * 43 + "=")
    assert "does not verify" in verify_failure()


@pytest.mark.django_db
def test_checkpoints_are_appended_never_rewritten(write_events):
    write_events(1)
    checkpoint_write()
    first = checkpoint_path().read_text()
    checkpoint_write()
    assert checkpoint_path().read_text().startswith(first)
    assert len(checkpoint_path().read_text().splitlines()) == 2
    assert AuditChainHead.objects.exists()


def test_beat_writes_checkpoints_periodically():
    entry = settings.CELERY_BEAT_SCHEDULE["audit-checkpoint-write"]
    assert entry["task"] == "audit.checkpoint_write"
    assert entry["schedule"].total_seconds() == settings.AUDIT_CHECKPOINT_MINUTES * 60


@pytest.mark.django_db
def test_production_refuses_to_checkpoint_without_the_key(settings, monkeypatch):
    monkeypatch.delenv("ALONGSIDE_AUDIT_CHECKPOINT_KEY", raising=False)
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="ALONGSIDE_AUDIT_CHECKPOINT_KEY"):
        checkpoint_write()
    assert not checkpoint_path().exists()
