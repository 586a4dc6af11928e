from django.db import migrations

from common.beat import ensure_periodic_task, remove_periodic_task

NAME = "regenerate-open-data-nightly"


def create(apps, schema_editor):
    # After the scores' nightly recomputation (01:30), so the zip holds the night's scores.
    ensure_periodic_task(apps, name=NAME, task="api.tasks.regenerate_open_data", hour=2, minute=30)


def remove(apps, schema_editor):
    remove_periodic_task(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
