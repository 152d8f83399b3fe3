"""Deadlines in business days, in the organization's time zone; reminders to the sender past
the first, supervisors told past the second, each once; the report of deadlines missed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from referrals import selectors
from referrals.choices import ReferralReminderKind, ReferralStatus
from referrals.deadlines import business_days_after, deadlines_for
from referrals.models import Referral
from referrals.services import referral_step
from referrals.tasks import deadlines_check
from reminders.models import Reminder
from tests.referrals.conftest import send

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


def at(year, month, day, hour=0, minute=0, zone=NEW_YORK):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.fixture
def new_york(settings):
    settings.TIME_ZONE = "America/New_York"
    timezone.activate(NEW_YORK)
    yield
    timezone.deactivate()


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Friday afternoon, one business day: Monday afternoon.
        (at(2026, 11, 20, 16), 1, at(2026, 11, 23, 16)),
        # A weekday, five business days: a week later.
        (at(2026, 11, 18, 9, 30), 5, at(2026, 11, 25, 9, 30)),
        # Sent on a Saturday: counts from the start of Monday, whole days.
        (at(2026, 11, 21, 10), 1, at(2026, 11, 24, 0)),
        (at(2026, 11, 22, 23), 2, at(2026, 11, 25, 0)),
        # Across the end of daylight saving time (1 November 2026): same local hour.
        (at(2026, 10, 30, 16), 1, at(2026, 11, 2, 16)),
    ],
)
def test_business_days_in_the_organizations_time_zone(new_york, start, days, expected):
    found = business_days_after(start, days)
    assert found == expected
    assert timezone.localtime(found).hour == expected.hour


def test_late_utc_evening_is_already_the_local_day(new_york):
    # 02:00 UTC on a Saturday is still Friday evening in New York.
    start = datetime.datetime(2026, 11, 21, 2, 0, tzinfo=datetime.UTC)
    assert business_days_after(start, 1) == at(2026, 11, 23, 21)


def test_the_terms_are_the_organizations(agency):
    agency.acknowledge_within_days, agency.act_within_days = 2, 3
    sent = at(2026, 11, 16, 12)
    assert deadlines_for(sent_at=sent, organization=agency) == (
        business_days_after(sent, 2),
        business_days_after(sent, 3),
    )


def test_sending_sets_the_deadlines_from_the_terms(new_york, advocate, case, service, release):
    referral = send(advocate, case, service)
    assert referral.acknowledge_by == business_days_after(referral.sent_at, 1)
    assert referral.act_by == business_days_after(referral.sent_at, 5)


def _reminders(kind):
    return list(Reminder.objects.filter(kind=kind, done_at__isnull=True))


def test_the_sender_is_reminded_then_the_supervisor_told(
    advocate, supervisor, referral, django_capture_on_commit_callbacks
):
    second = datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_check.apply(kwargs={}).get() == {"reminded": 0, "escalated": 0}
    from referrals.services import deadlines_check as check

    assert check(now=referral.acknowledge_by - second) == {"reminded": 0, "escalated": 0}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert check(now=referral.acknowledge_by) == {"reminded": 1, "escalated": 0}
    (reminder,) = _reminders(ReferralReminderKind.UNANSWERED)
    assert reminder.assignee == advocate
    assert [m.to for m in mail.outbox] == [[advocate.email]]
    assert "Rosa" not in mail.outbox[0].body
    # Once only.
    assert check(now=referral.acknowledge_by + second) == {"reminded": 0, "escalated": 0}
    assert check(now=referral.act_by - second) == {"reminded": 0, "escalated": 0}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert check(now=referral.act_by) == {"reminded": 0, "escalated": 1}
    (told,) = _reminders(ReferralReminderKind.NOT_ACTED_ON)
    assert told.assignee == supervisor
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert check(now=referral.act_by + second) == {"reminded": 0, "escalated": 0}


def test_an_answer_closes_the_reminders(advocate, referral, partner_a):
    from referrals.services import deadlines_check as check

    check(now=referral.act_by)
    assert len(Reminder.objects.filter(done_at__isnull=True)) == 2
    referral_step(actor=partner_a, referral=referral, to_status=ReferralStatus.ACCEPTED, version=2)
    assert not Reminder.objects.filter(done_at__isnull=True).exists()


def test_an_acknowledged_referral_is_not_chased_for_acknowledgement(referral, partner_a):
    from referrals.services import deadlines_check as check

    referral_step(actor=partner_a, referral=referral, to_status=ReferralStatus.RECEIVED, version=2)
    assert check(now=referral.acknowledge_by) == {"reminded": 0, "escalated": 0}
    assert check(now=referral.act_by) == {"reminded": 0, "escalated": 1}


def test_the_report_counts_deadlines_missed_per_partner(
    advocate, administrator, case, service, release, partner_a, agency
):
    on_time = send(advocate, case, service)
    late = send(advocate, case, service)
    unanswered = send(advocate, case, service)
    referral_step(actor=partner_a, referral=on_time, to_status=ReferralStatus.ACCEPTED, version=2)
    Referral.objects.filter(pk=late.pk).update(
        received_at=late.acknowledge_by + datetime.timedelta(hours=1),
        answered_at=late.act_by + datetime.timedelta(hours=1),
        status=ReferralStatus.ACCEPTED,
    )
    since = timezone.now() - datetime.timedelta(days=1)
    until = timezone.now() + datetime.timedelta(days=1)
    (row,) = selectors.deadlines_missed(
        since=since, until=until, now=unanswered.act_by + datetime.timedelta(hours=1)
    )
    assert (row.organization_name, row.sent, row.acknowledge_missed, row.act_missed) == (
        agency.name,
        3,
        2,
        2,
    )
    (row,) = selectors.deadlines_missed(since=since, until=until, actor=administrator)
    assert row.sent == 3
    assert selectors.deadlines_missed(since=since, until=until, actor=partner_a) == []
