"""django-filter filter sets for the progress pages; the same set drives the task list and its exports."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import SEARCH_MAX, YEAR_ERRORS, YEAR_MAX, YEAR_MIN
from plans.models import Document, Leader, Pillar, Plan, Status, Task, Timeliness, Unit
from plans.ratings import Rating, with_rating
from plans.selectors import programme

# Dates as text written dd/mm/yyyy: a browser's own date input shows its interface language's order (Chromium in
# English: mm/dd/yyyy) whatever the page's language. The field reads dd/mm/yyyy, and ISO dates from old links.
DATE_INPUT = forms.DateInput(
    attrs={
        "class": "form-control form-control-sm",
        "placeholder": _("dd/mm/yyyy"),
        "inputmode": "numeric",
        "autocomplete": "off",
    },
    format="%d/%m/%Y",
)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TEXT_INPUT = forms.TextInput(attrs={"class": "form-control form-control-sm", "type": "search"})
NUMBER_INPUT = forms.NumberInput(attrs={"class": "form-control form-control-sm"})


class SearchFilter(django_filters.CharFilter):
    """Free text, at most SEARCH_MAX characters (a NUL is refused by Django's CharField, as everywhere)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX)
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("method", "filter_text")
        kwargs.setdefault("widget", TEXT_INPUT)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A whole year from YEAR_MIN to YEAR_MAX: the database's year lookup fails on a date it cannot build."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.update(min_value=YEAR_MIN, max_value=YEAR_MAX, error_messages=YEAR_ERRORS)
        kwargs.setdefault("widget", NUMBER_INPUT)
        super().__init__(*args, **kwargs)


class TaskFilter(django_filters.FilterSet):
    q = SearchFilter()
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=Plan.objects.order_by("-start_year", "title"))
    pillar = django_filters.ChoiceFilter(label=_("Pillar"), choices=Pillar.choices)
    field = django_filters.ChoiceFilter(label=_("Field"), choices=programme.field_choices)
    lead_unit = django_filters.ModelChoiceFilter(label=_("Lead unit"), queryset=Unit.objects.order_by("name"))
    cooperating_unit = django_filters.ModelChoiceFilter(
        label=_("Co-operating unit"), queryset=Unit.objects.order_by("name"), method="filter_cooperating"
    )
    head = django_filters.ModelChoiceFilter(
        label=_("Head"),
        field_name="responsible_leader",
        queryset=Leader.objects.filter(role=Leader.Role.HEAD).select_related("unit").order_by("unit__name"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    timeliness = django_filters.ChoiceFilter(label=_("Timeliness"), choices=Timeliness.choices)
    rating = django_filters.ChoiceFilter(label=_("Rating"), choices=Rating.choices, method="filter_rating")
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_date", lookup_expr="gte", widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    due_to = django_filters.DateFilter(
        label=_("Due until"), field_name="due_date", lookup_expr="lte", widget=DATE_INPUT, input_formats=DATE_FORMATS
    )

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        # Code, title and description, ignoring case and diacritics: the search page's own match (common/search.py).
        return queryset.matching(value)

    def filter_rating(self, queryset, name, value):
        # The rating in SQL (plans.ratings.with_rating), judged today in the current quarter, as on the pages.
        if "rating" not in queryset.query.annotations:
            queryset = with_rating(queryset)
        return queryset.filter(rating=value)

    def filter_cooperating(self, queryset, name, value):
        # One unit at a time: the join cannot duplicate a task (a unit co-operates on a task at most once).
        return queryset.filter(cooperating_units=value)


class DocumentFilter(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Document.Level.choices)
    issuer = django_filters.ModelChoiceFilter(label=_("Issuing body"), queryset=Unit.objects.order_by("name"))
    year = YearFilter(label=_("Year"), field_name="issue_date", lookup_expr="year")

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        # Number, title and summary, ignoring case and diacritics: the search page's own match.
        return queryset.matching(value)
