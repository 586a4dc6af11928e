"""Starting a province without the demo: its own root units, the programme settings (its name, the DX office's
unit), the role groups and the first DX office account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from plans import rules
from plans.models import ProgrammeSettings, Unit

# The province's own bodies every plan refers to ({province} is its name, e.g. "Ninh Bình").
ROOT_UNITS = [
    ("Tỉnh ủy {province}", "Tỉnh ủy", Unit.Kind.PARTY_COMMITTEE),
    ("Ủy ban nhân dân tỉnh {province}", "UBND tỉnh", Unit.Kind.PEOPLES_COMMITTEE),
    (
        "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh {province}",
        "BCĐ tỉnh",
        Unit.Kind.STEERING,
    ),  # noqa: E501
    ("Sở Khoa học và Công nghệ tỉnh {province}", "Sở KH&CN", Unit.Kind.DEPARTMENT),
]
DX_OFFICE_UNIT = 3  # the department that runs the DX office since the 2025 merger of Sở TT&TT into Sở KH&CN


@dataclass
class Started:
    units: list[Unit]
    username: str
    password: str  # "" when the account already existed


def _settings(province: str, dx_office: Unit) -> None:
    """The programme settings name the province; the DX office's unit is the department, unless already chosen."""
    programme = ProgrammeSettings.objects.order_by("pk").first() or ProgrammeSettings()
    programme.province = province
    programme.dx_office = programme.dx_office or dx_office
    programme.save()


def province_start(*, province: str, username: str = "vanphong", email: str = "") -> Started:
    """Idempotent: units and groups that exist are kept; the account is created only once."""
    province = province.strip()
    with transaction.atomic():
        for name in rules.ALL:
            Group.objects.get_or_create(name=name)
        units = []
        for name, short, kind in ROOT_UNITS:
            unit, _created = Unit.objects.get_or_create(
                name=name.format(province=province), defaults={"short_name": short, "kind": kind}
            )
            units.append(unit)
        committee = units[1]
        for unit in (units[2], units[3]):
            if unit.parent_id is None:
                unit.parent = committee
                unit.save(update_fields=["parent"])
        _settings(province, units[DX_OFFICE_UNIT])
        users = get_user_model().objects
        password = ""
        user = users.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = users.create_user(username=username, email=email, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=rules.DX_OFFICE))
    return Started(units=units, username=username, password=password)
