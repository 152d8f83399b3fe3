"""Reading reminders: a person's open ones (only on cases they may see), one of a case."""

from django.db.models import QuerySet

from alongside.lookups import get_or_404
from cases.access import cases_visible_to
from reminders.models import Reminder


def reminders_for(*, actor) -> QuerySet[Reminder]:
    """``actor``'s open reminders, soonest first, on cases they may still see."""
    return (
        Reminder.objects.filter(
            assignee=actor, done_at__isnull=True, case__in=cases_visible_to(actor)
        )
        .select_related("case")
        .order_by("due_on")
    )


def reminder_of(*, case, reminder_id) -> Reminder:
    """A reminder of this case (already reached through ``case_for``); another case's is 404."""
    return get_or_404(Reminder.objects.filter(case=case), reminder_id)
