from django.db import migrations

from common.beat import ensure_periodic_task, remove_periodic_task

NIGHTLY = "recompute-all-scores-nightly"
HELD = "enqueue-held-recomputations"


def create(apps, schema_editor):
    ensure_periodic_task(apps, name=NIGHTLY, task="indicators.tasks.recompute_all_scores", hour=1, minute=30)
    # Recomputations asked for while the broker was down (or whose message was lost) are enqueued by this job.
    ensure_periodic_task(apps, name=HELD, task="indicators.tasks.enqueue_held_recomputations", every_seconds=60)


def remove(apps, schema_editor):
    remove_periodic_task(apps, name=NIGHTLY)
    remove_periodic_task(apps, name=HELD)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_score_run_trace"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
