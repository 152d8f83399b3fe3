"""The only writers of referrals. Keyword-only, ``actor=`` first, atomic, audited in the same
transaction, every move a ``ReferralStep`` (the loop, and the case timeline).

Bad input raises ``ValidationError`` with a specific message before anything is written (a
referral to an inactive or paused service, sending with nothing the survivor consented to,
a move the state table does not have, a decline without a reason); a move the table gives to
the other side raises ``PermissionDenied``. The caller reached the referral through
``referrals.access``; the side of each move is decided here, from the same module.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.concurrency import version_check
from alongside.limits import not_in_future, text_checked
from audit.models import AuditAction
from audit.services import audit_record
from consent.choices import PSYCHOTHERAPY_NOTES, DataCategory, Purpose
from consent.egress import disclosure_decide, disclosure_record
from consent.packet import category_offered, packet_build
from consent.recipients import Recipient
from consent.services import category_not_kept_message
from directory.models import Organization
from referrals import access, notifications
from referrals.choices import (
    FINAL,
    OPEN,
    DeclineReason,
    Outcome,
    ReferralReminderKind,
    ReferralStatus,
    Side,
    Urgency,
)
from referrals.deadlines import deadlines_for
from referrals.models import ReceivedReferral, Referral, ReferralPacket, ReferralStep
from referrals.selectors import SEND_ROUTE, contact_rules_of
from referrals.transitions import NEEDS_DECLINE_REASON, NEEDS_OUTCOME, TRANSITIONS
from reminders.services import reminders_done_for

logger = logging.getLogger("referrals")

S = ReferralStatus


def _step(referral: Referral, *, from_status: str, side: str, actor, code: str = "") -> None:
    ReferralStep.objects.create(
        referral=referral,
        case_id=referral.case_id,
        from_status=from_status,
        to_status=referral.status,
        side=side,
        actor=actor,
        at=timezone.now(),
        code=code,
    )


def _audit(actor, referral: Referral, fields, action=AuditAction.UPDATE) -> None:
    audit_record(actor=actor, action=action, target=referral, fields=fields)


def _target_checked(service, program) -> None:
    if (service is None) == (program is None):
        raise ValidationError(
            {"service": _("Choose a partner's service or one of our programs, not both.")}
        )
    if service is not None:
        if not service.is_active:
            raise ValidationError(
                {"service": _("This service is inactive: it takes no referrals.")}
            )
        if service.referrals_paused_at is not None:
            raise ValidationError(
                {
                    "service": _(
                        "This service has paused new referrals. Choose another service or ask "
                        "later."
                    )
                }
            )


@transaction.atomic
def referral_draft(
    *, actor, case, purpose, urgency, service=None, program=None, note: str = ""
) -> Referral:
    """A referral not sent yet: its target, purpose, urgency and note for the receiver."""
    if not access.may_refer(actor, case):
        raise PermissionDenied(_("Only the survivor's team may refer them."))
    _target_checked(service, program)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose how urgent the referral is.")})
    referral = Referral.objects.create(
        case=case,
        service=service,
        organization_id=service.organization_id if service is not None else None,
        program=program,
        purpose=purpose,
        urgency=urgency,
        note=text_checked(note, "note"),
        created_by=actor,
    )
    _step(referral, from_status="", side=Side.SENDER, actor=actor)
    _audit(actor, referral, ["target", "purpose", "urgency", "note"], AuditAction.CREATE)
    return referral


def _categories_checked(categories) -> list[str]:
    if isinstance(categories, str) or not hasattr(categories, "__iter__"):
        raise ValidationError({"categories": _("Choose the information to send.")})
    chosen = list(dict.fromkeys(categories))
    if PSYCHOTHERAPY_NOTES in chosen:
        raise ValidationError(
            {"categories": _("Psychotherapy notes are kept apart and never go with a referral.")}
        )
    unknown = [name for name in chosen if name not in DataCategory.values]
    if unknown:
        raise ValidationError(
            {
                "categories": _("“%(value)s” is not a category of information.")
                % {"value": unknown[0]}
            }
        )
    not_kept = [name for name in chosen if not category_offered(name)]
    if not_kept:
        raise ValidationError({"categories": category_not_kept_message(not_kept[0])})
    if not chosen:
        raise ValidationError(
            {"categories": _("Choose at least one category of information to send.")}
        )
    return [name for name in DataCategory.values if name in chosen]


def _no_release_message(decision) -> str:
    return _(
        "Nothing may be sent to this organization: %(why)s Record a release of information "
        "the survivor gives for this organization and purpose first."
    ) % {"why": decision.why_not()}


@transaction.atomic
def referral_send(*, actor, referral: Referral, categories, version: int, route=SEND_ROUTE):
    """Send a draft: the policy is asked again now; the packet (the chosen categories, each
    permitted now) is frozen and encrypted; the disclosure is recorded (partners only); the
    deadlines are set from the receiving organization's terms; the receivers are told (an
    email that says only that a referral is waiting)."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "service", "organization", "program")
        .get(pk=referral.pk)
    )
    version_check(referral, version)
    case = referral.case
    if not access.may_refer(actor, case):
        raise PermissionDenied(_("Only the survivor's team may send this referral."))
    if referral.status != S.DRAFT:
        raise ValidationError(
            _("This referral was already sent (it is %(status)s).")
            % {"status": S(referral.status).label.lower()}
        )
    _target_checked(referral.service, referral.program)
    chosen = _categories_checked(categories)
    disclosure = None
    if referral.program_id is None:
        decision = disclosure_decide(
            actor=actor,
            case=case,
            recipient=Recipient.organization(referral.organization_id),
            purpose=referral.purpose,
            route=route,
        )
        if not decision.allowed:
            raise ValidationError({"categories": _no_release_message(decision)})
        refused = [name for name in chosen if name not in decision.permitted]
        if refused:
            labels = dict(DataCategory.choices)
            raise ValidationError(
                {
                    "categories": _("The survivor's consent does not cover: %(names)s.")
                    % {"names": ", ".join(str(labels[name]) for name in refused)}
                }
            )
        disclosure = disclosure_record(
            actor=actor, case=case, decision=decision, categories=chosen, route=route
        )
    packet = packet_build(case=case, categories=chosen)
    rules, _do_not_contact = contact_rules_of(case, with_free_text=DataCategory.CONTACT in chosen)
    now = timezone.now()
    ReferralPacket.objects.create(
        referral=referral,
        case=case,
        sections=[
            [section.category, section.label, [[str(k), str(v)] for k, v in section.fields]]
            for section in packet.sections
        ],
        contact_rules=[[str(label), str(value)] for label, value in rules],
        frozen_at=now,
    )
    referral.status = S.SENT
    referral.sent_at = now
    referral.categories = chosen
    referral.disclosure = disclosure
    referral.acknowledge_by, referral.act_by = deadlines_for(
        sent_at=now, organization=referral.organization
    )
    referral.version += 1
    referral.save()
    _step(referral, from_status=S.DRAFT, side=Side.SENDER, actor=actor)
    _audit(actor, referral, ["status", "categories", "packet", "acknowledge_by", "act_by"])
    notifications.referral_waiting_notify(referral)
    return referral


def referral_make(
    *,
    actor,
    case,
    purpose,
    urgency,
    categories,
    service=None,
    program=None,
    note: str = "",
    route=SEND_ROUTE,
) -> Referral:
    """Draft and send in one step (what the send form and the API call): nothing is written
    unless the referral can be sent."""
    with transaction.atomic():
        referral = referral_draft(
            actor=actor,
            case=case,
            service=service,
            program=program,
            purpose=purpose,
            urgency=urgency,
            note=note,
        )
        referral = referral_send(
            actor=actor,
            referral=referral,
            categories=categories,
            version=referral.version,
            route=route,
        )
    referral.case = case
    return referral


def _code_checked(to_status: str, reason: str, outcome: str, text: str) -> tuple[str, str]:
    """The decline reason or outcome a move needs, and the details: ``(code, text)``."""
    text = text_checked(text, "text")
    if to_status in NEEDS_DECLINE_REASON:
        if outcome:
            raise ValidationError({"outcome": _("An outcome is recorded when a service ends.")})
        if not reason:
            raise ValidationError({"reason": _("Say why the referral is declined.")})
        if reason not in DeclineReason.values:
            raise ValidationError({"reason": _("Choose a reason from the list.")})
        if reason == DeclineReason.OTHER and not text:
            raise ValidationError({"text": _("Describe the other reason.")})
        return reason, text
    if to_status in NEEDS_OUTCOME:
        if reason:
            raise ValidationError({"reason": _("A reason is given only when declining.")})
        if not outcome:
            raise ValidationError({"outcome": _("Record how the service ended.")})
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Choose an outcome from the list.")})
        if outcome == Outcome.OTHER and not text:
            raise ValidationError({"text": _("Describe the other outcome.")})
        return outcome, text
    if reason:
        raise ValidationError({"reason": _("A reason is given only when declining.")})
    if outcome:
        raise ValidationError({"outcome": _("An outcome is recorded when a service ends.")})
    return "", text


def _moved(referral: Referral, to_status: str, now, code: str, text: str) -> None:
    if to_status in (S.RECEIVED, S.ACCEPTED, S.DECLINED) and referral.received_at is None:
        referral.received_at = now
    if to_status in (S.ACCEPTED, S.DECLINED):
        referral.answered_at = now
    if to_status == S.ACCEPTED:
        referral.accepted_at = now
    if to_status in FINAL:
        referral.ended_at = now
    if to_status == S.DECLINED:
        referral.decline_reason = code
    if to_status in NEEDS_OUTCOME:
        referral.outcome = code
    if text:
        referral.answer_text = text
    referral.status = to_status


def _reminders_close(referral: Referral, to_status: str) -> None:
    if to_status in FINAL or to_status in (S.ACCEPTED, S.DECLINED):
        reminders_done_for(
            source=referral,
            kinds=[ReferralReminderKind.UNANSWERED, ReferralReminderKind.NOT_ACTED_ON],
        )
    elif to_status == S.RECEIVED:
        reminders_done_for(source=referral, kinds=[ReferralReminderKind.UNANSWERED])


@transaction.atomic
def referral_step(
    *,
    actor,
    referral: Referral,
    to_status: str,
    version: int,
    reason: str = "",
    outcome: str = "",
    text: str = "",
) -> Referral:
    """Move a referral one step, as the state table (``referrals.transitions``) allows for the
    actor's side: a move the table does not have is refused with a message (nothing written);
    one the table gives to the other side is ``PermissionDenied``."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("service", "organization", "program", "created_by")
        .get(pk=referral.pk)
    )
    version_check(referral, version)
    if to_status not in S.values:
        raise ValidationError({"to_status": _("Choose a state from the list.")})
    current = referral.status
    if to_status == S.SENT and current == S.DRAFT:
        raise ValidationError(
            {"to_status": _("Send a referral by choosing what goes with it, on the send form.")}
        )
    sides_allowed = TRANSITIONS.get((current, to_status))
    if sides_allowed is None:
        raise ValidationError(
            {
                "to_status": _("A referral that is %(current)s cannot become %(target)s.")
                % {
                    "current": S(current).label.lower(),
                    "target": S(to_status).label.lower(),
                }
            }
        )
    sides = access.sides_of(actor, referral)
    side = next(
        (name for name in (Side.RECEIVER, Side.SENDER) if name in sides and name in sides_allowed),
        None,
    )
    if side is None:
        if Side.SYSTEM in sides_allowed:
            raise PermissionDenied(
                _("Only Alongside stops a referral, when the survivor revokes their consent.")
            )
        if Side.RECEIVER in sides_allowed:
            raise PermissionDenied(_("Only the receiving side may make this step."))
        raise PermissionDenied(_("Only the referring side may make this step."))
    code, text = _code_checked(to_status, reason, outcome, text)
    _moved(referral, to_status, timezone.now(), code, text)
    referral.version += 1
    referral.save()
    _step(referral, from_status=current, side=side, actor=actor, code=code)
    _audit(actor, referral, ["status", *(["code"] if code else []), *(["text"] if text else [])])
    _reminders_close(referral, to_status)
    notifications.referral_moved_notify(referral, to_receivers=side == Side.SENDER)
    return referral


def referrals_stop_for_release(*, release_id) -> int:
    """The revocation hook: every open referral sent under the release stops (side SYSTEM),
    its packet hidden from the receiver from now on; the sender gets a reminder, the receivers
    an email that a referral stopped (and the "stop using" notice in the portal). How many
    stopped. Registered in ``ReferralsConfig.ready``; receives the release's id only."""
    from consent.models import StopUsingNotice
    from consent.services import stop_using_notice_mark_sent
    from reminders.services import reminder_create

    stopped = 0
    ids = list(
        Referral.objects.filter(
            disclosure__releases=release_id, status__in=[s.value for s in OPEN]
        ).values_list("pk", flat=True)
    )
    for referral_id in ids:
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(of=("self",))
                .select_related("case", "created_by", "organization")
                .get(pk=referral_id)
            )
            if referral.status not in OPEN:
                continue
            current = referral.status
            _moved(referral, S.STOPPED, timezone.now(), "", "")
            referral.version += 1
            referral.save()
            _step(referral, from_status=current, side=Side.SYSTEM, actor=None)
            _audit(None, referral, ["status"])
            _reminders_close(referral, S.STOPPED)
            if referral.created_by.is_active:
                reminder_create(
                    case=referral.case,
                    assignee=referral.created_by,
                    kind=ReferralReminderKind.STOPPED,
                    due_on=timezone.localdate(),
                    source=referral,
                )
            # The portal delivers the "stop using" notice to the agency: it is sent.
            for notice in StopUsingNotice.objects.filter(
                release_id=release_id,
                recipient_organization_id=referral.organization_id,
                sent_at__isnull=True,
            ):
                stop_using_notice_mark_sent(actor=None, notice=notice)
            notifications.referral_moved_notify(referral, to_receivers=True)
            stopped += 1
    return stopped


@transaction.atomic
def received_referral_record(
    *, actor, case, organization, received_on: datetime.date | None = None, note: str = ""
) -> ReceivedReferral:
    """Another agency referred this survivor to us: who, and when."""
    if not access.may_refer(actor, case):
        raise PermissionDenied(_("Only the survivor's team may record this."))
    organization_id = getattr(organization, "pk", organization)
    try:
        found = Organization.objects.filter(pk=organization_id).exists()
    except (ValueError, TypeError, ValidationError):
        found = False
    if not found:
        raise ValidationError(
            {"organization": _("Choose the referring organization from the directory.")}
        )
    received_on = received_on or timezone.localdate()
    not_in_future(received_on, "received_on")
    received = ReceivedReferral.objects.create(
        case=case,
        organization_id=organization_id,
        received_on=received_on,
        note=text_checked(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=received,
        fields=["organization", "received_on", "note"],
    )
    return received


def deadlines_check(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The round (a Celery beat task): a referral sent and not acknowledged by its
    ``acknowledge_by`` gives its sender a reminder and an email; one not accepted or declined by
    its ``act_by`` tells the supervisors of the case's program (a reminder to one of them, an
    email to each). Each happens once per referral; a task that runs twice does nothing more.
    Returns counts of what it did."""
    from accounts.models import User
    from accounts.roles import Role
    from reminders.services import reminder_create

    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {"reminded": 0, "escalated": 0}
    unanswered = Referral.objects.filter(
        status=S.SENT, acknowledge_by__lte=now, sender_reminded_at__isnull=True
    ).select_related("case", "created_by")
    for referral in unanswered:
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral.pk, sender_reminded_at__isnull=True).update(
                sender_reminded_at=now
            ):
                continue
            _audit(None, referral, ["sender_reminded_at"])
            sender = referral.created_by
            if sender.is_active:
                reminder_create(
                    case=referral.case,
                    assignee=sender,
                    kind=ReferralReminderKind.UNANSWERED,
                    due_on=today,
                    source=referral,
                )
                notifications.deadline_notify(
                    referral, recipients=[sender.email] if sender.email else [], escalated=False
                )
            done["reminded"] += 1
    not_acted_on = Referral.objects.filter(
        status__in=[S.SENT, S.RECEIVED], act_by__lte=now, supervisor_told_at__isnull=True
    ).select_related("case")
    for referral in not_acted_on:
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral.pk, supervisor_told_at__isnull=True).update(
                supervisor_told_at=now
            ):
                continue
            _audit(None, referral, ["supervisor_told_at"])
            supervisors = list(
                User.objects.filter(
                    supervised_programs=referral.case.program_id,
                    is_active=True,
                    groups__name=Role.SUPERVISOR,
                ).order_by("full_name", "email")
            )
            if supervisors:
                reminder_create(
                    case=referral.case,
                    assignee=supervisors[0],
                    kind=ReferralReminderKind.NOT_ACTED_ON,
                    due_on=today,
                    source=referral,
                )
                notifications.deadline_notify(
                    referral,
                    recipients=sorted({user.email for user in supervisors if user.email}),
                    escalated=True,
                )
            done["escalated"] += 1
    return done
