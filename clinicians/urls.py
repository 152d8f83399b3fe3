from django.urls import path

from clinicians import views

app_name = "clinicians"

CASE = "cases/<uuid:case_id>"
CLINICAL_NOTE = f"{CASE}/clinical-notes/<uuid:note_id>"
PSYCHOTHERAPY_NOTE = f"{CASE}/psychotherapy-notes/<uuid:note_id>"
ASSIGNMENT = f"{CASE}/assignments/<uuid:assignment_id>"

urlpatterns = [
    path("", views.my_survivors, name="my-survivors"),
    path("overview/", views.overview, name="overview"),
    path("profile/", views.my_profile, name="my-profile"),
    path("profile/trainings/", views.training_add, name="training-add"),
    path("people/<uuid:clinician_id>/", views.clinician_detail, name="clinician-detail"),
    path("sessions/new/", views.session_new, name="session-new"),
    path(f"{CASE}/", views.clinical_record, name="record"),
    path(f"{CASE}/sessions/new/", views.session_new, name="case-session-new"),
    path(f"{CASE}/clinical-notes/new/", views.clinical_note_new, name="clinical-note-new"),
    path(f"{CLINICAL_NOTE}/", views.clinical_note_detail, name="clinical-note"),
    path(f"{CLINICAL_NOTE}/sign/", views.clinical_note_sign, name="clinical-note-sign"),
    path(f"{CLINICAL_NOTE}/addenda/", views.clinical_note_addendum, name="clinical-note-addendum"),
    path(
        f"{CASE}/psychotherapy-notes/new/",
        views.psychotherapy_note_new,
        name="psychotherapy-note-new",
    ),
    path(f"{PSYCHOTHERAPY_NOTE}/", views.psychotherapy_note_detail, name="psychotherapy-note"),
    path(
        f"{PSYCHOTHERAPY_NOTE}/sign/",
        views.psychotherapy_note_sign,
        name="psychotherapy-note-sign",
    ),
    path(
        f"{PSYCHOTHERAPY_NOTE}/addenda/",
        views.psychotherapy_note_addendum,
        name="psychotherapy-note-addendum",
    ),
    path(f"{CASE}/measures/<str:instrument>/new/", views.measure_new, name="measure-new"),
    path(f"{CASE}/measures/<uuid:administration_id>/", views.measure_result, name="measure-result"),
    path(f"{CASE}/progress/<str:instrument>/", views.progress, name="progress"),
    path(f"{CASE}/wishes/", views.wishes, name="wishes"),
    path(f"{CASE}/matching/", views.matching, name="matching"),
    path(f"{CASE}/assignments/request/", views.assignment_request, name="assignment-request"),
    path(f"{ASSIGNMENT}/approve/", views.assignment_approve, name="assignment-approve"),
    path(f"{ASSIGNMENT}/decline/", views.assignment_decline, name="assignment-decline"),
    path(f"{ASSIGNMENT}/end/", views.assignment_end, name="assignment-end"),
    path(f"{ASSIGNMENT}/schedule/", views.schedule_set, name="schedule"),
]
