"""The fields that were choices in code become rows, with their Vietnamese names, so every task keeps its field;
the programme settings get their one row from the settings that held them."""

from django.conf import settings
from django.db import migrations

# (code, name, other names in plans): the former choices, in their order.
FIELDS = [
    ("e_government", "Chính quyền điện tử", ["Chính quyền số"]),
    ("smart_city", "Đô thị thông minh", []),
    ("health", "Y tế", []),
    ("education", "Giáo dục", []),
    ("environment", "Tài nguyên và môi trường", ["Tài nguyên", "Môi trường"]),
    ("infrastructure", "Hạ tầng", []),
    ("data", "Dữ liệu", []),
    ("human_resources", "Nhân lực", []),
    ("security", "An toàn thông tin", ["An ninh mạng"]),
    ("awareness", "Nhận thức", []),
    ("other", "Khác", []),
]
# The five the overview showed until now (the demo province's, from its resolution 09-NQ/TU): kept as priority
# fields in a database that already holds tasks; a new database starts with none, and the DX office marks its own.
FORMER_PRIORITY = {"e_government", "smart_city", "health", "education", "environment"}
# The demo's province, for a database that holds the demo and never set DXT_PROVINCE.
DEMO_PROVINCE = "Nam Định"


def create_fields(apps, schema_editor):
    """Idempotent: a field that exists is left as the DX office made it. A code found on tasks but in no row
    (none should be) gets a row named by its code, so no task is left without its field."""
    Field = apps.get_model("plans", "Field")
    Task = apps.get_model("plans", "Task")
    has_tasks = Task.objects.exists()
    for order, (code, name, words) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "keywords": "\n".join(words),
                "is_priority": has_tasks and code in FORMER_PRIORITY,
            },
        )
    for code in Task.objects.exclude(field__in=Field.objects.values("code")).values_list("field", flat=True).distinct():
        Field.objects.get_or_create(code=code, defaults={"name": code, "order": len(FIELDS) + 1})


def create_settings(apps, schema_editor):
    ProgrammeSettings = apps.get_model("plans", "ProgrammeSettings")
    Task = apps.get_model("plans", "Task")
    if ProgrammeSettings.objects.exists():
        return
    province = getattr(settings, "DXT_PROVINCE", "")
    if not province and Task.objects.filter(is_sample=True).exists():
        province = DEMO_PROVINCE
    ProgrammeSettings.objects.create(province=province, target_rank=getattr(settings, "DXT_TARGET_RANK", 20))


def create(apps, schema_editor):
    create_fields(apps, schema_editor)
    create_settings(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plans", "0013_fields_programme_settings")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
