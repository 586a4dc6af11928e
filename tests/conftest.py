"""Shared fixtures: the roles as users, in a story that every test can tell.

- unit_a and unit_b are two departments; ward_a is a unit below unit_a.
- head_a is the head of unit_a (unit-head group), head_b the head of unit_b.
- viewer reads everything (leadership viewer), dx_office runs the programme, superuser is the admin.
"""

import os

import pytest
from django.test import Client

from plans import rules
from tests import factories, migration_data

PASSWORD = "matkhau-thu-nghiem"


@pytest.fixture
def unit_a(db):
    return factories.UnitFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT")


@pytest.fixture
def unit_b(db):
    return factories.UnitFactory(name="Sở Y tế", short_name="Sở YT")


@pytest.fixture
def ward_a(unit_a):
    return factories.UnitFactory(name="Trung tâm Công nghệ thông tin", short_name="TT CNTT", parent=unit_a)


@pytest.fixture
def head_a(unit_a):
    user = factories.UserFactory(username="head_a", groups=[rules.UNIT_HEAD])
    factories.LeaderFactory(unit=unit_a, user=user, position_title="Giám đốc Sở TT&TT")
    return user


@pytest.fixture
def head_b(unit_b):
    user = factories.UserFactory(username="head_b", groups=[rules.UNIT_HEAD])
    factories.LeaderFactory(unit=unit_b, user=user, position_title="Giám đốc Sở Y tế")
    return user


@pytest.fixture
def viewer(db):
    return factories.UserFactory(username="viewer", groups=[rules.VIEWER])


@pytest.fixture
def dx_office(db):
    return factories.UserFactory(username="dx_office", groups=[rules.DX_OFFICE], is_staff=True)


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def task_a(unit_a, head_a):
    """An open task led by unit_a, answered for by head_a."""
    return factories.TaskFactory(lead_unit=unit_a, responsible_leader=head_a.leader_posts.get())


@pytest.fixture
def task_b(unit_b, head_b):
    return factories.TaskFactory(lead_unit=unit_b, responsible_leader=head_b.leader_posts.get())


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: one test's cached values must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """The visitors' page cache is off (a test's writes never commit, so they would not move the data version)
    unless a test turns it on (tests/test_page_cache.py), whatever cache the environment names."""
    settings.DXT_PAGE_CACHE = "off"


@pytest.fixture(autouse=True)
def _english_off_by_default(settings):
    """Tests see the product as a Vietnamese official does unless they switch language themselves."""
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Every database test starts with the data migrations' rows (role groups, DTI reference data, periodic
    jobs): a transactional test's flush removes them, and with several workers a test that only reads them may
    come after one. Restored by the migrations' own functions (tests/migration_data.py); idempotent."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if marker is not None:
        transactional = transactional or bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    migration_data.restore()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` are deselected unless DATABASE_URL is PostgreSQL (deselected, not skipped: the
    SQLite pass of .ci/run forbids skips, and its PostgreSQL pass runs them). Tests that need a real worker
    skip, with the reason, unless CELERY_WORKER_TESTS=1 (set by .ci/run)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        deselected = [item for item in items if item.get_closest_marker("postgres")]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    if os.environ.get("CELERY_WORKER_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="needs a real Celery worker over Redis: run with CELERY_WORKER_TESTS=1 (.ci/run)")
    for item in items:
        if "celery_worker" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    """Under .ci/run (DXT_FORBID_SKIPS=1) a skipped test is a failure: nothing is silently left untested."""
    if os.environ.get("DXT_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        if reporter:
            reporter.write_line(f"DXT_FORBID_SKIPS=1: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def celery_workers(django_db_setup, django_db_blocker):
    """Two real Celery worker processes over the configured broker, on the test database.

    Only under CELERY_WORKER_TESTS=1 with PostgreSQL and CELERY_BROKER_URL set (.ci/run's worker pass).
    Two processes, so that tests can show two workers racing on the same job. Stopped by their pids.
    """
    import signal
    import subprocess
    import sys
    import time

    from django.conf import settings
    from django.db import connection

    if os.environ.get("CELERY_WORKER_TESTS") != "1":
        pytest.skip("needs a real Celery worker over Redis: run with CELERY_WORKER_TESTS=1 (.ci/run)")
    if connection.vendor != "postgresql":
        pytest.skip("real-worker tests need PostgreSQL: set DATABASE_URL")
    if not settings.CELERY_BROKER_URL:
        pytest.skip("real-worker tests need CELERY_BROKER_URL")

    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dxtracker.settings"}
    procs = []
    for name in ("w1", "w2"):
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "dxtracker",
                    "worker",
                    "-n",
                    f"{name}@%h",
                    "--concurrency",
                    "1",
                    "--pool",
                    "prefork",
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                ],
                env=env,
            )
        )
    from dxtracker.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if len(replies) >= len(procs):
            break
    else:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        pytest.fail("Celery workers did not answer a ping within 60 s")
    yield procs
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
