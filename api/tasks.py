"""Celery tasks of the API: the nightly rebuild of the open-data zip (beat job created by migration api 0002)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from api import opendata


@shared_task(
    name="api.tasks.regenerate_open_data",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def regenerate_open_data() -> str:
    """Rebuild the open-data zip from the current rows; idempotent (the last run's file is replaced)."""
    return opendata.regenerate()
