"""Reporting on a task by API: the update service's rules, permissions, version check; the DX office's review."""

from django.core.cache import cache

from api.models import ApiToken, hash_key
from plans.models import Status, Task, TaskUpdate
from tests import factories
from tests.api.conftest import token_client


def post_update(client, task, **data):
    return client.post(f"/api/v1/tasks/{task.pk}/updates/", {"version": task.version, **data}, format="json")


def test_a_head_reports_progress_with_a_token_and_the_task_moves(task_a, head_a):
    response = post_update(token_client(head_a), task_a, status=Status.IN_PROGRESS, progress=60, note="Đã lắp đặt")
    assert response.status_code == 201, response.content
    assert response.json()["author_position"] == "Giám đốc Sở TT&TT"
    task_a.refresh_from_db()
    assert (task_a.progress, task_a.version) == (60, 2)
    update = TaskUpdate.objects.get()
    assert (update.author, update.review_state) == (head_a, TaskUpdate.Review.PENDING)


def test_a_stale_version_is_a_409_with_the_current_version_and_writes_nothing(task_a, head_a):
    client = token_client(head_a)
    assert post_update(client, task_a, progress=50).status_code == 201
    response = post_update(client, task_a, progress=70)  # task_a in memory is still at version 1
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert TaskUpdate.objects.count() == 1 and Task.objects.get(pk=task_a.pk).progress == 50


def test_a_broken_rule_is_a_400_in_vietnamese(task_a, head_a):
    response = post_update(token_client(head_a), task_a, status=Status.COMPLETED, progress=80)
    assert response.status_code == 400
    assert "100%" in response.json()["progress"][0] and "hoàn thành" in response.json()["progress"][0].lower()
    assert not TaskUpdate.objects.exists()


def test_bad_input_is_a_400_before_the_service_is_asked(task_a, head_a):
    client = token_client(head_a)
    for data in ({"progress": 101}, {"status": "done"}, {"version": 0}, {"version": "abc"}):
        assert post_update(client, task_a, **data).status_code == 400, data
    assert client.post(f"/api/v1/tasks/{task_a.pk}/updates/", {}, format="json").status_code == 400
    assert not TaskUpdate.objects.exists()


def test_a_head_cannot_report_on_another_units_task(task_b, head_a):
    assert post_update(token_client(head_a), task_b, progress=60).status_code == 403
    assert not TaskUpdate.objects.exists()


def test_without_a_token_a_report_is_refused(api, task_a):
    assert post_update(api, task_a, progress=60).status_code == 401


def test_a_revoked_token_or_an_inactive_user_is_refused(task_a, head_a):
    client = token_client(head_a)
    ApiToken.objects.get().revoke()
    assert post_update(client, task_a, progress=60).status_code == 401
    other = token_client(head_a)
    head_a.is_active = False
    head_a.save()
    assert post_update(other, task_a, progress=60).status_code == 401
    assert not TaskUpdate.objects.exists()


def test_only_a_hash_of_the_key_is_stored(head_a):
    token, key = ApiToken.issue(user=head_a, name="LGSP")
    assert token.key_hash == hash_key(key) and key not in {token.key_hash, token.prefix} and len(key) > 40
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_a_token_marks_when_it_was_last_used(api, task_a, head_a):
    client = token_client(head_a)
    client.get("/api/v1/units/")
    assert ApiToken.objects.get().last_used_at is not None


def test_the_dx_office_verifies_and_returns_updates(task_a, head_a, dx_office):
    first = factories.TaskUpdateFactory(task=task_a, author=head_a)
    second = factories.TaskUpdateFactory(task=task_a, author=head_a)
    client = token_client(dx_office)
    response = client.post(f"/api/v1/updates/{first.pk}/verify/", {}, format="json")
    assert response.status_code == 200 and response.json()["review_state"] == TaskUpdate.Review.VERIFIED
    assert client.post(f"/api/v1/updates/{first.pk}/verify/", {}, format="json").status_code == 400
    assert client.post(f"/api/v1/updates/{second.pk}/return/", {}, format="json").status_code == 400
    response = client.post(f"/api/v1/updates/{second.pk}/return/", {"note": "Thiếu minh chứng"}, format="json")
    assert response.status_code == 200 and response.json()["review_state"] == TaskUpdate.Review.RETURNED
    assert TaskUpdate.objects.get(pk=second.pk).review_note == "Thiếu minh chứng"


def test_a_head_cannot_verify_an_update(task_a, head_a):
    update = factories.TaskUpdateFactory(task=task_a, author=head_a)
    assert token_client(head_a).post(f"/api/v1/updates/{update.pk}/verify/", {}, format="json").status_code == 403
    assert TaskUpdate.objects.get(pk=update.pk).review_state == TaskUpdate.Review.PENDING


def test_each_token_has_its_own_rate_limit(settings, task_a, head_a, head_b):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "3/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        cache.clear()
        first, second = token_client(head_a), token_client(head_a)
        assert [first.get("/api/v1/units/").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert second.get("/api/v1/units/").status_code == 200
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original


def test_a_session_post_needs_the_csrf_token(task_a, head_a):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(head_a)
    assert post_update(client, task_a, progress=60).status_code == 403
    assert not TaskUpdate.objects.exists()
