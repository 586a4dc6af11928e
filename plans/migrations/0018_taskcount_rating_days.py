"""Ratings counted by day in the summaries, undated totals of the dated rows, and an index on scope, bucket and
day, so that a page reads only the days it compares (plans/summaries.py, plans/selectors/aggregates.py).

Existing rows get their undated totals here. The rating rows need the tasks: `manage.py rebuild_summaries`
(which the release steps run after `migrate`, and the nightly job runs anyway) writes them with the marker row
that says which thresholds they were built with; until then the pages rate the tasks in SQL. On an empty
database the marker is written at once."""

from django.db import migrations, models
from django.db.models import Sum

TOTALS = {"open": "open_n", "open_upd": "open_upd_n"}


def create(apps, schema_editor):
    from plans.ratings import thresholds
    from plans.summaries import rating_marker

    Task = apps.get_model("plans", "Task")
    TaskCount = apps.get_model("plans", "TaskCount")
    if Task.objects.exists():
        return
    scope, key, bucket, _day = rating_marker(thresholds())
    TaskCount.objects.filter(scope=scope, key=key).delete()
    TaskCount.objects.create(scope=scope, key=key, bucket=bucket, day=None, n=1)


def add_totals(apps, schema_editor):
    TaskCount = apps.get_model("plans", "TaskCount")
    for dated, total in TOTALS.items():
        TaskCount.objects.filter(bucket=total).delete()
        rows = TaskCount.objects.filter(bucket=dated).values("scope", "key").annotate(n=Sum("n")).order_by()
        TaskCount.objects.bulk_create(
            [TaskCount(scope=r["scope"], key=r["key"], bucket=total, day=None, n=r["n"]) for r in rows if r["n"]],
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0017_userpreferences_email_reminders"),
    ]

    operations = [
        migrations.AlterField(
            model_name="taskcount",
            name="bucket",
            field=models.CharField(max_length=40),
        ),
        migrations.AddIndex(
            model_name="taskcount",
            index=models.Index(fields=["scope", "bucket", "day"], name="taskcount_scope_bucket_day"),
        ),
        migrations.RunPython(add_totals, migrations.RunPython.noop),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
