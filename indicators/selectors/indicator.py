"""An indicator's page: its values across provinces, and the plans' tasks that move it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from indicators.models import (
    Indicator,
    Score,
)


def indicator_or_404(pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("framework", "parent"), pk=pk)


def indicator_distribution(*, indicator: Indicator, year: int | None) -> tuple[int | None, list[int], list[dict]]:
    """Computed values of one indicator across provinces for a year (latest by default). Two queries."""
    years = sorted(Score.objects.filter(indicator=indicator).order_by().values_list("year", flat=True).distinct())
    if year not in years:
        year = years[-1] if years else None
    rows = list(
        Score.objects.filter(indicator=indicator, year=year, value__isnull=False)
        .order_by("-value")
        .values("province_id", "province__name", "province__group", "value", "points", "rank", "is_sample")
    )
    return year, years, rows


def indicator_tasks(*, indicator: Indicator):
    return indicator.tasks.with_timeliness().select_related("lead_unit", "plan").order_by("due_date", "code")
