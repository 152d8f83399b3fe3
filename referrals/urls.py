from django.urls import path

from referrals import views

app_name = "referrals"

CASE = "cases/<uuid:case_id>/referrals"
REFERRAL = f"{CASE}/<uuid:referral_id>"

# Mounted at the site's root: the sender's pages live under a case, the receiver's under /portal/.
urlpatterns = [
    path(f"{CASE}/", views.case_referrals, name="case-referrals"),
    path(f"{CASE}/new/", views.send, name="send"),
    path(f"{CASE}/received/new/", views.received_new, name="received-new"),
    path(f"{REFERRAL}/", views.sender_detail, name="sender-detail"),
    path(f"{REFERRAL}/step/", views.sender_step, name="sender-step"),
    path("portal/", views.queue, name="queue"),
    path("portal/referrals/<uuid:referral_id>/", views.packet, name="packet"),
    path("portal/referrals/<uuid:referral_id>/step/", views.step, name="step"),
    path("referrals/deadlines/", views.deadlines, name="deadlines"),
]
