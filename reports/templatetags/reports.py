from django import template

from reports import formatting

register = template.Library()


@register.filter
def vn_number(value) -> str:
    return "—" if value is None else formatting.number(value)
