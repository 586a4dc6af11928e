"""Celery tasks of the programme, published after commit (TransactionAwareTask). The beat schedule
(the jobs created by migrations plans 0006 and 0009, editable in the admin) runs send_reminders daily and
refresh_summaries just after midnight."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import InterfaceError, OperationalError

from common.tasks import TransactionAwareTask
from plans import notifications, reminders


@shared_task(
    base=TransactionAwareTask,
    name="plans.tasks.send_reminders",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def send_reminders(date: str | None = None) -> int:
    """Daily digests to the responsible heads; safe to run twice (one digest per person per day).

    `date` (ISO, optional) is the day the digest is for; today by default. Returns how many e-mails this run sent.
    """
    return reminders.send_daily_digests(dt.date.fromisoformat(date) if date else None)


@shared_task(
    base=TransactionAwareTask,
    name="plans.tasks.send_notification_email",
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def send_notification_email(notification_id: int) -> bool:
    """The e-mail of one notification (a verified or returned update). Published after the review commits."""
    return notifications.send_email(notification_id)


@shared_task(
    base=TransactionAwareTask,
    name="plans.tasks.refresh_summaries",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def refresh_summaries() -> dict[str, int]:
    """Just after midnight: rebuild every stored summary (plans/summaries.py). The pages do not need it to turn a
    task overdue (the due date decides when they read); it repairs any write that bypassed the signals, and
    compacts the rows of past days into one per group (`summaries.compacted`), so that pages stay fast."""
    from django.utils import timezone

    from plans import summaries

    return summaries.rebuild(compact_on=timezone.localdate())
