"""Celery tasks of the DX index: take ids, call a service. Enqueued on commit (services.request_recompute)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from indicators import services
from indicators.models import ScoreRun


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    acks_late=True,
)
def recompute_scores(framework_id: int, year: int, trigger: str = ScoreRun.Trigger.CHANGE) -> int:
    """Recompute one framework-year; retried on transient database errors. Returns the ScoreRun id."""
    return services.recompute_scores(framework_id=framework_id, year=year, trigger=trigger).pk


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=3, acks_late=True)
def recompute_all_scores() -> list[int]:
    """Nightly (beat): every framework-year. Safe to run twice: unchanged inputs are not rewritten."""
    return [run.pk for run in services.recompute_all(trigger=ScoreRun.Trigger.NIGHTLY)]
