"""Recomputation with real Celery workers over Redis on PostgreSQL (.ci/run; CELERY_WORKER_TESTS=1). Every
wait polls a condition with a deadline."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import transaction

from indicators import services, tasks
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


def workers_idle() -> bool:
    """No task waiting in the broker's queue, nor held (countdown), reserved or running on a worker."""
    from dxtracker.celery import app

    with app.connection_for_write() as conn:
        if conn.default_channel.client.llen("celery"):
            return False
    inspect = app.control.inspect(timeout=1.0)
    for snapshot in (inspect.active(), inspect.reserved(), inspect.scheduled()):
        if snapshot is None or any(snapshot.values()):
            return False
    return True


@pytest.fixture(autouse=True)
def _workers_idle_before_the_tables_are_emptied(request, transactional_db):
    """A run that wrote queues the rank robustness of its scores (`tasks.compute_rank_robustness`), which a worker
    may still be computing when the test's own waits are over; emptying the tables under it deadlocks the test's
    teardown. Each test ends once every worker is idle (this fixture depends on the database's, so it ends first)."""
    yield
    if "celery_workers" in request.fixturenames:
        wait_for(workers_idle)


def test_a_burst_of_separate_commits_gives_one_run(celery_workers, f922, settings):
    indicator = Indicator.objects.get(framework=f922, code="NTS")
    provinces = list(Province.objects.filter(group="63")[:15])
    for p in provinces:  # fifteen separate transactions within the debounce window
        with transaction.atomic():
            Observation.objects.update_or_create(province=p, indicator=indicator, year=2023, defaults={"value": 0.4})
    assert wait_for(lambda: ScoreRun.objects.filter(framework=f922, year=2023).exclude(outcome="running").exists())
    # Nothing else is waiting anywhere: no second run can follow.
    assert wait_for(workers_idle) and not PendingRecompute.objects.exists()
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
    for i in range(6):
        Observation.objects.filter(indicator__framework=f922, year=2022, indicator__code="NTS").update(
            value=0.5 + i / 20
        )
        results.append(tasks.recompute_scores.apply_async(args=[f922.pk, 2022, "manual"]))
    samples = []  # (a run was in progress when sampled, score rows seen)
    deadline = time.monotonic() + 60
    while not all(r.ready() for r in results) and time.monotonic() < deadline:
        running = ScoreRun.objects.filter(framework=f922, year=2022, outcome="running").exists()
        samples.append((running, Score.objects.filter(framework=f922, year=2022).count()))
    assert all(r.ready() for r in results)
    assert {count for _, count in samples} == {60}
    assert any(running for running, _ in samples), "no sample was taken while a rewrite was in progress"
    written = ScoreRun.objects.filter(framework=f922, year=2022, outcome="written", trigger="manual").count()
    assert written >= 1


def start_worker(name: str, queue: str, **env) -> subprocess.Popen:
    """One more worker, on its own queue and in its own process group (so SIGKILL reaches its pool too)."""
    from django.db import connection

    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    command = [sys.executable, "-m", "celery", "-A", "dxtracker", "worker", "-n", f"{name}@%h", "-Q", queue]
    command += ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, env={**os.environ, "DATABASE_URL": url, **env}, start_new_session=True)


def locker():
    """A second database connection of the test's own, outside Django's."""
    import psycopg2
    from django.db import connection

    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or "127.0.0.1", port=db["PORT"]
    )


def test_a_worker_killed_mid_recompute_is_redelivered_and_the_runs_show_it(celery_workers, f922):
    services.recompute_scores(framework_id=f922.pk, year=2022)  # the framework-year's lock row exists
    Observation.objects.filter(indicator__framework=f922, year=2022, indicator__code="KTS").update(value=0.7)
    short = {"CELERY_VISIBILITY_TIMEOUT": "3"}  # a killed run is handed out again after 3 s
    victim = start_worker("victim", "kill-test", **short)
    rescuer = None
    lock = locker()
    try:
        # Hold the framework-year's lock from another connection: the victim records its run, then waits
        # inside recompute_scores, mid-run, until it is killed.
        with lock.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {ScoreSet._meta.db_table} WHERE framework_id = %s AND year = 2022 FOR UPDATE",
                [f922.pk],
            )
        task_id = tasks.recompute_scores.apply_async(args=[f922.pk, 2022, "manual"], queue="kill-test").id
        assert wait_for(lambda: ScoreRun.objects.filter(task_id=task_id, outcome="running").exists())
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        lock.commit()
        rescuer = start_worker("rescuer", "kill-test", **short)
        finished = ScoreRun.objects.filter(task_id=task_id, outcome__in=["written", "unchanged"])
        assert wait_for(finished.exists, timeout=180)
        runs = list(ScoreRun.objects.filter(task_id=task_id).order_by("pk").values_list("outcome", "error"))
        # The interrupted run, then the redelivered one: written, or unchanged if these inputs were scored already.
        assert runs[0][0] == "failed" and runs[1][0] in ("written", "unchanged") and len(runs) == 2
        assert "delivered again" in runs[0][1]
        assert Score.objects.filter(framework=f922, year=2022).count() == 60
        assert ScoreSet.objects.get(framework=f922, year=2022).checksum == finished.get().inputs_checksum
    finally:
        lock.close()
        for proc in (victim, rescuer):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
