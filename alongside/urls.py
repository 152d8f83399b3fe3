from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from alongside.health import healthz

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("cases/", include("cases.urls")),
    path("organization/", include("organization.urls")),
    path("cases/<uuid:case_id>/consent/", include("consent.urls")),
    path("directory/", include("directory.urls")),
    path("clinicians/", include("clinicians.urls")),
    path("reports/", include("reports.urls")),
    path("", include("referrals.urls")),
    path("api/v1/", include("alongside.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "alongside.errors.bad_request"
handler403 = "alongside.errors.permission_denied"
handler404 = "alongside.errors.page_not_found"
handler500 = "alongside.errors.server_error"
