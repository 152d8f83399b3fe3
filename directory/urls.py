from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_new, name="organization-new"),
    path("organizations/<uuid:organization_id>/", views.organization_edit, name="organization"),
    path(
        "organizations/<uuid:organization_id>/services/new/",
        views.service_new,
        name="service-new",
    ),
    path("services/<uuid:service_id>/", views.service_edit, name="service"),
    path("services/<uuid:service_id>/status/", views.service_status, name="service-status"),
]
