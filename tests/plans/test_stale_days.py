"""One number says when a task is stale (settings.DXT_REMINDER_STALE_DAYS): the unit pages follow it as the
reminders do."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Status, TaskUpdate
from plans.selectors import units
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("stale_days", "recent"), [(10, 0), (20, 1)])
def test_unit_staleness_counts_updates_within_the_configured_days(settings, stale_days, recent):
    settings.DXT_REMINDER_STALE_DAYS = stale_days
    now = timezone.now()
    task = factories.TaskFactory(status=Status.IN_PROGRESS)
    TaskUpdate.objects.create(
        task=task, created_at=now - dt.timedelta(days=15), status=Status.IN_PROGRESS, progress=task.progress
    )
    staleness = units.unit_staleness(unit_ids=[task.lead_unit_id], now=now)[task.lead_unit_id]
    assert (staleness.open_tasks, staleness.open_recent, staleness.days_since) == (1, recent, 15)


@pytest.mark.django_db
def test_the_pages_show_the_configured_days(settings, client):
    settings.DXT_REMINDER_STALE_DAYS = 21
    response = client.get(reverse("plans:unit_list"))
    assert response.context["stale_days"] == 21
    assert "21" in response.content.decode()
