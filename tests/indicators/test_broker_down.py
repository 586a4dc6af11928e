"""With the broker down (a closed local port), writes still succeed at once, the recomputation request is kept
in the database and the page says it is queued for later; beat, or the next request, sends it once the broker
is back. Real commits (transactional tests), so that the publish happens where it happens in production."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxtracker.celery import app
from indicators import services, tasks
from indicators.models import Observation, PendingRecompute, ScoreRun
from tests.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)
DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1
QUICK = 5.0  # seconds: a guard against the old ~19 s wait, not a benchmark


def _use_broker(url: str | None) -> None:
    app.conf.broker_url = url
    app.conf.result_backend = url
    app.conf.task_always_eager = url is None
    app._pool = None  # connections are made afresh for the new URL
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def broker_down():
    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    services.broker_breaker.reset()
    _use_broker(DOWN)

    def back_up():  # the broker answers again (here: tasks run in-process, as without a broker)
        _use_broker(None)
        services.broker_breaker.reset()

    yield back_up
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
    _use_broker(saved[0]) if saved[0] else _use_broker(None)
    app.conf.result_backend, app.conf.task_always_eager = saved[1], saved[2]
    services.broker_breaker.reset()


def timed(call):
    t0 = time.monotonic()
    response = call()
    return response, time.monotonic() - t0


def test_an_import_succeeds_quickly_and_says_the_recomputation_is_queued_for_later(dx_office, broker_down):
    content = "province,indicator_code,year,value,source\nNam Định,NTS,2023,0.5,x\n".encode()
    client = client_for(dx_office)
    response, seconds = timed(lambda: client.post("/dti/import/", {"file": SimpleUploadedFile("d.csv", content)}))
    assert response.status_code == 302 and seconds < QUICK
    assert Observation.objects.get(province__name="Nam Định", indicator__code="NTS", year=2023).value == 0.5
    page = client.get(response["Location"]).content.decode()
    assert "đang chờ hàng đợi" in page
    held = PendingRecompute.objects.get()
    assert held.year == 2023 and held.enqueued_at is None and not ScoreRun.objects.filter(year=2023).exists()
    # The broker is back: beat's job sends the held request, and the scores are computed.
    broker_down()
    assert tasks.enqueue_held_recomputations.apply().get() == 1
    assert ScoreRun.objects.get(year=2023, trigger="import").outcome == ScoreRun.Outcome.WRITTEN
    assert not PendingRecompute.objects.exists()


def test_a_recompute_request_succeeds_quickly_and_the_next_request_sends_it(dx_office, f922, broker_down):
    client = client_for(dx_office)
    response, seconds = timed(lambda: client.post("/dti/recompute/", {"framework": f922.pk, "year": 2022}))
    assert response.status_code == 302 and seconds < QUICK
    assert "đang chờ hàng đợi" in client.get(response["Location"]).content.decode()
    assert PendingRecompute.objects.get().enqueued_at is None
    # A second request while it is still down costs no wait at all (the process stops trying for a while).
    _, again = timed(lambda: client.post("/dti/recompute/", {"framework": f922.pk, "year": 2022}))
    assert again < 0.5 and PendingRecompute.objects.count() == 1
    broker_down()
    client.post("/dti/recompute/", {"framework": f922.pk, "year": 2022})
    done = {ScoreRun.Outcome.WRITTEN, ScoreRun.Outcome.UNCHANGED}  # unchanged if earlier runs scored these inputs
    assert ScoreRun.objects.get(trigger="manual").outcome in done and not PendingRecompute.objects.exists()


def test_an_admin_observation_save_succeeds_quickly(superuser, f922, broker_down):
    obs = Observation.objects.filter(indicator__framework=f922, year=2022).select_related("indicator").first()
    data = {"province": obs.province_id, "indicator": obs.indicator_id, "year": 2022, "value": "0.42", "source": "x"}
    client = client_for(superuser)
    response, seconds = timed(lambda: client.post(f"/admin/indicators/observation/{obs.pk}/change/", data))
    assert response.status_code == 302 and seconds < QUICK
    obs.refresh_from_db()
    assert obs.value == 0.42
    assert PendingRecompute.objects.get().enqueued_at is None
    page = client.get(response["Location"]).content.decode()  # where the save lands: the list, with the message
    assert "đang chờ" in page and "hàng đợi" in page


@pytest.mark.django_db  # not transactional: the job is a migration's row, which a transactional test's flush removes
def test_beat_sends_held_requests_every_minute():
    from django_celery_beat.models import PeriodicTask

    job = PeriodicTask.objects.get(name="enqueue-held-recomputations")
    assert job.task == tasks.enqueue_held_recomputations.name and job.enabled
    assert job.interval.period == "seconds" and job.interval.every <= 60
