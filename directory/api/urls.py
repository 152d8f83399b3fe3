from django.urls import path

from directory.api import views

app_name = "directory-api"

urlpatterns = [
    path("directory/organizations", views.OrganizationList.as_view(), name="organization-list"),
    path(
        "directory/organizations/<uuid:organization_id>",
        views.OrganizationDetail.as_view(),
        name="organization-detail",
    ),
    path("directory/services", views.ServiceList.as_view(), name="service-list"),
    path("directory/hsds/import", views.HSDSImport.as_view(), name="hsds-import"),
    path("directory/hsds/export.json", views.HSDSExportJSON.as_view(), name="hsds-export-json"),
    path(
        "directory/hsds/export.zip",
        views.HSDSExportTabular.as_view(),
        name="hsds-export-tabular",
    ),
]
