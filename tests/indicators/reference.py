"""Reload the data migrations' reference data (frameworks, provinces, published results) after a flush."""


def load_reference_data() -> None:
    """A transactional test elsewhere in the session flushes every table, migrated data included; the DTI
    tests that need the frameworks and the published results call this when they are gone."""
    import importlib

    from django.apps import apps

    from indicators.models import Framework

    if Framework.objects.exists():
        return
    importlib.import_module("indicators.migrations.0002_frameworks").load(apps, None)
    importlib.import_module("indicators.migrations.0003_provinces_published_results").load(apps, None)
    importlib.import_module("indicators.migrations.0004_published_average_group").set_2024_group(apps, None)
