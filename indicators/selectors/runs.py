"""Score runs: the latest recomputations (import page) and the state of the last one (ranking page)."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models import Framework, PendingRecompute, ScoreRun


@dataclass(frozen=True)
class RecomputeState:
    latest_run: ScoreRun | None
    # A request waits in the database: not yet with the broker (held), or with it and not yet started.
    held: bool
    queued: bool

    @property
    def retrying(self) -> bool:
        return bool(self.latest_run and self.latest_run.retrying)


def recompute_state(*, framework: Framework | None, year: int, latest_run: ScoreRun | None) -> RecomputeState | None:
    """One query: the framework-year's pending request, if any (the latest run is already read by the page)."""
    if framework is None:
        return None
    pending = PendingRecompute.objects.filter(framework=framework, year=year).values("enqueued_at").first()
    return RecomputeState(
        latest_run=latest_run,
        held=pending is not None and pending["enqueued_at"] is None,
        queued=pending is not None and pending["enqueued_at"] is not None,
    )


def recomputations_held() -> bool:
    """Some request could not be handed to the broker (it was down): it waits in the database for beat."""
    return PendingRecompute.objects.filter(enqueued_at__isnull=True).exists()


def recent_runs(limit: int = 10) -> list[ScoreRun]:
    return list(ScoreRun.objects.select_related("framework")[:limit])
