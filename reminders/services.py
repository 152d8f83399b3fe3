"""The only writers of reminders. Any app creates them for a case (consent expiry, referral
follow-ups, licence renewals, a quiet case) and people mark them done."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from reminders.kinds import reminder_kind_known
from reminders.models import Reminder


def reminder_create(
    *, case, assignee, kind: str, due_on: datetime.date, source=None
) -> Reminder | None:
    """A reminder for ``assignee`` on ``case``, or None when one of this kind is already open
    (a case has one open reminder of each kind; a task that runs twice creates one).

    ``kind`` must be registered (``reminders.kinds``); ``source`` is the record that gave rise
    to it, if one did. Created by the system, not by a person: the change a person made that
    led to it is what the trail records.
    """
    if not reminder_kind_known(kind):
        raise ValueError(f"unregistered reminder kind {kind!r}")
    values = {"case": case, "assignee": assignee, "kind": kind, "due_on": due_on}
    if source is not None:
        values.update(source_type=source._meta.label_lower, source_id=source.pk)
    try:
        with transaction.atomic():
            return Reminder.objects.create(**values)
    except IntegrityError:
        return None  # one is open already


@transaction.atomic
def reminder_done(*, actor, reminder: Reminder) -> Reminder:
    updated = Reminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    if updated:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=reminder.case,
            fields=["reminder.done_at"],
        )
    reminder.refresh_from_db()
    return reminder


def reminders_done_for(*, source, kinds=None) -> int:
    """Close the open reminders ``source`` gave rise to (a release renewed, a referral
    answered), of ``kinds`` only when given; how many were closed."""
    reminders = Reminder.objects.filter(
        source_type=source._meta.label_lower, source_id=source.pk, done_at__isnull=True
    )
    if kinds is not None:
        reminders = reminders.filter(kind__in=list(kinds))
    return reminders.update(done_at=timezone.now())
