"""The rating on a task's page: colour and text, the same rule as the reports, and no extra query."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from plans.models import Status
from tests import factories


def test_task_page_shows_the_tasks_rating_in_text(client, unit_a):
    today = timezone.localdate()
    overdue = factories.TaskFactory(
        lead_unit=unit_a, due_date=today - dt.timedelta(days=1), start_date=today - dt.timedelta(days=90)
    )
    on_track = factories.TaskFactory(
        lead_unit=unit_a, status=Status.IN_PROGRESS, progress=50,
        start_date=today - dt.timedelta(days=50), due_date=today + dt.timedelta(days=50),
    )  # fmt: skip
    page = client.get(reverse("plans:task_detail", args=[overdue.pk])).content.decode()
    assert 'data-testid="task-rating"><span class="badge rating-red text-bg-danger">Đỏ</span>' in page
    page = client.get(reverse("plans:task_detail", args=[on_track.pk])).content.decode()
    assert 'class="badge rating-green text-bg-success">Xanh</span>' in page


def test_a_cancelled_task_shows_no_rating(client, unit_a):
    task = factories.TaskFactory(lead_unit=unit_a, status=Status.CANCELLED)
    assert 'data-testid="task-rating"' not in client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
