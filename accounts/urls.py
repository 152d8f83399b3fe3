from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/verify/", views.verify, name="verify"),
    path("sign-in/enrol/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-out/everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("security/", views.security, name="security"),
    path("security/password/", views.PasswordChange.as_view(), name="password-change"),
    path("set-password/<uidb64>/<token>/", views.SetPassword.as_view(), name="set-password"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<uuid:user_id>/", views.user_edit, name="user-edit"),
    path("users/<uuid:user_id>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<uuid:user_id>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path(
        "users/<uuid:user_id>/second-factor/reset/",
        views.user_reset_second_factor,
        name="user-reset-second-factor",
    ),
    path(
        "users/<uuid:user_id>/password-link/", views.user_password_link, name="user-password-link"
    ),
    path("users/changes/", views.change_request_list, name="change-request-list"),
    path(
        "users/changes/<uuid:request_id>/approve/",
        views.change_request_approve,
        name="change-request-approve",
    ),
    path(
        "users/changes/<uuid:request_id>/decline/",
        views.change_request_decline,
        name="change-request-decline",
    ),
    path("changes/confirm/", views.change_confirm, name="change-confirm"),
]
