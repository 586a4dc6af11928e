"""Settings fail fast with a clear message when production is misconfigured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _start(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "dxtracker.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _start(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_with_secret_key_starts():
    result = _start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_a_boolean_that_is_not_one_is_refused():
    result = _start(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


def test_dates_are_dd_mm_yyyy_in_both_languages():
    import datetime as dt

    from django.utils import formats, translation

    for lang in ("vi", "en"):
        with translation.override(lang):
            assert formats.date_format(dt.date(2021, 10, 15)) == "15/10/2021"
