"""The daily reminder digest: each responsible head gets one e-mail a day about tasks due soon, overdue, or stale.

"At most one digest per person per day" holds even when the job runs twice or two workers pick it up at once:
a ReminderDigest row (unique on user and date) is claimed, and committed, before the e-mail is sent; whoever
fails to claim it sends nothing. If sending fails, the claim is released so a later run can try again.

A person who turned the daily reminder off in their settings (`UserPreferences.email_reminders`, `/settings/`)
gets none; their tasks stay on "my tasks".
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from plans.models import Leader, ReminderDigest, Task, UserPreferences, stale_cutoff, stale_days

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    user: object
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    stale: list[Task] = field(default_factory=list)

    @property
    def task_count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.stale)


def _responsible_user(task: Task, heads: dict[int, object], today: dt.date):
    """The task's responsible leader when that post is current and held by an active account, else the lead
    unit's current head."""
    leader = task.responsible_leader
    if leader is not None and leader.user is not None and leader.user.is_active and leader.in_office_on(today):
        return leader.user
    return heads.get(task.lead_unit_id)


def collect_digests(today: dt.date | None = None) -> list[Digest]:
    """Who gets what today (two queries: the open tasks that need a reminder, the current heads)."""
    today = today or timezone.localdate()
    due_limit = today + dt.timedelta(days=settings.DXT_REMINDER_DUE_DAYS)
    cutoff = stale_cutoff()
    tasks = (
        Task.objects.open()
        .filter(
            Q(due_date__lte=due_limit)
            | Q(last_update_at__lt=cutoff)
            | Q(last_update_at__isnull=True, created_at__lt=cutoff)
        )
        .select_related("lead_unit", "responsible_leader__user")
        .order_by("due_date", "code", "pk")
    )
    heads: dict[int, object] = {}
    for leader in (
        Leader.objects.heads_on(today)
        .filter(user__isnull=False, user__is_active=True)
        .select_related("user")
        .order_by("unit_id", "-term_start", "pk")
    ):
        heads.setdefault(leader.unit_id, leader.user)
    digests: dict[int, Digest] = {}
    for task in tasks:
        user = _responsible_user(task, heads, today)
        if user is None:
            continue
        digest = digests.setdefault(user.pk, Digest(user=user))
        if task.due_date and task.due_date < today:
            digest.overdue.append(task)
        elif task.due_date and task.due_date <= due_limit:
            digest.due_soon.append(task)
        else:
            digest.stale.append(task)
    return sorted(digests.values(), key=lambda d: d.user.pk)


def render_digest(digest: Digest, today: dt.date) -> EmailMultiAlternatives:
    site = settings.DXT_SITE_URL.rstrip("/")
    context = {
        "user": digest.user,
        "today": today,
        "digest": digest,
        "site_url": site,
        "my_tasks_url": site + reverse("plans:my_tasks"),
        "settings_url": site + reverse("plans:preferences"),
        "due_days": settings.DXT_REMINDER_DUE_DAYS,
        "stale_days": stale_days(),
    }
    # The province's officials read Vietnamese, whatever language the job's process happens to run in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/reminder_digest_subject.txt", context).split())
        text = render_to_string("emails/reminder_digest.txt", context)
        html = render_to_string("emails/reminder_digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[digest.user.email])
    message.attach_alternative(html, "text/html")
    return message


def reminders_turned_off(user_ids: list[int]) -> set[int]:
    """Which of these people turned the daily reminder off (one query; no settings row means on)."""
    return set(
        UserPreferences.objects.filter(user_id__in=user_ids, email_reminders=False).values_list("user_id", flat=True)
    )


def send_daily_digests(today: dt.date | None = None) -> int:
    """Send today's digests; returns how many this call sent (a second run the same day sends none)."""
    today = today or timezone.localdate()
    sent = 0
    digests = collect_digests(today)
    opted_out = reminders_turned_off([digest.user.pk for digest in digests])
    for digest in digests:
        if not digest.user.email or digest.user.pk in opted_out:
            logger.info("reminder: %s has no e-mail address or turned the reminder off", digest.user)
            continue
        try:
            with transaction.atomic():
                claim = ReminderDigest.objects.create(user=digest.user, date=today, task_count=digest.task_count)
        except IntegrityError:
            continue  # Already sent today (or being sent right now by another worker).
        try:
            render_digest(digest, today).send()
        except Exception:
            claim.delete()
            logger.exception("reminder: sending to %s failed; will retry on the next run", digest.user)
            continue
        sent += 1
    return sent
