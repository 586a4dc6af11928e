"""Celery tasks of the reports: take an id, call a service, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="reports.tasks.build_snapshot",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def build_snapshot(period_id: int, rebuild: bool = False) -> int | None:
    """Build the closed period's snapshot (one per period; an existing one stays unless `rebuild`)."""
    from reports.services import snapshot_build

    snapshot = snapshot_build(period_id=period_id, rebuild=rebuild)
    return snapshot.pk if snapshot else None
