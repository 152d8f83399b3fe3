"""Sign-in, failed sign-in and sign-out become audit events."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AuditAction
from audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.SIGN_IN, target=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditAction.SIGN_OUT, target=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The attempted account is recorded when it exists; the typed password never is.
    email = str(credentials.get("username", "")).strip().lower()
    user = get_user_model().objects.filter(email=email).first() if email else None
    audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED, target=user)
