from django.urls import path

from consent.api import views

app_name = "consent-api"

CASE = "cases/<uuid:case_id>"
RELEASE = f"{CASE}/releases/<uuid:release_id>"

urlpatterns = [
    path(f"{CASE}/consent", views.ConsentGrid.as_view(), name="grid"),
    path(f"{CASE}/consent/preview", views.PacketPreview.as_view(), name="packet-preview"),
    path(f"{CASE}/people", views.PersonList.as_view(), name="person-list"),
    path(f"{CASE}/people/<uuid:person_id>", views.PersonDetail.as_view(), name="person-detail"),
    path(f"{CASE}/releases", views.ReleaseList.as_view(), name="release-list"),
    path(RELEASE, views.ReleaseDetail.as_view(), name="release-detail"),
    path(f"{RELEASE}/revoke", views.ReleaseRevoke.as_view(), name="release-revoke"),
    path(f"{RELEASE}/confirm", views.ReleaseConfirm.as_view(), name="release-confirm"),
    path(f"{RELEASE}/fhir", views.ReleaseFhir.as_view(), name="release-fhir"),
    path(f"{CASE}/restrictions", views.RestrictionList.as_view(), name="restriction-list"),
    path(
        f"{CASE}/restrictions/<uuid:restriction_id>/remove",
        views.RestrictionRemove.as_view(),
        name="restriction-remove",
    ),
]
