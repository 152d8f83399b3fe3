from django.urls import path

from consent import views

app_name = "consent"

# Mounted under a case: /cases/<case_id>/consent/...
urlpatterns = [
    path("", views.consent_page, name="page"),
    path("releases/new/", views.release_new, name="release-new"),
    path("releases/<uuid:release_id>/", views.release_detail, name="release"),
    path("releases/<uuid:release_id>/revoke/", views.release_revoke, name="release-revoke"),
    path("releases/<uuid:release_id>/confirm/", views.release_confirm, name="release-confirm"),
    path("releases/<uuid:release_id>/receipt/", views.release_receipt, name="release-receipt"),
    path("notices/<uuid:notice_id>/sent/", views.notice_sent, name="notice-sent"),
    path("restrictions/new/", views.restriction_new, name="restriction-new"),
    path(
        "restrictions/<uuid:restriction_id>/remove/",
        views.restriction_remove,
        name="restriction-remove",
    ),
    path("people/new/", views.person_new, name="person-new"),
]
