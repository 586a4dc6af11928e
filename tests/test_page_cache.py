"""The visitors' page cache (common/page_cache.py): a stored page is served while the data version stands; every
committed write moves it, so the next request shows the change; signed-in users are never served from it; the
CSRF token is the visitor's own; per-process caches leave it off."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common import page_cache
from plans import services
from plans.models import Status
from tests import factories
from tests.conftest import client_for

OVERVIEW = reverse("plans:overview")


@pytest.fixture
def cached(settings):
    settings.DXT_PAGE_CACHE = "on"
    cache.clear()
    yield
    cache.clear()


def _queries(client, url, django_assert_max_num_queries, most):
    with django_assert_max_num_queries(most):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_a_stored_page_is_served_until_a_write_commits_then_shows_the_change(
    cached, dx_office, django_assert_num_queries, django_capture_on_commit_callbacks
):
    task = factories.TaskFactory(title="Nhiệm vụ thử bộ đệm", status=Status.IN_PROGRESS, progress=10)
    visitor = Client()
    url = reverse("plans:task_detail", args=[task.pk])
    assert "70%" not in visitor.get(url).content.decode()
    with django_assert_num_queries(0):  # served from the cache: no table read, not even to know it is fresh
        assert visitor.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.task_submit_update(
            task=task, user=dx_office, expected_version=task.version, progress=70, status=Status.IN_PROGRESS
        )
    assert "70%" in visitor.get(url).content.decode()


@pytest.mark.django_db
def test_a_write_that_rolls_back_leaves_the_pages_stored(cached, django_capture_on_commit_callbacks):
    before = page_cache.data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.UnitFactory()
    assert callbacks  # the bump waits for the commit
    assert page_cache.data_version() == before
    for callback in callbacks:
        callback()
    assert page_cache.data_version() != before


@pytest.mark.django_db
def test_the_overview_is_stored_per_language_and_day(
    cached, django_assert_num_queries, django_assert_max_num_queries, monkeypatch
):
    visitor, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language chosen in the navigation bar
    vi = visitor.get(OVERVIEW).content.decode()
    en = english.get(OVERVIEW).content.decode()
    assert 'lang="vi"' in vi and 'lang="en"' in en
    with django_assert_num_queries(0):
        assert 'lang="vi"' in visitor.get(OVERVIEW).content.decode()
        assert 'lang="en"' in english.get(OVERVIEW).content.decode()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    with django_assert_max_num_queries(40) as context:  # a new day: computed again (overdue moves at midnight)
        visitor.get(OVERVIEW)
    assert len(context.captured_queries) > 5


@pytest.mark.django_db
def test_signed_in_users_are_never_served_from_the_cache(cached, viewer, django_assert_max_num_queries):
    client = client_for(viewer)
    client.get(OVERVIEW)
    with django_assert_max_num_queries(40) as context:
        client.get(OVERVIEW)
    assert len(context.captured_queries) > 5  # the page computed again


@pytest.mark.django_db
def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(cached):
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    a = token.search(first.get(OVERVIEW).content.decode()).group(1)
    b = token.search(second.get(OVERVIEW).content.decode()).group(1)  # a hit
    assert a != b and page_cache.TOKEN_MARK not in b
    switched = second.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": b})
    assert switched.status_code == 302


def test_a_per_process_cache_leaves_it_off_unless_asked(settings):
    settings.DXT_PAGE_CACHE = "auto"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not page_cache.enabled()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x"}}
    assert page_cache.enabled()
    settings.DXT_PAGE_CACHE = "off"
    assert not page_cache.enabled()
