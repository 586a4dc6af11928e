import pytest

from indicators.models import Framework, Indicator, Province


@pytest.fixture
def f922(db):
    return Framework.objects.get(code="922/QĐ-BTTTT")


@pytest.fixture
def mains(f922):
    return {i.code: i for i in Indicator.objects.filter(framework=f922, parent__isnull=True)}


@pytest.fixture
def nam_dinh(db):
    return Province.objects.get(name="Nam Định", group="63")


@pytest.fixture
def commit():
    """Like django_capture_on_commit_callbacks(execute=True), but the callbacks are then dropped from the test
    transaction, as a real commit drops them: several blocks act as several separate commits."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def block():
        start = len(connection.run_on_commit)
        try:
            yield
        finally:
            while len(connection.run_on_commit) > start:
                _sids, func, _robust = connection.run_on_commit.pop(start)
                func()

    return block


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process in these tests even when a broker is configured (.ci/run's PostgreSQL + Redis
    pass); only the tests marked celery_worker send them to the real workers."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from dxtracker.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
