from django.urls import path  # noqa: F401 - the record pages are added here

urlpatterns = []
