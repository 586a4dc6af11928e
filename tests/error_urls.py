"""URLs for tests/test_error_pages.py: views that fail in each way, in front of the real site."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import include, path


def bad_request(request):
    raise SuspiciousOperation("a tampered request")


def forbidden(request):
    raise PermissionDenied


def not_found(request):
    raise Http404("no such task")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("fail/400/", bad_request),
    path("fail/403/", forbidden),
    path("fail/404/", not_found),
    path("fail/500/", broken),
    path("", include("dxtracker.urls")),
]
