"""The periodic jobs live in django-celery-beat's tables, and only there.

Each app creates its own jobs in a data migration through `ensure_periodic_task`, which creates a job that
is missing and never changes one that exists: the DX office can change a job's time or turn it off in the
admin, and no start, deploy or migration undoes it. settings.CELERY_BEAT_SCHEDULE stays empty, so beat has
nothing to copy over the tables.
"""

from __future__ import annotations

TIME_ZONE = "Asia/Ho_Chi_Minh"


def ensure_periodic_task(
    apps, *, name: str, task: str, hour: int | None = None, minute: int | None = None, every_seconds: int | None = None
) -> None:
    """Create the job `name` running `task` daily at hour:minute (province time) or every N seconds, if absent."""
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    if periodic_task.objects.filter(name=name).exists():
        return
    if every_seconds is not None:
        interval, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
            every=every_seconds, period="seconds"
        )
        periodic_task.objects.create(name=name, task=task, interval=interval)
        return
    crontab, _ = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
        minute=str(minute), hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIME_ZONE
    )
    periodic_task.objects.create(name=name, task=task, crontab=crontab)


def remove_periodic_task(apps, *, name: str) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()
