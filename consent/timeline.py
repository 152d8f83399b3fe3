"""Consent on the case timeline: releases recorded, confirmed in writing, expired and revoked,
and restrictions added. Registered through ``alongside.timeline`` in ``ConsentConfig.ready()``.

Entries name the recipient by its kind and, for a partner organization, its directory name
(plaintext, not survivor data); a named person is shown by relationship, never by name.
"""

import dataclasses

from django.utils.translation import gettext as _

from alongside.timeline import (
    EscapedOnce,
    TimelineEntry,
    TimelineSource,
    choice_labels,
    said_by,
    timeline_source_register,
)
from consent.choices import RecipientClass, RecipientKind, Relationship
from consent.models import Person, Release, Restriction, Revocation
from directory.models import Organization


@dataclasses.dataclass(frozen=True, slots=True)
class ConsentEntry(TimelineEntry):
    """A release or a restriction, by its recipient: an organization (by its directory name), a
    named person (by relationship only) or a class of recipients."""

    recipient_kind: str
    organization: str
    relationship: str
    recipient_class: str


def _recipient_label(kind: str, organization: str, relationship: str, recipient_class: str):
    if kind == RecipientKind.PERSON:
        relationship = choice_labels(Relationship).get(relationship, relationship)
        return _("a %(relationship)s") % {"relationship": relationship.lower()}
    if kind == RecipientKind.ORGANIZATION:
        return organization
    return choice_labels(RecipientClass).get(recipient_class, recipient_class)


def _render(said):
    """``said()`` is the entry's sentence, translated when the timeline is rendered."""

    def prepare(case):
        sentence = said()
        said_of = EscapedOnce(
            lambda recipient: sentence % {"recipient": _recipient_label(*recipient)}
        )
        names = EscapedOnce()

        def render(entry: ConsentEntry):
            recipient = (
                entry.recipient_kind,
                entry.organization,
                entry.relationship,
                entry.recipient_class,
            )
            return said_by(said_of[recipient], names[entry.person])

        return render

    return prepare


def _recipient(holder: str) -> dict:
    """The fields naming the recipient of ``holder`` (the release or restriction's alias).
    Names are read by scalar subqueries, not joins: with a join more in each of five branches
    the planner took longer over the statement than the joins saved."""
    return {
        "recipient_kind": f"{holder}.recipient_kind",
        "organization": f"(SELECT o.name FROM {Organization._meta.db_table} o "  # noqa: S608
        f"WHERE o.id = {holder}.recipient_organization_id)",
        "relationship": f"(SELECT p.relationship FROM {Person._meta.db_table} p "  # noqa: S608
        f"WHERE p.id = {holder}.recipient_person_id)",
        "recipient_class": f"{holder}.recipient_class",
    }


def _sources() -> list[TimelineSource]:
    release = Release._meta.db_table
    return [
        TimelineSource(
            kinds=("consent_granted",),
            rank=100,
            entry=ConsentEntry,
            fields=_recipient("crg"),
            table=release,
            alias="crg",
            person_column="created_by_id",
            order="crg.created_at DESC",
            at="crg.created_at",
            recorded="crg.created_at",
            prepare=_render(lambda: _("Release of information to %(recipient)s recorded")),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_confirmed",),
            rank=110,
            entry=ConsentEntry,
            fields=_recipient("crc"),
            table=release,
            alias="crc",
            person_column="confirmed_by_id",
            rows="AND crc.confirmed_at IS NOT NULL",
            order="crc.confirmed_at DESC",
            at="crc.confirmed_at",
            recorded="crc.confirmed_at",
            prepare=_render(lambda: _("Verbal release to %(recipient)s confirmed in writing")),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_expired",),
            rank=120,
            entry=ConsentEntry,
            fields=_recipient("cre"),
            table=release,
            alias="cre",
            person_column="created_by_id",
            rows="AND cre.expired_at IS NOT NULL",
            order="cre.expired_at DESC",
            at="cre.expired_at",
            recorded="cre.expired_at",
            prepare=_render(lambda: _("Release of information to %(recipient)s expired")),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_revoked",),
            rank=130,
            entry=ConsentEntry,
            fields=_recipient("r"),
            table=Revocation._meta.db_table,
            alias="crv",
            joins=f"JOIN {release} r ON r.id = crv.release_id",
            order="crv.revoked_at DESC",
            at="crv.revoked_at",
            recorded="crv.revoked_at",
            prepare=_render(lambda: _("Release of information to %(recipient)s revoked")),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_restricted",),
            rank=140,
            entry=ConsentEntry,
            fields=_recipient("crs"),
            table=Restriction._meta.db_table,
            alias="crs",
            person_column="created_by_id",
            order="crs.created_at DESC",
            at="crs.created_at",
            recorded="crs.created_at",
            prepare=_render(lambda: _("Restriction recorded: never share with %(recipient)s")),
            shows_time=True,
        ),
    ]


def register_consent_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
