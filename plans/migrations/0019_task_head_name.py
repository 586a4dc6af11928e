"""The responsible head's name on each task (`Task.head_name`), for sorting the task list by head through an index;
filled from the posts (the same text as `plans.models.post_name`, frozen here)."""

from django.db import migrations, models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat


def fill(apps, schema_editor):
    Task = apps.get_model("plans", "Task")
    Leader = apps.get_model("plans", "Leader")
    name = Case(
        When(~Q(person_name=""), then=Concat(F("position_title"), Value(" ("), F("person_name"), Value(")"))),
        default=F("position_title"),
        output_field=models.CharField(),
    )
    shown = Subquery(Leader.objects.filter(pk=OuterRef("responsible_leader_id")).values(name=name)[:1])
    Task.objects.exclude(responsible_leader=None).update(head_name=Coalesce(shown, Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0018_taskcount_rating_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="head_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=520, verbose_name="head's name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["head_name", "id"], name="task_head_name"),
        ),
    ]
