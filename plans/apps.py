from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_dx_office_user_lookup(sender, **kwargs) -> None:
    """The DX office keeps leaders, whose user account is picked with the admin's autocomplete: that asks for
    Django's view permission on users. Granted after every migrate, when the permission rows surely exist."""
    from django.contrib.auth.models import Group, Permission

    from plans import roles

    permission = Permission.objects.filter(content_type__app_label="auth", codename="view_user").first()
    if permission is None:
        return
    for name in (roles.DX_OFFICE, roles.ADMIN):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("DX programme")

    def ready(self) -> None:
        # After auth's own post_migrate handler (which creates the permissions): plans comes after auth.
        post_migrate.connect(grant_dx_office_user_lookup, sender=self, dispatch_uid="plans_grant_user_lookup")
