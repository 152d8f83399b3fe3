"""API authentication: personal tokens, and browser sessions that passed the second factor."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.models import ApiToken, User

TOKEN_PREFIX = "alo"  # noqa: S105 - a public label, not a secret
LAST_USED_RESOLUTION = timedelta(minutes=1)


def parse_token(text: str) -> tuple[str, str]:
    parts = text.split("_", 2)
    if (
        len(parts) != 3
        or parts[0] != TOKEN_PREFIX
        or len(parts[1]) != ApiToken.PREFIX_LENGTH
        or not parts[2]
    ):
        raise exceptions.AuthenticationFailed(
            _("The API token is malformed: expected the form alo_<prefix>_<secret>.")
        )
    return parts[1], parts[2]


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("Bearer", "Token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be 'Bearer <token>' with no spaces in the token.")
            )
        prefix, secret = parse_token(header[1])
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is not None:
            # The user with their role, as a browser session loads them (accounts.backends).
            token.user = User.objects.with_role().get(pk=token.user_id)
        if token is not None and token.matches(secret) and token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("The API token has expired. Create a new one on the API tokens page.")
            )
        if token is None or not token.matches(secret) or not token.is_active:
            raise exceptions.AuthenticationFailed(_("The API token is not valid or was revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A browser session counts only once the second factor is passed."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, auth = result
        if not user.is_verified():
            return None
        return user, auth


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "alo_<prefix>_<secret>"}


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
