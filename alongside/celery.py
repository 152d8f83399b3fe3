"""The Celery application. Tasks carry ids, never survivor data (STYLE.md habit 8)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

app = Celery("alongside")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
