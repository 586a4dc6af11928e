"""The release builds as README.md's production steps say: collectstatic with the manifest storage, then
whitenoise serves the hashed files. A vendored file that points at a missing one (a .map) fails here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.test_settings import STRONG_KEY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic --noinput as production runs it (debug off: whitenoise's compressed manifest storage)."""
    root = tmp_path_factory.mktemp("staticfiles")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_STATIC_ROOT=str(root))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_collectstatic_builds_the_manifest_for_our_files_bootstrap_and_plotly(static_root):
    paths = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/bootstrap.min.css",
        "vendor/bootstrap.bundle.min.js",
        "vendor/bootstrap.min.css.map",
        "vendor/bootstrap.bundle.min.js.map",
        "plotly/plotly.min.js",
        "js/charts.js",
        "js/autosubmit.js",
        "css/dxtracker.css",
        "admin/css/base.css",
    ):
        assert name in paths, name
        assert (static_root / paths[name]).is_file()
    # whitenoise's compressed copies, served to browsers that accept gzip.
    assert (static_root / (paths["vendor/bootstrap.min.css"] + ".gz")).is_file()


def test_the_css_points_at_its_hashed_source_map(static_root):
    paths = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    css = (static_root / paths["vendor/bootstrap.min.css"]).read_text()
    hashed_map = Path(paths["vendor/bootstrap.min.css.map"]).name
    assert css.rstrip().endswith(f"/*# sourceMappingURL={hashed_map} */")


@pytest.mark.django_db
def test_pages_link_hashed_files_that_whitenoise_serves_for_a_year(static_root, settings):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    client = Client()  # a new client builds the middleware, so whitenoise reads this STATIC_ROOT
    page = client.get("/accounts/login/")
    paths = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = "/static/" + paths["vendor/bootstrap.min.css"]
    assert hashed in page.content.decode()

    response = client.get(hashed, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
