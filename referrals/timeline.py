"""Referrals on the case timeline: each step from sending on (drafts are the sender's own
business), with the side that made it. Registered through ``alongside.timeline`` in
``ReferralsConfig.ready()``.

Entries name the service and the organization (or our program) from the directory: plaintext,
not survivor data. Reasons and outcomes show as their coded labels; the details a receiver may
have written (encrypted) are read on the referral's own page, where the view is audited.
"""

import dataclasses

from django.utils.html import format_html
from django.utils.translation import gettext as _

from alongside.timeline import (
    EscapedOnce,
    TimelineEntry,
    TimelineSource,
    choice_labels,
    timeline_source_register,
)
from directory.models import Organization, Service
from organization.models import Program
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Side
from referrals.models import Referral, ReferralStep

S = ReferralStatus


@dataclasses.dataclass(frozen=True, slots=True)
class ReferralStepEntry(TimelineEntry):
    status: str  # the status the step moved to
    side: str  # who made it: sender, receiver, or the system
    reason: str  # the decline reason or outcome, coded
    service: str  # the partner's service, from the directory
    receiver: str  # the partner organization, or our program


_SAID = {
    S.SENT: lambda: _("Referral sent to %(target)s"),
    S.RECEIVED: lambda: _("Referral to %(target)s acknowledged"),
    S.ACCEPTED: lambda: _("Referral to %(target)s accepted"),
    S.DECLINED: lambda: _("Referral to %(target)s declined: %(code)s"),
    S.IN_SERVICE: lambda: _("Service started on the referral to %(target)s"),
    S.COMPLETED: lambda: _("Referral to %(target)s completed: %(code)s"),
    S.CLOSED: lambda: _("Referral to %(target)s closed: %(code)s"),
    S.WITHDRAWN: lambda: _("Referral to %(target)s withdrawn"),
    S.STOPPED: lambda: _("Referral to %(target)s stopped: the survivor revoked their consent"),
}


def target_label(service: str, organization: str) -> str:
    if service and organization:
        return _("%(service)s at %(organization)s") % {
            "service": service,
            "organization": organization,
        }
    return organization or service


def _prepare(case):
    codes = {**choice_labels(DeclineReason), **choice_labels(Outcome)}
    sides = choice_labels(Side)

    def said_of(step) -> str:
        status, reason, service, receiver = step
        return _SAID.get(status, lambda: "%(target)s")() % {
            "target": target_label(service, receiver),
            "code": codes.get(reason, reason).lower(),
        }

    said = EscapedOnce(said_of)
    side_said = EscapedOnce(lambda side: sides.get(side, side))
    names = EscapedOnce()

    def render(entry: ReferralStepEntry):
        side = side_said[entry.side]
        return format_html(
            '{} <span class="tag">{}</span>\n        <span class="muted">· {}</span>',
            said[entry.status, entry.reason, entry.service, entry.receiver],
            side,
            names[entry.person] if entry.person else side,
        )

    return render


def _sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            kinds=("referral_step",),
            rank=300,
            entry=ReferralStepEntry,
            fields={
                "status": "rs.to_status",
                "side": "rs.side",
                "reason": "rs.code",
                "service": f"(SELECT s.name FROM {Service._meta.db_table} s "  # noqa: S608
                "WHERE s.id = r.service_id)",
                "receiver": f"COALESCE((SELECT o.name FROM {Organization._meta.db_table} o "  # noqa: S608
                "WHERE o.id = r.organization_id), "
                f"(SELECT p.name FROM {Program._meta.db_table} p WHERE p.id = r.program_id))",
            },
            table=ReferralStep._meta.db_table,
            alias="rs",
            joins=f"JOIN {Referral._meta.db_table} r ON r.id = rs.referral_id",
            person_column="actor_id",
            order="rs.at DESC",
            rows=f"AND rs.to_status <> '{S.DRAFT.value}'",
            at="rs.at",
            recorded="rs.at",
            prepare=_prepare,
            shows_time=True,
        )
    ]


def register_referral_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
