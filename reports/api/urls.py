from django.urls import path

from reports.api import views

app_name = "reports-api"

urlpatterns = [
    path("reports/runs", views.RunList.as_view(), name="run-list"),
    path("reports/runs/<uuid:run_id>", views.RunDetail.as_view(), name="run-detail"),
    path("reports/runs/<uuid:run_id>/result", views.RunResult.as_view(), name="run-result"),
    path("reports/runs/<uuid:run_id>/csv", views.RunCsv.as_view(), name="run-csv"),
    path("reports/runs/<uuid:run_id>/xlsx", views.RunXlsx.as_view(), name="run-xlsx"),
    path("reports/packs", views.PackList.as_view(), name="pack-list"),
    path("reports/packs/<uuid:pack_id>", views.PackDetail.as_view(), name="pack-detail"),
    path(
        "reports/packs/<uuid:pack_id>/regenerate",
        views.PackRegenerate.as_view(),
        name="pack-regenerate",
    ),
]
