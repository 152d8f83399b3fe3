"""What is recorded on a case: notes, contact, the recovery journey and services.

Form pages are tried with GET (they need the right to edit: everyone on the team and the
program's supervisor); actions that only accept POST are tried with a valid POST.
"""

from django.utils import timezone

from cases import services as case_services
from cases.choices import ContactMethod, NoteKind, ReminderKind
from reminders.models import Reminder
from tests.matrix.framework import Entry, case_page, case_write


def _note(context, *, signed=False):
    def make():
        lead = context.extras["scenario"].lead
        note = case_services.note_create(
            actor=lead,
            case=context.case,
            kind=NoteKind.CONTACT,
            body="Matrix note",
            contact_at=timezone.now(),
            method=ContactMethod.PHONE,
        )
        if signed:
            note = case_services.note_sign(actor=lead, note=note, version=note.version)
        return note

    return context.remember("signed_note" if signed else "note", make)


def _goal(context):
    return context.remember(
        "goal",
        lambda: case_services.goal_create(
            actor=context.extras["scenario"].lead,
            case=context.case,
            domain="housing",
            own_words="A place of my own",
            steps=["Visit the housing office"],
        ),
    )


def _reminder(context):
    return context.remember(
        "reminder",
        lambda: Reminder.objects.create(
            case=context.case,
            assignee=context.extras["scenario"].lead,
            kind=ReminderKind.FOLLOW_UP,
            due_on=timezone.localdate(),
        ),
    )


def _case(context):
    return {"case_id": context.case.pk}


def _on_note(context, *, signed=False):
    return {"case_id": context.case.pk, "note_id": _note(context, signed=signed).pk}


def _on_goal(context):
    return {"case_id": context.case.pk, "goal_id": _goal(context).pk}


ENTRIES: dict[str, Entry] = {
    # The case page's forms opened in place; changing the status needs the right to close.
    "cases:case-form": Entry(
        case_write(clinician=403),
        kwargs=lambda context: {"case_id": context.case.pk, "form": "status"},
    ),
    "cases:note-create": Entry(case_write(), kwargs=_case),
    "cases:note-detail": Entry(case_page(), kwargs=_on_note),
    "cases:note-edit": Entry(case_write(), kwargs=_on_note),
    # Only the author (the lead advocate here) signs; other insiders get 403.
    "cases:note-sign": Entry(
        case_write(302, clinician=403, supervisor=403),
        method="post",
        kwargs=_on_note,
        data=lambda context: {"version": _note(context).version},
    ),
    "cases:note-addendum": Entry(
        case_write(302),
        method="post",
        kwargs=lambda context: _on_note(context, signed=True),
        data={"body": "Matrix addendum"},
    ),
    "cases:outreach": Entry(case_page(), kwargs=_case),
    "cases:appointment": Entry(case_page(), kwargs=_case),
    "cases:reminder-done": Entry(
        case_write(302),
        method="post",
        kwargs=lambda context: {"case_id": context.case.pk, "reminder_id": _reminder(context).pk},
    ),
    "cases:stage": Entry(case_page(), kwargs=_case),
    "cases:goal-create": Entry(case_write(), kwargs=_case),
    "cases:goal-edit": Entry(case_write(), kwargs=_on_goal),
    "cases:goal-step-add": Entry(
        case_write(302), method="post", kwargs=_on_goal, data={"text": "Call the landlord"}
    ),
    "cases:goal-step-done": Entry(
        case_write(302),
        method="post",
        kwargs=lambda context: {
            **_on_goal(context),
            "step_id": _goal(context).steps.get().pk,
        },
        data={"done": "on"},
    ),
    "cases:check-in": Entry(case_write(), kwargs=_case),
    "cases:check-ins": Entry(case_page(), kwargs=_case),
    # The case page's chart, loaded by htmx; without JavaScript it sends people to all check-ins.
    "cases:check-ins-recent": Entry(case_page(302), kwargs=_case),
    "cases:service": Entry(case_page(), kwargs=_case),
}
