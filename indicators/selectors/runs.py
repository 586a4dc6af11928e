"""The import page: the latest recomputations of the scores."""

from __future__ import annotations

from indicators.models import (
    ScoreRun,
)


def recent_score_runs(limit: int = 10) -> list[ScoreRun]:
    """The latest recomputations, newest first, for the import page."""
    return list(ScoreRun.objects.select_related("framework")[:limit])
