"""A clinician's working pages: "my survivors", sessions, clinical and psychotherapy notes,
outcome measures and progress charts.

A survivor is reached through ``clinicians.access``: a clinician not on the survivor's team
gets 404 (as any outsider), an advocate or supervisor on the case 403 (clinical data is for
clinicians on the case). A psychotherapy note answers 404 to everyone but its author.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import CLINICIAN_ROLES
from alongside.concurrency import EditConflict
from alongside.htmx import is_page_read
from alongside.lookups import get_or_404
from alongside.service_errors import form_add_service_errors
from audit.models import AuditAction
from audit.services import audit_record
from cases.views.notes import signed_note_sign_answered
from clinicians import access, selectors, services
from clinicians.choices import AssignmentStatus
from clinicians.forms import (
    AddendumForm,
    MeasureForm,
    NoteEditForm,
    NoteForm,
    ScheduleForm,
    SessionForm,
)
from clinicians.item_texts import ITEMS
from clinicians.measures import INSTRUMENTS
from clinicians.progress_chart import progress_chart


def _clinical_case(request, case_id, *, write=False):
    """The case for a clinical page (404 outsiders, 403 insiders who are not a clinician on
    it); a whole page read is a view of the case, recorded once the right is known."""
    case = access.clinical_case_for(request.user, case_id, write=write)
    if is_page_read(request):
        audit_record(actor=request.user, action=AuditAction.VIEW, target=case)
    return case


def _render(request, template, context, *, status=200):
    return render(request, f"clinicians/{template}", context, status=status)


def band_label(instrument, code: str) -> str:
    for band in instrument.bands:
        if band.code == code:
            return str(band.label)
    return ""


# "My survivors" -----------------------------------------------------------------------------


@role_required(*CLINICIAN_ROLES)
@require_GET
def my_survivors(request):
    rows = selectors.my_survivors(actor=request.user)
    for row in rows:
        for score in row.latest:
            score.band_label = band_label(INSTRUMENTS[score.instrument], score.band)
        row.due_names = [INSTRUMENTS[code].name for code in row.due]
    context = {"rows": rows, "instruments": INSTRUMENTS}
    return _render(request, "my_survivors.html", context)


# The clinical record of one survivor -------------------------------------------------------


@login_required
@require_GET
def clinical_record(request, case_id):
    case = _clinical_case(request, case_id)
    assignment = (
        selectors.assignments_of(case=case)
        .filter(clinician=request.user, status=AssignmentStatus.APPROVED)
        .first()
    )
    measures = list(selectors.measures_of(case=case).defer("answers"))
    latest = {}
    for administration in measures:
        latest.setdefault(administration.instrument, administration)
    summaries = [
        {
            "code": code,
            "instrument": instrument,
            "latest": latest.get(code),
            "band_label": band_label(instrument, latest[code].band) if code in latest else "",
        }
        for code, instrument in INSTRUMENTS.items()
    ]
    for administration in measures:
        instrument = INSTRUMENTS[administration.instrument]
        administration.band_label = band_label(instrument, administration.band)
        administration.instrument_name = instrument.name
    context = {
        "case": case,
        "assignment": assignment,
        "schedule_form": ScheduleForm(),
        "summaries": summaries,
        "measures": measures,
        "sessions": selectors.sessions_of(case=case),
        "clinical_notes": selectors.clinical_notes_of(case=case),
        "psychotherapy_notes": selectors.psychotherapy_notes_for(actor=request.user, case=case),
    }
    return _render(request, "record.html", context)


@login_required
@require_POST
def schedule_set(request, case_id, assignment_id):
    case = access.clinical_case_for(request.user, case_id, write=True)
    assignment = get_or_404(
        selectors.assignments_of(case=case).filter(clinician=request.user), assignment_id
    )
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.measure_schedule_set(
                actor=request.user,
                assignment=assignment,
                instrument=form.cleaned_data["instrument"],
                every_sessions=form.cleaned_data["every_sessions"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Measure schedule saved."))
    return redirect("clinicians:record", case_id=case.pk)


# Sessions -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request, case_id=None):
    """An individual or group session. Only the clinician's own survivors are offered; each
    survivor's record will show only their own participation."""
    case = access.clinical_case_for(request.user, case_id, write=True) if case_id else None
    if not access.is_clinician(request.user):
        raise PermissionDenied
    survivors = [row.case for row in selectors.my_survivors(actor=request.user)]
    form = SessionForm(
        request.POST or None, survivors=survivors, preselected=case.pk if case else None
    )
    if request.method == "POST" and form.is_valid():
        participants = form.participants()
        try:
            services.session_record(
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                modality=form.cleaned_data["modality"],
                format=form.cleaned_data["format"],
                participants=participants,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Session recorded."))
            if len(participants) == 1:
                return redirect("clinicians:record", case_id=next(iter(participants)))
            return redirect("clinicians:my-survivors")
    status = 400 if request.method == "POST" else 200
    return _render(request, "session_form.html", {"form": form, "case": case}, status=status)


# Clinical notes and psychotherapy notes ------------------------------------------------------


@dataclass(frozen=True)
class NotePages:
    """What differs between the clinical note pages and the psychotherapy note pages: the
    selectors that reach a note and the services that write it."""

    kind: str
    url: str
    read: Callable
    write: Callable
    create: Callable
    update: Callable
    sign: Callable
    addendum: Callable

    def note_for_writing(self, request, case_id, note_id):
        return self.write(actor=request.user, case_id=case_id, note_id=note_id)

    def note_for_reading(self, request, case_id, note_id):
        return self.read(actor=request.user, case_id=case_id, note_id=note_id)


CLINICAL = NotePages(
    kind="clinical",
    url="clinicians:clinical-note",
    read=selectors.clinical_note_detail,
    write=selectors.clinical_note_to_write,
    create=services.clinical_note_create,
    update=services.clinical_note_update,
    sign=services.clinical_note_sign,
    addendum=services.clinical_note_addendum,
)
PSYCHOTHERAPY = NotePages(
    kind="psychotherapy",
    url="clinicians:psychotherapy-note",
    read=selectors.psychotherapy_note_detail,
    write=selectors.psychotherapy_note_to_write,
    create=services.psychotherapy_note_create,
    update=services.psychotherapy_note_update,
    sign=services.psychotherapy_note_sign,
    addendum=services.psychotherapy_note_addendum,
)


def _note_new(request, case_id, pages: NotePages):
    case = _clinical_case(request, case_id, write=True)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = pages.create(actor=request.user, case=case, body=form.cleaned_data["body"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Note saved. Sign it when it is complete."))
            return redirect(pages.url, case_id=case.pk, note_id=note.pk)
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "kind": pages.kind}
    return _render(request, "note_form.html", context, status=status)


def _note_page(request, note, pages, *, edit_form=None, addendum_form=None, status=200):
    mine = note.author_id == request.user.pk
    context = {
        "case": note.case,
        "note": note,
        "kind": pages.kind,
        "mine": mine,
        "edit_form": edit_form
        or NoteEditForm(initial={"body": note.body, "version": note.version}),
        "addendum_form": addendum_form or AddendumForm(),
    }
    return _render(request, "note_detail.html", context, status=status)


def _note_detail(request, case_id, note_id, pages: NotePages):
    """GET reads the note (audited); POST changes an unsigned note (its author only)."""
    if request.method == "GET":
        return _note_page(request, pages.note_for_reading(request, case_id, note_id), pages)
    note = pages.note_for_writing(request, case_id, note_id)
    form = NoteEditForm(request.POST)
    if form.is_valid():
        try:
            pages.update(
                actor=request.user,
                note=note,
                version=form.cleaned_data["version"],
                body=form.cleaned_data["body"],
            )
        except EditConflict:
            form.add_error(
                None, _("This note was changed just now. Reload it, then make your change again.")
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Note updated."))
            return redirect(pages.url, case_id=note.case.pk, note_id=note.pk)
    return _note_page(request, note, pages, edit_form=form, status=400)


def _note_sign(request, case_id, note_id, pages: NotePages):
    note = pages.note_for_writing(request, case_id, note_id)
    signed_note_sign_answered(
        request, lambda version: pages.sign(actor=request.user, note=note, version=version)
    )
    return redirect(pages.url, case_id=note.case.pk, note_id=note.pk)


def _note_addendum(request, case_id, note_id, pages: NotePages):
    note = pages.note_for_writing(request, case_id, note_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            pages.addendum(actor=request.user, note=note, body=form.cleaned_data["body"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Addendum added. The signed note is unchanged."))
            return redirect(pages.url, case_id=note.case.pk, note_id=note.pk)
    return _note_page(request, note, pages, addendum_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def clinical_note_new(request, case_id):
    return _note_new(request, case_id, CLINICAL)


@login_required
@require_http_methods(["GET", "POST"])
def clinical_note_detail(request, case_id, note_id):
    return _note_detail(request, case_id, note_id, CLINICAL)


@login_required
@require_POST
def clinical_note_sign(request, case_id, note_id):
    return _note_sign(request, case_id, note_id, CLINICAL)


@login_required
@require_POST
def clinical_note_addendum(request, case_id, note_id):
    return _note_addendum(request, case_id, note_id, CLINICAL)


# Psychotherapy notes answer 404 to everyone but their author, whatever their role (a
# superuser or supervisor cannot tell one from a missing note): access.psychotherapy_note_for.


@login_required
@require_http_methods(["GET", "POST"])
def psychotherapy_note_new(request, case_id):
    return _note_new(request, case_id, PSYCHOTHERAPY)


@login_required
@require_http_methods(["GET", "POST"])
def psychotherapy_note_detail(request, case_id, note_id):
    return _note_detail(request, case_id, note_id, PSYCHOTHERAPY)


@login_required
@require_POST
def psychotherapy_note_sign(request, case_id, note_id):
    return _note_sign(request, case_id, note_id, PSYCHOTHERAPY)


@login_required
@require_POST
def psychotherapy_note_addendum(request, case_id, note_id):
    return _note_addendum(request, case_id, note_id, PSYCHOTHERAPY)


# Measures -----------------------------------------------------------------------------------


def _instrument(code: str):
    if code not in INSTRUMENTS:
        raise Http404
    return INSTRUMENTS[code]


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request, case_id, instrument):
    measure = _instrument(instrument)
    case = _clinical_case(request, case_id, write=True)
    stopping = "stop" in request.POST
    form = MeasureForm(request.POST or None, instrument=measure.code, stopping=stopping)
    if request.method == "POST" and form.is_valid():
        try:
            administration = services.measure_record(
                actor=request.user,
                case=case,
                instrument=measure.code,
                answers=form.answers(),
                administered_on=form.cleaned_data["administered_on"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(
                "clinicians:measure-result", case_id=case.pk, administration_id=administration.pk
            )
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "instrument": measure}
    return _render(request, "measure_form.html", context, status=status)


@login_required
@require_GET
def measure_result(request, case_id, administration_id):
    administration = selectors.measure_detail(
        actor=request.user, case_id=case_id, administration_id=administration_id
    )
    instrument = INSTRUMENTS[administration.instrument]
    answers = [
        {"number": number, "text": text, "answer": answer}
        for number, (text, answer) in enumerate(
            zip(ITEMS[instrument.code], administration.answers, strict=True), start=1
        )
    ]
    clusters = [
        {
            "name": name,
            "items": f"{numbers[0]}–{numbers[-1]}",
            "score": administration.clusters.get(name),
        }
        for name, numbers in instrument.clusters
    ]
    context = {
        "case": administration.case,
        "administration": administration,
        "instrument": instrument,
        "band_label": band_label(instrument, administration.band),
        "answers": answers,
        "clusters": clusters,
        "change_abs": abs(administration.change_points or 0),
    }
    return _render(request, "measure_result.html", context)


@login_required
@require_GET
def progress(request, case_id, instrument):
    measure = _instrument(instrument)
    case = _clinical_case(request, case_id)
    series = selectors.progress_series(case=case, instrument=measure.code)
    for entry in series:
        entry.band_label = band_label(measure, entry.band)
        entry.change_abs = abs(entry.change_points or 0)
    chart = progress_chart(measure, series)
    context = {"case": case, "instrument": measure, "chart": chart}
    return _render(request, "progress.html", context)
