"""The writers of every signed note (``cases.models.SignedNote``): case notes, clinical notes and
psychotherapy notes alike. Each kind's own services check what is theirs (a case note's type
and method, who may write a clinical note) and call these, with the rules of their kind.

Each is atomic, takes the actor, and writes its audit event in the same transaction. An edit
and a signature carry the version the writer read: if someone saved first, ``EditConflict``
(409) says so and nothing is written.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alongside.concurrency import version_check
from alongside.limits import text_checked
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Addendum, Case, SignedNote


@dataclass(frozen=True)
class SignedNoteRules:
    """How one kind of signed note is kept.

    ``author_edits_alone``: before it is signed, only its author changes it (clinical and
    psychotherapy notes), or anyone the caller lets write on the case (case notes, which the
    team keeps together). ``author_adds_alone``: only its author adds to it once signed.
    ``signed_edit_refused()``: what an edit of a signed note raises (a case note answers 403,
    a clinical note a field message).
    """

    author_edits_alone: bool
    author_adds_alone: bool
    signed_edit_refused: Callable[[], Exception]


@transaction.atomic
def signed_note_create(*, actor: User, model: type[SignedNote], case: Case, body: str, **values):
    """A new, unsigned note of ``model`` by ``actor``; ``values`` are its kind's own fields,
    already checked by the caller."""
    note = model.objects.create(
        case=case, author=actor, body=text_checked(body, "body", required=True), **values
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=note, fields=["body", *values])
    return note


def signed_note_edit_begin(
    *, actor: User, note: SignedNote, version: int, rules: SignedNoteRules
) -> SignedNote:
    """The note as it is now, locked for the edit: refused if ``actor`` may not change it, if
    it is signed, or if someone saved since ``version`` (``EditConflict``). Within the
    caller's transaction; the kind's own values are checked next, then
    ``signed_note_edit_save``."""
    current = type(note).objects.select_for_update().get(pk=note.pk)
    if rules.author_edits_alone and current.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can change a note."))
    if current.is_signed:
        raise rules.signed_edit_refused()
    version_check(current, version)
    return current


def signed_note_edit_save(*, actor: User, current: SignedNote, values: dict) -> SignedNote:
    """Save checked ``values`` on the note ``signed_note_edit_begin`` locked, as its next
    version. Only the fields that changed are audited."""
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_at = timezone.now()
    current.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=changed)
    return current


@transaction.atomic
def signed_note_update(
    *, actor: User, note: SignedNote, version: int, rules: SignedNoteRules, body: str
) -> SignedNote:
    """Change the text of an unsigned note (a kind with nothing else to change)."""
    current = signed_note_edit_begin(actor=actor, note=note, version=version, rules=rules)
    values = {"body": text_checked(body, "body", required=True)}
    return signed_note_edit_save(actor=actor, current=current, values=values)


@transaction.atomic
def signed_note_sign(*, actor: User, note: SignedNote, version: int) -> SignedNote:
    """The author signs: the note is locked, later words go in addenda. Whether the author
    may still write on the case is the caller's check, as for every write."""
    current = type(note).objects.select_for_update().get(pk=note.pk)
    if current.author_id != actor.pk:
        # A right, not a shape: 403 on the page and the API alike. A signature says "I wrote
        # this", which nobody else can say for them.
        raise PermissionDenied(_("Only the author can sign a note."))
    if current.is_signed:
        raise ValidationError(_("This note is already signed."))
    version_check(current, version)
    current.signed_at = timezone.now()
    current.signed_by = actor
    current.version += 1
    current.save(update_fields=["signed_at", "signed_by", "version"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=["signed_at"])
    return current


@transaction.atomic
def signed_note_add_addendum(
    *, actor: User, note: SignedNote, rules: SignedNoteRules, body: str
) -> Addendum:
    """Add to a signed note; the note itself stays as it was signed."""
    if rules.author_adds_alone and note.author_id != actor.pk:
        raise PermissionDenied
    if not note.is_signed:
        raise ValidationError(_("Edit the note itself: it is not signed yet."))
    addendum = note.addenda.create(author=actor, body=text_checked(body, "body", required=True))
    audit_record(actor=actor, action=AuditAction.CREATE, target=addendum, fields=["body"])
    return addendum
