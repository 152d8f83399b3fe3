"""Funder packs: parameters, code version and a hash of the records counted; the same numbers
when regenerated, or what changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from referrals.choices import ReferralStatus
from reports import services
from reports.version import REPORT_CODE_VERSION
from tests.reports.conftest import END, START, make_referral


def test_a_pack_records_what_it_needs(world, administrator):
    pack = services.pack_create(actor=administrator, period_start=START, period_end=END)
    assert pack.code_version == REPORT_CODE_VERSION
    assert len(pack.records_hash) == 64
    assert set(pack.part_hashes) == {
        "survivors",
        "referrals",
        "received",
        "services",
        "sessions",
        "measures",
    }
    assert pack.parameters == {
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "threshold": 4,
    }
    assert pack.numbers["referrals"]["rows"]["made"] == [21]
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "create" and event.target_id == pack.pk


def test_regenerating_gives_the_same_numbers(world, administrator):
    pack = services.pack_create(actor=administrator, period_start=START, period_end=END)
    comparison = services.pack_regenerate(actor=administrator, pack=pack)
    assert comparison.same and comparison.changes == [] and comparison.records_changed == []
    assert not comparison.code_version_changed


def test_regenerating_says_what_changed(world, administrator, advocate):
    pack = services.pack_create(
        actor=administrator, period_start=START, period_end=END, threshold=1
    )
    make_referral(
        world.cases[0],
        world.referrals[0].service,
        advocate,
        sent=datetime.date(2026, 3, 9),
        status=ReferralStatus.ACCEPTED,
        acc=1,
    )
    comparison = services.pack_regenerate(actor=administrator, pack=pack)
    assert not comparison.same
    assert comparison.records_changed == ["referrals"]
    assert "referrals / Made to other agencies and our programs / count: 21 → 22" in (
        comparison.changes
    )


def test_a_change_outside_the_period_changes_nothing(world, administrator, advocate):
    pack = services.pack_create(actor=administrator, period_start=START, period_end=END)
    make_referral(
        world.cases[0],
        world.referrals[0].service,
        advocate,
        sent=datetime.date(2026, 6, 9),
        status=ReferralStatus.ACCEPTED,
        acc=1,
    )
    assert services.pack_regenerate(actor=administrator, pack=pack).same


def test_a_supervisor_cannot_regenerate_another_programs_pack(world, administrator, supervisor):
    pack = services.pack_create(
        actor=administrator, period_start=START, period_end=END, program=world.south.pk
    )
    with pytest.raises(PermissionDenied):
        services.pack_regenerate(actor=supervisor, pack=pack)
