"""What the DX index adds to the programme's pages (registered in IndicatorsConfig.ready through
plans.extensions): the province's rank card on the overview, the indicators a task improves on its page."""

from indicators.selectors import province


def rank_card() -> dict:
    """The dashboard province's latest DTI rank against the goal (three queries)."""
    return province.latest_rank_card()


def task_indicators(task) -> dict:
    """The DTI indicators a task improves (one query)."""
    return {
        "indicators": list(task.indicators.select_related("framework").order_by("framework__first_year", "position"))
    }
