from django.urls import path

from organization import views

app_name = "organization"

urlpatterns = [
    path("programs/", views.program_list, name="program-list"),
    path("programs/<uuid:program_id>/", views.program_detail, name="program-detail"),
    path(
        "programs/<uuid:program_id>/release-rule/",
        views.program_release_rule,
        name="program-release-rule",
    ),
    path(
        "programs/<uuid:program_id>/supervisors/",
        views.program_supervisor_add,
        name="program-supervisor-add",
    ),
    path(
        "programs/<uuid:program_id>/supervisors/<uuid:user_id>/remove/",
        views.program_supervisor_remove,
        name="program-supervisor-remove",
    ),
]
