"""Reads of accounts data."""

from django.db.models import Q, QuerySet

from accounts.models import (
    AccountChangeRequest,
    ApiToken,
    ChangeRequestStatus,
    TOTPDevice,
    User,
)


def user_list(*, actor: User, q: str = "", role: str = "", status: str = "") -> QuerySet[User]:
    users = User.objects.prefetch_related("groups").order_by("full_name", "email")
    if q:
        users = users.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if role:
        users = users.filter(groups__name=role)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users


def api_tokens_for(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor).select_related("user")


def active_staff(*, actor: User) -> QuerySet[User]:
    """People who can be picked for something (a team place): active accounts only."""
    return User.objects.filter(is_active=True).prefetch_related("groups")


def authenticator_of(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def change_requests_open(*, actor: User) -> QuerySet[AccountChangeRequest]:
    """Changes waiting for a second person (expired ones too, until the task marks them)."""
    return (
        AccountChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING)
        .select_related("subject", "requested_by")
        .order_by("requested_at")
    )


def change_requests_decided(*, actor: User, limit: int = 20) -> list[AccountChangeRequest]:
    return list(
        AccountChangeRequest.objects.exclude(status=ChangeRequestStatus.PENDING)
        .select_related("subject", "requested_by", "decided_by")
        .order_by("-decided_at", "-requested_at")[:limit]
    )
