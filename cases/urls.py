from django.urls import path  # noqa: F401 - the case pages are added here

from cases.record_urls import urlpatterns as record_urlpatterns

app_name = "cases"

# The case, its team, safety and access (cases/views.py) ...
urlpatterns = []
# ... and what is recorded on it: notes, contact, the recovery journey (cases/record_views.py).
urlpatterns += record_urlpatterns
