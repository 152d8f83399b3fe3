"""Case notes: writing, editing (with the version check), signing and addenda."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alongside.concurrency import version_check
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import is_note_author, note_edit_check
from cases.choices import (
    ContactMethod,
    NoteKind,
)
from cases.models import Case, CaseNote, NoteAddendum
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
    note = CaseNote.objects.create(case=case, author=actor, **values)
    if method != ContactMethod.NONE:
        contact_touch(case, contact_at)
    audit_record(actor=actor, action=AuditAction.CREATE, target=note, fields=list(values))
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
    current = CaseNote.objects.select_for_update().get(pk=note.pk)
    note_edit_check(current)
    version_check(current, version)
    values = _note_values(kind, body, contact_at, method, duration_minutes)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_at = timezone.now()
    current.save()
    if method != ContactMethod.NONE:
        contact_touch(current.case, contact_at)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=changed)
    return current


@transaction.atomic
def note_sign(*, actor: User, note: CaseNote, version: int) -> CaseNote:
    current = CaseNote.objects.select_for_update().get(pk=note.pk)
    if current.is_signed:
        raise ValidationError(_("This note is already signed."))
    version_check(current, version)
    if not is_note_author(actor, current):
        # A right, not a shape: 403 on the page and the API alike. (Whether the author may
        # still write on the case is the caller's check, ``may_sign_note``, as for every write.)
        raise PermissionDenied(_("Only the author can sign a note."))
    current.signed_at = timezone.now()
    current.signed_by = actor
    current.version += 1
    current.save(update_fields=["signed_at", "signed_by", "version"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=["signed_at"])
    return current


@transaction.atomic
def note_add_addendum(*, actor: User, note: CaseNote, body: str) -> NoteAddendum:
    if not note.is_signed:
        raise ValidationError(_("Edit the note itself: it is not signed yet."))
    addendum = NoteAddendum.objects.create(
        note=note, author=actor, body=text_checked(body, "body", required=True)
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=addendum, fields=["body"])
    return addendum
