"""The Celery app: configured from Django settings (CELERY_ namespace), tasks autodiscovered in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtracker.settings")

app = Celery("dxtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
