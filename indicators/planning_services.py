"""Writes of the what-if page: saving a named scenario (keyword-only arguments, one transaction)."""

from __future__ import annotations

from django.db import transaction

from indicators.models import Province, Scenario


@transaction.atomic
def scenario_save(*, province: Province, year: int, name: str, values: dict[str, float], user) -> Scenario:
    """Save the projected values under `name`; the same name for the same province and year replaces them."""
    scenario, _ = Scenario.objects.update_or_create(
        province=province, year=year, name=name, defaults={"values": values, "created_by": user}
    )
    return scenario
