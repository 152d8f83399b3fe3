from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordChangeView, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login

from accounts import change_requests, selectors, services
from accounts.access import role_required
from accounts.forms import ApiTokenForm, UserFilterForm, UserForm
from accounts.models import AccountChangeRequest, ChangeApproval, TOTPDevice, User
from accounts.roles import USER_ADMIN_ROLES
from accounts.signin import EnrolForm, SecondFactorForm, SignInForm

SESSION_EXPIRY_MESSAGES = {
    "idle": _("You were signed out after a while without activity. Sign in again to continue."),
    "limit": _("Your session reached its time limit. Sign in again to continue."),
}
NEXT_FIELD = "alongside_next"


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@login_required
@require_GET
def home(request):
    return render(request, "accounts/home.html", {"role": request.user.role or "none"})


def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("home")
    reason = request.GET.get("reason", "")
    notice = SESSION_EXPIRY_MESSAGES.get(reason) or (
        SESSION_EXPIRY_MESSAGES["idle"] if getattr(request, "session_expired", False) else ""
    )
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        next_url = _safe_next(request, request.POST.get("next"))
        login(request, form.get_user())
        request.session[NEXT_FIELD] = next_url
        has_device = selectors.has_authenticator(form.get_user())
        return redirect("accounts:verify" if has_device else "accounts:enrol")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "notice": notice, "next": request.GET.get("next", "")},
        status=400 if request.method == "POST" else 200,
    )


def _finish_second_factor(request, device: TOTPDevice):
    otp_login(request, device)
    request.session.cycle_key()
    return redirect(request.session.pop(NEXT_FIELD, None) or reverse("home"))


@login_required
def verify(request):
    if request.user.is_verified():
        return redirect("home")
    device = selectors.authenticator_of(request.user)
    if device is None:
        return redirect("accounts:enrol")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if token.isdigit():
            outcome = device.check_token(token)
            if outcome == "ok":
                return _finish_second_factor(request, device)
            services.second_factor_failure_record(actor=request.user, outcome=outcome)
            form.add_error("token", services.second_factor_message(outcome))
        elif (outcome := services.backup_code_use(actor=request.user, code=token)) == "ok":
            messages.warning(
                request,
                _("You used a backup code. Codes left: %(count)d.")
                % {"count": request.user.backup_codes.filter(used_at__isnull=True).count()},
            )
            return _finish_second_factor(request, device)
        elif outcome == "throttled":
            services.second_factor_failure_record(actor=request.user, outcome="throttled")
            form.add_error("token", services.second_factor_message(outcome))
        else:
            services.second_factor_failure_record(actor=request.user, outcome="backup code")
            form.add_error("token", _("That backup code is not right, or it was used already."))
    return render(
        request,
        "accounts/verify.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def enrol(request):
    if selectors.has_authenticator(request.user):
        return redirect("home" if request.user.is_verified() else "accounts:verify")
    device = selectors.authenticator_of(request.user, confirmed=False)
    if device is None:
        device = services.totp_device_start(actor=request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                actor=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error.message_dict["token"])
        else:
            otp_login(request, selectors.authenticator_of(request.user))
            request.session.cycle_key()
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": request.session.pop(NEXT_FIELD, None) or reverse("home")},
            )
    import segno

    uri = device.provisioning_uri(settings.OTP_TOTP_ISSUER)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, title=_("QR code for your app"))
    secret = uri.split("secret=")[1].split("&")[0]
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:sign-in")


@login_required
@require_POST
def sign_out_everywhere(request):
    services.user_sign_out_everywhere(actor=request.user, user=request.user)
    logout(request)
    messages.info(request, _("You are signed out on every device."))
    return redirect("accounts:sign-in")


@login_required
def security(request):
    codes = None
    if request.method == "POST":
        codes = services.backup_codes_regenerate(actor=request.user)
    remaining = request.user.backup_codes.filter(used_at__isnull=True).count()
    return render(request, "accounts/security.html", {"codes": codes, "remaining": remaining})


class PasswordChange(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(actor=self.request.user, user=self.request.user)
        messages.success(self.request, _("Your password is changed. Your API tokens were revoked."))
        return response


class SetPassword(PasswordResetConfirmView):
    """The link a new or reset user follows to choose their password."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:sign-in")
    token_generator = default_token_generator
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(actor=form.user, user=form.user)
        messages.success(self.request, _("Your password is set. Sign in with it now."))
        return response


@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("name", error.message_dict["name"])
        else:
            form = ApiTokenForm()
    tokens = selectors.api_tokens_for(actor=request.user)
    status = 400 if request.method == "POST" and created is None else 200
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "created": created},
        status=status,
    )


@login_required
@require_POST
def token_revoke(request, token_id):
    token = get_object_or_404(selectors.api_tokens_for(actor=request.user), pk=token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:token-list")


# Administration of users -------------------------------------------------------------------


@role_required(*USER_ADMIN_ROLES)
@require_GET
def user_list(request):
    filters = UserFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    users = selectors.user_list(actor=request.user, **{k: v for k, v in criteria.items() if v})
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"filters": filters, "page": page})


def _user_for_admin(request, user_id) -> User:
    return get_object_or_404(selectors.user_list(actor=request.user), pk=user_id)


def _pending_message(request, pending) -> None:
    for change_request in pending:
        messages.info(request, _pending_text(change_request))


def _pending_text(change_request) -> str:
    label = change_requests.change_kind(change_request.kind).label
    if change_request.approval == ChangeApproval.HOLDER:
        return _("%(change)s waits for the account holder to confirm it from their email.") % {
            "change": label
        }
    if change_request.approval == ChangeApproval.DELAY:
        return _(
            "%(change)s applies after a delay; the account holder and supervisors were told."
        ) % {"change": label}
    return _("%(change)s waits for a second administrator to approve it.") % {"change": label}


@role_required(*USER_ADMIN_ROLES)
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, pending = services.user_create(
                actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            services.user_send_password_link(actor=request.user, user=user, request=request)
            messages.success(
                request,
                _("%(name)s can now set a password from the email we sent.")
                % {"name": user.full_name},
            )
            _pending_message(request, [pending] if pending else [])
            return redirect("accounts:user-edit", user_id=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "subject": None},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*USER_ADMIN_ROLES)
def user_edit(request, user_id):
    subject = _user_for_admin(request, user_id)
    initial = {"email": subject.email, "full_name": subject.full_name, "role": subject.role}
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pending = services.user_update(
                actor=request.user, user=subject, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Changes saved."))
            _pending_message(request, pending)
            return redirect("accounts:user-edit", user_id=subject.pk)
    pending = [
        change_request
        for change_request in selectors.change_requests_open(actor=request.user)
        if change_request.subject_id == subject.pk
    ]
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "subject": subject, "pending": pending},
        status=400 if request.method == "POST" else 200,
    )


def _user_action(service, success_message):
    @role_required(*USER_ADMIN_ROLES)
    @require_POST
    def view(request, user_id):
        subject = _user_for_admin(request, user_id)
        try:
            service(actor=request.user, user=subject)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success_message() % {"name": subject.full_name})
        return redirect("accounts:user-edit", user_id=subject.pk)

    return view


user_deactivate = _user_action(
    services.user_deactivate, lambda: _("%(name)s is deactivated and signed out.")
)
user_reactivate = _user_action(services.user_reactivate, lambda: _("%(name)s is active again."))


@role_required(*USER_ADMIN_ROLES)
@require_POST
def user_reset_second_factor(request, user_id):
    subject = _user_for_admin(request, user_id)
    try:
        pending = services.user_reset_second_factor(
            actor=request.user, user=subject, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if pending is not None:
            _pending_message(request, [pending])
        else:
            messages.success(
                request,
                _("%(name)s will set up a new authenticator at their next sign-in.")
                % {"name": subject.full_name},
            )
    return redirect("accounts:user-edit", user_id=subject.pk)


@role_required(*USER_ADMIN_ROLES)
@require_POST
def user_password_link(request, user_id):
    subject = _user_for_admin(request, user_id)
    try:
        pending = services.user_send_password_link(
            actor=request.user, user=subject, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if pending is not None:
            _pending_message(request, [pending])
        else:
            messages.success(
                request,
                _("We emailed %(name)s a link to set a new password.")
                % {"name": subject.full_name},
            )
    return redirect("accounts:user-edit", user_id=subject.pk)


# Changes waiting for a second person ---------------------------------------------------------


@role_required(*USER_ADMIN_ROLES)
@require_GET
def change_request_list(request):
    pending = list(selectors.change_requests_open(actor=request.user))
    decided = list(selectors.change_requests_decided(actor=request.user))
    for item in (*pending, *decided):
        item.summary = change_requests.change_summary(item)
    return render(
        request, "accounts/change_request_list.html", {"pending": pending, "decided": decided}
    )


def _change_request_decision(decide, success_message):
    @role_required(*USER_ADMIN_ROLES)
    @require_POST
    def view(request, request_id):
        change_request = get_object_or_404(
            AccountChangeRequest.objects.select_related("subject"), pk=request_id
        )
        try:
            decide(actor=request.user, change_request=change_request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:change-request-list")
        messages.success(request, success_message())
        return redirect("accounts:change-request-list")

    return view


change_request_approve = _change_request_decision(
    change_requests.change_request_approve, lambda: _("The change is approved and applied.")
)
change_request_decline = _change_request_decision(
    change_requests.change_request_decline, lambda: _("The change is declined; nothing changed.")
)


def change_confirm(request):
    """The account holder's page, reached from the link mailed to their current address.

    Signed in or not: the signed link is the proof. The token travels in the query string,
    which the access log leaves out. A GET only shows the change (mail scanners follow links);
    the holder's button decides.
    """
    token = request.GET.get("token", "")
    try:
        change_request = change_requests.change_request_from_token(token)
    except ValidationError as error:
        return render(
            request, "accounts/change_confirm.html", {"error": error.messages[0]}, status=400
        )
    error = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "confirm":
                change_requests.change_request_confirm_by_holder(change_request=change_request)
                done = _("Thank you. The change is confirmed and applied.")
            elif decision == "decline":
                change_requests.change_request_decline(
                    actor=change_request.subject, change_request=change_request, by_holder=True
                )
                done = _("The change is declined; nothing changed. Tell your organization.")
            else:
                raise ValidationError(_("Choose whether to confirm or decline the change."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return render(request, "accounts/change_confirm.html", {"done": done})
    return render(
        request,
        "accounts/change_confirm.html",
        {
            "change_request": change_request,
            "label": change_requests.change_summary(change_request),
            "can_confirm": change_request.approval == ChangeApproval.HOLDER,
            "token": token,
            "error": error,
        },
        status=400 if error else 200,
    )
