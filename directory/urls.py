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
    path(
        "organizations/<uuid:organization_id>/portal-users/",
        views.partner_user_add,
        name="partner-user-add",
    ),
    path(
        "organizations/<uuid:organization_id>/portal-users/<uuid:user_id>/remove/",
        views.partner_user_remove,
        name="partner-user-remove",
    ),
    path("services/<uuid:service_id>/", views.service_edit, name="service"),
    path("services/<uuid:service_id>/status/", views.service_status, name="service-status"),
    path(
        "services/<uuid:service_id>/referrals/pause/",
        views.service_referrals_pause,
        name="service-referrals-pause",
    ),
    path(
        "services/<uuid:service_id>/referrals/resume/",
        views.service_referrals_resume,
        name="service-referrals-resume",
    ),
    path("hsds/import/", views.hsds_import, name="hsds-import"),
    path("hsds/export/<str:format>/", views.hsds_export, name="hsds-export"),
    # A partner-agency user's own services (pause and resume referrals).
    path("portal/services/", views.partner_services, name="partner-services"),
]
