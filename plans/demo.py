"""Demo data: the real facts of Nam Định's programme from the seed article, plus sample tasks and updates.

The rows are data files in plans/demo_data/ (described in its README.md); this module only loads them.
Everything invented (tasks, their dates and progress, updates, demo users) is marked `is_sample` and shown as
sample data (dữ liệu minh họa). Leaders are positions, never people's names. Loading is idempotent: rows are
found by their natural keys and only created when missing, so a second run changes nothing and never
overwrites what the DX office has edited since.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from plans import rules, summaries
from plans.models import (
    Document,
    DocumentLink,
    Field,
    Goal,
    Leader,
    Pillar,
    Plan,
    ProgrammeSettings,
    Status,
    Task,
    TaskUpdate,
    Unit,
)

DATA = Path(__file__).resolve().parent / "demo_data"
DEMO_PASSWORD = "dxtracker-demo"
SAMPLE_NOTE = "Dữ liệu minh họa."
TERM_START = dt.date(2021, 1, 1)
STEERING = "Ban Chỉ đạo về chuyển đổi số tỉnh Nam Định"
# The seed: the steering committee is headed by the chairman of the People's Committee, and its members are
# the heads of the departments and agencies.
STEERING_MEMBER_KINDS = {Unit.Kind.DEPARTMENT}
ROLES = {"viewer": rules.VIEWER, "unit_head": rules.UNIT_HEAD, "dx_office": rules.DX_OFFICE, "admin": rules.ADMIN}


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _days(value: str) -> int | None:
    return int(value) if value else None


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str
    is_staff: bool
    is_superuser: bool
    head_of_unit: str  # short name of the unit whose head the user is, or ""
    display_name: str


def demo_users() -> list[DemoUser]:
    """Demo sign-ins, one per role, and unit heads of different units (users.csv)."""
    return [
        DemoUser(
            username=row["username"],
            group=ROLES[row["role"]],
            is_staff=row["is_staff"] == "yes",
            is_superuser=row["is_superuser"] == "yes",
            head_of_unit=row["head_of_unit"],
            display_name=row["display_name"],
        )
        for row in read_csv("users.csv")
    ]


@dataclass(frozen=True)
class Scenario:
    """Where a sample task stands relative to the day of loading, so that every timeliness class appears."""

    start_in_days: int
    due_in_days: int | None
    status: str
    progress: int
    completed_in_days: int | None


def scenarios() -> dict[str, Scenario]:
    return {
        row["name"]: Scenario(
            start_in_days=int(row["start_in_days"]),
            due_in_days=_days(row["due_in_days"]),
            status=Status(row["status"]),
            progress=int(row["progress"]),
            completed_in_days=_days(row["completed_in_days"]),
        )
        for row in read_csv("scenarios.csv")
    }


def _units() -> dict[str, Unit]:
    by_name: dict[str, Unit] = {}
    for row in read_csv("units.csv"):
        unit, _ = Unit.objects.get_or_create(
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "kind": Unit.Kind(row["kind"]),
                "parent": by_name.get(row["parent"]),
            },
        )
        by_name[row["name"]] = unit
    return by_name


def _leaders(units: dict[str, Unit]) -> dict[str, Leader]:
    """The head of every unit that has one, the steering committee's members, then leaders.csv's others."""
    heads: dict[str, Leader] = {}
    rows = [row for row in read_csv("units.csv") if row["head_position"]]
    for row in rows:
        unit = units[row["name"]]
        leader, _ = Leader.objects.get_or_create(
            unit=unit, position_title=row["head_position"], role=Leader.Role.HEAD, defaults={"term_start": TERM_START}
        )
        heads[unit.short_name] = leader
    for row in rows:
        if units[row["name"]].kind in STEERING_MEMBER_KINDS:
            Leader.objects.get_or_create(
                unit=units[STEERING],
                position_title=f"Thành viên Ban Chỉ đạo ({row['head_position']})",
                role=Leader.Role.MEMBER,
                defaults={"term_start": TERM_START},
            )
    for row in read_csv("leaders.csv"):
        Leader.objects.get_or_create(
            unit=units[row["unit"]],
            position_title=row["position_title"],
            role=Leader.Role(row["role"]),
            defaults={"term_start": TERM_START},
        )
    return heads


def _documents(units: dict[str, Unit]) -> dict[str, Document]:
    """Documents by number (or by title when they have none), then the links to what each implements."""
    docs: dict[str, Document] = {}
    rows = read_csv("documents.csv")
    for row in rows:
        lookup = {"number": row["number"]} if row["number"] else {"title": row["title"]}
        docs[row["number"] or row["title"]], _ = Document.objects.get_or_create(
            **lookup,
            defaults={
                "kind": Document.Kind(row["kind"]),
                "level": Document.Level(row["level"]),
                "issuer": units[row["issuer"]],
                "title": row["title"],
                "number": row["number"],
                "issue_date": _date(row["issue_date"]),
                "summary": row["summary"],
            },
        )
    for row in rows:
        for target in filter(None, (number.strip() for number in row["implements"].split(";"))):
            DocumentLink.objects.get_or_create(source=docs[row["number"] or row["title"]], target=docs[target])
    return docs


def _users(heads: dict[str, Leader]) -> None:
    User = get_user_model()
    for demo_user in demo_users():
        user, created = User.objects.get_or_create(
            username=demo_user.username,
            defaults={
                "first_name": demo_user.display_name,
                "email": f"{demo_user.username}@example.gov.vn",
                "is_staff": demo_user.is_staff,
                "is_superuser": demo_user.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=demo_user.group))
        head = heads.get(demo_user.head_of_unit)
        if head is not None and head.user_id is None:
            head.user = user
            head.save(update_fields=["user"])


def _plan(units: dict[str, Unit], docs: dict[str, Document]) -> Plan:
    data = json.loads((DATA / "plan.json").read_text(encoding="utf-8"))
    plan, _ = Plan.objects.get_or_create(
        title=data["title"],
        defaults={
            "document": docs[data["document"]],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "owner": units[data["owner"]],
            "description": data["description"],
        },
    )
    for goal in data["goals"]:
        defaults = {**goal, "deadline": _date(goal["deadline"])}
        if "direction" in goal:
            defaults["direction"] = Goal.Direction(goal["direction"])
        Goal.objects.get_or_create(plan=plan, statement=goal["statement"], defaults=defaults)
    return plan


def _sample_tasks(plan: Plan, units: dict[str, Unit], heads: dict[str, Leader], today: dt.date) -> None:
    """Task groups (sample_task_groups.csv) and their subtasks (sample_tasks.csv, code "group.n"), each placed
    by its scenario, with a short history of updates."""
    if plan.tasks.exists():
        return  # created on an earlier run; never overwrite what the DX office has changed since
    by_short = {unit.short_name: unit for unit in units.values()}
    author_by_unit = {short: leader.user for short, leader in heads.items() if leader.user_id}
    by_name = scenarios()
    subtasks: dict[str, list[dict[str, str]]] = {}
    for row in read_csv("sample_tasks.csv"):
        subtasks.setdefault(row["code"].rpartition(".")[0], []).append(row)
    for group in read_csv("sample_task_groups.csv"):
        parent = Task.objects.create(
            plan=plan,
            code=group["code"],
            title=group["title"],
            pillar=Pillar(group["pillar"]),
            field=group["field"],
            lead_unit=by_short[group["lead_unit"]],
            responsible_leader=heads.get(group["lead_unit"]),
            start_date=_date(group["start_date"]),
            due_date=_date(group["due_date"]),
            status=Status.IN_PROGRESS,
            progress=0,
            description=SAMPLE_NOTE,
            is_sample=True,
        )
        for row in subtasks[group["code"]]:
            scenario = by_name[row["scenario"]]
            task = Task.objects.create(
                plan=plan,
                parent=parent,
                code=row["code"],
                title=row["title"],
                description=SAMPLE_NOTE,
                pillar=Pillar(row["pillar"]),
                field=row["field"],
                lead_unit=by_short[row["lead_unit"]],
                responsible_leader=heads.get(row["lead_unit"]),
                start_date=_in_days(today, scenario.start_in_days),
                due_date=_in_days(today, scenario.due_in_days),
                status=scenario.status,
                progress=scenario.progress,
                completed_on=_in_days(today, scenario.completed_in_days),
                weight=int(row["weight"]),
                is_sample=True,
            )
            if row["cooperating_unit"]:
                task.cooperating_units.add(by_short[row["cooperating_unit"]])
            _sample_updates(task, scenario, author_by_unit.get(row["lead_unit"]), today)


def _in_days(today: dt.date, days: int | None) -> dt.date | None:
    return None if days is None else today + dt.timedelta(days=days)


def _sample_updates(task: Task, scenario: Scenario, author, today: dt.date) -> None:
    """A short, consistent history that ends in the task's current state."""
    if scenario.status == Status.NOT_STARTED:
        return
    notes = {Status(row["status"]): row["note"] for row in read_csv("sample_update_notes.csv")}
    last_day = scenario.completed_in_days if scenario.completed_in_days is not None else -3 - (task.pk % 40)
    end = today + dt.timedelta(days=last_day)
    start = today + dt.timedelta(days=scenario.start_in_days)
    steps: list[tuple[str, int]] = []
    if scenario.progress > 40:
        steps.append((Status.IN_PROGRESS, scenario.progress // 2))
    steps.append((scenario.status, scenario.progress))
    previous = (Status.NOT_STARTED, 0)
    span = max((end - start).days, len(steps))
    updates = []
    for i, (status, progress) in enumerate(steps, start=1):
        when = start + dt.timedelta(days=span * i // len(steps))
        verified = i < len(steps) or task.pk % 4 == 0
        updates.append(
            TaskUpdate(
                task=task,
                author=author,
                created_at=timezone.make_aware(dt.datetime.combine(when, dt.time(9, 30))),
                status=status,
                progress=progress,
                previous_status=previous[0],
                previous_progress=previous[1],
                note=f"{notes[status]} ({SAMPLE_NOTE})",
                review_state=TaskUpdate.Review.VERIFIED if verified else TaskUpdate.Review.PENDING,
                is_sample=True,
            )
        )
        previous = (status, progress)
    TaskUpdate.objects.bulk_create(updates)
    Task.objects.filter(pk=task.pk).update(version=1 + len(updates))


@transaction.atomic
def _programme(units: dict[str, Unit]) -> None:
    """The settings and the priority fields of the demo's province, where the DX office has set none."""
    data = json.loads((DATA / "programme.json").read_text(encoding="utf-8"))
    settings = ProgrammeSettings.objects.order_by("pk").first() or ProgrammeSettings(target_rank=data["target_rank"])
    settings.province = settings.province or data["province"]
    settings.dx_office = settings.dx_office or units[data["dx_office"]]
    settings.save()
    if not Field.objects.filter(is_priority=True).exists():
        Field.objects.filter(code__in=data["priority_fields"]).update(is_priority=True)


def load(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    units = _units()
    _programme(units)
    heads = _leaders(units)
    docs = _documents(units)
    _users(heads)
    plan = _plan(units, docs)
    _sample_tasks(plan, units, heads, today)
    # The sample updates are written in bulk (no signals): the summaries are rebuilt from what was written.
    summaries.rebuild()
