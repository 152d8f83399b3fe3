"""Notes: writing, reading, editing (with the edit-conflict page), signing and addenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.concurrency import EditConflict, conflict_page
from alongside.htmx import is_page_read
from alongside.service_errors import form_add_service_errors
from cases import selectors, services
from cases.access import SIGNED_NOTE_LOCKED, CaseAction, allowed, may_sign_note, note_edit_check
from cases.choices import ContactMethod, NoteKind
from cases.forms import (
    AddendumForm,
    NoteEditForm,
    NoteForm,
)
from cases.views.record import back_to_case, record_render


@login_required
@require_http_methods(["GET", "POST"])
def note_create(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return back_to_case(request, case, _("Note saved."))
    status = 400 if request.method == "POST" else 200
    return record_render(request, "note_form.html", case, {"form": form}, status=status)


@login_required
@require_GET
def note_detail(request, case_id, note_id):
    note = selectors.note_detail(actor=request.user, case_id=case_id, note_id=note_id)
    return _note_page(request, note)


def _note_page(request, note, *, addendum_form=None, status=200):
    can_record = allowed(request.user, note.case, CaseAction.EDIT)
    context = {
        "note": note,
        "can_record": can_record,
        "can_sign": not note.is_signed and may_sign_note(request.user, note),
        "addendum_form": addendum_form or AddendumForm(),
    }
    return record_render(request, "note_detail.html", note.case, context, status=status)


def _locked(request, note):
    """A signed note cannot be edited: 403, saying what to do instead (the API's message)."""
    context = {"note": note, "locked_message": SIGNED_NOTE_LOCKED}
    return record_render(request, "note_locked.html", note.case, context, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request, case_id, note_id):
    note = selectors.note_detail(
        actor=request.user, case_id=case_id, note_id=note_id, action=CaseAction.EDIT
    )
    try:
        note_edit_check(note)
    except PermissionDenied:
        return _locked(request, note)
    if request.method == "GET":
        initial = {
            "kind": note.kind,
            "contact_at": note.contact_at,
            "method": note.method,
            "duration_minutes": note.duration_minutes,
            "body": note.body,
            "version": note.version,
        }
        form = NoteEditForm(initial=initial)
        return record_render(request, "note_edit.html", note.case, {"note": note, "form": form})
    form = NoteEditForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            services.note_update(actor=request.user, note=note, version=version, **values)
        except EditConflict as conflict:
            return _conflict(request, note, form, conflict.current)
        except PermissionDenied:
            # Signed by its author since the form was opened.
            note.refresh_from_db()
            if note.is_signed:
                return _locked(request, note)
            raise
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Note updated."))
            return redirect("cases:note-detail", case_id=note.case_id, note_id=note.pk)
    context = {"note": note, "form": form}
    return record_render(request, "note_edit.html", note.case, context, status=400)


def _conflict(request, note, form, current):
    """Someone saved first: show theirs and yours side by side; nothing is overwritten."""
    data = form.cleaned_data
    retry = NoteEditForm(initial={**data, "version": current.version})
    labels = {
        "kind": NoteKind(data["kind"]).label,
        "method": ContactMethod(data["method"]).label,
    }
    context = {"note": current, "yours": data, "yours_labels": labels, "form": retry}
    return conflict_page(
        request, "cases/records/note_conflict.html", {"case": note.case, **context}
    )


@login_required
@require_POST
def note_sign(request, case_id, note_id):
    note = selectors.note_detail(
        actor=request.user, case_id=case_id, note_id=note_id, action=CaseAction.EDIT
    )
    if not may_sign_note(request.user, note):
        raise PermissionDenied
    signed_note_sign_answered(
        request, lambda version: services.note_sign(actor=request.user, note=note, version=version)
    )
    return redirect("cases:note-detail", case_id=note.case_id, note_id=note.pk)


def signed_note_sign_answered(request, sign) -> None:
    """A signed note's "Sign" button, on every kind's page: ``sign(version)`` with the version
    the page showed, and a message saying how it went (the page redirects back to the note)."""
    try:
        version = int(request.POST.get("version", ""))
        sign(version)
    except ValueError:
        messages.error(request, _("The page was out of date. Check the note and sign again."))
    except EditConflict:
        messages.error(request, _("Someone changed this note just now. Check it, then sign."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Note signed. It can now only be added to by an addendum."))


@login_required
@require_POST
def note_addendum(request, case_id, note_id):
    note = selectors.note_detail(
        actor=request.user, case_id=case_id, note_id=note_id, action=CaseAction.EDIT
    )
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.note_add_addendum(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Addendum added. The signed note is unchanged."))
            return redirect("cases:note-detail", case_id=note.case_id, note_id=note.pk)
    return _note_page(request, note, addendum_form=form, status=400)
