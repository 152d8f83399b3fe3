"""The sender's pages, on a case: its referrals, sending one (choose where → see what would go →
send), one referral's history with Withdraw, and recording a referral another agency made to us.

Thin views: the case comes through ``cases.selectors.case_read`` (404 outsiders, 403 insiders
without the right to write), a referral through ``referrals.access``; reading is
``referrals.selectors``' and writing ``referrals.services``', whose messages land on the forms.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.concurrency import EditConflict
from alongside.htmx import is_htmx, is_page_read, vary_on_htmx
from alongside.service_errors import form_add_service_errors
from cases import selectors as case_selectors
from cases.access import CaseAction
from cases.frame import case_context, case_page
from consent import selectors as consent_selectors
from consent.choices import IN_FORCE, DataCategory
from referrals import access, selectors, services
from referrals.choices import ReferralStatus, Side
from referrals.forms import (
    STEP_LABELS,
    ReceivedReferralForm,
    SendForm,
    StepForm,
    TargetForm,
    target_value,
)
from referrals.transitions import allowed_steps

STALE = gettext_lazy(
    "Someone else moved this referral on while you were reading it. Nothing was changed: "
    "here it is as it stands now."
)


def _case(request, case_id, *, write: bool = False):
    return case_selectors.case_read(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.EDIT if write else CaseAction.VIEW,
        audited=is_page_read(request),
        related=case_selectors.CASE_PAGE_RELATED,
    )


def _back_to_list(case):
    return redirect("referrals:case-referrals", case_id=case.pk)


@case_page(methods=("GET",))
def case_referrals(request, case_id):
    """The case's referrals, newest first, each with its state and next deadline: the block
    the case page loads after itself (htmx), or, without JavaScript, a page of its own."""
    case = _case(request, case_id)
    context = case_context(
        request,
        case,
        referrals=selectors.case_referrals(case=case),
        received=selectors.received_referrals_of(case=case),
        may_refer=access.may_refer(request.user, case),
        now=timezone.now(),
    )
    template = "referrals/_case_referrals.html" if is_htmx(request) else "referrals/case_list.html"
    return vary_on_htmx(render(request, template, context))


def _released_to(case) -> set:
    """The organizations a release in force names (any purpose): marked in the list, so the
    advocate sees at once where something may go. The preview says exactly what."""
    return {
        row.release.recipient_organization_id
        for row in consent_selectors.consent_grid(case=case)
        if row.status in IN_FORCE and row.release.recipient_organization_id
    }


def _targets(form: TargetForm, case) -> dict:
    """What to choose from: the active services by organization, those with a release in force
    first (a paused service shown as such; an inactive one not at all), then our programs."""
    chosen = form.data.get("to", "") if form.is_bound else ""
    released = _released_to(case)
    organizations: dict = {}
    for service in sorted(
        form.services.values(),
        key=lambda s: (
            s.organization_id not in released,
            s.organization.name.lower(),
            s.name.lower(),
        ),
    ):
        if service.is_active:
            value = target_value(service=service)
            organizations.setdefault(service.organization, []).append(
                {"service": service, "value": value, "checked": value == chosen}
            )
    programs = []
    for program in form.programs.values():
        value = target_value(program=program)
        programs.append({"program": program, "value": value, "checked": value == chosen})
    return {
        "organizations": [
            (organization, organization.pk in released, services)
            for organization, services in organizations.items()
        ],
        "programs": programs,
    }


def _withheld(preview) -> list[tuple[str, list[str]]]:
    """What will not go, one line per reason with the categories it holds back, in order; a
    reason that is already the refusal is not said twice."""
    reasons: dict[str, list[str]] = {}
    for _category, label, why in preview.denied:
        if str(why) != str(preview.refusal):
            reasons.setdefault(str(why), []).append(label)
    return list(reasons.items())


@case_page()
def send(request, case_id):
    """Send a referral. Without a target: the partner directory and our programs to choose
    from. With one (GET ``?to=&purpose=``): what would go, category by category, what would
    not and why, and how the receiver may reach the survivor, beside the send form. POST sends
    exactly what the preview permitted and the person ticked."""
    case = _case(request, case_id, write=True)
    if request.method == "POST":
        target_form = TargetForm(request.POST, actor=request.user)
    else:
        target_form = TargetForm(request.GET or None, actor=request.user)
    context = case_context(request, case, target_form=target_form, **_targets(target_form, case))
    if not target_form.is_bound or not target_form.is_valid():
        status = 400 if target_form.is_bound else 200
        return render(request, "referrals/send.html", context, status=status)
    target = target_form.target()
    purpose = target_form.cleaned_data["purpose"]
    context.update(target, purpose=purpose)
    try:
        preview = selectors.referral_options(
            actor=request.user, case=case, purpose=purpose, **target
        )
    except ValidationError as error:
        # A service that takes no referrals (inactive, paused): said on the page, by name.
        form_add_service_errors(target_form, error)
        return render(request, "referrals/send.html", context, status=400)
    internal = target["program"] is not None
    context["withheld"] = _withheld(preview)
    send_form = SendForm(
        request.POST if request.method == "POST" else None,
        permitted=preview.categories,
        internal=internal,
        initial={"to": target_value(**target), "purpose": purpose},
    )
    chosen = request.POST.getlist("categories") if request.method == "POST" else preview.categories
    context.update(
        preview=preview,
        send_form=send_form,
        internal=internal,
        chosen=chosen,
    )
    if request.method == "POST":
        if preview.refusal:
            send_form.add_error(None, preview.refusal)
        elif send_form.is_valid():
            try:
                referral = services.referral_make(
                    actor=request.user,
                    case=case,
                    purpose=purpose,
                    urgency=send_form.cleaned_data["urgency"],
                    note=send_form.cleaned_data["note"],
                    categories=send_form.cleaned_data["categories"],
                    **target,
                )
            except ValidationError as error:
                form_add_service_errors(send_form, error)
            else:
                messages.success(request, _("The referral is sent. You will see each answer here."))
                return redirect("referrals:sender-detail", case_id=case.pk, referral_id=referral.pk)
        return render(request, "referrals/send.html", context, status=400)
    return render(request, "referrals/send.html", context)


def _sender_page(request, case, referral, *, form=None, status=200):
    side_steps = allowed_steps(referral.status, Side.SENDER)
    context = case_context(
        request,
        case,
        referral=referral,
        steps=list(selectors.steps_of(referral)),
        categories_sent=[DataCategory(name).label for name in referral.categories],
        may_withdraw=ReferralStatus.WITHDRAWN in side_steps
        and access.side_of(request.user, referral) == Side.SENDER,
        withdraw_label=STEP_LABELS[ReferralStatus.WITHDRAWN],
        form=form,
        now=timezone.now(),
    )
    return render(request, "referrals/sender_detail.html", context, status=status)


@case_page(methods=("GET",))
def sender_detail(request, case_id, referral_id):
    """One referral as its sender sees it: where it went, what went (the category names), every
    step with who and when, the answer, and the deadlines."""
    case = _case(request, case_id)
    referral = access.referral_for_sender(request.user, referral_id, case_id=case.pk)
    # The page shows the note and the receiver's details: named in the trail, as in the API.
    selectors.sender_referral_viewed(actor=request.user, referral=referral)
    return _sender_page(request, case, referral)


@case_page(methods=("POST",))
def sender_step(request, case_id, referral_id):
    """The sender's one step: withdraw the referral (until the receiver accepts it)."""
    case = _case(request, case_id, write=True)
    referral = access.referral_for_sender(request.user, referral_id, write=True, case_id=case.pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.referral_step(
                actor=request.user,
                referral=referral,
                to_status=form.cleaned_data["to_status"],
                version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )
        except EditConflict as conflict:
            form.add_error(None, STALE)
            return _sender_page(request, case, conflict.current, form=form, status=409)
        except PermissionDenied as refusal:
            # The other side's step (or Alongside's): said on the page, nothing written.
            form.add_error(None, str(refusal) or _("This step is not yours to take."))
            return _sender_page(request, case, referral, form=form, status=403)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The referral is withdrawn. The receiver is told."))
            return redirect("referrals:sender-detail", case_id=case.pk, referral_id=referral.pk)
    return _sender_page(request, case, referral, form=form, status=400)


@case_page()
def received_new(request, case_id):
    """Record that another agency referred this survivor to us (for the loop and reports)."""
    case = _case(request, case_id, write=True)
    form = ReceivedReferralForm(
        request.POST if request.method == "POST" else None, actor=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.received_referral_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The referral from another agency is recorded."))
            return _back_to_list(case)
    return render(
        request,
        "referrals/received_form.html",
        case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )
