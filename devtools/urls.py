"""The project's URLs plus the benchmarks' trivial page (bench_pages in-process, bench_load under gunicorn)."""

from django.urls import include, path

from devtools.views import trivial

urlpatterns = [path("__bench__/trivial/", trivial, name="bench_trivial"), path("", include("dxtracker.urls"))]
