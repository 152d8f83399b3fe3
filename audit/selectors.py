"""Reads of the audit trail. Only auditors reach the trail itself; see ``audit.views``."""

import datetime
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from audit.targets import extra_reasons, target_names


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events(
    *,
    actor,
    person=None,
    action: str = "",
    object_id: uuid.UUID | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered; dates are whole days in the organization's time zone.

    ``actor`` is the auditor asking: the view has checked the role; the argument keeps every read
    in the shape of the rest of the product.
    """
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if person is not None:
        events = events.filter(actor=person)
    if action:
        events = events.filter(action=action)
    if object_id is not None:
        events = events.filter(target_id=object_id)
    if date_from is not None:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to is not None:
        events = events.filter(occurred_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events


def _type_label(target_type: str) -> str:
    """``accounts.user`` -> "User": what a row of an unregistered type is, in words."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    return str(model._meta.verbose_name).capitalize()


def audit_events_described(*, actor, events) -> list[AuditEvent]:
    """A page of ``events``, each given what the auditor reads instead of a type and an id:
    ``case_number`` and ``target_noun`` (one query for the whole page's registered targets),
    ``target_label`` for the rest, and ``typed_reason`` where an app adds to the reason (for a
    break-glass event, the words the supervisor typed; its own queries, only when the page has
    such events)."""
    events = list(events)
    names = target_names(events)
    typed = extra_reasons(actor=actor, events=events)
    for event in events:
        name = names.get(event.target_id)
        event.case_number = name.case_number if name else ""
        event.target_noun = name.noun if name else ""
        event.target_label = "" if name else _type_label(event.target_type)
        event.typed_reason = typed.get(event.pk, "")
    return events


@dataclass(frozen=True)
class RecordViewer:
    user_id: uuid.UUID
    name: str
    role: str | None
    first_viewed: datetime.datetime | None
    last_viewed: datetime.datetime | None
    views: int
    # When the person saw the record's row in a list or search answer (caseload, search,
    # reminders), apart from opening it.
    first_listed: datetime.datetime | None = None
    last_listed: datetime.datetime | None = None
    listings: int = 0

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""


def _listed(target_id: uuid.UUID) -> Q:
    """List answers whose ``fields`` name ``target_id`` (``audit_list_view``). PostgreSQL
    answers from a GIN index over list events (audit migration 0007); SQLite, for development
    and tests, reads the JSON as text."""
    if connection.vendor == "postgresql":
        return Q(action=AuditAction.LIST_VIEW, fields__contains=[str(target_id)])
    return Q(action=AuditAction.LIST_VIEW, fields__icontains=str(target_id))


def record_viewers(*, actor, target_type: str, target_id: uuid.UUID) -> list[RecordViewer]:
    """Who has seen this record: per person, their role, first and last view, how many views,
    and when they saw it in a list.

    Two queries: the views and list appearances counted per person, then those people with
    their roles. Done in one, the role was looked up once per view rather than once per person,
    and a case seen a few thousand times took 20 ms. The caller (the case page) has already
    decided that ``actor`` may see the record; anyone who may see a record may see who else
    has.
    """
    from accounts.models import User

    viewed = Q(action=AuditAction.VIEW)
    listed = Q(action=AuditAction.LIST_VIEW)
    counted = list(
        AuditEvent.objects.filter(
            (viewed & Q(target_id=target_id)) | _listed(target_id),
            target_type=target_type,
            actor__isnull=False,
        )
        .order_by()
        .values("actor")
        .annotate(
            first_viewed=Min("occurred_at", filter=viewed),
            last_viewed=Max("occurred_at", filter=viewed),
            views=Count("id", filter=viewed),
            first_listed=Min("occurred_at", filter=listed),
            last_listed=Max("occurred_at", filter=listed),
            listings=Count("id", filter=listed),
            last_seen=Max("occurred_at"),
        )
        .order_by("-last_seen")
    )
    if not counted:
        return []
    people = User.objects.with_role().only("full_name", "email")
    people = {person.pk: person for person in people.filter(pk__in=[c["actor"] for c in counted])}
    return [
        RecordViewer(
            user_id=row["actor"],
            name=people[row["actor"]].full_name or people[row["actor"]].email,
            role=people[row["actor"]].role,
            first_viewed=row["first_viewed"],
            last_viewed=row["last_viewed"],
            views=row["views"],
            first_listed=row["first_listed"],
            last_listed=row["last_listed"],
            listings=row["listings"],
        )
        for row in counted
    ]
