"""The permission matrix of the API's writes: every write × every role, by API token, asserting the status and
that a refused write changes nothing (TaskUpdate rows, review states and tasks' versions before and after).

The story, as in tests/plans/test_permissions.py: head_a heads unit_a (task_a's lead unit), head_b heads unit_b
(task_b's), head_c heads unit_c, which only co-operates on task_a; `inactive` is a switched-off DX office account.
"""

from __future__ import annotations

import pytest

from plans import rules
from plans.models import Status, Task, TaskUpdate
from tests import factories
from tests.api.conftest import token_client

ACTORS = ["anonymous", "inactive", "viewer", "head_a", "head_b", "head_c", "dx_office", "superuser"]


@pytest.fixture
def world(unit_a, head_a, head_b, task_a, task_b, viewer, dx_office, superuser):
    unit_c = factories.UnitFactory(name="Sở Tài chính", short_name="Sở TC")
    head_c = factories.UserFactory(username="head_c", groups=[rules.UNIT_HEAD])
    factories.LeaderFactory(unit=unit_c, user=head_c)
    task_a.cooperating_units.add(unit_c)
    inactive = factories.UserFactory(username="former", groups=[rules.DX_OFFICE], is_staff=True)
    people = {
        "anonymous": None,
        "inactive": inactive,
        "viewer": viewer,
        "head_a": head_a,
        "head_b": head_b,
        "head_c": head_c,
        "dx_office": dx_office,
        "superuser": superuser,
    }
    clients = {name: token_client(user) for name, user in people.items()}
    inactive.is_active = False  # the token was issued while the account was on
    inactive.save()
    pending = factories.TaskUpdateFactory(task=task_a, author=head_a)
    return {"clients": clients, "task_a": task_a, "pending": pending}


def snapshot():
    return (
        sorted(TaskUpdate.objects.values_list("pk", "review_state", "review_note")),
        sorted(Task.objects.values_list("pk", "version", "status", "progress")),
    )


def progress_on_task_a(world):
    task = world["task_a"]
    return f"/api/v1/tasks/{task.pk}/updates/", {"version": task.version, "progress": 60, "note": "Tiến độ"}


def note_on_task_a(world):
    task = world["task_a"]
    return f"/api/v1/tasks/{task.pk}/updates/", {"version": task.version, "note": "Đơn vị phối hợp đã góp ý"}


def verify_pending(world):
    return f"/api/v1/updates/{world['pending'].pk}/verify/", {}


def return_pending(world):
    return f"/api/v1/updates/{world['pending'].pk}/return/", {"note": "Thiếu minh chứng"}


WRITES = {
    # write: {actor: expected status}
    progress_on_task_a: {
        "anonymous": 401,
        "inactive": 401,
        "viewer": 403,
        "head_a": 201,
        "head_b": 403,
        "head_c": 400,  # co-operating: a note only, the lead unit moves the task
        "dx_office": 201,
        "superuser": 201,
    },
    note_on_task_a: {
        "anonymous": 401,
        "inactive": 401,
        "viewer": 403,
        "head_a": 201,
        "head_b": 403,
        "head_c": 201,
        "dx_office": 201,
        "superuser": 201,
    },
    verify_pending: {
        "anonymous": 401,
        "inactive": 401,
        "viewer": 403,
        "head_a": 403,
        "head_b": 403,
        "head_c": 403,
        "dx_office": 200,
        "superuser": 200,
    },
    return_pending: {
        "anonymous": 401,
        "inactive": 401,
        "viewer": 403,
        "head_a": 403,
        "head_b": 403,
        "head_c": 403,
        "dx_office": 200,
        "superuser": 200,
    },
}


def test_the_matrix_names_every_write_of_the_schema_and_every_role():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = sorted(
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in ("post", "put", "patch", "delete")
    )
    assert writes == [
        "POST /api/v1/tasks/{task_id}/updates/",
        "POST /api/v1/updates/{id}/return/",
        "POST /api/v1/updates/{id}/verify/",
    ]
    assert all(set(expected) == set(ACTORS) for expected in WRITES.values())


@pytest.mark.parametrize("write", list(WRITES), ids=lambda w: w.__name__)
@pytest.mark.parametrize("actor", ACTORS)
def test_api_write_by_role(world, write, actor):
    url, data = write(world)
    before = snapshot()
    response = world["clients"][actor].post(url, data, format="json")
    expected = WRITES[write][actor]
    assert response.status_code == expected, (actor, response.content)
    if expected >= 400:
        assert snapshot() == before
    else:
        assert snapshot() != before
    if expected == 201:
        assert TaskUpdate.objects.filter(task=world["task_a"]).count() == 2


def test_a_status_change_by_the_co_operating_head_says_why(world):
    task = world["task_a"]
    response = world["clients"]["head_c"].post(
        f"/api/v1/tasks/{task.pk}/updates/", {"version": task.version, "status": Status.PAUSED}, format="json"
    )
    assert response.status_code == 400 and "phối hợp" in response.json()["status"][0]
