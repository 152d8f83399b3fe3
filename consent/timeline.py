"""Consent on the case timeline: releases recorded, confirmed in writing, expired and revoked,
and restrictions added. Registered through ``alongside.timeline`` in ``ConsentConfig.ready()``.

Entries name the recipient by its kind and, for a partner organization, its directory name
(plaintext, not survivor data); a named person is shown by relationship, never by name.
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
from consent.choices import RecipientClass, Relationship
from consent.models import Person, Release, Restriction, Revocation
from directory.models import Organization


def _recipient_sql(alias: str) -> str:
    """The recipient as the entry shows it: an organization's name, a class, a relationship."""
    return (
        f"CASE {alias}.recipient_kind "  # noqa: S608
        f"WHEN 'organization' THEN (SELECT o.name FROM {Organization._meta.db_table} o "
        f"WHERE o.id = {alias}.recipient_organization_id) "
        f"WHEN 'person' THEN (SELECT p.relationship FROM {Person._meta.db_table} p "
        f"WHERE p.id = {alias}.recipient_person_id) "
        f"ELSE {alias}.recipient_class END"
    )


def _recipient_label(entry) -> str:
    labels = {**choice_labels(RecipientClass), **choice_labels(Relationship)}
    if entry.code == "person":
        return _("a %(relationship)s") % {
            "relationship": labels.get(entry.detail, entry.detail).lower()
        }
    return labels.get(entry.detail, entry.detail or "")


def _render(said_by_kind: dict):
    def prepare(case):
        def render(entry) -> str:
            said = said_by_kind[entry.kind]() % {"recipient": _recipient_label(entry)}
            return f"{escape(said)}\n        {by_whom(entry.person)}"

        return render

    return prepare


def _columns(kind: str, rank: int, alias: str, at: str, recorded: str) -> str:
    return (
        f"'{kind}', {rank}, {alias}.id, {at}, {NULL_DAY}, {alias}.recipient_kind, "
        f"{_recipient_sql(alias)}, {NULL_NUMBER}, {FALSE}, u.full_name, {recorded}"
    )


def _sources() -> list[TimelineSource]:
    release = Release._meta.db_table
    return [
        TimelineSource(
            kinds=("consent_granted",),
            table=release,
            alias="crg",
            person_column="created_by_id",
            order="crg.created_at DESC",
            columns=_columns("consent_granted", 10, "crg", "crg.created_at", "crg.created_at"),
            prepare=_render(
                {"consent_granted": lambda: _("Release of information to %(recipient)s recorded")}
            ),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_confirmed",),
            table=release,
            alias="crc",
            person_column="confirmed_by_id",
            rows="AND crc.confirmed_at IS NOT NULL",
            order="crc.confirmed_at DESC",
            columns=_columns(
                "consent_confirmed", 11, "crc", "crc.confirmed_at", "crc.confirmed_at"
            ),
            prepare=_render(
                {
                    "consent_confirmed": lambda: _(
                        "Verbal release to %(recipient)s confirmed in writing"
                    )
                }
            ),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_expired",),
            table=release,
            alias="cre",
            person_column="created_by_id",
            rows="AND cre.expired_at IS NOT NULL",
            order="cre.expired_at DESC",
            columns=_columns("consent_expired", 12, "cre", "cre.expired_at", "cre.expired_at"),
            prepare=_render(
                {"consent_expired": lambda: _("Release of information to %(recipient)s expired")}
            ),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_revoked",),
            table=f"(SELECT v.*, r.recipient_kind, r.recipient_organization_id, "  # noqa: S608
            f"r.recipient_person_id, r.recipient_class FROM {Revocation._meta.db_table} v "
            f"JOIN {release} r ON r.id = v.release_id)",
            alias="crv",
            order="crv.revoked_at DESC",
            columns=_columns("consent_revoked", 13, "crv", "crv.revoked_at", "crv.revoked_at"),
            prepare=_render(
                {"consent_revoked": lambda: _("Release of information to %(recipient)s revoked")}
            ),
            shows_time=True,
        ),
        TimelineSource(
            kinds=("consent_restricted",),
            table=Restriction._meta.db_table,
            alias="crs",
            person_column="created_by_id",
            order="crs.created_at DESC",
            columns=_columns("consent_restricted", 14, "crs", "crs.created_at", "crs.created_at"),
            prepare=_render(
                {
                    "consent_restricted": lambda: _(
                        "Restriction recorded: never share with %(recipient)s"
                    )
                }
            ),
            shows_time=True,
        ),
    ]


def register_consent_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
