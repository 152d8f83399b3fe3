"""The one decision every disclosure asks: which data categories of case C may go to recipient
R for purpose P at time T, under which release(s) — and why not, when nothing may.

The combining rule, in order (a later rule never undoes an earlier "no"):

1. Psychotherapy notes are never disclosable through this policy, whatever any release says.
2. A recipient who is a person recorded on the case as the trafficker or as unsafe receives
   nothing, whatever any release says.
3. A category is *permitted* only when at least one release
   - names exactly this recipient (a release to an agency does not cover a person working
     there, nor a class the agency belongs to),
   - is in force at T: not revoked at or before T, started, not past its expiry day, and, if
     verbal, confirmed in writing — or, only in a program *not* governed by VAWA or FVPSA
     (``Program.governed_by_vawa_fvpsa``), still within its confirm-by day: those laws accept
     only a written release, so there a verbal one is recorded but permits nothing until it is
     confirmed,
   - lists purpose P, and
   - lists the category.
   Releases only ever add: no release widens another, and "everything" is not a category.
4. A restriction in force at T (recorded at or before T and not removed by then) that names
   this recipient *denies* the categories it lists (all of them when it lists none). Deny
   overrides permit: a restriction beats every release, older or newer.

Anything not permitted by rule 3 is denied (deny by default). The decision carries, for each
permitted category, the releases that permit it (a disclosure records them), and for each
category denied, the reason.

``decide`` is the rule on plain values (tested exhaustively); ``disclosure_decision`` reads a
case's releases and restrictions for one recipient in a constant number of queries, however
many there are, and asks ``decide``. Auditing each decision is the egress registry's job
(``consent.egress.disclosure_decide``), which every way out calls.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.choices import IN_FORCE, PSYCHOTHERAPY_NOTES, DataCategory, ReleaseStatus
from consent.models import Person, Release, Restriction, recipient_values, release_status
from consent.recipients import Recipient


class Reason:
    PSYCHOTHERAPY_NOTES = "psychotherapy_notes"
    KEEP_AWAY = "keep_away"
    NO_RELEASE = "no_release"
    NOT_IN_FORCE = "not_in_force"
    NEEDS_WRITING = "needs_writing"
    WRONG_PURPOSE = "wrong_purpose"
    NOT_COVERED = "not_covered"
    RESTRICTED = "restricted"


REASON_MESSAGES = {
    Reason.PSYCHOTHERAPY_NOTES: _("Psychotherapy notes are never disclosed under a release."),
    Reason.KEEP_AWAY: _(
        "This person is recorded as the trafficker or as unsafe: nothing goes to them."
    ),
    Reason.NO_RELEASE: _("The survivor has given no release naming this recipient."),
    Reason.NOT_IN_FORCE: _(
        "No release naming this recipient is in force now (revoked, expired, not started "
        "yet, or verbal and not confirmed in time)."
    ),
    Reason.NEEDS_WRITING: _(
        "The release naming this recipient was given verbally. This program is governed by "
        "VAWA or FVPSA, so it permits nothing until the survivor confirms it in writing."
    ),
    Reason.WRONG_PURPOSE: _("No release in force for this recipient covers this purpose."),
    Reason.NOT_COVERED: _("No release in force for this recipient and purpose covers this."),
    Reason.RESTRICTED: _("The survivor asked that this never be shared with this recipient."),
}


@dataclass(frozen=True)
class ReleaseTerms:
    """What the policy needs of a release (no encrypted field, nothing to decrypt)."""

    id: uuid.UUID
    recipient: Recipient
    categories: frozenset[str]
    purposes: frozenset[str]
    starts_on: datetime.date
    expires_on: datetime.date
    method: str
    confirm_by: datetime.date | None = None
    confirmed_on: datetime.date | None = None
    revoked_at: datetime.datetime | None = None
    # The case's program accepts only written releases (VAWA/FVPSA).
    written_only: bool = False

    def status_at(self, at: datetime.datetime) -> str:
        if self.revoked_at is not None and self.revoked_at <= at:
            return ReleaseStatus.REVOKED
        return release_status(
            day=timezone.localdate(at),
            starts_on=self.starts_on,
            expires_on=self.expires_on,
            method=self.method,
            confirm_by=self.confirm_by,
            confirmed_on=self.confirmed_on,
            revoked_on=None,
            written_only=self.written_only,
        )

    @classmethod
    def of(cls, release: Release, *, written_only: bool | None = None) -> "ReleaseTerms":
        """The terms of ``release``; ``written_only`` as given, or read from its case's
        program."""
        revocation = release.revocation_or_none()
        return cls(
            id=release.pk,
            recipient=release.recipient,
            categories=frozenset(release.categories),
            purposes=frozenset(release.purposes),
            starts_on=release.starts_on,
            expires_on=release.expires_on,
            method=release.method,
            confirm_by=release.confirm_by,
            confirmed_on=(
                timezone.localdate(release.confirmed_at) if release.confirmed_at else None
            ),
            revoked_at=revocation.revoked_at if revocation else None,
            written_only=release.written_only if written_only is None else written_only,
        )


@dataclass(frozen=True)
class RestrictionTerms:
    id: uuid.UUID
    recipient: Recipient
    categories: frozenset[str]  # empty: every category
    created_at: datetime.datetime
    removed_at: datetime.datetime | None = None

    def in_force_at(self, at: datetime.datetime) -> bool:
        return self.created_at <= at and (self.removed_at is None or self.removed_at > at)

    def covers(self, category: str) -> bool:
        return not self.categories or category in self.categories

    @classmethod
    def of(cls, restriction: Restriction) -> "RestrictionTerms":
        return cls(
            id=restriction.pk,
            recipient=restriction.recipient,
            categories=frozenset(restriction.categories),
            created_at=restriction.created_at,
            removed_at=restriction.removed_at,
        )


@dataclass(frozen=True)
class Decision:
    recipient: Recipient
    purpose: str
    at: datetime.datetime
    # category -> the releases that permit it (sorted ids)
    permitted: dict[str, tuple[uuid.UUID, ...]] = field(default_factory=dict)
    # category -> why it may not go (a ``Reason``)
    denied: dict[str, str] = field(default_factory=dict)

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(self.permitted)

    @property
    def allowed(self) -> bool:
        return bool(self.permitted)

    @property
    def release_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(sorted({pk for ids in self.permitted.values() for pk in ids}))

    def releases_for(self, categories: Iterable[str]) -> tuple[uuid.UUID, ...]:
        return tuple(sorted({pk for name in categories for pk in self.permitted.get(name, ())}))

    def why_not(self, category: str | None = None) -> str:
        """Why ``category`` (or, without one, anything at all) may not go, in words."""
        if category is not None:
            reason = self.denied.get(category)
            return str(REASON_MESSAGES[reason]) if reason else ""
        if self.allowed:
            return ""
        reasons = [self.denied[name] for name in DataCategory.values if name in self.denied]
        for reason in (
            Reason.KEEP_AWAY,
            Reason.NO_RELEASE,
            Reason.NEEDS_WRITING,
            Reason.NOT_IN_FORCE,
            Reason.WRONG_PURPOSE,
            Reason.RESTRICTED,
            Reason.NOT_COVERED,
        ):
            if reason in reasons:
                return str(REASON_MESSAGES[reason])
        return str(REASON_MESSAGES[Reason.NOT_COVERED])


def decide(
    *,
    releases: Iterable[ReleaseTerms],
    restrictions: Iterable[RestrictionTerms],
    recipient: Recipient,
    purpose: str,
    at: datetime.datetime,
    recipient_keep_away: bool = False,
    categories: Iterable[str] | None = None,
) -> Decision:
    """The rule of this module's docstring, on plain values. ``categories`` limits the
    question to those asked (all of them by default); psychotherapy notes may be asked and
    are always denied."""
    asked = list(DataCategory.values) if categories is None else list(dict.fromkeys(categories))
    denied: dict[str, str] = {}
    permitted: dict[str, tuple[uuid.UUID, ...]] = {}
    if recipient_keep_away:
        for name in asked:
            denied[name] = (
                Reason.PSYCHOTHERAPY_NOTES if name == PSYCHOTHERAPY_NOTES else Reason.KEEP_AWAY
            )
        return Decision(recipient, purpose, at, permitted, denied)
    theirs = [release for release in releases if release.recipient == recipient]
    statuses = {release.id: release.status_at(at) for release in theirs}
    in_force = [release for release in theirs if statuses[release.id] in IN_FORCE]
    awaiting_writing = ReleaseStatus.AWAITING_WRITING in statuses.values()
    for_purpose = [release for release in in_force if purpose in release.purposes]
    restricted = [
        restriction
        for restriction in restrictions
        if restriction.recipient == recipient and restriction.in_force_at(at)
    ]
    for name in asked:
        if name == PSYCHOTHERAPY_NOTES or name not in DataCategory.values:
            denied[name] = (
                Reason.PSYCHOTHERAPY_NOTES if name == PSYCHOTHERAPY_NOTES else Reason.NOT_COVERED
            )
            continue
        if any(restriction.covers(name) for restriction in restricted):
            denied[name] = Reason.RESTRICTED
            continue
        covering = tuple(sorted(r.id for r in for_purpose if name in r.categories))
        if covering:
            permitted[name] = covering
        elif not theirs:
            denied[name] = Reason.NO_RELEASE
        elif not in_force:
            denied[name] = Reason.NEEDS_WRITING if awaiting_writing else Reason.NOT_IN_FORCE
        elif not for_purpose:
            denied[name] = Reason.WRONG_PURPOSE
        else:
            denied[name] = Reason.NOT_COVERED
    return Decision(recipient, purpose, at, permitted, denied)


def disclosure_decision(
    *,
    case,
    recipient: Recipient,
    purpose: str,
    at: datetime.datetime | None = None,
    categories: Iterable[str] | None = None,
    proposed: ReleaseTerms | None = None,
) -> Decision:
    """Which categories of ``case`` may go to ``recipient`` for ``purpose`` at ``at`` (now by
    default), under which releases. ``proposed`` adds a release not saved yet (the preview
    shown before saving one); restrictions still win over it.

    Two queries (three for a named person), whatever the number of releases and restrictions.
    Not audited here: callers that disclose go through ``consent.egress.disclosure_decide``.
    """
    at = at or timezone.now()
    match = recipient_values(recipient)
    releases = (
        Release.objects.filter(case=case, **match)
        .select_related("revocation")
        # The program's rule comes with the releases (a join, not a query more).
        .annotate(program_written_only=F("case__program__governed_by_vawa_fvpsa"))
        .only(
            "id",
            "recipient_kind",
            "recipient_organization_id",
            "recipient_person_id",
            "recipient_class",
            "categories",
            "purposes",
            "starts_on",
            "expires_on",
            "method",
            "confirm_by",
            "confirmed_at",
            "revocation__revoked_at",
            "revocation__release_id",
        )
    )
    terms = [
        ReleaseTerms.of(release, written_only=release.program_written_only) for release in releases
    ]
    if proposed is not None:
        terms.append(proposed)
    restrictions = [
        RestrictionTerms.of(restriction)
        for restriction in Restriction.objects.filter(case=case, **match).only(
            "id",
            "recipient_kind",
            "recipient_organization_id",
            "recipient_person_id",
            "recipient_class",
            "categories",
            "created_at",
            "removed_at",
        )
    ]
    keep_away = False
    if recipient.kind == "person":
        person = Person.objects.filter(case=case, pk=recipient.target).only(
            "relationship", "unsafe"
        )
        found = person.first()
        keep_away = found is None or found.keep_away
    return decide(
        releases=terms,
        restrictions=restrictions,
        recipient=recipient,
        purpose=purpose,
        at=at,
        recipient_keep_away=keep_away,
        categories=categories,
    )
