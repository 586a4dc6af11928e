"""recompute_scores: one transaction, idempotent, checksum, every run recorded from start to end (written,
unchanged, refused, failed), debounce, publish on commit, retries; the ranking page and the admin."""

import celery
import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from indicators import services, tasks
from indicators.models import Observation, PendingRecompute, Province, Score, ScoreRun, ScoreSet
from plans.tasks import send_reminders
from tests.conftest import client_for


@pytest.fixture
def as_with_a_broker():
    """Tasks are not eager (as with a broker), so failed runs retry; `.apply()` still runs them, and their
    retries, in this process at once, without raising."""
    conf = tasks.recompute_scores.app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = False, False
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved


def test_recompute_twice_with_the_same_inputs_writes_once_and_keeps_the_same_scores(f922):
    first = services.recompute_scores(framework_id=f922.pk, year=2022)
    before = list(Score.objects.filter(framework=f922, year=2022).order_by("pk").values_list("pk", "value", "rank"))
    second = services.recompute_scores(framework_id=f922.pk, year=2022)
    after = list(Score.objects.filter(framework=f922, year=2022).order_by("pk").values_list("pk", "value", "rank"))
    assert (first.outcome, second.outcome) == ("written", "unchanged")
    assert first.inputs_checksum == second.inputs_checksum and second.rows_written == 0
    assert before == after  # not even rewritten: same primary keys
    assert len(after) == 5 * 12  # 8 indicators + 3 pillars + overall, no duplicates


def test_a_changed_value_is_rescored(f922, mains):
    services.recompute_scores(framework_id=f922.pk, year=2022)
    obs = Observation.objects.get(province__name="TP. Cần Thơ", indicator=mains["CQS"], year=2022)
    Observation.objects.filter(pk=obs.pk).update(value=1.0)  # no signal: the service is called directly
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    assert run.outcome == "written"
    can_tho = Score.objects.get(framework=f922, year=2022, node="overall", province__name="TP. Cần Thơ")
    assert can_tho.value == pytest.approx(0.6924 + (1.0 - 0.7325) * 200 / 1000, abs=0.0001)
    assert can_tho.rank == 2


def test_a_rescore_rewrites_the_rows_in_place_with_what_a_fresh_computation_gives(f922, mains):
    """With the same provinces and nodes, every row is rewritten where it stands (same primary keys: on PostgreSQL
    one UPDATE from arrays, on SQLite upserts), each with the values, ranks, missing codes and sample flags that
    scoring the year from nothing gives."""
    scores = Score.objects.filter(framework=f922, year=2022)

    def table():
        return {(s.node, s.province_id): s for s in scores.all()}  # read again each time

    services.recompute_scores(framework_id=f922.pk, year=2022)
    before = table()
    Observation.objects.filter(year=2022, indicator=mains["CQS"]).update(value=0.5, is_sample=True)
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    rescored = table()
    assert run.outcome == "written" and run.rows_written == len(rescored) == len(before)
    assert {key: row.pk for key, row in rescored.items()} == {key: row.pk for key, row in before.items()}
    assert any(rescored[key].value != before[key].value for key in before)
    scores.delete()
    ScoreSet.objects.filter(framework=f922, year=2022).update(checksum="")
    services.recompute_scores(framework_id=f922.pk, year=2022)
    fresh = table()

    def fields(row):
        return (row.indicator_id, row.value, row.points, row.rank, row.missing, row.is_sample)

    assert {key: fields(row) for key, row in rescored.items()} == {key: fields(row) for key, row in fresh.items()}
    assert any(row.is_sample for row in fresh.values())


def test_a_rewrite_keeps_no_score_whose_province_or_node_is_gone(f922, mains):
    """Scores are rewritten in place where their key stays (SQLite) or replaced (PostgreSQL): either way the rows
    of a province without data any more, or of an indicator now missing, are gone, and the rest are rescored."""
    services.recompute_scores(framework_id=f922.pk, year=2022)
    scores = Score.objects.filter(framework=f922, year=2022)
    gone = scores.filter(node="overall").order_by("rank").first().province_id
    lacking = scores.filter(node="overall").exclude(province_id=gone).order_by("rank").first().province_id
    Observation.objects.filter(year=2022, province_id=gone).delete()
    Observation.objects.filter(year=2022, province_id=lacking, indicator=mains["NTS"]).delete()
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    assert run.outcome == "written" and run.rows_written == scores.count()
    assert not scores.filter(province_id=gone).exists()
    assert not scores.filter(province_id=lacking, node=f"ind:{mains['NTS'].pk}").exists()
    overall = scores.get(province_id=lacking, node="overall")
    assert overall.value is None and overall.rank is None and overall.missing == "NTS"
    assert list(scores.filter(node="overall", rank__isnull=False).order_by("rank").values_list("rank", flat=True)) == [
        1,
        2,
        3,
    ]


def test_a_failure_while_writing_leaves_the_old_scores_whole_and_is_recorded_as_failed(f922, mains, monkeypatch):
    services.recompute_scores(framework_id=f922.pk, year=2022)
    before = sorted(Score.objects.filter(framework=f922, year=2022).values_list("province_id", "node", "value"))
    Observation.objects.filter(indicator=mains["NTS"], year=2022).update(value=0.1)

    def failing(write):
        def boom(*args, **kwargs):
            write(*args, **kwargs)
            raise RuntimeError("disk full")

        return boom

    # Fails after some rows were written: updated in place (PostgreSQL) or upserted (SQLite).
    monkeypatch.setattr(services, "_insert_scores", failing(services._insert_scores))
    monkeypatch.setattr(services, "_update_scores_in_place", failing(services._update_scores_in_place))
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    after = sorted(Score.objects.filter(framework=f922, year=2022).values_list("province_id", "node", "value"))
    assert after == before
    run.refresh_from_db()
    assert run.outcome == ScoreRun.Outcome.FAILED and run.error == "RuntimeError: disk full"
    assert run.finished_at is not None and run.rows_written == 0 and not run.will_retry


def test_a_run_is_recorded_as_running_before_it_reads_anything(f922, monkeypatch):
    seen = []
    real = services.scoring_inputs

    def spy(**kwargs):
        seen.append(list(ScoreRun.objects.values_list("outcome", "finished_at")))
        return real(**kwargs)

    monkeypatch.setattr(services, "scoring_inputs", spy)
    run = services.recompute_scores(framework_id=f922.pk, year=2022)
    assert seen == [[(ScoreRun.Outcome.RUNNING, None)]]
    run.refresh_from_db()
    assert run.outcome == ScoreRun.Outcome.WRITTEN and run.finished_at >= run.started_at


def test_a_redelivered_task_marks_its_interrupted_run_and_records_unchanged(f922):
    """A worker killed after the scores committed but before the ack: the task comes again with the same id."""
    services.recompute_scores(framework_id=f922.pk, year=2022, task_id="t-1")
    before = sorted(Score.objects.filter(framework=f922, year=2022).values_list("province_id", "node", "value", "rank"))
    left = ScoreRun.objects.create(
        framework=f922, year=2022, trigger="change", started_at=timezone.now(), task_id="t-2"
    )
    again = services.recompute_scores(framework_id=f922.pk, year=2022, task_id="t-2")
    left.refresh_from_db()
    assert left.outcome == ScoreRun.Outcome.FAILED and "delivered again" in left.error and left.finished_at
    assert again.outcome == ScoreRun.Outcome.UNCHANGED and again.rows_written == 0
    after = sorted(Score.objects.filter(framework=f922, year=2022).values_list("province_id", "node", "value", "rank"))
    assert after == before


def test_every_run_is_recorded(f922):
    run = services.recompute_scores(framework_id=f922.pk, year=2022, trigger="nightly")
    assert ScoreRun.objects.get() == run
    assert run.trigger == "nightly" and run.rows_written == 60 and run.duration_ms is not None
    assert run.outcome == "written" and run.finished_at is not None and run.error == ""
    assert len(run.inputs_checksum) == 64


def test_a_year_the_framework_cannot_score_is_recorded_as_refused(f922):
    run = services.recompute_scores(framework_id=f922.pk, year=2030)
    assert run.outcome == ScoreRun.Outcome.REFUSED and "does not cover 2030" in run.error and run.finished_at


def test_unranked_incomplete_province_gets_an_overall_row_with_the_missing_codes(f922, mains):
    hanoi = Province.objects.get(name="TP. Hà Nội", group="63")
    Observation.objects.create(province=hanoi, indicator=mains["NTS"], year=2022, value=0.8)
    services.recompute_scores(framework_id=f922.pk, year=2022)
    row = Score.objects.get(framework=f922, year=2022, node="overall", province=hanoi)
    assert row.value is None and row.rank is None
    assert row.missing == "TCS, HTS, NLS, ATTT, CQS, KTS, XHS"


def test_a_burst_of_edits_in_one_transaction_triggers_one_run(f922, mains, django_capture_on_commit_callbacks):
    provinces = list(Province.objects.filter(group="63")[:20])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for p in provinces:
            for code in ["NTS", "TCS"]:
                Observation.objects.update_or_create(
                    province=p, indicator=mains[code], year=2023, defaults={"value": 0.5}
                )
    runs = ScoreRun.objects.filter(framework=f922, year=2023)
    assert runs.count() == 1 and runs.get().trigger == "change"
    assert not PendingRecompute.objects.exists()


def test_a_pending_run_absorbs_further_requests(f922, commit, monkeypatch):
    enqueued = []
    monkeypatch.setattr(tasks.recompute_scores, "apply_async", lambda **kw: enqueued.append(kw))
    for _ in range(3):  # three separate commits while the first run has not started
        with commit():
            services.request_recompute(framework_id=f922.pk, year=2022)
    assert len(enqueued) == 1 and enqueued[0]["args"][:2] == [f922.pk, 2022]
    assert PendingRecompute.objects.count() == 1
    # The run clears the flag, so the next change asks again.
    services.recompute_scores(framework_id=f922.pk, year=2022)
    with commit():
        services.request_recompute(framework_id=f922.pk, year=2022)
    assert len(enqueued) == 2


def test_nothing_is_enqueued_nor_kept_when_the_transaction_rolls_back(f922, monkeypatch):
    enqueued = []
    monkeypatch.setattr(tasks.recompute_scores, "apply_async", lambda **kw: enqueued.append(kw))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_recompute(framework_id=f922.pk, year=2022)
        raise RuntimeError("the change failed")
    assert enqueued == [] and not PendingRecompute.objects.exists()


def test_tasks_are_published_only_when_the_transaction_commits(db, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(celery.Task, "apply_async", lambda self, args=None, kwargs=None, **o: sent.append(self.name))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert tasks.recompute_all_scores.apply_async() is None  # inside the test's transaction: deferred
        send_reminders.delay()
    assert sent == [] and len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert sent == ["indicators.tasks.recompute_all_scores", "plans.tasks.send_reminders"]


def test_a_failed_run_is_retried_and_the_runs_tell_the_story(f922, monkeypatch, as_with_a_broker):
    calls = []
    real = services.scoring_inputs

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("could not serialize access")
        return real(**kwargs)

    monkeypatch.setattr(services, "scoring_inputs", flaky)
    tasks.recompute_scores.apply(args=[f922.pk, 2022], task_id="t-9")  # retries run at once
    runs = list(ScoreRun.objects.order_by("pk").values_list("outcome", "will_retry", "task_id"))
    assert runs == [("failed", True, "t-9"), ("written", False, "t-9")]


def test_a_run_that_keeps_failing_stops_after_the_last_retry_and_says_so(f922, monkeypatch, as_with_a_broker):
    def broken(**kwargs):
        raise RuntimeError("bad data")

    monkeypatch.setattr(services, "scoring_inputs", broken)
    tasks.recompute_scores.apply(args=[f922.pk, 2022])
    runs = list(ScoreRun.objects.order_by("pk").values_list("outcome", "will_retry"))
    assert runs == [("failed", True)] * tasks.MAX_RETRIES + [("failed", False)]
    assert tasks.retry_delay(0) == 10 and tasks.retry_delay(10) == 300


def test_without_a_broker_a_failed_run_is_recorded_once_and_not_retried(f922, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("bad data")

    monkeypatch.setattr(services, "scoring_inputs", broken)
    tasks.recompute_scores.apply(args=[f922.pk, 2022])  # embedded mode: tasks run in the web request
    assert list(ScoreRun.objects.values_list("outcome", "will_retry")) == [("failed", False)]


def test_the_ranking_page_says_the_last_run_failed_and_is_retrying(client, f922, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("bad data")

    monkeypatch.setattr(services, "scoring_inputs", broken)
    services.recompute_scores(framework_id=f922.pk, year=2022, will_retry=True)
    html = client.get("/dti/?year=2022").content.decode()
    assert "Lần tính lại gần nhất thất bại lúc" in html and "đang thử lại" in html


def test_the_ranking_page_says_a_held_request_waits_for_the_queue(client, f922):
    services.recompute_scores(framework_id=f922.pk, year=2022)
    PendingRecompute.objects.create(framework=f922, year=2022, trigger="change")  # never handed to the broker
    html = client.get("/dti/?year=2022").content.decode()
    assert 'data-testid="recompute-held"' in html and "đang chờ hàng đợi" in html


def test_nightly_recompute_covers_every_framework_year_and_is_safe_twice(f922):
    first = tasks.recompute_all_scores.apply().get()
    second = tasks.recompute_all_scores.apply().get()
    outcomes = dict(ScoreRun.objects.filter(pk__in=first).values_list("year", "outcome"))
    assert outcomes[2020] == "refused" and outcomes[2022] == "written" and outcomes[2024] == "refused"
    assert set(ScoreRun.objects.filter(pk__in=second, year=2022).values_list("outcome", flat=True)) == {"unchanged"}


def test_saving_an_observation_in_the_admin_triggers_a_run(f922, mains, superuser, django_capture_on_commit_callbacks):
    obs = Observation.objects.get(province__name="TP. Cần Thơ", indicator=mains["CQS"], year=2022)
    client = client_for(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/indicators/observation/{obs.pk}/change/",
            {"province": obs.province_id, "indicator": obs.indicator_id, "year": 2022, "value": "0.9", "source": "x"},
        )
    assert response.status_code == 302
    run = ScoreRun.objects.get(framework=f922, year=2022)
    assert run.outcome == "written"
    obs.refresh_from_db()
    assert obs.entered_by == superuser


def test_recompute_now_is_for_the_dx_office_only(f922, dx_office, viewer, django_capture_on_commit_callbacks):
    assert client_for(viewer).post("/dti/recompute/", {"framework": f922.pk, "year": 2022}).status_code == 403
    assert client_for(None).post("/dti/recompute/", {"framework": f922.pk, "year": 2022}).status_code == 302
    assert not ScoreRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dx_office).post("/dti/recompute/", {"framework": f922.pk, "year": 2022})
    assert response.status_code == 302
    assert ScoreRun.objects.get().trigger == "manual"


def test_recompute_now_refuses_a_year_the_framework_does_not_cover(f922, dx_office):
    response = client_for(dx_office).post("/dti/recompute/", {"framework": f922.pk, "year": 2030}, follow=True)
    assert response.status_code == 200 and not ScoreRun.objects.exists()


def test_admin_action_recomputes_every_year_of_the_framework(f922, superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(superuser).post(
            "/admin/indicators/framework/", {"action": "recompute_frameworks", "_selected_action": [f922.pk]}
        )
    assert sorted(ScoreRun.objects.values_list("year", flat=True)) == [2021, 2022, 2023]


TRICKY = [None, 'a "quoted", {braced} \\ back-slashed, NULL', "", "NULL"]


def test_score_arrays_are_sent_in_postgresql_array_text_and_read_back_as_they_were(db):
    """The in-place rewrite sends each column as PostgreSQL's array text: text quoted with its quotes and
    back-slashes escaped (a text "NULL" is not a null), floats exact, booleans t/f; PostgreSQL reads them back
    unchanged."""
    floats = [0.1, 1 / 3, None, -2.5e-10]
    assert services._array_text([True, False, None]) == "{t,f,NULL}"
    assert services._array_text([1, None, 30]) == "{1,NULL,30}"
    assert services._array_text(floats) == "{0.1,0.3333333333333333,NULL,-2.5e-10}"
    assert services._array_text(TRICKY) == r'{NULL,"a \"quoted\", {braced} \\ back-slashed, NULL","","NULL"}'
    if connection.vendor == "postgresql":  # the round trip through the server, where the arrays go
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT %s::text[], %s::float8[]", [services._array_text(TRICKY), services._array_text(floats)]
            )
            assert cursor.fetchone() == (TRICKY, floats)
