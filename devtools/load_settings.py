"""Settings of the load benchmark's gunicorn: the project's own, plus the trivial page's URL."""

from dxtracker.settings import *  # noqa: F403

ROOT_URLCONF = "devtools.urls"
