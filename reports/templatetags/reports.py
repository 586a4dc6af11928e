from django import template

from reports import formatting
from reports.tables import rating_badge

register = template.Library()


@register.filter
def rating(value) -> str:
    """A rating as a coloured badge with its name (never colour alone)."""
    return rating_badge(value)


@register.filter
def vn_number(value) -> str:
    return "—" if value is None else formatting.number(value)
