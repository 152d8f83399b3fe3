from django.urls import path

from accounts.api import views

urlpatterns = [
    path("me", views.me, name="api-me"),
    path("tokens", views.tokens, name="api-tokens"),
    path("tokens/<uuid:token_id>", views.token_revoke, name="api-token-revoke"),
]
