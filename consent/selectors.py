"""Reading consent: a case's people, releases, restrictions, disclosures and notices, and the
packet a recipient would receive. Every function takes a case the caller reached through
``consent.access`` (so the user's right to see it is already settled).
"""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from alongside.lookups import get_or_404
from audit.models import AuditAction
from audit.services import audit_record
from consent.models import Disclosure, Person, Release, Restriction, StopUsingNotice
from consent.packet import Packet, offered_categories, packet_build
from consent.policy import Decision, ReleaseTerms, disclosure_decision
from consent.recipients import Recipient


def people_of(*, case) -> QuerySet[Person]:
    return Person.objects.filter(case=case).order_by("recorded_at")


def person_of(*, case, person_id) -> Person:
    return get_or_404(people_of(case=case), person_id)


def releases_of(*, case) -> QuerySet[Release]:
    """Every release of the case, newest first, with what its status and grid need (recipient,
    revocation, guardian, disclosures) in a fixed number of queries."""
    return (
        Release.objects.filter(case=case)
        .select_related("recipient_organization", "recipient_person", "revocation", "guardian")
        .annotate(program_written_only=F("case__program__governed_by_vawa_fvpsa"))
        .prefetch_related(
            Prefetch(
                "disclosures",
                queryset=Disclosure.objects.select_related(
                    "recipient_organization", "recipient_person"
                ).order_by("-disclosed_at"),
            )
        )
        .order_by("-created_at")
    )


def release_of(*, case, release_id) -> Release:
    return get_or_404(releases_of(case=case), release_id)


def restrictions_of(*, case, include_removed: bool = False) -> QuerySet[Restriction]:
    restrictions = Restriction.objects.filter(case=case).select_related(
        "recipient_organization", "recipient_person"
    )
    if not include_removed:
        restrictions = restrictions.filter(removed_at__isnull=True)
    return restrictions.order_by("-created_at")


def restriction_of(*, case, restriction_id) -> Restriction:
    return get_or_404(restrictions_of(case=case, include_removed=True), restriction_id)


def disclosures_of(*, case) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.filter(case=case)
        .select_related("recipient_organization", "recipient_person")
        .prefetch_related("releases")
        .order_by("-disclosed_at")
    )


def stop_using_notices_of(*, case, unsent_only: bool = False) -> QuerySet[StopUsingNotice]:
    """The "stop using" notices for the advocate to send (until the partner portal does)."""
    notices = StopUsingNotice.objects.filter(case=case).select_related(
        "release", "recipient_organization", "recipient_person"
    )
    if unsent_only:
        notices = notices.filter(sent_at__isnull=True)
    return notices.order_by("created_at")


@dataclass
class GridRow:
    """One line of "who may receive what, until when", in plain language."""

    release: Release
    status: str
    categories: list[str]
    purposes: list[str]
    expires_on: object
    disclosures: list = field(default_factory=list)


def consent_grid(*, case) -> list[GridRow]:
    """The consent page's grid: each release with its status today, newest first."""
    today = timezone.localdate()
    return [
        GridRow(
            release=release,
            status=release.status_on(today),
            categories=list(release.categories),
            purposes=list(release.purposes),
            expires_on=release.expires_on,
            disclosures=list(release.disclosures.all()),
        )
        for release in releases_of(case=case)
    ]


def packet_preview(
    *,
    actor,
    case,
    recipient: Recipient,
    purpose: str,
    proposed: ReleaseTerms | None = None,
) -> tuple[Decision, Packet]:
    """What ``recipient`` would receive for ``purpose`` now, field by field, exactly as they
    would see it; ``proposed`` adds a release not saved yet (shown before saving it).

    Only the permitted categories are decrypted; the preview is audited as a view of them.
    """
    decision = disclosure_decision(
        case=case,
        recipient=recipient,
        purpose=purpose,
        proposed=proposed,
        # Only what some app fills: a category nothing fills is not offered.
        categories=offered_categories(),
    )
    packet = packet_build(case=case, categories=decision.categories)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        target=case,
        fields=["consent.packet_preview", *sorted(decision.categories)],
    )
    return decision, packet
