"""The rows that data migrations create (role groups, the programme's fields and settings, DTI frameworks,
provinces, published results, periodic jobs), put back by the migrations' own functions.

A transactional test (a real browser, a real worker, the broker-down tests) ends with a flush of every
table, and the flush takes these rows too. The autouse fixture in tests/conftest.py calls `restore()` at the
start of every transactional test, so no test repairs them by hand and each migration stays the one source
of its rows. Each function called here is idempotent.
"""

import importlib

from django.apps import apps

MIGRATIONS = [
    ("plans.migrations.0002_roles", "create_groups"),
    ("plans.migrations.0006_periodic_reminders", "create"),
    ("plans.migrations.0014_fields_and_settings_data", "create"),
    ("plans.migrations.0016_refresh_summaries_nightly", "create"),
    ("plans.migrations.0018_taskcount_rating_days", "create"),
    ("indicators.migrations.0006_periodic_recomputations", "create"),
    ("api.migrations.0002_periodic_open_data", "create"),
]
# The DTI reference data: loaded together, when the frameworks are gone.
REFERENCE = [
    ("indicators.migrations.0002_frameworks", "load"),
    ("indicators.migrations.0003_provinces_published_results", "load"),
    ("indicators.migrations.0004_published_average_group", "set_2024_group"),
]


def restore() -> None:
    from indicators.models import Framework

    for module, function in MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    if not Framework.objects.exists():
        for module, function in REFERENCE:
            getattr(importlib.import_module(module), function)(apps, None)
