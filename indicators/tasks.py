"""Celery tasks of the DX index: take ids, call a service. Published after commit (TransactionAwareTask) and
acknowledged late (settings): a run whose worker is killed is delivered again, and a run of the same inputs
is harmless (it records "unchanged")."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from common.tasks import TransactionAwareTask
from indicators import robustness_services, services
from indicators.models import ScoreRun

MAX_RETRIES = 5
# The database unreachable before a run could even be recorded: retried with backoff.
TRANSIENT = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "retry_backoff_max": 60}


def retry_delay(retries: int) -> int:
    """Seconds before retry number `retries + 1` of a failed run: 10, 20, 40, 80, 160 (at most 5 minutes)."""
    return min(10 * 2**retries, 300)


@shared_task(base=TransactionAwareTask, bind=True, max_retries=MAX_RETRIES, **TRANSIENT)
def recompute_scores(self, framework_id: int, year: int, trigger: str = ScoreRun.Trigger.CHANGE) -> int:
    """Recompute one framework-year. A failed run is recorded as such, then retried with a growing delay
    while retries remain (the run says so: "retrying"). Returns the ScoreRun id."""
    # Embedded mode (no broker, tasks run in the web request): no retry, the failed run is recorded and shown.
    will_retry = self.request.retries < self.max_retries and not self.app.conf.task_always_eager
    run = services.recompute_scores(
        framework_id=framework_id, year=year, trigger=trigger, task_id=self.request.id or "", will_retry=will_retry
    )
    if run.outcome == ScoreRun.Outcome.FAILED and will_retry:
        raise self.retry(countdown=retry_delay(self.request.retries))
    if run.outcome == ScoreRun.Outcome.WRITTEN:
        compute_rank_robustness.delay(framework_id, year)
    return run.pk


@shared_task(base=TransactionAwareTask, max_retries=3, **TRANSIENT)
def compute_rank_robustness(framework_id: int, year: int) -> int:
    """After a score run that wrote: the rank intervals of the new scores, cached per inputs. Safe to run twice."""
    return len(robustness_services.robustness_refresh(framework_id=framework_id, year=year))


@shared_task(base=TransactionAwareTask, max_retries=3, **TRANSIENT)
def recompute_all_scores() -> list[int]:
    """Nightly (beat): every framework-year. Safe to run twice: unchanged inputs are not rewritten."""
    runs = services.recompute_all(trigger=ScoreRun.Trigger.NIGHTLY)
    for run in runs:
        if run.outcome == ScoreRun.Outcome.WRITTEN:
            compute_rank_robustness.delay(run.framework_id, run.year)
    return [run.pk for run in runs]


@shared_task(base=TransactionAwareTask, max_retries=3, **TRANSIENT)
def enqueue_held_recomputations() -> int:
    """Every minute (beat): send the recomputations asked for while the broker was down. Safe to run twice:
    each request is claimed before it is sent."""
    return services.enqueue_held_recomputations()
