"""`manage.py dti_whatif`: the projection as JSON, on the database's observations, worked out by hand."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Observation, Province
from plans.models import ProgrammeSettings


@pytest.fixture
def three_provinces_2023(mains):
    # 1000 points in all: Nam Định 500, Thái Bình 600, Hà Nam 700.
    for name, value in (("Nam Định", 0.5), ("Thái Bình", 0.6), ("Hà Nam", 0.7)):
        province = Province.objects.get(name=name, group="63")
        for main in mains.values():
            if main.scored:
                Observation.objects.create(province=province, indicator=main, year=2023, value=value)


def whatif(*args):
    out = StringIO()
    call_command("dti_whatif", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_projection_creates_a_tie_and_gives_the_points_to_the_target(three_provinces_2023):
    ProgrammeSettings.objects.update(target_rank=1)
    # CQS 0.5 -> 1.0: +100 points, 600 = Thái Bình's: tied 2nd; Hà Nam (700) is 100 points ahead.
    out = whatif("--year", "2023", "--province", "Nam Định", "--set", "CQS=1")
    assert out == {
        "province": "Nam Định",
        "year": 2023,
        "current": {"score": pytest.approx(0.5), "rank": 3},
        "projected": {"score": pytest.approx(0.6), "rank": 2},
        "gap_to_target_points": pytest.approx(100),
    }


def test_the_projection_crosses_the_target_rank(three_provinces_2023):
    ProgrammeSettings.objects.update(target_rank=2)
    # NTS and TCS 0.5 -> 1.0 (+100), CQS 0.5 -> 0.75 (+50): 650, ahead of Thái Bình: rank 2, the target.
    out = whatif("--year", "2023", "--province", "Nam Định", "--set", "NTS=1", "--set", "TCS=1", "--set", "CQS=0,75")
    assert out["projected"] == {"score": pytest.approx(0.65), "rank": 2}
    assert out["gap_to_target_points"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "NOPE=0.5"], "NOPE"),
        (["--set", "DTTM=0.5"], "DTTM"),  # not scored
        (["--set", "CQS=1.5"], "0 to 1"),
        (["--set", "CQS"], "CODE=VALUE"),
        (["--province", "Atlantis"], "Atlantis"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(three_provinces_2023, args, message):
    argv = ["--year", "2023"] + ([] if "--province" in args else ["--province", "Nam Định"])
    with pytest.raises(CommandError, match=message):
        whatif(*argv, *args)
