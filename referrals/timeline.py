"""Referrals on the case timeline: each step from sending on (drafts are the sender's own
business), with the side that made it. Registered through ``alongside.timeline`` in
``ReferralsConfig.ready()``.

Entries name the service and the organization (or our program) from the directory: plaintext,
not survivor data. Reasons and outcomes show as their coded labels; the details a receiver may
have written (encrypted) are read on the referral's own page, where the view is audited.
"""

from django.utils.translation import gettext as _

from alongside.timeline import (
    FALSE,
    NULL_DAY,
    NULL_NUMBER,
    TimelineSource,
    by_whom,
    choice_labels,
    escape,
    timeline_source_register,
)
from directory.models import Organization, Service
from organization.models import Program
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Side
from referrals.models import Referral, ReferralStep

S = ReferralStatus


def _target_sql(alias: str) -> str:
    """``side|code|service|organization`` or ``side|code||program`` for the renderer."""
    referrals = Referral._meta.db_table
    return (
        f"(SELECT {alias}.side || '|' || {alias}.code || '|' || "  # noqa: S608
        f"COALESCE((SELECT s.name FROM {Service._meta.db_table} s WHERE s.id = r.service_id), '')"
        f" || '|' || COALESCE((SELECT o.name FROM {Organization._meta.db_table} o "
        f"WHERE o.id = r.organization_id), (SELECT p.name FROM {Program._meta.db_table} p "
        f"WHERE p.id = r.program_id), '') FROM {referrals} r WHERE r.id = {alias}.referral_id)"
    )


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

    def render(entry) -> str:
        side, code, service, organization = ((entry.detail or "") + "|||").split("|")[:4]
        said = _SAID.get(entry.code, lambda: "%(target)s")() % {
            "target": target_label(service, organization),
            "code": codes.get(code, code).lower(),
        }
        who = entry.person if entry.person else sides.get(side, side)
        return (
            f'{escape(said)} <span class="tag">{escape(sides.get(side, side))}</span>'
            f"\n        {by_whom(who)}"
        )

    return render


def _sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            kinds=("referral_step",),
            table=ReferralStep._meta.db_table,
            alias="rs",
            person_column="actor_id",
            order="rs.at DESC",
            rows=f"AND rs.to_status <> '{S.DRAFT.value}'",
            columns=f"'referral_step', 30, rs.id, rs.at, {NULL_DAY}, rs.to_status, "
            f"{_target_sql('rs')}, {NULL_NUMBER}, {FALSE}, u.full_name, rs.at",
            prepare=_prepare,
            shows_time=True,
        )
    ]


def register_referral_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
