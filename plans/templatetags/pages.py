"""Template filters for the progress pages: percentages in the active language, timeliness badges."""

from django import template

from plans.tables import percent, timeliness_badge

register = template.Library()


@register.filter
def pct(value, places: int = 1) -> str:
    """45.25 → "45,3%" in Vietnamese, "45.3%" in English; None → "—"."""
    return percent(value, int(places))


@register.filter
def tl_badge(value: str) -> str:
    """A timeliness value as its coloured badge with its label."""
    return timeliness_badge(value)
