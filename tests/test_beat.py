"""The periodic jobs: created once by migrations, and an edit in the admin survives beat's start."""

import pytest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

import api.tasks
import indicators.tasks
import plans.tasks
from dxtracker.celery import app

pytestmark = pytest.mark.django_db

JOBS = {
    "send-reminders-daily": "plans.tasks.send_reminders",
    "refresh-summaries-nightly": "plans.tasks.refresh_summaries",
    "recompute-all-scores-nightly": "indicators.tasks.recompute_all_scores",
    "enqueue-held-recomputations": "indicators.tasks.enqueue_held_recomputations",
    "regenerate-open-data-nightly": "api.tasks.regenerate_open_data",
}


def test_the_migrations_create_every_job_for_a_registered_task():
    assert dict(PeriodicTask.objects.filter(name__in=JOBS).values_list("name", "task")) == JOBS
    registered = {indicators.tasks.recompute_all_scores.name, indicators.tasks.enqueue_held_recomputations.name}
    assert set(JOBS.values()) == registered | {
        plans.tasks.send_reminders.name,
        plans.tasks.refresh_summaries.name,
        api.tasks.regenerate_open_data.name,
    }


def test_reminders_run_at_seven_province_time():
    crontab = PeriodicTask.objects.get(name="send-reminders-daily").crontab
    assert (crontab.hour, crontab.minute, str(crontab.timezone)) == ("7", "0", "Asia/Ho_Chi_Minh")


def test_summaries_are_refreshed_just_after_midnight_province_time():
    crontab = PeriodicTask.objects.get(name="refresh-summaries-nightly").crontab
    assert (crontab.hour, crontab.minute, str(crontab.timezone)) == ("0", "5", "Asia/Ho_Chi_Minh")


@pytest.mark.django_db(transaction=True)  # the scheduler closes the connection it used, as beat does
def test_an_edit_in_the_admin_survives_beat_starting():
    job = PeriodicTask.objects.get(name="send-reminders-daily")
    job.crontab.hour = "9"
    job.crontab.save()
    job.enabled = False
    job.save()
    DatabaseScheduler(app=app)  # what `celery beat` does at start: it would copy a schedule from settings
    job.refresh_from_db()
    assert (job.crontab.hour, job.enabled) == ("9", False)
