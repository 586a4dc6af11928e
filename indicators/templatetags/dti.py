"""`{% load dti %}{% dti_rank_card %}`: the dashboard province's latest DTI rank against the goal (three queries),
for the DX index's own pages. The programme's pages get the same card as a panel (indicators/panels.py)."""

from django import template

from indicators import panels

register = template.Library()


@register.inclusion_tag("indicators/_rank_card.html")
def dti_rank_card() -> dict:
    return panels.rank_card()
