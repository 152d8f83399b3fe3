"""Session limits, the mandatory second factor, and no caching of signed-in pages."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from alongside.api import error_body

SIGNED_IN_AT = "alongside_signed_in_at"
LAST_SEEN = "alongside_last_seen"


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _expired_response(request, reason: str):
    if _is_api(request):
        message = _("Your session has ended. Sign in again.")
        return JsonResponse(error_body("session_expired", message), status=401)
    query = urlencode({"reason": reason, "next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?{query}")


class SessionLimitsMiddleware:
    """End sessions idle for ``SESSION_IDLE_MINUTES`` or older than ``SESSION_ABSOLUTE_HOURS``.

    The cookie age enforces idleness too; keeping our own clock lets us tell the person why
    they were signed out instead of silently showing the sign-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            last_seen = request.session.get(LAST_SEEN)
            if signed_in_at is None:
                request.session[SIGNED_IN_AT] = now.isoformat()
            elif now - datetime.fromisoformat(signed_in_at) > settings.SESSION_ABSOLUTE_LIMIT:
                logout(request)
                return _expired_response(request, "limit")
            if last_seen and now - datetime.fromisoformat(last_seen) > settings.SESSION_IDLE_LIMIT:
                logout(request)
                return _expired_response(request, "idle")
            request.session[LAST_SEEN] = now.isoformat()
        elif settings.SESSION_COOKIE_NAME in request.COOKIES and not request.session.keys():
            # A session cookie the server no longer knows: it expired while the person was away.
            request.session_expired = True
        return self.get_response(request)


ALLOWED_BEFORE_SECOND_FACTOR = ("accounts:verify", "accounts:enrol", "accounts:sign-out")


class SecondFactorRequiredMiddleware:
    """A signed-in person who has not passed the second factor reaches only the MFA pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _is_api(request):
            allowed = {reverse(name) for name in ALLOWED_BEFORE_SECOND_FACTOR}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                from accounts.models import TOTPDevice

                has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                target = "accounts:verify" if has_device else "accounts:enrol"
                return HttpResponseRedirect(reverse(target))
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Nothing dynamic is cached by a browser or a proxy: it may hold survivor data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
