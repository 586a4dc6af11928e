from django.db import migrations

from common.beat import ensure_periodic_task, remove_periodic_task

NAME = "send-reminders-daily"


def create(apps, schema_editor):
    ensure_periodic_task(apps, name=NAME, task="plans.tasks.send_reminders", hour=7, minute=0)


def remove(apps, schema_editor):
    remove_periodic_task(apps, name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_role_groups_hold_no_model_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
