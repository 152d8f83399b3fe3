from django.urls import path

from clinicians.api import views

app_name = "clinicians-api"

CASE = "cases/<uuid:case_id>"
ASSIGNMENT = f"{CASE}/assignments/<uuid:assignment_id>"
CLINICAL_NOTE = f"{CASE}/clinical-notes/<uuid:note_id>"
PSYCHOTHERAPY_NOTE = f"{CASE}/psychotherapy-notes/<uuid:note_id>"

urlpatterns = [
    path("clinicians", views.ClinicianList.as_view(), name="clinician-list"),
    path("clinicians/me", views.MyProfile.as_view(), name="my-profile"),
    path("clinicians/me/trainings", views.MyTrainings.as_view(), name="my-trainings"),
    path("clinicians/my-survivors", views.MySurvivors.as_view(), name="my-survivors"),
    path("clinicians/overview", views.ClinicianOverview.as_view(), name="overview"),
    path(
        "clinicians/assignment-requests",
        views.AssignmentRequests.as_view(),
        name="assignment-requests",
    ),
    path("therapy-sessions", views.SessionRecord.as_view(), name="session-record"),
    path(f"{CASE}/clinician-wishes", views.Wishes.as_view(), name="wishes"),
    path(f"{CASE}/clinician-matches", views.Matches.as_view(), name="matches"),
    path(f"{CASE}/assignments", views.AssignmentList.as_view(), name="assignment-list"),
    path(f"{ASSIGNMENT}/approve", views.AssignmentApprove.as_view(), name="assignment-approve"),
    path(f"{ASSIGNMENT}/decline", views.AssignmentDecline.as_view(), name="assignment-decline"),
    path(f"{ASSIGNMENT}/end", views.AssignmentEnd.as_view(), name="assignment-end"),
    path(f"{ASSIGNMENT}/schedule", views.AssignmentSchedule.as_view(), name="assignment-schedule"),
    path(f"{CASE}/therapy-sessions", views.SessionList.as_view(), name="session-list"),
    path(f"{CASE}/clinical-notes", views.ClinicalNoteList.as_view(), name="clinical-note-list"),
    path(CLINICAL_NOTE, views.ClinicalNoteDetail.as_view(), name="clinical-note-detail"),
    path(f"{CLINICAL_NOTE}/sign", views.ClinicalNoteSign.as_view(), name="clinical-note-sign"),
    path(
        f"{CLINICAL_NOTE}/addenda",
        views.ClinicalNoteAddenda.as_view(),
        name="clinical-note-addenda",
    ),
    path(
        f"{CASE}/psychotherapy-notes",
        views.PsychotherapyNoteList.as_view(),
        name="psychotherapy-note-list",
    ),
    path(
        PSYCHOTHERAPY_NOTE,
        views.PsychotherapyNoteDetail.as_view(),
        name="psychotherapy-note-detail",
    ),
    path(
        f"{PSYCHOTHERAPY_NOTE}/sign",
        views.PsychotherapyNoteSign.as_view(),
        name="psychotherapy-note-sign",
    ),
    path(
        f"{PSYCHOTHERAPY_NOTE}/addenda",
        views.PsychotherapyNoteAddenda.as_view(),
        name="psychotherapy-note-addenda",
    ),
    path(f"{CASE}/measures", views.MeasureList.as_view(), name="measure-list"),
    path(
        f"{CASE}/measures/<uuid:administration_id>",
        views.MeasureDetail.as_view(),
        name="measure-detail",
    ),
    path(f"{CASE}/progress/<str:instrument>", views.Progress.as_view(), name="progress"),
]
