"""Reminders any app creates: a registered kind, one open of a kind per case, the record that
gave rise to one, and done by a person (audited) or by its source."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from cases.choices import ReminderKind
from organization.models import Program
from reminders.kinds import reminder_kind_label, reminder_kind_register
from reminders.models import Reminder
from reminders.selectors import reminders_for
from reminders.services import reminder_create, reminder_done, reminders_done_for

pytestmark = pytest.mark.django_db


def test_the_cases_app_registers_its_kinds_with_their_labels():
    assert reminder_kind_label(ReminderKind.QUIET_CASE) == ReminderKind.QUIET_CASE.label


def test_an_unregistered_kind_is_refused(case, advocate):
    with pytest.raises(ValueError):
        reminder_create(case=case, assignee=advocate, kind="unheard_of", due_on=timezone.now())
    assert not Reminder.objects.exists()


def test_one_open_reminder_of_a_kind_per_case(case, advocate):
    today = timezone.localdate()
    first = reminder_create(case=case, assignee=advocate, kind="follow_up", due_on=today)
    again = reminder_create(case=case, assignee=advocate, kind="follow_up", due_on=today)
    assert first is not None and again is None
    assert reminders_for(actor=advocate).get() == first


def test_another_app_registers_a_kind_and_closes_its_reminders_by_source(case, advocate):
    reminder_kind_register("test_renewal", "Renew the test record")
    source = Program.objects.create(name="A record another app keeps")
    due = timezone.localdate() + datetime.timedelta(days=7)
    reminder = reminder_create(
        case=case, assignee=advocate, kind="test_renewal", due_on=due, source=source
    )
    assert (reminder.source_type, reminder.source_id) == ("organization.program", source.pk)
    assert reminder.get_kind_display() == "Renew the test record"
    assert reminders_done_for(source=source) == 1
    reminder.refresh_from_db()
    assert reminder.done_at is not None


def test_a_person_marks_one_done_and_the_trail_says_so(case, advocate):
    reminder = reminder_create(
        case=case, assignee=advocate, kind="follow_up", due_on=timezone.localdate()
    )
    reminder_done(actor=advocate, reminder=reminder)
    assert reminder.done_at is not None
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, target_id=case.pk, fields=["reminder.done_at"]
    ).exists()
    assert list(reminders_for(actor=advocate)) == []


def test_programs_and_reminders_keep_their_tables():
    assert Program._meta.db_table == "cases_program"
    assert Program.supervisors.through._meta.db_table == "cases_program_supervisors"
    assert Reminder._meta.db_table == "cases_reminder"
