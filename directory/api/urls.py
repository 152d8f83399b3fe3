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
]
