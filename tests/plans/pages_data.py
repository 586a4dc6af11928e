"""A programme of any size for the progress pages' tests: every timeliness class, subtasks, updates, links."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from plans import summaries
from plans.models import Document, DocumentLink, Field, Goal, Leader, Pillar, Plan, Status, Task, TaskUpdate, Unit
from tests import factories


def build_programme(*, units: int = 3, plans: int = 2, tasks_per_plan: int = 6, updates_per_task: int = 2) -> dict:
    """Units with heads, documents in a chain, plans with goals, tasks (with subtasks) in every class, updates."""
    today = timezone.localdate()
    user = factories.UserFactory()
    unit_objs = [factories.UnitFactory() for _ in range(units)]
    heads = [
        factories.LeaderFactory(unit=u, person_name=f"Nguyễn Văn {i}", user=user if i == 0 else None)
        for i, u in enumerate(unit_objs)
    ]
    resolution = factories.DocumentFactory(kind=Document.Kind.RESOLUTION, number="09-NQ/TU", level="provincial")
    plan_objs = []
    for p in range(plans):
        doc = factories.DocumentFactory()
        DocumentLink.objects.create(source=doc, target=resolution)
        plan = factories.PlanFactory(document=doc, owner=unit_objs[p % units])
        Goal.objects.create(plan=plan, statement=f"Mục tiêu {p}", target_value=80, current_value=50, target_unit="%")
        plan_objs.append(plan)
    pillars, fields = list(Pillar.values), ["e_government", "smart_city", "health", "education", "environment"]
    Field.objects.filter(code__in=fields).update(is_priority=True)  # the overview's chart by priority field
    task_objs = []
    for plan in plan_objs:
        parent = None
        for i in range(tasks_per_plan):
            kind = i % 5
            kwargs = {
                "plan": plan,
                "lead_unit": unit_objs[i % units],
                "responsible_leader": heads[i % units],
                "pillar": pillars[i % len(pillars)],
                "field": fields[i % len(fields)],
                "is_sample": i % 2 == 0,
            }
            if kind == 0:  # completed on time
                kwargs.update(
                    status=Status.COMPLETED,
                    progress=100,
                    completed_on=today - dt.timedelta(days=40),
                    due_date=today - dt.timedelta(days=30),
                )
            elif kind == 1:  # completed late
                kwargs.update(
                    status=Status.COMPLETED,
                    progress=100,
                    completed_on=today - dt.timedelta(days=5),
                    due_date=today - dt.timedelta(days=20),
                )
            elif kind == 2:  # overdue
                kwargs.update(status=Status.IN_PROGRESS, progress=40, due_date=today - dt.timedelta(days=10))
            elif kind == 3:  # on track, due soon
                kwargs.update(status=Status.IN_PROGRESS, progress=60, due_date=today + dt.timedelta(days=10))
            else:  # no deadline
                kwargs.update(status=Status.NOT_STARTED, progress=0, due_date=None, start_date=None)
            if kwargs.get("due_date") and kwargs["due_date"] < today - dt.timedelta(days=30):
                kwargs["start_date"] = kwargs["due_date"] - dt.timedelta(days=60)
            if i == 5 and parent is not None:
                kwargs["parent"] = parent
            task = factories.TaskFactory(**kwargs)
            if i == 0:
                parent = task
            if i % units == 1:
                task.cooperating_units.add(unit_objs[0])
            task_objs.append(task)
    now = timezone.now()
    TaskUpdate.objects.bulk_create(
        [
            TaskUpdate(
                task=t,
                author=user,
                status=t.status,
                progress=t.progress,
                previous_status=Status.NOT_STARTED,
                previous_progress=0,
                note=f"Báo cáo {k}",
                created_at=now - dt.timedelta(days=3 + 20 * k),
            )
            for t in task_objs
            for k in range(updates_per_task)
        ]
    )
    summaries.rebuild()  # bulk_create bypasses the signals that keep the summaries
    return {
        "units": unit_objs,
        "heads": heads,
        "plans": plan_objs,
        "tasks": task_objs,
        "resolution": resolution,
        "user": user,
    }


__all__ = ["build_programme", "Leader", "Plan", "Task", "Unit"]


def build_document_chain() -> tuple[Document, list[Document], list[Document]]:
    """A resolution implemented by two plans (issued 1 and 2 January 2025), the first of them implemented by three
    decisions (1, 2 and 3 February): a chain to cut (`plans.selectors.documents.TREE_LIMIT`)."""
    top = factories.DocumentFactory(number="1/NQ-TU")
    plans = [factories.DocumentFactory(number=f"{n}/KH-UBND", issue_date=dt.date(2025, 1, n)) for n in (1, 2)]
    decisions = [factories.DocumentFactory(number=f"{n}/QĐ-UBND", issue_date=dt.date(2025, 2, n)) for n in (1, 2, 3)]
    DocumentLink.objects.bulk_create(
        [DocumentLink(source=doc, target=top) for doc in plans]
        + [DocumentLink(source=doc, target=plans[0]) for doc in decisions]
    )
    return top, plans, decisions
