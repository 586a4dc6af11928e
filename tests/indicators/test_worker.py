"""Recomputation with two real Celery workers over Redis on PostgreSQL (.ci/run; CELERY_WORKER_TESTS=1)."""

import time

import pytest
from django.db import transaction

from indicators import services, tasks
from indicators.models import Framework, Indicator, Observation, PendingRecompute, Province, Score, ScoreRun

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def f922():
    return Framework.objects.get(code="922/QĐ-BTTTT")


def test_a_change_is_recomputed_by_a_worker_after_commit(celery_workers, f922):
    obs = Observation.objects.filter(indicator__framework=f922, year=2022).first()
    obs.value = 0.5
    obs.save()  # autocommit: the signal asks, on commit, for one run
    assert wait_for(lambda: ScoreRun.objects.filter(framework=f922, year=2022, outcome="written").exists())
    assert Score.objects.filter(framework=f922, year=2022, node="overall").count() == 5
    assert wait_for(lambda: not PendingRecompute.objects.exists())


def test_a_burst_of_separate_commits_gives_one_run(celery_workers, f922, settings):
    indicator = Indicator.objects.get(framework=f922, code="NTS")
    provinces = list(Province.objects.filter(group="63")[:15])
    for p in provinces:  # fifteen separate transactions within the debounce window
        with transaction.atomic():
            Observation.objects.update_or_create(province=p, indicator=indicator, year=2023, defaults={"value": 0.4})
    assert wait_for(lambda: ScoreRun.objects.filter(framework=f922, year=2023).exists())
    time.sleep(8)  # longer than the debounce: no second run follows
    assert ScoreRun.objects.filter(framework=f922, year=2023).count() == 1


def test_two_workers_racing_on_the_same_framework_year_write_one_set(celery_workers, f922):
    Observation.objects.filter(indicator__framework=f922, year=2022, indicator__code="XHS").update(value=0.9)
    results = [tasks.recompute_scores.apply_async(args=[f922.pk, 2022, "manual"]) for _ in range(2)]
    run_ids = [r.get(timeout=60) for r in results]
    outcomes = sorted(ScoreRun.objects.filter(pk__in=run_ids).values_list("outcome", flat=True))
    assert outcomes == ["unchanged", "written"]  # serialised by the lock: the second saw the same checksum
    assert Score.objects.filter(framework=f922, year=2022).count() == 60  # one complete set, no duplicates
    danang = Score.objects.get(framework=f922, year=2022, node="overall", province__name="TP. Đà Nẵng")
    assert danang.value == pytest.approx(0.8002 + (0.9 - 0.5197) * 150 / 1000, abs=0.0001)


def test_readers_never_see_a_partial_set_while_workers_rewrite(celery_workers, f922):
    services.recompute_scores(framework_id=f922.pk, year=2022)
    results = []
    for i in range(4):
        Observation.objects.filter(indicator__framework=f922, year=2022, indicator__code="NTS").update(
            value=0.5 + i / 10
        )
        results.append(tasks.recompute_scores.apply_async(args=[f922.pk, 2022, "manual"]))
    counts = set()
    while not all(r.ready() for r in results):
        counts.add(Score.objects.filter(framework=f922, year=2022).count())
        time.sleep(0.01)
    counts.add(Score.objects.filter(framework=f922, year=2022).count())
    assert counts == {60}
