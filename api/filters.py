"""Filter sets for the API's DTI lists. The programme's lists use plans/filters.py's sets, the pages' own."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from indicators.models import Framework, Indicator, Province, PublishedResult, Score
from plans.filters import YearFilter
from plans.models import TaskUpdate


class ScoreFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"))
    framework = django_filters.ModelChoiceFilter(label=_("Framework"), queryset=Framework.objects.all())
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=Province.objects.all())
    node = django_filters.CharFilter(label=_("Node"), max_length=40)

    class Meta:
        model = Score
        fields: list[str] = []


class PublishedResultFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"))
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=Province.objects.all())

    class Meta:
        model = PublishedResult
        fields: list[str] = []


class IndicatorFilter(django_filters.FilterSet):
    framework = django_filters.ModelChoiceFilter(label=_("Framework"), queryset=Framework.objects.all())

    class Meta:
        model = Indicator
        fields: list[str] = []


class TaskUpdateFilter(django_filters.FilterSet):
    review_state = django_filters.ChoiceFilter(label=_("Verification"), choices=TaskUpdate.Review.choices)

    class Meta:
        model = TaskUpdate
        fields: list[str] = []
