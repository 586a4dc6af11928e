"""The environment of a benchmark's child process: production-like (debug off, no broker), on its own database."""

from __future__ import annotations

import os
import secrets


def production_like_environment(database_url: str, **extra: str) -> dict[str, str]:
    """As in production: debug off (no query log kept), tasks not sent anywhere, a key the settings accept;
    devtools installed explicitly, since debug is off; no HTTPS redirect (the pages are asked in-process)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DXT_DEV_TOOLS": "true",
        **extra,
    }
