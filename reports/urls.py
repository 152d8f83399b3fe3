from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("packs/", views.pack_list, name="packs"),
    path("packs/<uuid:pack_id>/", views.pack_detail, name="pack"),
    path("packs/<uuid:pack_id>/regenerate/", views.pack_regenerate, name="pack-regenerate"),
    path("<slug:kind>/new/", views.report_new, name="new"),
    path("runs/<uuid:run_id>/", views.run_detail, name="run"),
    path("runs/<uuid:run_id>/<slug:file_format>/", views.run_download, name="download"),
]
