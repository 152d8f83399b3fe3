"""The consent pages of a case: who may receive what, until when; recording, previewing,
revoking, confirming and restricting; the people around the survivor; the receipt.

Thin views: each reaches the case through ``cases.selectors.case_read`` (404 outsiders, 403
insiders without the right to record), reads through ``consent.selectors`` and writes through
``consent.services``, whose messages land on the form's fields.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.htmx import is_page_read
from alongside.lookups import get_or_404
from alongside.service_errors import form_add_service_errors
from cases import selectors as case_selectors
from cases.access import CaseAction
from cases.frame import case_context, case_page
from consent import selectors, services
from consent.choices import (
    IN_FORCE,
    UPCOMING,
    ConsentMethod,
    DataCategory,
    Purpose,
    ReleaseStatus,
)
from consent.forms import (
    RECEIPT_LANGUAGES,
    ConfirmInWritingForm,
    PersonForm,
    ReleaseForm,
    RestrictionForm,
    RevokeForm,
)
from consent.packet import category_offered
from consent.policy import ReleaseTerms
from consent.recipients import Recipient

# Shown in the grid: in force now, or soon (not started, or verbal awaiting its writing).
GRID_STATUSES = IN_FORCE | UPCOMING
# The grid's column headings: the categories, short enough for a column.
SHORT_LABELS = {
    DataCategory.IDENTITY: gettext_lazy("Identity"),
    DataCategory.CONTACT: gettext_lazy("Contact"),
    DataCategory.DEMOGRAPHICS: gettext_lazy("Demographics"),
    DataCategory.TRAFFICKING_EXPERIENCE: gettext_lazy("Trafficking experience"),
    DataCategory.CASE_NOTES: gettext_lazy("Case notes"),
    DataCategory.CLINICAL_SUMMARY: gettext_lazy("Clinical summary"),
    DataCategory.LEGAL_IMMIGRATION: gettext_lazy("Legal and immigration"),
    DataCategory.MEDICAL: gettext_lazy("Medical"),
}
EXPLANATION_LANGUAGES = dict(RECEIPT_LANGUAGES)
NOT_RECORDED = gettext_lazy("nothing recorded: goes nowhere")


def _case(request, case_id, *, record: bool = False):
    return case_selectors.case_read(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.EDIT if record else CaseAction.VIEW,
        audited=is_page_read(request),
        related=case_selectors.CASE_PAGE_RELATED,
    )


def _language(request, name: str = "lang") -> str:
    lang = request.GET.get(name, "")
    return lang if lang in EXPLANATION_LANGUAGES else translation.get_language()[:2]


def _posted(request) -> tuple:
    """A form's data: bound on every POST (an empty one too, so it is told what is missing)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _consent_page(case_id):
    return redirect("consent:page", case_id=case_id)


@case_page(methods=("GET",))
def consent_page(request, case_id):
    """The survivor's view: first what is shared with whom, for what and until when; then what
    is restricted, the people around them, and what is no longer in force."""
    case = _case(request, case_id)
    grid = selectors.consent_grid(case=case)
    restrictions = list(selectors.restrictions_of(case=case))
    restricted = _restricted_cells(restrictions)
    explain_lang = _language(request)
    shown = [row for row in grid if row.status in GRID_STATUSES]
    columns = _grid_columns(shown)
    current = [_grid_row(row, restricted, columns) for row in shown]
    context = case_context(
        request,
        case,
        current=current,
        waiting=any(line["row"].status == ReleaseStatus.AWAITING_WRITING for line in current),
        not_recorded=NOT_RECORDED,
        unfilled=any(cell["state"] == "unfilled" for line in current for cell in line["cells"]),
        written_only=case.program.governed_by_vawa_fvpsa,
        verbal_days=settings.CONSENT_VERBAL_CONFIRM_DAYS,
        past=[row for row in grid if row.status not in GRID_STATUSES],
        restrictions=restrictions,
        people=list(selectors.people_of(case=case)),
        notices=list(selectors.stop_using_notices_of(case=case, unsent_only=True)),
        columns=[
            {"label": SHORT_LABELS[name], "offered": category_offered(name)} for name in columns
        ],
        explain_lang=explain_lang,
        other_lang=next(code for code in EXPLANATION_LANGUAGES if code != explain_lang),
        languages=EXPLANATION_LANGUAGES,
    )
    return render(request, "consent/page.html", context)


def _restricted_cells(restrictions) -> dict:
    """recipient -> the categories a restriction denies (all of them when it lists none)."""
    cells: dict[Recipient, set[str]] = {}
    for restriction in restrictions:
        cells.setdefault(restriction.recipient, set()).update(
            restriction.categories or DataCategory.values
        )
    return cells


def _grid_columns(lines) -> list[str]:
    """The categories some app fills, and any other a release shown names (recorded before
    nothing filled it: shown as it is, marked as going nowhere)."""
    named = {name for line in lines for name in line.categories}
    return [name for name in SHORT_LABELS if category_offered(name) or name in named]


def _grid_row(row, restricted: dict, columns) -> dict:
    """A grid line: each category's cell says shared, restricted (a restriction wins), not yet
    (a verbal release awaiting its writing in a VAWA/FVPSA program) or not."""
    denied = restricted.get(row.release.recipient, set())
    cells = []
    for category in columns:
        label = SHORT_LABELS[category]
        if category in denied:
            state = "restricted"
        elif category in row.categories and not category_offered(category):
            # Named by a release recorded before nothing filled it: nothing goes.
            state = "unfilled"
            label = format_lazy("{} ({})", label, NOT_RECORDED)
        elif category in row.categories:
            state = "waiting" if row.status == ReleaseStatus.AWAITING_WRITING else "shared"
        else:
            state = "no"
        cells.append({"label": label, "state": state})
    return {"row": row, "release": row.release, "cells": cells}


def _recipient(form) -> Recipient:
    """The recipient a form names, checked for shape (the service checks the rest)."""
    return services.recipient_from(**form.recipient_parts())


def _preview(request, case, form):
    """The packet the recipient would receive for each chosen purpose, once this release is
    saved: one section per distinct packet. Raises ValidationError for what cannot be shown."""
    recipient = _recipient(form)
    _grant_checked(request, case, form, recipient)
    data = form.cleaned_data
    today = timezone.localdate()
    # A release starting later is shown as it will be from its first day.
    proposed = ReleaseTerms(
        id=uuid.uuid4(),
        recipient=recipient,
        categories=frozenset(data["categories"]),
        purposes=frozenset(data["purposes"]),
        starts_on=min(data["starts_on"], today),
        expires_on=max(data["expires_on"], today),
        method=ConsentMethod.WRITTEN,
    )
    previews = []
    for purpose in data["purposes"]:
        decision, packet = selectors.packet_preview(
            actor=request.user, case=case, recipient=recipient, purpose=purpose, proposed=proposed
        )
        for preview in previews:
            if preview["categories"] == packet.categories:
                preview["purposes"].append(Purpose(purpose).label)
                break
        else:
            previews.append(
                {
                    "purposes": [Purpose(purpose).label],
                    "categories": packet.categories,
                    "packet": packet,
                    "withheld": [
                        (DataCategory(name).label, decision.why_not(name))
                        for name in data["categories"]
                        if name not in decision.categories
                    ],
                }
            )
    return previews


class _DryRun(Exception):
    pass


def _grant_checked(request, case, form, recipient) -> None:
    """Every rule the service checks, before the survivor is shown a preview: the grant is
    tried in a savepoint that is always rolled back (the document is left out, so no file is
    stored), and its ValidationError, if any, comes out as it would on saving."""
    try:
        with transaction.atomic():
            services.release_grant(
                actor=request.user, case=case, recipient=recipient, **form.release_values()
            )
            raise _DryRun
    except _DryRun:
        pass
    document = form.cleaned_data.get("document")
    if document is not None:
        services.document_checked(document)


@case_page()
def release_new(request, case_id):
    """Record a release: fill in, preview what the recipient would receive, then save.

    Saving is offered only beside a preview of exactly these terms; changing them after the
    preview asks for a new one."""
    case = _case(request, case_id, record=True)
    initial = _renewal_initial(case, request.GET.get("renew"))
    form = ReleaseForm(
        *_posted(request),
        actor=request.user,
        case=case,
        initial=initial,
    )
    previews = None
    fingerprint = ""
    if request.method == "POST" and form.is_valid():
        wants_save = "save" in request.POST
        try:
            previews = _preview(request, case, form)
            fingerprint = form.fingerprint()
            if wants_save and request.POST.get("previewed") != fingerprint:
                form.add_error(
                    None,
                    _(
                        "The release changed after the preview. Check the new preview with the "
                        "survivor, then save."
                    ),
                )
            elif wants_save:
                release = services.release_grant(
                    actor=request.user,
                    case=case,
                    recipient=_recipient(form),
                    document=form.cleaned_data["document"],
                    **form.release_values(),
                )
                messages.success(request, _("The release is recorded."))
                return redirect("consent:release", case_id=case.pk, release_id=release.pk)
        except ValidationError as error:
            form_add_service_errors(form, error)
            previews = None
    return render(
        request,
        "consent/release_form.html",
        case_context(
            request,
            case,
            form=form,
            previews=previews,
            fingerprint=fingerprint,
            verbal_waits=bool(previews)
            and form.cleaned_data.get("method") == ConsentMethod.VERBAL
            and case.program.governed_by_vawa_fvpsa,
        ),
        status=400 if form.errors else 200,
    )


def _renewal_initial(case, release_id) -> dict:
    """Renewing: a new release with the same recipient, information and purposes."""
    if not release_id:
        return {}
    release = selectors.release_of(case=case, release_id=release_id)
    return {
        "recipient_kind": release.recipient_kind,
        "recipient_organization": release.recipient_organization_id,
        "recipient_person": release.recipient_person_id,
        "recipient_class": release.recipient_class,
        "categories": release.categories,
        "purposes": release.purposes,
        "purpose_other": release.purpose_other,
        "signer": release.signer,
        "guardian": release.guardian_id,
    }


@case_page(methods=("GET",))
def release_detail(request, case_id, release_id):
    """One release: its terms and status, every disclosure made under it, and, once revoked,
    the "stop using" notices to send."""
    case = _case(request, case_id)
    release = selectors.release_of(case=case, release_id=release_id)
    notices = [
        notice
        for notice in selectors.stop_using_notices_of(case=case)
        if notice.release_id == release.pk
    ]
    return render(
        request,
        "consent/release_detail.html",
        case_context(
            request,
            case,
            release=release,
            status=release.status,
            revocation=release.revocation_or_none(),
            disclosures=list(release.disclosures.all()),
            notices=notices,
            languages=EXPLANATION_LANGUAGES,
        ),
    )


@case_page()
def release_revoke(request, case_id, release_id):
    """The second click: how and when the survivor said so (now, by default), then done."""
    case = _case(request, case_id, record=True)
    release = selectors.release_of(case=case, release_id=release_id)
    form = RevokeForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.release_revoke(actor=request.user, release=release, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The release is revoked. Nothing more goes out under it."))
            return redirect("consent:release", case_id=case.pk, release_id=release.pk)
    return render(
        request,
        "consent/release_revoke.html",
        case_context(request, case, form=form, release=release),
        status=400 if form.errors else 200,
    )


@case_page()
def release_confirm(request, case_id, release_id):
    """A verbal release, now confirmed in writing (with the signed document, if there is one)."""
    case = _case(request, case_id, record=True)
    release = selectors.release_of(case=case, release_id=release_id)
    form = ConfirmInWritingForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.release_confirm_in_writing(
                actor=request.user, release=release, document=form.cleaned_data["document"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The release is confirmed in writing."))
            return redirect("consent:release", case_id=case.pk, release_id=release.pk)
    return render(
        request,
        "consent/release_confirm.html",
        case_context(request, case, form=form, release=release),
        status=400 if form.errors else 200,
    )


@case_page(methods=("GET",))
def release_receipt(request, case_id, release_id):
    """The printable receipt, in the language the advocate picked for the survivor."""
    case = _case(request, case_id)
    release = selectors.release_of(case=case, release_id=release_id)
    lang = _language(request)
    with translation.override(lang):
        return render(
            request,
            "consent/receipt.html",
            {
                "case": case,
                "release": release,
                "revocation": release.revocation_or_none(),
                "organization_name": settings.CONSENT_ORGANIZATION_NAME,
                "categories": [DataCategory(name).label for name in release.categories],
                "purposes": [Purpose(name).label for name in release.purposes],
                "lang": lang,
                "languages": EXPLANATION_LANGUAGES,
                "printed_on": timezone.localdate(),
            },
        )


@case_page(methods=("POST",))
def notice_sent(request, case_id, notice_id):
    """The advocate sent a "stop using" notice (until the partner portal sends them)."""
    case = _case(request, case_id, record=True)
    notice = get_or_404(selectors.stop_using_notices_of(case=case), notice_id)
    try:
        services.stop_using_notice_mark_sent(actor=request.user, notice=notice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as sent."))
    return redirect("consent:release", case_id=case.pk, release_id=notice.release_id)


@case_page()
def restriction_new(request, case_id):
    case = _case(request, case_id, record=True)
    form = RestrictionForm(*_posted(request), actor=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.restriction_add(
                actor=request.user,
                case=case,
                recipient=_recipient(form),
                categories=form.cleaned_data["categories"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The restriction is recorded. It overrides any release."))
            return _consent_page(case.pk)
    return render(
        request,
        "consent/restriction_form.html",
        case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def restriction_remove(request, case_id, restriction_id):
    case = _case(request, case_id, record=True)
    restriction = selectors.restriction_of(case=case, restriction_id=restriction_id)
    try:
        services.restriction_remove(actor=request.user, restriction=restriction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The restriction is removed."))
    return _consent_page(case.pk)


@case_page()
def person_new(request, case_id):
    case = _case(request, case_id, record=True)
    form = PersonForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The person is recorded."))
            return _consent_page(case.pk)
    return render(
        request,
        "consent/person_form.html",
        case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )
