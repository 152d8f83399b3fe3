from django.urls import path

from cases.api import views

app_name = "cases-api"

CASE = "cases/<uuid:case_id>"
NOTE = f"{CASE}/notes/<uuid:note_id>"

urlpatterns = [
    path("cases", views.CaseList.as_view(), name="case-list"),
    path("cases/search", views.CaseSearch.as_view(), name="case-search"),
    path(CASE, views.CaseDetail.as_view(), name="case-detail"),
    path(f"{CASE}/close", views.CaseClose.as_view(), name="case-close"),
    path(f"{CASE}/notes", views.NoteList.as_view(), name="note-list"),
    path(NOTE, views.NoteDetail.as_view(), name="note-detail"),
    path(f"{NOTE}/sign", views.NoteSign.as_view(), name="note-sign"),
    path(f"{NOTE}/addenda", views.NoteAddenda.as_view(), name="note-addenda"),
    path(f"{CASE}/team", views.TeamList.as_view(), name="team-list"),
    path(f"{CASE}/team/<uuid:membership_id>/end", views.TeamEnd.as_view(), name="team-end"),
    path(f"{CASE}/goals", views.GoalList.as_view(), name="goal-list"),
    path(f"{CASE}/goals/<uuid:goal_id>", views.GoalDetail.as_view(), name="goal-detail"),
    path(f"{CASE}/check-ins", views.CheckInList.as_view(), name="check-in-list"),
    path(f"{CASE}/services", views.ServiceList.as_view(), name="service-list"),
]
