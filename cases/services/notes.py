"""Case notes: signed notes (``cases.services.signed_notes``) with a type, a method of contact, a
time and minutes, which count as contact with the survivor."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from cases.access import SIGNED_NOTE_LOCKED
from cases.choices import (
    ContactMethod,
    NoteKind,
)
from cases.models import Case, CaseNote, NoteAddendum
from cases.services.signed_notes import (
    SignedNoteRules,
    signed_note_add_addendum,
    signed_note_create,
    signed_note_edit_begin,
    signed_note_edit_save,
    signed_note_sign,
)
from cases.services.validation import contact_touch, not_in_future, text_checked


def _note_values(kind, body, contact_at, method, duration_minutes) -> dict:
    if kind not in NoteKind.values:
        raise ValidationError({"kind": _("Choose one of the listed note types.")})
    if method not in ContactMethod.values:
        raise ValidationError({"method": _("Choose one of the listed methods.")})
    not_in_future(contact_at, "contact_at")
    if duration_minutes is not None and not 0 <= duration_minutes <= 24 * 60:
        raise ValidationError({"duration_minutes": _("Enter minutes between 0 and 1440.")})
    return {
        "kind": kind,
        "body": text_checked(body, "body", required=True),
        "contact_at": contact_at,
        "method": method,
        "duration_minutes": duration_minutes,
    }


# A case note is the team's: anyone who may write on the case corrects it until it is signed,
# and a signed note is locked for everyone, its author too (403, the page's and the API's).
CASE_NOTE_RULES = SignedNoteRules(
    author_edits_alone=False,
    author_adds_alone=False,
    signed_edit_refused=lambda: PermissionDenied(SIGNED_NOTE_LOCKED),
)


@transaction.atomic
def note_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    body: str,
    contact_at: datetime.datetime,
    method: str,
    duration_minutes: int | None = None,
) -> CaseNote:
    values = _note_values(kind, body, contact_at, method, duration_minutes)
    note = signed_note_create(actor=actor, model=CaseNote, case=case, **values)
    if method != ContactMethod.NONE:
        contact_touch(case, contact_at)
    return note


@transaction.atomic
def note_update(
    *,
    actor: User,
    note: CaseNote,
    version: int,
    kind: str,
    body: str,
    contact_at: datetime.datetime,
    method: str,
    duration_minutes: int | None = None,
) -> CaseNote:
    """Save an edit unless someone saved first (then ``EditConflict`` shows both versions)."""
    current = signed_note_edit_begin(actor=actor, note=note, version=version, rules=CASE_NOTE_RULES)
    values = _note_values(kind, body, contact_at, method, duration_minutes)
    current = signed_note_edit_save(actor=actor, current=current, values=values)
    if method != ContactMethod.NONE:
        contact_touch(current.case, contact_at)
    return current


def note_sign(*, actor: User, note: CaseNote, version: int) -> CaseNote:
    return signed_note_sign(actor=actor, note=note, version=version)


def note_add_addendum(*, actor: User, note: CaseNote, body: str) -> NoteAddendum:
    return signed_note_add_addendum(actor=actor, note=note, rules=CASE_NOTE_RULES, body=body)
