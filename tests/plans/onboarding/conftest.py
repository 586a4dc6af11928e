"""A province as the imports meet it: the People's Committee (the plans' owner), departments and districts."""

import pytest

from plans.models import Unit, UnitAlias
from tests import factories


@pytest.fixture
def province(db):
    owner = factories.UnitFactory(name="Ủy ban nhân dân tỉnh Ninh Bình", short_name="UBND tỉnh", kind="committee")
    units = {
        "owner": owner,
        "tttt": factories.UnitFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT"),
        "office": factories.UnitFactory(name="Văn phòng UBND tỉnh Ninh Bình", short_name="VP UBND"),
        "health": factories.UnitFactory(name="Sở Y tế", short_name="SYT"),
        "city": factories.UnitFactory(name="UBND thành phố Ninh Bình", short_name="TPNB", kind=Unit.Kind.DISTRICT),
        "yen": factories.UnitFactory(name="UBND huyện Ý Yên", short_name="YYen", kind=Unit.Kind.DISTRICT),
    }
    UnitAlias.objects.create(alias="Sở TTTT", unit=units["tttt"])
    units["plan"] = factories.PlanFactory(owner=owner, start_year=2026, end_year=2030)
    return units
