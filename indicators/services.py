"""Writes of the DX index: recomputing a framework-year's scores, asking for a recomputation (debounced),
and saving imported observations. Keyword-only arguments; each write in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from indicators import scoring
from indicators.models import (
    Framework,
    Indicator,
    Observation,
    PendingRecompute,
    Province,
    Score,
    ScoreRun,
    ScoreSet,
)

log = logging.getLogger(__name__)
STALE_PENDING = dt.timedelta(minutes=15)


def scoring_inputs(*, framework: Framework, year: int):
    """Read what `scoring.score` needs for one framework-year: three queries, whatever the data."""
    nodes = [
        scoring.Node(
            id=pk,
            code=code,
            parent_id=parent_id,
            max_points=float(max_points) if max_points is not None else None,
            scored=scored,
            pillars=tuple(p for p, on in zip(scoring.PILLARS, (gov, eco, soc), strict=True) if on),
        )
        for pk, code, parent_id, max_points, scored, gov, eco, soc in Indicator.objects.filter(
            framework=framework
        ).values_list("pk", "code", "parent_id", "max_points", "scored", "in_government", "in_economy", "in_society")
    ]
    province_rows = list(Province.objects.values_list("pk", "group", "first_year", "last_year", "successor_id"))
    predecessors: dict[int, list[int]] = {}
    for pk, _g, _f, _l, successor_id in province_rows:
        if successor_id:
            predecessors.setdefault(successor_id, []).append(pk)
    provinces = [
        scoring.ProvinceIn(
            id=pk,
            group=group,
            evaluated=(first is None or year >= first) and (last is None or year <= last),
            predecessors=tuple(sorted(predecessors.get(pk, ()))) if group == Province.Group.AFTER_MERGER else (),
        )
        for pk, group, first, last, _s in province_rows
    ]
    observations: dict[tuple[int, int], float] = {}
    sample_provinces: set[int] = set()
    for province_id, indicator_id, value, is_sample in Observation.objects.filter(
        indicator__framework=framework, year=year
    ).values_list("province_id", "indicator_id", "value", "is_sample"):
        observations[(province_id, indicator_id)] = value
        if is_sample:
            sample_provinces.add(province_id)
    return nodes, provinces, observations, sample_provinces


@dataclass
class RecomputeOutcome:
    run: ScoreRun
    result: scoring.Result | None = None


SCORE_COLUMNS = [
    "framework_id",
    "year",
    "province_id",
    "node",
    "indicator_id",
    "value",
    "points",
    "rank",
    "missing",
    "is_sample",
]
INSERT_BATCH = 500


def _insert_scores(rows: list[tuple]) -> None:
    """Multi-row INSERTs of plain tuples: the same rows bulk_create would write, without building a model
    instance per row (the recomputation's largest cost, see docs/performance.md, DTI section)."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in SCORE_COLUMNS)
    placeholders = "(" + ", ".join(["%s"] * len(SCORE_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            sql = f"INSERT INTO {qn(Score._meta.db_table)} ({columns}) VALUES {', '.join([placeholders] * len(batch))}"
            cursor.execute(sql, [value for row in batch for value in row])


def recompute_scores(*, framework_id: int, year: int, trigger: str = ScoreRun.Trigger.MANUAL) -> ScoreRun:
    """Score one framework-year and replace its scores in one transaction; record a ScoreRun.

    Serialised per framework-year by locking its ScoreSet row, so two workers racing on the same year run one
    after the other; the second sees the same inputs checksum and rewrites nothing. Readers see the old set
    or the new set, never a mix (one transaction).
    """
    framework = Framework.objects.get(pk=framework_id)
    started = timezone.now()
    t0 = time.perf_counter()
    # The pending flag goes first, in its own commit: a change committed after this point asks for a new run.
    PendingRecompute.objects.filter(framework=framework, year=year).delete()
    run = ScoreRun(framework=framework, year=year, trigger=trigger, started_at=started)
    try:
        with transaction.atomic():
            # The framework-year's lock; get_or_create survives a racing first insert (savepoint, then get).
            score_set, _ = ScoreSet.objects.select_for_update().get_or_create(framework=framework, year=year)
            nodes, provinces, observations, sample_provinces = scoring_inputs(framework=framework, year=year)
            run.inputs_checksum = scoring.checksum(nodes, provinces, observations)
            if not framework.covers(year):
                raise scoring.ScoringError(f"{framework.code} does not cover {year}")
            if score_set.checksum == run.inputs_checksum:
                run.outcome = ScoreRun.Outcome.UNCHANGED
            else:
                result = scoring.score(nodes, provinces, observations)
                Score.objects.filter(framework=framework, year=year).delete()
                _insert_scores(
                    [
                        (
                            framework.pk,
                            year,
                            row.province_id,
                            row.node,
                            row.indicator_id,
                            row.value,
                            row.points,
                            row.rank,
                            ", ".join(row.missing),
                            row.province_id in sample_provinces,
                        )
                        for row in result.scores
                    ]
                )
                run.rows_written = len(result.scores)
                run.outcome = ScoreRun.Outcome.WRITTEN
                score_set.checksum = run.inputs_checksum
                score_set.computed_at = timezone.now()
                score_set.save(update_fields=["checksum", "computed_at"])
            run.duration_ms = int((time.perf_counter() - t0) * 1000)
            run.save()
    except scoring.ScoringError as exc:
        # The framework cannot be scored as defined: the old scores stay, the run says why.
        run.pk = None
        run.outcome = ScoreRun.Outcome.REFUSED
        run.error = str(exc)
        run.duration_ms = int((time.perf_counter() - t0) * 1000)
        run.save()
    return run


def recompute_all(*, trigger: str = ScoreRun.Trigger.NIGHTLY, until: int | None = None) -> list[ScoreRun]:
    """Every year of every framework (up to this year), one after the other."""
    until = until or timezone.localdate().year
    return [
        recompute_scores(framework_id=f.pk, year=year, trigger=trigger)
        for f in Framework.objects.all()
        for year in f.years(until)
        if year <= until
    ]


def request_recompute(*, framework_id: int, year: int, trigger: str = ScoreRun.Trigger.CHANGE) -> None:
    """Ask for a recomputation once the current transaction commits, debounced.

    A PendingRecompute row (unique per framework-year) says a run is already queued: further requests before
    it starts only touch the row. So a burst of edits, or an import of thousands of rows, enqueues one run per
    framework-year, across processes. In production the run waits DXT_RECOMPUTE_DEBOUNCE_SECONDS for the
    burst to end.
    """

    # Within one transaction, ask once per framework-year: look at the callbacks already waiting for this
    # transaction's commit (Django drops them on commit or rollback, so nothing outlives the transaction).
    key = (framework_id, year)
    if any(getattr(func, "dti_recompute", None) == key for _sids, func, _robust in connection.run_on_commit):
        return

    def enqueue() -> None:
        from django.conf import settings

        from indicators.tasks import recompute_scores as task

        try:
            with transaction.atomic():
                pending, created = PendingRecompute.objects.get_or_create(
                    framework_id=framework_id, year=year, defaults={"trigger": trigger}
                )
        except IntegrityError:
            pending, created = None, False
        # A run queued long ago and never started (a lost message) must not block recomputation for ever.
        lost = pending is not None and not created and pending.requested_at < timezone.now() - STALE_PENDING
        if created or lost:
            countdown = getattr(settings, "DXT_RECOMPUTE_DEBOUNCE_SECONDS", 5)
            task.apply_async(args=[framework_id, year, trigger], countdown=countdown)

    enqueue.dti_recompute = key
    transaction.on_commit(enqueue)


def framework_years_of(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """(indicator id, year) pairs -> the (framework id, year) pairs they belong to (one query)."""
    pairs = set(pairs)
    framework_of = dict(Indicator.objects.filter(pk__in={i for i, _ in pairs}).values_list("pk", "framework_id"))
    return {(framework_of[i], y) for i, y in pairs if i in framework_of}


def observations_changed(*, pairs: Iterable[tuple[int, int]], trigger: str = ScoreRun.Trigger.CHANGE) -> None:
    for framework_id, year in sorted(framework_years_of(pairs)):
        request_recompute(framework_id=framework_id, year=year, trigger=trigger)


@transaction.atomic
def observations_import(*, rows: list[dict], user=None) -> int:
    """Save validated rows (province, indicator, year, value, source): insert or update, all or nothing, then
    ask for one recomputation per framework-year touched. Returns the number of rows saved."""
    keys = {(r["province"].pk, r["indicator"].pk, r["year"]) for r in rows}
    existing = {
        (o.province_id, o.indicator_id, o.year): o
        for o in Observation.objects.filter(
            province_id__in={k[0] for k in keys}, indicator_id__in={k[1] for k in keys}, year__in={k[2] for k in keys}
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for r in rows:
        key = (r["province"].pk, r["indicator"].pk, r["year"])
        obs = existing.get(key)
        if obs is None:
            to_create.append(
                Observation(
                    province=r["province"],
                    indicator=r["indicator"],
                    year=r["year"],
                    value=r["value"],
                    source=r["source"],
                    entered_by=user,
                    entered_at=now,
                    is_sample=False,
                )
            )
        else:
            obs.value, obs.source, obs.entered_by, obs.entered_at, obs.is_sample = (
                r["value"],
                r["source"],
                user,
                now,
                False,
            )
            to_update.append(obs)
    Observation.objects.bulk_create(to_create, batch_size=2000)
    Observation.objects.bulk_update(
        to_update, ["value", "source", "entered_by", "entered_at", "is_sample"], batch_size=2000
    )
    observations_changed(pairs={(k[1], k[2]) for k in keys}, trigger=ScoreRun.Trigger.IMPORT)
    return len(rows)
