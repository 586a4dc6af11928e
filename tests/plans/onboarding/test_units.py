import pytest

from plans.models import Unit, UnitAlias
from plans.onboarding.text import name_key
from plans.onboarding.units import UnitMatcher, collective_kind, split_names
from tests import factories


@pytest.fixture
def province(db):
    tttt = factories.UnitFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT")
    office = factories.UnitFactory(name="Văn phòng UBND tỉnh Ninh Bình", short_name="", kind=Unit.Kind.DEPARTMENT)
    health = factories.UnitFactory(name="Sở Y tế", short_name="SYT")
    d1 = factories.UnitFactory(name="UBND thành phố Ninh Bình", short_name="TPNB", kind=Unit.Kind.DISTRICT)
    d2 = factories.UnitFactory(name="UBND huyện Ý Yên", short_name="Ý Yên", kind=Unit.Kind.DISTRICT)
    UnitAlias.objects.create(alias="VP UBND tỉnh", unit=office)
    return {"tttt": tttt, "office": office, "health": health, "districts": {d1, d2}}


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sở TT&TT", "sở tttt"),
        ("Sở Y tế tỉnh Nam Định", "SỞ Y TẾ"),
        ("Sở Y tế tỉnh", "Sở Y tế"),
        ("Đài Phát thanh - Truyền hình", "dai phat thanh truyen hinh"),
        ("Sở  Tài chính.", "so tai chinh"),
    ],
)
def test_names_meet_ignoring_case_diacritics_punctuation_and_the_province_suffix(a, b):
    assert name_key(a) == name_key(b)


def test_d_with_stroke_is_not_the_same_as_other_letters():
    assert name_key("Đông") == "dong" and name_key("Đông") != name_key("Ông")


@pytest.mark.parametrize(
    "name, unit",
    [
        ("Sở Thông tin và Truyền thông", "tttt"),  # full name
        ("Sở TT&TT", "tttt"),  # short name
        ("Sở TTTT", "tttt"),  # short name without punctuation
        ("sở thông tin và truyền thông tỉnh Ninh Bình", "tttt"),
        ("VP UBND tỉnh", "office"),  # alias
        ("vp ubnd tinh", "office"),
        ("Văn phòng UBND tỉnh", "office"),  # full name without the province
        ("SYT", "health"),
    ],
)
def test_a_name_matches_by_full_name_short_name_or_alias(province, name, unit):
    assert UnitMatcher().match(name).unit == province[unit]


def test_an_unknown_name_matches_nothing_and_gets_the_nearest_names(province):
    matcher = UnitMatcher()
    assert matcher.match("Sở Thông tin Truyền thông").unit is None
    assert matcher.nearest("Sở Thông tin Truyền thông")[0] == "Sở Thông tin và Truyền thông"


def test_a_name_two_units_share_is_ambiguous(province):
    factories.UnitFactory(name="Sở Y tế tỉnh Nam Định", short_name="")
    match = UnitMatcher().match("Sở Y tế")
    assert match.unit is None and len(match.ambiguous) == 2


def test_a_collective_name_stands_for_every_unit_of_its_kind(province):
    match = UnitMatcher().match("UBND các huyện, thành phố")
    assert set(match.members) == province["districts"]
    assert collective_kind("Các sở, ban, ngành") == Unit.Kind.DEPARTMENT
    assert collective_kind("UBND cấp xã") == Unit.Kind.COMMUNE
    assert collective_kind("UBND huyện Ý Yên") is None


def test_a_cell_splits_at_commas_but_keeps_a_collective_name_whole():
    assert split_names("Sở TT&TT, Sở Y tế; UBND các huyện, thành phố\nCác sở, ban, ngành") == [
        "Sở TT&TT",
        "Sở Y tế",
        "UBND các huyện, thành phố",
        "Các sở, ban, ngành",
    ]
