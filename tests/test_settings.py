"""Settings fail fast with a clear message when production is misconfigured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


STRONG_KEY = "k7Qp2vX9mLr4Tz8Wc1Nb6Hd3Fs5Gj0Ya-Ue_Io7PqRt2Ws9Xv4Zm8Bn1Cx6Lk3Jh5"


def _start(code="", **env):
    """Import the settings in a fresh interpreter with only the given DJANGO_* variables; run code after setup."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "dxtracker.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _start(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_start_that_forgets_django_debug_is_a_production_start():
    """No DJANGO_DEBUG: debug off, so the development key is not used and a real key is demanded."""
    result = _start()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr

    result = _start(f"print(settings.DEBUG, settings.SECRET_KEY == {STRONG_KEY!r})", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("changeme", "well-known example value"),
        ("CHANGEME", "well-known example value"),
        ("dev-only-insecure-key-do-not-use-in-production", "well-known example value"),
        ("django-insecure-" + STRONG_KEY, "well-known example value"),
        (STRONG_KEY[:49], "too short (49 characters)"),
        ("x" * 50, "too few different characters"),
        ("abab" * 20, "too few different characters"),
    ],
)
def test_production_refuses_a_weak_secret_key(key, reason):
    result = _start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert reason in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_debug_accepts_any_key_and_has_a_development_key():
    result = _start("print(settings.SECRET_KEY)", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "dev-only-insecure-key-do-not-use-in-production"


def test_production_with_secret_key_starts():
    result = _start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_production_defaults_are_https_with_hsts_behind_a_proxy():
    code = (
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " settings.SECURE_HSTS_PRELOAD, settings.SECURE_PROXY_SSL_HEADER == ('HTTP_X_FORWARDED_PROTO', 'https'),"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = _start(code, DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "True", "True", "True"]


def test_https_settings_can_be_changed_for_a_first_deployment_or_a_plain_http_check():
    code = "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.SECURE_PROXY_SSL_HEADER)"
    result = _start(
        code,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="3600",
        DJANGO_SECURE_PROXY_SSL_HEADER="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "3600", "None"]


def test_debug_does_not_redirect_to_https():
    code = "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE)"
    result = _start(code, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False"]


def test_check_deploy_is_clean_with_production_settings():
    """`check --deploy` must not warn with the production defaults (CI runs it again, on PostgreSQL)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**environment, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": STRONG_KEY},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_tests_import_the_settings_with_debug_on():
    """pytest-env (pyproject.toml) turns debug on before the settings load: development key, plain storage."""
    assert os.environ["DJANGO_DEBUG"] == "true"
    from django.conf import settings

    assert settings.SECRET_KEY == "dev-only-insecure-key-do-not-use-in-production"
    assert not settings.SECURE_SSL_REDIRECT


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


def test_a_sqlite_database_file_runs_with_a_write_ahead_log(tmp_path):
    """Readers of the development database never wait for a writer, and a commit does not sync the disk twice."""
    code = (
        "from django.db import connection; cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], cursor.execute('PRAGMA synchronous').fetchone()[0])"
    )
    result = _start(code, DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1"]  # 1: NORMAL
