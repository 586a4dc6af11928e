"""A quarter to report on: 2026-Q3 (01/07/2026-30/09/2026), with tasks whose history says how they stood on
30/09/2026, and what has happened to them since."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from plans.models import Pillar, Status
from reports import periods, services
from tests import factories


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T10:00"))


@pytest.fixture
def quarter(db, unit_a, unit_b, head_a, head_b):
    plan = factories.PlanFactory(owner=unit_a, title="Kế hoạch CĐS 2026")
    factories.GoalFactory(
        plan=plan,
        statement="Tỷ lệ hồ sơ trực tuyến toàn trình",
        target_value=Decimal("80"),
        target_unit="%",
        current_value=Decimal("62.5"),
    )
    a_head, b_head = head_a.leader_posts.get(), head_b.leader_posts.get()
    done = factories.TaskFactory(
        plan=plan,
        code="NV01",
        title="Cổng dịch vụ công",
        lead_unit=unit_a,
        responsible_leader=a_head,
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 8, 31),
        status=Status.COMPLETED,
        progress=100,
        completed_on=dt.date(2026, 8, 20),
        description="Cổng DVC vận hành",
    )
    factories.TaskUpdateFactory(task=done, status=Status.IN_PROGRESS, progress=40, created_at=at("2026-06-10"))
    factories.TaskUpdateFactory(
        task=done,
        status=Status.COMPLETED,
        progress=100,
        created_at=at("2026-08-20"),
        note="Đã hoàn thành",
        previous_status=Status.IN_PROGRESS,
        previous_progress=40,
    )
    # Overdue on 30/09, completed in October.
    late = factories.TaskFactory(
        plan=plan,
        code="NV02",
        title="Bệnh án điện tử",
        lead_unit=unit_b,
        responsible_leader=b_head,
        pillar=Pillar.DIGITAL_SOCIETY,
        start_date=dt.date(2026, 3, 1),
        due_date=dt.date(2026, 9, 15),
        status=Status.COMPLETED,
        progress=100,
        completed_on=dt.date(2026, 10, 5),
    )
    factories.TaskUpdateFactory(
        task=late,
        status=Status.IN_PROGRESS,
        progress=50,
        created_at=at("2026-07-10"),
        note="Thiếu kinh phí",
        previous_status=Status.NOT_STARTED,
        previous_progress=0,
    )
    factories.TaskUpdateFactory(
        task=late,
        status=Status.COMPLETED,
        progress=100,
        created_at=at("2026-10-05"),
        previous_status=Status.IN_PROGRESS,
        previous_progress=50,
    )
    # Started in September, first reported in October: on 30/09 it stood where its first update started from.
    fresh = factories.TaskFactory(
        plan=plan,
        code="NV03",
        title="Kho dữ liệu dùng chung",
        lead_unit=unit_a,
        responsible_leader=a_head,
        start_date=dt.date(2026, 9, 1),
        due_date=dt.date(2027, 6, 30),
        status=Status.IN_PROGRESS,
        progress=30,
    )
    factories.TaskUpdateFactory(
        task=fresh,
        status=Status.IN_PROGRESS,
        progress=30,
        created_at=at("2026-10-20"),
        previous_status=Status.NOT_STARTED,
        previous_progress=0,
    )
    factories.TaskFactory(
        plan=plan,
        code="NV04",
        title="Nhiệm vụ đã hủy",
        lead_unit=unit_a,
        status=Status.CANCELLED,
        progress=0,
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 6, 30),
    )
    # Starts after the quarter: not in its annex, but due in the next one.
    factories.TaskFactory(
        plan=plan,
        code="NV05",
        title="Tập huấn kỹ năng số",
        lead_unit=unit_b,
        responsible_leader=b_head,
        start_date=dt.date(2026, 10, 1),
        due_date=dt.date(2026, 12, 20),
        status=Status.NOT_STARTED,
        progress=0,
    )
    return services.period_get_or_create(span=periods.parse("2026-Q3"))
