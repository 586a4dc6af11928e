"""Who may do what: the one place that decides it, with django-rules.

The roles are auth groups (created by migrations); the predicates below say who someone is (active, DX office,
head of which units); the permissions registered here say what that lets them do. Views, services, forms, the
admin and template filters all ask the same question, `user.has_perm("plans.<action>", obj)`, and nothing else:
Django's per-model permissions in the database grant nothing (see `SignInBackend`). indicators/rules.py registers
the DTI's permissions with these predicates.

- Every permission needs an active account; superusers hold every permission (Django's own rule).
- Leadership viewer: reads everything, writes nothing.
- Unit head: full updates (status, progress, note, evidence) on tasks whose lead unit is their unit or one below
  it; a note only on tasks where such a unit co-operates. Their units are those where they hold a current head or
  deputy post (a Leader row linked to their account).
- DX office (and the administrator group): updates any task, reopens completed or cancelled ones, verifies or
  returns updates, keeps the programme and the DTI in the admin, and unlocks locked-out sign-ins.
"""

from __future__ import annotations

import datetime as dt
import enum

import rules
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import permission_required
from django.utils.translation import gettext_lazy as _

from plans.models import Leader, Task, Unit

# The roles: auth group names (frozen copies live in the migrations that create the groups).
VIEWER = "Lãnh đạo (xem)"
UNIT_HEAD = "Thủ trưởng đơn vị"
DX_OFFICE = "Văn phòng CĐS"
ADMIN = "Quản trị"

ALL = [VIEWER, UNIT_HEAD, DX_OFFICE, ADMIN]

LABELS = {
    VIEWER: _("Leadership viewer"),
    UNIT_HEAD: _("Unit head"),
    DX_OFFICE: _("DX office"),
    ADMIN: _("Administrator"),
}

# The permissions that are not a model's add/change/delete/view.
VIEW_PROGRESS = "plans.view_progress"  # read the progress pages
UPDATE_TASK = "plans.update_task"  # change a task's status and progress through an update
REPORT_ON_TASK = "plans.report_on_task"  # add a note and evidence to a task
REOPEN_TASK = "plans.reopen_task"  # take a completed or cancelled task back into work
REVIEW_UPDATE = "plans.review_taskupdate"  # verify or return an update
DOWNLOAD_EVIDENCE = "plans.download_evidence"


class SignInBackend(ModelBackend):
    """Django's password sign-in (inactive accounts refused), without its database permissions: every
    permission comes from the rules, so a model permission given to a group or a user grants nothing."""

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()


def group_names(user) -> frozenset[str]:
    """The user's group names, read once per user object (that is, once per request)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_dxt_group_names"):
        user._dxt_group_names = frozenset(g.name for g in user.groups.all())
    return user._dxt_group_names


@rules.predicate
def is_anonymous(user) -> bool:
    return not user.is_authenticated


@rules.predicate
def is_active(user) -> bool:
    return user.is_authenticated and user.is_active


@rules.predicate
def pages_are_public() -> bool:
    return not getattr(settings, "DXT_LOGIN_REQUIRED", False)


@rules.predicate
def _is_superuser(user) -> bool:
    return user.is_superuser


@rules.predicate
def _in_dx_office_group(user) -> bool:
    return bool(group_names(user) & {DX_OFFICE, ADMIN})


@rules.predicate
def _in_unit_head_group(user) -> bool:
    return UNIT_HEAD in group_names(user)


is_dx_office = is_active & (_is_superuser | _in_dx_office_group)
is_unit_head = is_active & _in_unit_head_group


def headed_unit_ids(user, date: dt.date | None = None) -> frozenset[int]:
    """The units the user heads (head or deputy post, current on `date`) and every unit below them.

    Cached on the user object for the request when asked for today, so a page asks the database once.
    """
    if not is_unit_head(user):
        return frozenset()
    cache_key = "_dxt_headed_unit_ids"
    if date is None and hasattr(user, cache_key):
        return getattr(user, cache_key)
    own = set(
        Leader.objects.current_on(date)
        .filter(user=user, role__in=[Leader.Role.HEAD, Leader.Role.DEPUTY])
        .values_list("unit_id", flat=True)
    )
    result = frozenset(Unit.subtree_ids(own)) if own else frozenset()
    if date is None:
        setattr(user, cache_key, result)
    return result


@rules.predicate
def heads_lead_unit(user, task) -> bool:
    units = headed_unit_ids(user)
    return bool(units) and task is not None and task.lead_unit_id in units


@rules.predicate
def heads_cooperating_unit(user, task) -> bool:
    if task is None:
        return False
    units = headed_unit_ids(user)
    return bool(units) and any(unit.pk in units for unit in task.cooperating_units.all())


# The pages and the update workflow.
rules.add_perm(VIEW_PROGRESS, is_active | (is_anonymous & pages_are_public))
rules.add_perm(UPDATE_TASK, is_dx_office | heads_lead_unit)
rules.add_perm(REPORT_ON_TASK, is_dx_office | heads_lead_unit | heads_cooperating_unit)
rules.add_perm(REOPEN_TASK, is_dx_office)
rules.add_perm(REVIEW_UPDATE, is_dx_office)
rules.add_perm(DOWNLOAD_EVIDENCE, is_active)  # evidence is never served from a public URL

OPEN_NOTIFICATION = "plans.open_notification"


@rules.predicate
def is_recipient(user, notification) -> bool:
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm(OPEN_NOTIFICATION, is_active & is_recipient)  # a notification is read only by its recipient

# The admin: the DX office keeps the programme. Task updates are append-only (plans/admin.py): read only.
rules.add_perm("plans", is_dx_office)
for _model in ("unit", "leader", "document", "documentlink", "plan", "goal", "task"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"plans.{_action}_{_model}", is_dx_office)
rules.add_perm("plans.view_taskupdate", is_dx_office)
# Notifications are read only (written by reviews); a person's e-mail choices may be set for them.
rules.add_perm("plans.view_notification", is_dx_office)
for _action in ("view", "add", "change"):
    rules.add_perm(f"plans.{_action}_userpreferences", is_dx_office)

# Accounts: the DX office picks a leader's user account (the admin's autocomplete) and unlocks locked-out
# sign-ins (django-axes: deleting the access attempt lifts the lock-out).
rules.add_perm("auth.view_user", is_dx_office)
rules.add_perm("axes", is_dx_office)
rules.add_perm("axes.view_accessattempt", is_dx_office)
rules.add_perm("axes.delete_accessattempt", is_dx_office)


class UpdateMode(enum.Enum):
    """What a user may send on a task's update form."""

    FULL = "full"  # status, progress, note, evidence
    NOTE = "note"  # note and evidence only: the task's state stays as it is


def update_mode(user, task) -> UpdateMode | None:
    """FULL, NOTE, or None when the user may not report on the task at all."""
    if user.has_perm(UPDATE_TASK, task):
        return UpdateMode.FULL
    if user.has_perm(REPORT_ON_TASK, task):
        return UpdateMode.NOTE
    return None


# A progress page: anyone may read it unless DXT_LOGIN_REQUIRED is on; then anonymous visitors go to the login
# page. The setting is read on every request, so tests (and a changed environment) take effect at once.
public_page = permission_required(VIEW_PROGRESS)


# Onboarding: the DX office imports a plan's annex and the province's units and heads, and keeps the aliases
# by which plans name units.
IMPORT_PLAN = "plans.import_plan"
IMPORT_UNITS = "plans.import_units"
rules.add_perm(IMPORT_PLAN, is_dx_office)
rules.add_perm(IMPORT_UNITS, is_dx_office)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"plans.{_action}_unitalias", is_dx_office)


# The province's own: its fields and its settings (one row, never deleted: plans/admin.py).
@rules.predicate
def field_unused(user, field) -> bool:
    """A field no task has may be deleted; one in use is made inactive instead, so no task loses its field."""
    return field is None or not Task.objects.filter(field=field.code).exists()


for _action in ("view", "add", "change"):
    rules.add_perm(f"plans.{_action}_field", is_dx_office)
    rules.add_perm(f"plans.{_action}_programmesettings", is_dx_office)
rules.add_perm("plans.delete_field", is_dx_office & field_unused)
