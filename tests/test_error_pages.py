"""Errors show our own pages, in Vietnamese, never a traceback; the 500 page needs no database."""

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver

pytestmark = pytest.mark.urls("tests.error_urls")


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "testid", "text"),
    [
        ("/fail/400/", 400, "bad-request", "Yêu cầu không hợp lệ"),
        ("/fail/403/", 403, "forbidden", "Bạn không có quyền thực hiện thao tác này"),
        ("/fail/404/", 404, "not-found", "Không tìm thấy trang"),
        ("/khong-co-trang-nay/", 404, "not-found", "Không tìm thấy trang"),
    ],
)
def test_error_pages_are_ours_in_vietnamese_inside_the_site_layout(url, status, testid, text):
    response = Client().get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert f'data-testid="{testid}"' in html
    assert text in html
    assert 'lang="vi"' in html
    assert "Về trang tổng quan" in html  # the way back
    assert 'id="mainnav"' in html  # the site's navigation, as on every page


@pytest.mark.django_db
def test_a_crash_shows_our_500_page_without_a_query_or_traceback(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/fail/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'data-testid="server-error"' in html
    assert "Hệ thống đang gặp sự cố" in html
    assert "RuntimeError" not in html and "Traceback" not in html


def test_the_500_page_renders_without_database_or_static_manifest(settings, tmp_path):
    """No `db` fixture: pytest-django refuses any query. An empty STATIC_ROOT with the manifest storage makes any
    {% static %} fail. The 500 page is rendered by Django's handler500 without a request context."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    handler500 = get_resolver().resolve_error_handler(500)
    response = handler500(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in html
    assert "Lỗi máy chủ · dxtracker" in html


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_our_page_in_vietnamese():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="csrf-failure"' in html
    assert "Biểu mẫu này đã hết hạn" in html
