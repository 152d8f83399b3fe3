from django.urls import path  # noqa: F401 - the case endpoints are added here

urlpatterns = []
