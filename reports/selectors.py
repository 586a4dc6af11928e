"""Reads of the reports: the periods, and one report's figures (frozen for a closed period, live for an open one),
for the whole province or for one unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.shortcuts import get_object_or_404

from plans.models import Pillar, Status, Timeliness, Unit
from plans.ratings import Rating
from reports import periods, services, snapshots
from reports.models import ReportPeriod, ReportSettings, Snapshot

TIMELINESS_ORDER = [
    Timeliness.DONE_ON_TIME,
    Timeliness.DONE_LATE,
    Timeliness.ON_TRACK,
    Timeliness.OVERDUE,
    Timeliness.NO_DEADLINE,
]


@dataclass
class Report:
    period: ReportPeriod
    defaults: ReportSettings
    unit: Unit | None
    frozen: bool  # figures from the snapshot (closed period) rather than live data
    pending: bool  # closed, but the snapshot is still being built
    as_of: dt.date
    built_at: dt.datetime | None
    rows: list[dict]  # Annex II
    goals: list[dict]  # Annex I
    pillars: list[dict]
    totals: dict
    previous: ReportPeriod | None
    previous_totals: dict | None
    problems: list[dict]  # overdue or red tasks, by unit and head
    next_rows: list[dict]  # due in the next period, not completed
    next_span: periods.Span
    dti: dict
    groups: dict = field(default_factory=dict)


def period_list():
    return ReportPeriod.objects.select_related("snapshot").order_by("-end", "-start")


def period(pk: int) -> ReportPeriod:
    return get_object_or_404(ReportPeriod, pk=pk)


def previous_period(period: ReportPeriod) -> ReportPeriod | None:
    """The latest closed period with a snapshot that ends before this one starts."""
    return (
        ReportPeriod.objects.filter(end__lt=period.start, snapshot__isnull=False)
        .select_related("snapshot")
        .order_by("-end")
        .first()
    )


def _data(period: ReportPeriod) -> tuple[dict, Snapshot | None]:
    snapshot = Snapshot.objects.filter(period=period).first()
    if snapshot is not None:
        return snapshot.data, snapshot
    return services.live_figures(period), None


def _unit_filter(rows: list[dict], goals: list[dict], unit: Unit | None, key: str = "unit_id"):
    if unit is None:
        return rows, goals
    ids = Unit.subtree_ids([unit.pk])
    return [r for r in rows if r[key] in ids], [g for g in goals if g["owner_id"] in ids]


def report_for(period: ReportPeriod, unit: Unit | None = None) -> Report:
    data, snapshot = _data(period)
    rows, goals = _unit_filter(data["tasks"], data["goals"], unit)
    in_period = _numbered([r for r in rows if r["in_period"]])
    grouped = snapshots.counts(in_period)
    previous = previous_period(period)
    previous_goals, previous_totals = {}, None
    if previous is not None:
        old_rows, old_goals = _unit_filter(previous.snapshot.data["tasks"], previous.snapshot.data["goals"], unit)
        previous_goals = {g["id"]: g for g in old_goals}
        previous_totals = snapshots.counts([r for r in old_rows if r["in_period"]])["all"]
    next_span = periods.following(period.span())
    return Report(
        period=period,
        defaults=ReportSettings.load(),
        unit=unit,
        frozen=snapshot is not None,
        pending=snapshot is None and period.is_closed,
        as_of=dt.date.fromisoformat(data["as_of"]),
        built_at=snapshot.built_at if snapshot else None,
        rows=in_period,
        goals=_numbered([_with_change(g, previous_goals.get(g["id"])) for g in goals]),
        pillars=_pillars(grouped["pillar"]),
        totals=_with_shares(grouped["all"]),
        previous=previous,
        previous_totals=previous_totals,
        problems=_problems(in_period),
        next_rows=_numbered(_due_in(rows, next_span)),
        next_span=next_span,
        dti=data["dti"],
        groups=grouped,
    )


def _numbered(rows: list[dict]) -> list[dict]:
    return [{**row, "stt": number} for number, row in enumerate(rows, start=1)]


def _with_change(goal: dict, before: dict | None) -> dict:
    change = None
    if before and goal["value"] is not None and before["value"] is not None:
        change = format(Decimal(goal["value"]) - Decimal(before["value"]), "f")
    return {**goal, "change": change}


def _with_shares(bucket: dict) -> dict:
    total = bucket["total"] or 0

    def share(n: int) -> float | None:
        return 100.0 * n / total if total else None

    return {
        **bucket,
        "timeliness_rows": [
            {
                "key": k.value,
                "label": k.label,
                "count": bucket["timeliness"].get(k.value, 0),
                "share": share(bucket["timeliness"].get(k.value, 0)),
            }
            for k in TIMELINESS_ORDER
        ],
        "rating_rows": [
            {
                "key": r.value,
                "label": r.label,
                "count": bucket["ratings"].get(r.value, 0),
                "share": share(bucket["ratings"].get(r.value, 0)),
            }
            for r in Rating
        ],
    }


def _pillars(by_pillar: dict) -> list[dict]:
    return [
        {"key": p.value, "name": p.label, **_with_shares(by_pillar[p.value])} for p in Pillar if p.value in by_pillar
    ]


def _problems(rows: list[dict]) -> list[dict]:
    """Overdue and red tasks, grouped by lead unit, then head."""
    bad = [r for r in rows if r["timeliness"] == Timeliness.OVERDUE or r["rating"] == Rating.RED]
    groups: dict[tuple, list] = {}
    for row in sorted(bad, key=lambda r: (r["unit"], r["head"], r["code"])):
        groups.setdefault((row["unit"], row["head"]), []).append(row)
    return [{"unit": unit, "head": head, "rows": members} for (unit, head), members in groups.items()]


def _due_in(rows: list[dict], span: periods.Span) -> list[dict]:
    start, end = span.start.isoformat(), span.end.isoformat()
    return sorted(
        (r for r in rows if r["due_date"] and start <= r["due_date"] <= end and r["status"] not in _CLOSED),
        key=lambda r: (r["due_date"], r["code"]),
    )


_CLOSED = (Status.COMPLETED, Status.CANCELLED)
