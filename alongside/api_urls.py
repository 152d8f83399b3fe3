"""Every app's API under ``/api/v1/``."""

from django.urls import include, path, re_path

from alongside.api import not_found

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("cases.api.urls")),
    path("", include("consent.api.urls")),
    path("", include("directory.api.urls")),
    path("", include("clinicians.api.urls")),
    path("", include("referrals.api.urls")),
    # Last: whatever matched nothing above answers in the API's error shape.
    re_path(r"", not_found, name="api-not-found"),
]
