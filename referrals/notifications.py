"""Emails about referrals: each says only that something is waiting, with a link.

No survivor data is ever in one — no name, no category, no note, no case number: an email
leaves the organization and sits in inboxes nobody here controls. The receiver reads the
referral in the portal, signed in with two factors, where reading it is audited. Mail goes out
after the transaction commits, so a refused step sends nothing.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from directory.models import PartnerUser

# The pages' paths, as the contract with the pages fixes them, for when the page URLs are not
# mounted (the API alone): the link must still say where to go.
_PATHS = {
    "referrals:packet": "/portal/referrals/{referral_id}/",
    "referrals:sender-detail": "/cases/{case_id}/referrals/{referral_id}/",
}


def _link(name: str, **kwargs) -> str:
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        path = _PATHS[name].format(**kwargs)
    return f"{settings.ALONGSIDE_PUBLIC_URL}{path}"


def receivers_of(referral) -> list[str]:
    """The addresses of everyone on the receiving side: the agency's active partner users, or
    the receiving program's supervisors."""
    if referral.program_id is not None:
        users = User.objects.filter(
            supervised_programs=referral.program_id, is_active=True, groups__name=Role.SUPERVISOR
        )
    else:
        users = User.objects.filter(
            pk__in=PartnerUser.objects.filter(organization_id=referral.organization_id).values(
                "user_id"
            ),
            is_active=True,
            groups__name=Role.PARTNER,
        )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def referral_waiting_notify(referral) -> None:
    """A new referral is waiting for the receiving side."""
    _send(
        _("A referral is waiting for you in Alongside"),
        _(
            "A new referral is waiting for you. Sign in to read it and answer:\n\n%(link)s\n\n"
            "For the survivor's safety this email says nothing more."
        )
        % {"link": _link("referrals:packet", referral_id=referral.pk)},
        receivers_of(referral),
    )


def referral_moved_notify(referral, *, to_receivers: bool) -> None:
    """A referral took a step: the other side is told that it moved, and where to look."""
    if to_receivers:
        recipients = receivers_of(referral)
        link = _link("referrals:packet", referral_id=referral.pk)
    else:
        sender = referral.created_by
        recipients = [sender.email] if sender.is_active and sender.email else []
        link = _link("referrals:sender-detail", case_id=referral.case_id, referral_id=referral.pk)
    _send(
        _("A referral has an update in Alongside"),
        _(
            "A referral you are following has an update. Sign in to see it:\n\n%(link)s\n\n"
            "For the survivor's safety this email says nothing more."
        )
        % {"link": link},
        recipients,
    )


def deadline_notify(referral, *, recipients: list[str], escalated: bool) -> None:
    """A referral's deadline passed: the sender (or, past the second, a supervisor) is told."""
    link = _link("referrals:sender-detail", case_id=referral.case_id, referral_id=referral.pk)
    subject = (
        _("A referral has not been accepted or declined in time")
        if escalated
        else _("A referral has not been acknowledged in time")
    )
    _send(
        subject,
        _("A referral has not been answered by its deadline. Sign in to follow up:\n\n%(link)s\n")
        % {"link": link},
        recipients,
    )
