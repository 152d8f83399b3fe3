"""Writing audit events. Every service calls ``audit_record`` inside its own transaction."""

import uuid
from collections.abc import Iterable

from django.db import models
from django.utils import timezone

from audit.chain import chain_append
from audit.context import current_address
from audit.models import AuditAction, AuditEvent


def target_type_of(target: models.Model) -> str:
    return target._meta.label_lower


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: uuid.UUID | None = None,
    fields: Iterable[str] = (),
    reason: str = "",
) -> AuditEvent:
    """Append one event. ``fields`` are field *names*; a value never belongs here.

    Call it inside the transaction of the change it records: the event commits or rolls back with
    that change, and its link in the hash chain with it (see ``audit.chain``).
    """
    if target is not None:
        target_type = target_type_of(target)
        target_id = target.pk if isinstance(target.pk, uuid.UUID) else getattr(target, "uuid", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else "",
        address=current_address(),
        action=str(action),
        target_type=target_type,
        target_id=target_id,
        fields=sorted(set(fields)),
        reason=reason,
    )
    return chain_append(event)


def audit_list_view(*, actor, objects: Iterable[models.Model], reason: str) -> AuditEvent | None:
    """Record that a list or search answer showed ``objects`` to ``actor``: one event, whatever
    the length of the list, naming them by their public ids in ``fields`` (one INSERT, no
    query per row). ``reason`` says which list ("caseload", "search", ...). Nothing is written
    for an answer that showed nothing."""
    objects = list(objects)
    if not objects:
        return None
    return audit_record(
        actor=actor,
        action=AuditAction.LIST_VIEW,
        target_type=target_type_of(objects[0]),
        fields=[str(each.pk) for each in objects],
        reason=reason,
    )


def audit_trail_export(*, actor, filters: Iterable[str]) -> AuditEvent:
    """Record that ``actor`` exported the trail, naming the filters used (never their values)."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target_type=AuditEvent._meta.label_lower,
        fields=filters,
    )
