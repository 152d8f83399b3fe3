"""Reading notes: one note with its addenda, a case's notes, and auditing them as viewed."""

from django.db.models import (
    Prefetch,
    QuerySet,
)

from alongside.lookups import get_or_404
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import (
    CaseAction,
    case_for,
)
from cases.models import Case, CaseNote


def note_detail(*, actor, case_id, note_id, action: CaseAction = CaseAction.VIEW) -> CaseNote:
    case = case_for(actor, case_id, action)
    notes = (
        CaseNote.objects.filter(case=case)
        .select_related("author", "signed_by", "case")
        .prefetch_related("addenda__author")
    )
    note = get_or_404(notes, note_id)
    audit_record(actor=actor, action=AuditAction.VIEW, target=note)
    return note


def notes_of(*, case: Case) -> QuerySet[CaseNote]:
    """A case's notes with their authors and addenda, for lists (constant queries)."""
    from cases.models import NoteAddendum

    return case.notes.select_related("author", "signed_by").prefetch_related(
        Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author"))
    )


def notes_viewed(*, actor, notes) -> None:
    """Record a view of each note shown (an API list returns their bodies)."""
    for note in notes:
        audit_record(actor=actor, action=AuditAction.VIEW, target=note)
