"""Reading referrals: what may go before sending, a case's referrals, the receiver's queue and
packet, and the deadlines missed per partner.

The sender's functions take a case the caller reached through ``referrals.access`` (so the
right to see it is settled). The receiver's read nothing of the case: a queue row is the
referral's own plaintext (target, urgency, state, dates), and the survivor appears only in the
frozen packet, whose every reading is audited.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from cases.choices import VoicemailRule
from cases.models import SafeContact
from consent.choices import DataCategory
from consent.egress import disclosure_decide
from consent.models import StopUsingNotice
from consent.packet import Packet, offered_categories, packet_build
from consent.policy import Decision
from consent.recipients import Recipient
from directory.models import Service
from directory.selectors import organizations_for, reach_prefetches
from organization.models import Program
from referrals import access
from referrals.choices import ReferralStatus
from referrals.models import Referral

# The egress route every decision to send a referral is asked and audited under.
SEND_ROUTE = "referrals:send"
QUEUE_PAGE_SIZE = 25
# The states in which the receiver no longer sees the packet: the survivor revoked the release
# it went under, or the sender took it back before it was accepted.
PACKET_HIDDEN = frozenset({ReferralStatus.STOPPED, ReferralStatus.WITHDRAWN})


@dataclass
class SendPreview:
    """What may go to the target now, as the send form shows it before anything is sent."""

    decision: Decision | None  # None for one of our programs: no release is needed
    categories: list[str] = field(default_factory=list)  # permitted, in the list's order
    denied: list[tuple[str, str, str]] = field(default_factory=list)  # (category, label, why)
    packet: Packet = field(default_factory=Packet)
    contact_rules: list[tuple[str, str]] = field(default_factory=list)
    do_not_contact: bool = False
    refusal: str = ""  # why nothing may go; empty when something may
    release_url: str = ""  # where to record a release, with a refusal for want of one

    @property
    def allowed(self) -> bool:
        return not self.refusal and bool(self.categories)


def _yes_no(value, yes: str, no: str) -> str:
    if value is None:
        return _("Not recorded: ask the referring advocate")
    return yes if value else no


def contact_rules_of(case, *, with_free_text: bool) -> tuple[list[tuple[str, str]], bool]:
    """How the receiver may reach the survivor, from the case's safe-contact block:
    ``([(label, value)], do_not_contact)``. The safe times and other instructions are the
    survivor's own words, sent only with their contact details (``with_free_text``); without
    those the receiver reaches the survivor through the referring advocate anyway."""
    contact = SafeContact.objects.filter(case=case).first()
    if contact is None:
        return [(_("How to reach the survivor"), _("Through the referring advocate only"))], False
    if contact.do_not_contact:
        return [
            (
                _("Do not contact"),
                _("Do not contact the survivor directly: go through the referring advocate."),
            )
        ], True
    rules = [
        (_("Calls"), _yes_no(contact.calls_ok, _("Calls are OK"), _("No calls"))),
        (_("Voicemail"), str(VoicemailRule(contact.voicemail).label)),
        (_("Text messages"), _yes_no(contact.texts_ok, _("Texts are OK"), _("No texts"))),
        (_("Email"), _yes_no(contact.email_ok, _("Email is OK"), _("No email"))),
    ]
    if with_free_text:
        if contact.safe_times:
            rules.append((_("Safe times to reach"), contact.safe_times))
        if contact.instructions:
            rules.append((_("Other instructions"), contact.instructions))
    return rules, False


def _release_url(case) -> str:
    try:
        return reverse("consent:release-new", kwargs={"case_id": case.pk})
    except NoReverseMatch:
        return ""


def _target_refusal(service, program) -> str:
    if (service is None) == (program is None):
        return _("Choose a partner's service or one of our programs.")
    if service is not None and not service.is_active:
        return _("This service is inactive: it takes no referrals.")
    if service is not None and service.referrals_paused_at is not None:
        return _("This service has paused new referrals. Choose another service or ask later.")
    return ""


def referral_options(*, actor, case, purpose, service=None, program=None) -> SendPreview:
    """What may go to ``service``'s organization (or ``program``) for ``purpose`` now.

    For a partner, the consent policy decides (asked through the egress registry, so the
    decision is audited under ``referrals:send``); with nothing permitted, ``refusal`` says why
    and ``release_url`` where to record a release. For one of our programs no release is
    needed: every disclosable category may be chosen (psychotherapy notes never are). The
    preview packet decrypts only the permitted categories.
    """
    refusal = _target_refusal(service, program)
    if refusal:
        return SendPreview(decision=None, refusal=refusal)
    if program is not None:
        decision = None
        permitted = offered_categories()
        denied = []
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            target=case,
            fields=["referrals.preview", f"program:{program.pk}", *permitted],
        )
    else:
        decision = disclosure_decide(
            actor=actor,
            case=case,
            recipient=Recipient.organization(service.organization_id),
            purpose=purpose,
            route=SEND_ROUTE,
            # Only what some app fills can go (a category nothing fills is not offered).
            categories=offered_categories(),
        )
        permitted = [name for name in DataCategory.values if name in decision.permitted]
        labels = dict(DataCategory.choices)
        denied = [
            (name, str(labels.get(name, name)), decision.why_not(name))
            for name in DataCategory.values
            if name in decision.denied
        ]
    rules, do_not_contact = contact_rules_of(case, with_free_text=DataCategory.CONTACT in permitted)
    preview = SendPreview(
        decision=decision,
        categories=permitted,
        denied=denied,
        packet=packet_build(case=case, categories=permitted),
        contact_rules=rules,
        do_not_contact=do_not_contact,
    )
    if not permitted:
        preview.refusal = decision.why_not() if decision is not None else ""
        preview.release_url = _release_url(case)
    return preview


_TARGETS = ("service", "organization", "program")


def case_referrals(case) -> list[Referral]:
    """The case's referrals, newest first, with their targets' names: one query."""
    return list(
        Referral.objects.filter(case=case).select_related(*_TARGETS).order_by("-created_at")
    )


def case_referral(*, case, referral_id) -> Referral:
    """One referral of a case reached through ``case_for``; another case's is 404."""
    from alongside.lookups import get_or_404

    referral = get_or_404(
        Referral.objects.filter(case=case).select_related(*_TARGETS, "packet"), referral_id
    )
    referral.case = case
    return referral


def sender_referral_viewed(*, actor, referral) -> None:
    """The team read a referral (its note, the receiver's details): a view of the case."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        target_type="cases.case",
        target_id=referral.case_id,
        fields=["referrals.referral", f"referral:{referral.pk}"],
    )


def steps_of(referral) -> QuerySet:
    """A referral's steps, oldest first, with who made each."""
    return referral.steps.select_related("actor").order_by("at")


def receiver_referrals(user, *, status: str | None = None) -> QuerySet[Referral]:
    """The referrals ``user`` receives, newest sent first; nothing of the case, not even the
    note (it may name the survivor: it is read with the packet)."""
    referrals = (
        access.referrals_received_by(user)
        .select_related(*_TARGETS)
        .defer("note", "answer_text")
        .order_by("-sent_at", "-created_at")
    )
    if status:
        referrals = referrals.filter(status=status)
    return referrals


def receiver_queue(user, *, status: str | None = None, page: int = 1) -> Page:
    """A page of the receiver's queue (two queries: the count and the rows)."""
    paginator = Paginator(receiver_referrals(user, status=status), QUEUE_PAGE_SIZE)
    return paginator.get_page(page)


@dataclass
class PacketView:
    """The frozen packet, decrypted, as the receiver sees it."""

    sections: list[tuple[str, str, list[tuple[str, str]]]]
    contact_rules: list[tuple[str, str]]
    note: str
    frozen_at: datetime.datetime
    stop_notice: str = ""


def stop_notice(referral) -> str:
    """What the receiver reads instead of a packet it may no longer see."""
    if referral.status == ReferralStatus.WITHDRAWN:
        return _(
            "The referring organization withdrew this referral. Do not contact the survivor "
            "about it, and do not keep or use anything you received with it."
        )
    if referral.status != ReferralStatus.STOPPED:
        return ""
    notice = (
        StopUsingNotice.objects.filter(
            case_id=referral.case_id,
            recipient_organization_id=referral.organization_id,
            release__disclosures=referral.disclosure_id,
        )
        .select_related("release__revocation")
        .order_by("created_at")
        .first()
        if referral.disclosure_id
        else None
    )
    when = referral.ended_at
    if notice is not None and notice.release.revocation_or_none() is not None:
        when = notice.release.revocation.revoked_at
    return _(
        "Stop using this information. On %(date)s the survivor withdrew the consent this "
        "referral was sent under. Do not use, share or keep anything you received with it, and "
        "do not contact the survivor about it."
    ) % {"date": date_format(timezone.localtime(when)) if when else _("a recent day")}


def receiver_packet(user, referral) -> PacketView | None:
    """The frozen packet for the receiving side, decrypted and audited as a view of the case's
    data (the categories it carries, never their values); None when the receiver may no
    longer see it (stopped or withdrawn: show ``stop_notice(referral)`` instead).

    ``referral`` came from ``access.referral_for_receiver``.
    """
    if referral.status in PACKET_HIDDEN:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target_type="referrals.referral",
            target_id=referral.pk,
            fields=["referrals.stop_notice"],
        )
        return None
    from referrals.models import ReferralPacket

    packet = ReferralPacket.objects.filter(referral=referral).first()
    if packet is None:
        return None
    sections = [
        (category, label, [tuple(pair) for pair in fields])
        for category, label, fields in packet.sections
    ]
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target_type="cases.case",
        target_id=referral.case_id,
        fields=[
            "referrals.packet",
            f"referral:{referral.pk}",
            *[category for category, _label, _fields in sections],
        ],
    )
    return PacketView(
        sections=sections,
        contact_rules=[tuple(pair) for pair in packet.contact_rules],
        note=referral.note or "",
        frozen_at=packet.frozen_at,
    )


@dataclass
class DeadlineRow:
    organization_id: object
    organization_name: str
    sent: int
    acknowledge_missed: int
    act_missed: int


def deadline_report_scope(user) -> QuerySet[Referral]:
    """The referrals whose deadlines ``user`` may report on: all for an administrator, those of
    the cases of the programs a supervisor supervises, none for anyone else."""
    from accounts.roles import Role

    if not access.may_see_deadline_report(user):
        return Referral.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Referral.objects.all()
    return Referral.objects.filter(case__program__supervisors=user)


def deadlines_missed(
    *,
    since: datetime.datetime,
    until: datetime.datetime,
    organization=None,
    actor=None,
    now: datetime.datetime | None = None,
) -> list[DeadlineRow]:
    """Per partner organization, the referrals sent in ``[since, until)`` and how many of them
    missed each deadline: acknowledged after ``acknowledge_by`` (or not at all, by ``now``, unless
    ended first), accepted or declined after ``act_by``. One query. ``actor`` limits it to what
    they may report on (``deadline_report_scope``)."""
    now = now or timezone.now()
    referrals = deadline_report_scope(actor) if actor is not None else Referral.objects.all()
    referrals = referrals.filter(organization__isnull=False, sent_at__gte=since, sent_at__lt=until)
    if organization is not None:
        referrals = referrals.filter(organization=organization)
    moment = Value(now, output_field=DateTimeField())
    acknowledged = Coalesce(F("received_at"), F("answered_at"), F("ended_at"), moment)
    acted = Coalesce(F("answered_at"), F("ended_at"), moment)
    rows = (
        referrals.values("organization_id", "organization__name")
        .annotate(
            sent=Count("id"),
            acknowledge_missed=Count("id", filter=Q(acknowledge_by__lt=acknowledged)),
            act_missed=Count("id", filter=Q(act_by__lt=acted)),
        )
        .order_by("organization__name")
    )
    return [
        DeadlineRow(
            organization_id=row["organization_id"],
            organization_name=row["organization__name"],
            sent=row["sent"],
            acknowledge_missed=row["acknowledge_missed"],
            act_missed=row["act_missed"],
        )
        for row in rows
    ]


# The pages' readers (ref-pages) ------------------------------------------------------------


def received_referrals_of(*, case) -> list:
    """The referrals other agencies made to us for this survivor, newest first: one query."""
    from referrals.models import ReceivedReferral

    return list(
        ReceivedReferral.objects.filter(case=case)
        .select_related("organization")
        .order_by("-received_on", "-recorded_at")
    )


def referral_targets(*, actor) -> tuple[QuerySet[Service], QuerySet[Program]]:
    """What a referral may name: every service of the directory ``actor`` reads — paused and
    inactive ones too, so that choosing one gets the service's own refusal, by name — and our
    own programs."""
    services = (
        Service.objects.filter(organization__in=organizations_for(actor=actor))
        .select_related("organization")
        .prefetch_related(*reach_prefetches())
    )
    return services, Program.objects.order_by("name")
