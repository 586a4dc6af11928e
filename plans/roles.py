"""The four roles, as auth groups created by a migration. Who may do what is decided in plans/permissions.py."""

from django.utils.translation import gettext_lazy as _

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


def user_in(user, *groups: str) -> bool:
    """Whether the user belongs to any of the groups (uses the prefetched groups when present)."""
    if not user.is_authenticated:
        return False
    return any(g.name in groups for g in user.groups.all())
