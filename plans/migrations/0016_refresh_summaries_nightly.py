from django.db import migrations

from common.beat import ensure_periodic_task, remove_periodic_task

NAME = "refresh-summaries-nightly"


def create(apps, schema_editor):
    # Just after midnight, province time: the stored summaries rebuilt (plans.summaries.rebuild).
    ensure_periodic_task(apps, name=NAME, task="plans.tasks.refresh_summaries", hour=0, minute=5)


def remove(apps, schema_editor):
    remove_periodic_task(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0015_summaries"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
