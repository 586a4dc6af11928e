"""Reads for the progress pages: each function runs a fixed number of queries whatever the number of rows.

Counting by timeliness is done in SQL on `Task.objects.with_timeliness()`; progress roll-ups read the plain
task rows of every plan in one query and roll each plan up in Python (`plans.rollup`). Those aggregates over
every task (and the staleness figures over every update) are what grows with the data, so their small results
are cached under the task table's version, read in one aggregate query (`task_table_version`,
`cached_on_tasks`): a page pays for them again only after a task changed. Lists of rows (tasks, updates,
goals) are never cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import cache
from django.db.models import (
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from plans.models import (
    CLOSED_STATUSES,
    Document,
    DocumentLink,
    Goal,
    Leader,
    Plan,
    Status,
    Task,
    TaskUpdate,
    Timeliness,
    Unit,
    stale_cutoff,
)
from plans.rollup import TaskRow, rollup, weighted_mean

T = TypeVar("T")
# Classes that say whether a deadline was kept: the base of the on-time completion rate.
JUDGED = (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE, Timeliness.OVERDUE)


def today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------------------------
# Timeliness counts


@dataclass
class TimelinessCounts:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def get(self, cls: str) -> int:
        return self.counts.get(cls, 0)

    @property
    def judged(self) -> int:
        return sum(self.get(c) for c in JUDGED)

    @property
    def on_time_rate(self) -> float | None:
        """Share of judged tasks (completed, or past their deadline) completed on time; None when none is judged."""
        return 100.0 * self.get(Timeliness.DONE_ON_TIME) / self.judged if self.judged else None

    def share(self, cls: str) -> float | None:
        return 100.0 * self.get(cls) / self.total if self.total else None

    def rows(self) -> list[tuple[str, str, int, float | None]]:
        """(class, label, count, share %) in the charts' order, for the tables next to the charts."""
        from plans.chart_style import TIMELINESS_ORDER

        return [(c, Timeliness(c).label, self.get(c), self.share(c)) for c in TIMELINESS_ORDER]


def timeliness_counts(tasks: QuerySet | None = None, *, on: dt.date | None = None) -> TimelinessCounts:
    """One query: the tasks of `tasks` (all by default) counted by timeliness class."""
    tasks = Task.objects.all() if tasks is None else tasks
    rows = tasks.with_timeliness(on).order_by().values("timeliness").annotate(n=Count("pk"))
    return TimelinessCounts({r["timeliness"]: r["n"] for r in rows})


def timeliness_counts_by(key: str, tasks: QuerySet | None = None, *, on=None) -> dict[int, TimelinessCounts]:
    """One query: tasks counted by `key` (e.g. "lead_unit_id", "plan_id") and timeliness class."""
    tasks = Task.objects.all() if tasks is None else tasks
    result: dict[int, TimelinessCounts] = defaultdict(TimelinessCounts)
    rows = tasks.with_timeliness(on).order_by().annotate(group_key=_scan_key(key))
    for r in rows.values("timeliness", "group_key").annotate(n=Count("pk")):
        result[r["group_key"]].counts[r["timeliness"]] = r["n"]
    return result


def _scan_key(key: str) -> ExpressionWrapper:
    """`key` + 0: the same value, but an expression, so that SQLite scans the table once instead of walking the
    key's index and fetching every row at random to compute the timeliness (measured 2-3 times slower)."""
    return ExpressionWrapper(F(key) + Value(0), output_field=IntegerField())


# --------------------------------------------------------------------------------------------------------------
# Progress roll-ups


@dataclass
class ProgressSummary:
    plans: dict[int, float | None]
    overall: float | None
    pillars: dict[str, float | None]
    fields: dict[str, float | None]


def compute_progress_summary() -> ProgressSummary:
    """One query (every task's plain row), then the roll-up of each plan in Python.

    A pillar's or field's progress is the weighted mean of the rolled-up progress of its top-level tasks,
    as the plan's is; the overall progress is the same mean over every plan's top-level tasks.
    """
    by_plan: dict[int, list[TaskRow]] = defaultdict(list)
    meta: dict[int, tuple[str, str]] = {}
    for plan_id, pk, parent_id, progress, weight, status, pillar, fld in Task.objects.order_by().values_list(
        "plan_id", "pk", "parent_id", "progress", "weight", "status", "pillar", "field"
    ):
        by_plan[plan_id].append(TaskRow(pk, parent_id, progress, float(weight), status))
        meta[pk] = (pillar, fld)
    plans: dict[int, float | None] = {}
    top: list[tuple[TaskRow, float]] = []
    for plan_id, rows in by_plan.items():
        result = rollup(rows)
        plans[plan_id] = result.plan_progress
        top.extend(_top_level_progress(rows, result.task_progress))
    pillars: dict[str, list] = defaultdict(list)
    fields: dict[str, list] = defaultdict(list)
    for row, progress in top:
        pillar, fld = meta[row.pk]
        pillars[pillar].append((progress, row.weight))
        fields[fld].append((progress, row.weight))
    return ProgressSummary(
        plans=plans,
        overall=weighted_mean([(p, r.weight) for r, p in top]),
        pillars={k: weighted_mean(v) for k, v in pillars.items()},
        fields={k: weighted_mean(v) for k, v in fields.items()},
    )


def _top_level_progress(rows: list[TaskRow], progress: dict[int, float]) -> list[tuple[TaskRow, float]]:
    """The plan's top-level tasks that count (not cancelled), each with its rolled-up progress."""
    pks = {r.pk for r in rows}
    return [
        (r, progress[r.pk])
        for r in rows
        if r.status != Status.CANCELLED and (r.parent_id is None or r.parent_id not in pks)
    ]


def _task_fingerprint() -> tuple:
    """One aggregate query that changes whenever a task is added, removed or saved, or its state is updated.

    Task.save() (admin, services) moves `updated_at`; a state change, even through QuerySet.update(), bumps
    `version`; the sums catch a deleted-and-replaced task and a moved parent.
    """
    agg = Task.objects.order_by().aggregate(
        n=Count("pk"),
        pk_sum=Sum("pk"),
        parent_sum=Sum("parent_id"),
        progress_sum=Sum("progress"),
        version_sum=Sum("version"),
        updated=Max("updated_at"),
    )
    return tuple(str(agg[k]) for k in sorted(agg))


CACHE_SECONDS = 600


def task_table_version() -> str:
    """One query: a short hash of the task table's fingerprint, the key of every cached aggregate below."""
    return hashlib.sha256("|".join(_task_fingerprint()).encode()).hexdigest()[:32]


def cached_on_tasks(name: str, compute: Callable[[], T], *, version: str, on: dt.date | None = None) -> T:
    """`compute()`, cached under the task table's version (and the day, for what depends on today).

    Aggregates over every task (counts by class, roll-ups, staleness) are the part of a page whose cost grows
    with the data; this keeps them until a task changes. Every state change goes through an update that bumps the
    task's version in the same transaction as the TaskUpdate, and admin edits save `updated_at`, so the version
    moves; the entries also expire after CACHE_SECONDS, so even a change the fingerprint misses (a bulk
    QuerySet.update() of other columns) is seen within minutes.
    """
    key = f"dxt:{name}:{on.isoformat() if on else '-'}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def progress_summary(*, version: str | None = None) -> ProgressSummary:
    """The roll-up summary: one query (the version) when cached, two when it must be recomputed."""
    return cached_on_tasks("progress-summary", compute_progress_summary, version=version or task_table_version())


def plan_rollup(plan_id: int):
    """One query: the roll-up of one plan, with each task's code and title for breadcrumbs."""
    rows, info = [], {}
    for pk, parent_id, progress, weight, status, code, title in Task.objects.filter(plan_id=plan_id).values_list(
        "pk", "parent_id", "progress", "weight", "status", "code", "title"
    ):
        rows.append(TaskRow(pk, parent_id, progress, float(weight), status))
        info[pk] = (code, title, parent_id)
    return rollup(rows), info


# --------------------------------------------------------------------------------------------------------------
# Overview


@dataclass
class Overview:
    total: int
    due_soon: int
    timeliness: TimelinessCounts
    by_unit: list[tuple[Unit, TimelinessCounts]]


def overview_counts(*, units: int = 15, on: dt.date | None = None, version: str | None = None) -> Overview:
    """Cached under the task table's version (see `cached_on_tasks`); the queries below on a miss."""
    on = on or today()
    version = version or task_table_version()
    return cached_on_tasks(f"overview-{units}", lambda: _overview_counts(units=units, on=on), version=version, on=on)


def _overview_counts(*, units: int, on: dt.date) -> Overview:
    """Two queries: tasks counted by lead unit and timeliness class (with the open ones due in the next 30 days),
    which gives the headline figures by summing; then the names of the `units` lead units with the most
    overdue tasks (then the most tasks), for the stacked-bar chart.
    """
    soon = Q(due_date__gte=on, due_date__lte=on + dt.timedelta(days=30)) & ~Q(status__in=CLOSED_STATUSES)
    rows = (
        Task.objects.with_timeliness(on)
        .order_by()
        .annotate(group_key=_scan_key("lead_unit_id"))
        .values("timeliness", "group_key")
        .annotate(n=Count("pk"), due_soon=Count("pk", filter=soon))
    )
    total, by_unit, due_soon = TimelinessCounts(), defaultdict(TimelinessCounts), 0
    for r in rows:
        by_unit[r["group_key"]].counts[r["timeliness"]] = r["n"]
        total.counts[r["timeliness"]] = total.get(r["timeliness"]) + r["n"]
        due_soon += r["due_soon"]
    ranked = sorted(by_unit.items(), key=lambda kv: (-kv[1].get(Timeliness.OVERDUE), -kv[1].total, kv[0]))[:units]
    names = Unit.objects.in_bulk([pk for pk, _c in ranked])
    return Overview(
        total=total.total,
        due_soon=due_soon,
        timeliness=total,
        by_unit=[(names[pk], counts) for pk, counts in ranked if pk in names],
    )


def completions_by_month(
    *, months: int = 24, on: dt.date | None = None, version: str | None = None
) -> list[tuple[dt.date, int, int]]:
    """Tasks completed per month over the last `months` months, on time and late (cached; one query on a miss)."""
    on = on or today()
    version = version or task_table_version()
    return cached_on_tasks(
        f"completions-{months}", lambda: _completions_by_month(months=months, on=on), version=version, on=on
    )


def _completions_by_month(*, months: int, on: dt.date) -> list[tuple[dt.date, int, int]]:
    start = (on.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        Task.objects.filter(status=Status.COMPLETED, completed_on__gte=start, completed_on__lte=on)
        .order_by()
        # "YYYY-MM" from the ISO date text: native in SQLite and PostgreSQL (TruncMonth is a Python
        # function per row in SQLite).
        .annotate(month=Substr(Cast("completed_on", output_field=CharField()), 1, 7))
        .values("month")
        .annotate(
            on_time=Count("pk", filter=Q(due_date__isnull=True) | Q(completed_on__lte=F("due_date"))),
            late=Count("pk", filter=Q(completed_on__gt=F("due_date"))),
        )
        .order_by("month")
    )
    return [(dt.date(int(r["month"][:4]), int(r["month"][5:7]), 1), r["on_time"], r["late"]) for r in rows]


def most_overdue(*, limit: int = 10, on: dt.date | None = None, tasks: QuerySet | None = None) -> list[Task]:
    """One query: the open tasks furthest past their deadline, with their unit and responsible head."""
    on = on or today()
    tasks = Task.objects.all() if tasks is None else tasks
    found = list(
        tasks.with_timeliness(on)
        .filter(timeliness=Timeliness.OVERDUE)
        .select_related("lead_unit", "responsible_leader", "plan")
        .order_by("due_date", "pk")[:limit]
    )
    for task in found:
        task.days_overdue = (on - task.due_date).days
    return found


def goals_with_progress(summary: ProgressSummary, *, limit: int = 20) -> list[Goal]:
    """One query: goals by deadline with their plan; each gets `plan_progress` from the roll-up summary."""
    goals = list(Goal.objects.select_related("plan").order_by("deadline", "plan__title", "pk")[:limit])
    for goal in goals:
        goal.plan_progress = summary.plans.get(goal.plan_id)
    return goals


# --------------------------------------------------------------------------------------------------------------
# Tasks


def task_rows(*, on: dt.date | None = None) -> QuerySet:
    """The task list's base queryset: timeliness in SQL and the related names each row shows."""
    return (
        Task.objects.with_timeliness(on)
        .select_related("plan", "lead_unit", "responsible_leader")
        .order_by(F("due_date").asc(nulls_last=True), "plan_id", "code")
    )


def task_detail(pk: int, *, on: dt.date | None = None) -> Task:
    return (
        Task.objects.with_timeliness(on)
        .select_related("plan", "plan__document", "plan__owner", "parent", "lead_unit", "responsible_leader__unit")
        .prefetch_related("cooperating_units")
        .get(pk=pk)
    )


def task_updates(task: Task) -> list[TaskUpdate]:
    return list(task.updates.newest_first().select_related("author", "reviewed_by"))


def task_children(task: Task, *, on: dt.date | None = None) -> list[Task]:
    return list(task.children.with_timeliness(on).select_related("lead_unit").order_by("code"))


# --------------------------------------------------------------------------------------------------------------
# Units and heads


@dataclass
class Staleness:
    last_update: dt.datetime | None = None
    open_tasks: int = 0
    open_recent: int = 0
    days_since: int | None = None

    @property
    def recent_share(self) -> float | None:
        return 100.0 * self.open_recent / self.open_tasks if self.open_tasks else None


def unit_staleness(*, unit_ids: list[int] | None = None, now: dt.datetime | None = None) -> dict[int, Staleness]:
    """Two queries: per lead unit, its latest update, and how many of its open tasks were updated within the
    stale days (`plans.models.stale_days`)."""
    now = now or timezone.now()
    cutoff = stale_cutoff(now)
    updates = TaskUpdate.objects.order_by()
    tasks = Task.objects.open().order_by()
    if unit_ids is not None:
        updates = updates.filter(task__lead_unit_id__in=unit_ids)
        tasks = tasks.filter(lead_unit_id__in=unit_ids)
    result: dict[int, Staleness] = defaultdict(Staleness)
    for r in updates.values("task__lead_unit_id").annotate(last=Max("created_at")):
        s = result[r["task__lead_unit_id"]]
        s.last_update = r["last"]
        s.days_since = (timezone.localdate(now) - timezone.localdate(r["last"])).days
    recent = Exists(TaskUpdate.objects.filter(task=OuterRef("pk"), created_at__gte=cutoff))
    for r in tasks.values("lead_unit_id").annotate(n=Count("pk"), recent=Count("pk", filter=recent)):
        s = result[r["lead_unit_id"]]
        s.open_tasks, s.open_recent = r["n"], r["recent"]
    return result


def current_heads(*, on: dt.date | None = None) -> dict[int, Leader]:
    """One query: the head in office of every unit, by unit id (the latest appointed when posts overlap)."""
    heads: dict[int, Leader] = {}
    for leader in Leader.objects.heads_on(on).select_related("user").order_by("unit_id", "-term_start", "-pk"):
        heads.setdefault(leader.unit_id, leader)
    return heads


def unit_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every unit with its head, timeliness counts, on-time rate and staleness, ranked by on-time rate.

    Three queries (version, heads, units) when the counts and staleness are cached, six when not.
    """
    on = on or today()
    counts, staleness = cached_on_tasks(
        "unit-counts",
        lambda: (dict(timeliness_counts_by("lead_unit_id", on=on)), dict(unit_staleness())),
        version=task_table_version(),
        on=on,
    )
    heads = current_heads(on=on)
    rows = []
    for unit in Unit.objects.order_by("name"):
        c = counts.get(unit.pk, TimelinessCounts())
        s = staleness.get(unit.pk, Staleness())
        head = heads.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "name": unit.name,
                "head": head,
                "head_name": str(head) if head else "",
                "total": c.total,
                "counts": c,
                **{cls: c.get(cls) for cls in Timeliness.values},
                "on_time_rate": c.on_time_rate,
                "days_since_update": s.days_since,
                "recent_share": s.recent_share,
                "open_tasks": s.open_tasks,
            }
        )
    # Ranked: the best on-time rate first; units with nothing judged yet last.
    rows.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def leader_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every head's post with their unit and their tasks counted by timeliness (cached): two or three queries."""
    on_date = on or today()
    counts = cached_on_tasks(
        "leader-counts",
        lambda: dict(timeliness_counts_by("responsible_leader_id", on=on_date)),
        version=task_table_version(),
        on=on_date,
    )
    rows = []
    for leader in (
        Leader.objects.filter(role=Leader.Role.HEAD).select_related("unit").order_by("unit__name", "-term_start")
    ):
        c = counts.get(leader.pk, TimelinessCounts())
        in_office = leader.in_office_on(on_date)
        rows.append(
            {
                "leader": leader,
                "name": str(leader),
                "unit_name": leader.unit.name,
                "unit": leader.unit,
                "in_office": in_office,
                "total": c.total,
                "counts": c,
                **{cls: c.get(cls) for cls in Timeliness.values},
                "on_time_rate": c.on_time_rate,
            }
        )
    rows.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), r["unit_name"]))
    return rows


# --------------------------------------------------------------------------------------------------------------
# Plans and documents


def plan_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every plan with its owner, document, roll-up progress and counts: two queries when cached, five when not."""
    on = on or today()
    version = task_table_version()
    counts = cached_on_tasks(
        "plan-counts", lambda: dict(timeliness_counts_by("plan_id", on=on)), version=version, on=on
    )
    summary = progress_summary(version=version)
    rows = []
    for plan in Plan.objects.select_related("owner", "document").order_by("-start_year", "title"):
        c = counts.get(plan.pk, TimelinessCounts())
        rows.append(
            {
                "plan": plan,
                "title": plan.title,
                "period": f"{plan.start_year}–{plan.end_year}",
                "start_year": plan.start_year,
                "owner_name": str(plan.owner),
                "owner": plan.owner,
                "document": plan.document,
                "progress": summary.plans.get(plan.pk),
                "total": c.total,
                "counts": c,
                **{cls: c.get(cls) for cls in Timeliness.values},
            }
        )
    return rows


@dataclass
class DocumentNode:
    document: Document
    children: list[DocumentNode]
    repeated: bool = False  # already shown elsewhere in this tree (a document reached by two paths)


def document_chain(document: Document) -> tuple[list[DocumentNode], list[DocumentNode]]:
    """Two queries: the documents `document` implements (upward, transitively) and those implementing it.

    Returns (upward trees, downward trees): each node's children are the next step away from `document`.
    """
    up: dict[int, list[int]] = defaultdict(list)
    down: dict[int, list[int]] = defaultdict(list)
    for source, target in DocumentLink.objects.values_list("source_id", "target_id"):
        up[source].append(target)
        down[target].append(source)

    def reach(start: int, edges: dict[int, list[int]]) -> set[int]:
        seen, stack = set(), [start]
        while stack:
            for nxt in edges.get(stack.pop(), []):
                if nxt not in seen and nxt != start:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    ids = reach(document.pk, up) | reach(document.pk, down)
    docs = {d.pk: d for d in Document.objects.filter(pk__in=ids).select_related("issuer")}
    docs[document.pk] = document

    def tree(start: int, edges: dict[int, list[int]]) -> list[DocumentNode]:
        shown: set[int] = {start}

        def build(pk: int) -> DocumentNode:
            kids = []
            for nxt in sorted(edges.get(pk, []), key=lambda k: (docs[k].issue_date or dt.date.min, docs[k].pk)):
                if nxt in shown:
                    kids.append(DocumentNode(docs[nxt], [], repeated=True))
                else:
                    shown.add(nxt)
                    kids.append(build(nxt))
            return DocumentNode(docs[pk], kids)

        return build(start).children

    return tree(document.pk, up), tree(document.pk, down)
