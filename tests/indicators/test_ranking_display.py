"""The ranking shows scores rounded (never truncated) to the 4 decimals at which ties are judged."""

from django.urls import reverse

from indicators import services
from indicators.models import Observation, Province
from tests.conftest import client_for


def _observe(province_name: str, value: float, mains) -> None:
    province = Province.objects.get(name=province_name, group="63")
    for main in mains.values():
        if main.scored and main.max_points:
            Observation.objects.create(province=province, indicator=main, year=2022, value=value)


def test_tied_provinces_show_the_same_rounded_value_and_the_next_rank_is_skipped(f922, mains):
    _observe("Nam Định", 0.61236, mains)  # 0.6124 rounded; truncated it would read 0.6123
    _observe("Thái Bình", 0.61244, mains)  # 0.6124: tied with Nam Định at 4 decimals
    _observe("Hà Nam", 0.5, mains)
    services.recompute_scores(framework_id=f922.pk, year=2022)
    response = client_for(None).get(reverse("indicators:ranking"), {"year": 2022})
    rows = {r.record["province"]: r for r in response.context["table"].rows}
    assert rows["Nam Định"].get_cell("value") == rows["Thái Bình"].get_cell("value") == "0,6124"
    tied = rows["Nam Định"].record["rank"]  # after the 2022 top five, whose real values are in the reference data
    assert rows["Thái Bình"].record["rank"] == tied
    assert rows["Hà Nam"].record["rank"] == tied + 2 and rows["Hà Nam"].get_cell("value") == "0,5000"
    assert 'data-testid="tie-rule"' in response.content.decode()
