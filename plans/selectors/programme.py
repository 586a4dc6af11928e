"""What makes the programme a province's own, read by many pages: its settings and its fields. Each is one query
per request at most (common/request_cache.py), however many tables, filters and cards use it."""

from __future__ import annotations

from django.conf import settings

from common.request_cache import per_request
from plans.models import Field, ProgrammeSettings


@per_request
def fields() -> list[Field]:
    """Every field, in the DX office's order (one query)."""
    return list(Field.objects.all())


def field_names() -> dict[str, str]:
    return {f.code: f.name for f in fields()}


def field_choices() -> list[tuple[str, str]]:
    """Every field, for a filter or the task form: a field no longer active still names its tasks."""
    return [(f.code, f.name) for f in fields()]


def priority_fields() -> list[Field]:
    return [f for f in fields() if f.is_priority and f.active]


@per_request
def programme_settings() -> ProgrammeSettings:
    """The one row of settings (one query); before a migration or start_province made it, the first values from
    settings.DXT_PROVINCE and DXT_TARGET_RANK, unsaved."""
    return ProgrammeSettings.objects.select_related("dx_office").order_by("pk").first() or ProgrammeSettings(
        province=settings.DXT_PROVINCE, target_rank=settings.DXT_TARGET_RANK
    )
