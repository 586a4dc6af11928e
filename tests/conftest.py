"""Shared fixtures: the roles as users, in a story that every test can tell.

- unit_a and unit_b are two departments; ward_a is a unit below unit_a.
- head_a is the head of unit_a (unit-head group), head_b the head of unit_b.
- viewer reads everything (leadership viewer), dx_office runs the programme, superuser is the admin.
"""

import os

import pytest
from django.test import Client

from plans import roles
from tests import factories

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
    user = factories.UserFactory(username="head_a", groups=[roles.UNIT_HEAD])
    factories.LeaderFactory(unit=unit_a, user=user, position_title="Giám đốc Sở TT&TT")
    return user


@pytest.fixture
def head_b(unit_b):
    user = factories.UserFactory(username="head_b", groups=[roles.UNIT_HEAD])
    factories.LeaderFactory(unit=unit_b, user=user, position_title="Giám đốc Sở Y tế")
    return user


@pytest.fixture
def viewer(db):
    return factories.UserFactory(username="viewer", groups=[roles.VIEWER])


@pytest.fixture
def dx_office(db):
    return factories.UserFactory(username="dx_office", groups=[roles.DX_OFFICE], is_staff=True)


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
def _english_off_by_default(settings):
    """Tests see the product as a Vietnamese official does unless they switch language themselves."""
    settings.LANGUAGE_CODE = "vi"


def pytest_collection_modifyitems(config, items):
    """Tests that need a real worker skip, with the reason, unless CELERY_WORKER_TESTS=1 (set by .ci/run)."""
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
