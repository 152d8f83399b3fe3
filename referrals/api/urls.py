from django.urls import path

from referrals.api import views

app_name = "referrals-api"

CASE = "cases/<uuid:case_id>"
REFERRAL = f"{CASE}/referrals/<uuid:referral_id>"
RECEIVED = "referrals/received/<uuid:referral_id>"

urlpatterns = [
    path(f"{CASE}/referrals", views.ReferralList.as_view(), name="referral-list"),
    path(f"{CASE}/referrals/options", views.ReferralOptions.as_view(), name="referral-options"),
    path(REFERRAL, views.ReferralDetail.as_view(), name="referral-detail"),
    path(f"{REFERRAL}/withdraw", views.ReferralWithdraw.as_view(), name="referral-withdraw"),
    path(f"{CASE}/referrals-in", views.ReferralInList.as_view(), name="referral-in-list"),
    path("referrals/received", views.ReceivedList.as_view(), name="received-list"),
    path(RECEIVED, views.ReceivedDetail.as_view(), name="received-packet"),
    path(f"{RECEIVED}/steps", views.ReceivedSteps.as_view(), name="received-steps"),
    path("referrals/deadlines", views.DeadlineReport.as_view(), name="deadline-report"),
]
