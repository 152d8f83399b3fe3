from django.urls import path

from cases import views

# What is recorded on a case; merged into the "cases" namespace by cases/urls.py.
urlpatterns = [
    path("<uuid:case_id>/forms/<slug:form>/", views.case_form, name="case-form"),
    path("<uuid:case_id>/notes/new/", views.note_create, name="note-create"),
    path("<uuid:case_id>/notes/<uuid:note_id>/", views.note_detail, name="note-detail"),
    path("<uuid:case_id>/notes/<uuid:note_id>/edit/", views.note_edit, name="note-edit"),
    path("<uuid:case_id>/notes/<uuid:note_id>/sign/", views.note_sign, name="note-sign"),
    path("<uuid:case_id>/notes/<uuid:note_id>/addenda/", views.note_addendum, name="note-addendum"),
    path("<uuid:case_id>/outreach/", views.outreach, name="outreach"),
    path("<uuid:case_id>/appointments/", views.appointment, name="appointment"),
    path(
        "<uuid:case_id>/reminders/<uuid:reminder_id>/done/",
        views.reminder_done,
        name="reminder-done",
    ),
    path("<uuid:case_id>/stage/", views.stage, name="stage"),
    path("<uuid:case_id>/goals/new/", views.goal_create, name="goal-create"),
    path("<uuid:case_id>/goals/<uuid:goal_id>/", views.goal_edit, name="goal-edit"),
    path("<uuid:case_id>/goals/<uuid:goal_id>/steps/", views.goal_step_add, name="goal-step-add"),
    path(
        "<uuid:case_id>/goals/<uuid:goal_id>/steps/<uuid:step_id>/done/",
        views.goal_step_done,
        name="goal-step-done",
    ),
    path("<uuid:case_id>/check-ins/new/", views.check_in, name="check-in"),
    path("<uuid:case_id>/check-ins/", views.check_ins, name="check-ins"),
    path("<uuid:case_id>/check-ins/recent/", views.check_ins_recent, name="check-ins-recent"),
    path("<uuid:case_id>/services/", views.service, name="service"),
]
