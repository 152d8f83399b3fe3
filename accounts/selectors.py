"""Reads of accounts data."""

from django.db.models import Q, QuerySet

from accounts.models import ApiToken, TOTPDevice, User


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
