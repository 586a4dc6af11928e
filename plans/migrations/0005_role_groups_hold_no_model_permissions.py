"""The role groups are membership only: who may do what is decided by the rules (plans/rules.py,
indicators/rules.py), and Django's model permissions grant nothing. Model permissions that earlier releases
gave the groups (the DX office's view permission on users) are removed, so that the groups' admin page does
not suggest a grant that has no effect."""

from django.db import migrations

# Names are frozen here: a migration must not import code that may change later.
GROUPS = ["Lãnh đạo (xem)", "Thủ trưởng đơn vị", "Văn phòng CĐS", "Quản trị"]


def groups_hold_no_model_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_evidence_private_storage_reminder_digest"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(groups_hold_no_model_permissions, migrations.RunPython.noop)]
