"""`{% load dti %}{% dti_rank_card %}`: the dashboard province's latest DTI rank against the goal (three queries)."""

from django import template

from indicators import selectors

register = template.Library()


@register.inclusion_tag("indicators/_rank_card.html")
def dti_rank_card() -> dict:
    return selectors.latest_rank_card()
