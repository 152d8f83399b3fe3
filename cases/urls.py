from django.urls import path

from cases import views
from cases.record_urls import urlpatterns as record_urlpatterns

app_name = "cases"

# The case, its team, safety and access (cases/views/case.py, team.py, safety.py) ...
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new/", views.intake, name="intake"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("break-glass/review/", views.break_glass_review, name="break-glass-review"),
    path(
        "break-glass/<uuid:grant_id>/reviewed/",
        views.break_glass_reviewed,
        name="break-glass-reviewed",
    ),
    path(
        "break-glass/unsupervised/",
        views.break_glass_unsupervised,
        name="break-glass-unsupervised",
    ),
    path(
        "break-glass/unsupervised/<uuid:grant_id>/reviewed/",
        views.break_glass_unsupervised_reviewed,
        name="break-glass-unsupervised-reviewed",
    ),
    path("<uuid:case_id>/", views.detail, name="detail"),
    path("<uuid:case_id>/viewers/", views.viewers, name="viewers"),
    path("<uuid:case_id>/identity/", views.edit, name="edit"),
    path("<uuid:case_id>/status/", views.status, name="status"),
    path("<uuid:case_id>/close/", views.close, name="close"),
    path("<uuid:case_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:case_id>/team/", views.team, name="team"),
    path("<uuid:case_id>/team/<uuid:membership_id>/end/", views.team_end, name="team-end"),
    path("<uuid:case_id>/safety/", views.safety, name="safety"),
    path("<uuid:case_id>/safe-contact/", views.safe_contact, name="safe-contact"),
    path("<uuid:case_id>/mandated-report/", views.mandated_report, name="mandated-report"),
]
# ... and what is recorded on it: notes, contact, the journey (cases/views/notes.py, journey.py).
urlpatterns += record_urlpatterns
