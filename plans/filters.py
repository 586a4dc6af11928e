"""django-filter filter sets for the progress pages; the same set drives the task list and its exports."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from plans.forms import NAME_MAX, SEARCH_MAX, YEAR_ERRORS, YEAR_MAX, YEAR_MIN
from plans.models import Document, Pillar, Status, Task, Timeliness
from plans.ratings import Rating, with_rating
from plans.selectors import choices, programme
from plans.selectors.common import today

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


# A list of rows (plans, units, heads) longer than this is not a drop-down but a box to type a name in, with
# suggestions (static/js/suggest.js): a national instance lists thousands of units and heads.
CHOICES_LIMIT = 200
ID_MAX = 2**63 - 1  # the largest id a row can have (BigAutoField)


class RowField(forms.CharField):
    """A plan, unit or head, as its id (a drop-down, a link from another page) or as a name typed in.

    `kind` names the rows (`plans.selectors.choices.KINDS`): their drop-down, suggestions and labels."""

    def __init__(self, *, kind: str, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX)
        super().__init__(**kwargs)
        self.kind = kind

    def validate(self, value):
        super().validate(value)
        pk = choices.as_id(value)
        if pk is not None and pk > ID_MAX:
            raise forms.ValidationError(_("No row has this number: pick a name from the list or type one."))


class RowFilter(django_filters.Filter):
    """Tasks (or documents) of one plan, unit or head: by id, or by a typed name, which keeps the rows whose name
    contains it, ignoring case and diacritics as the search does.

    The form shows a drop-down while the rows are at most CHOICES_LIMIT, else a box with suggestions
    (plans/templatetags/pages.py `filter_control`)."""

    field_class = RowField

    def __init__(self, *args, kind: str, **kwargs):
        kwargs["kind"] = kind
        super().__init__(*args, **kwargs)
        self.kind = kind

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.field_name}__in": choices.rows_named(self.kind, value)})


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
    plan = RowFilter(label=_("Plan"), kind="plan")
    pillar = django_filters.ChoiceFilter(label=_("Pillar"), choices=Pillar.choices)
    field = django_filters.ChoiceFilter(label=_("Field"), choices=programme.field_choices)
    lead_unit = RowFilter(label=_("Lead unit"), kind="unit")
    cooperating_unit = RowFilter(label=_("Co-operating unit"), kind="unit", method="filter_cooperating")
    head = RowFilter(label=_("Head"), kind="head", field_name="responsible_leader")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    timeliness = django_filters.ChoiceFilter(
        label=_("Timeliness"), choices=Timeliness.choices, method="filter_timeliness"
    )
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

    def filter_timeliness(self, queryset, name, value):
        # Plain conditions on status and due date, which the indexes serve (not the annotated CASE).
        return queryset.in_timeliness(value, today())

    def filter_rating(self, queryset, name, value):
        # The rating in SQL (plans.ratings.with_rating), judged today in the current quarter, as on the pages.
        if "rating" not in queryset.query.annotations:
            queryset = with_rating(queryset)
        return queryset.filter(rating=value)

    def filter_cooperating(self, queryset, name, value):
        # A subquery, not a join: a name may match several units, and a task is listed once.
        through = Task.cooperating_units.through.objects.filter(unit__in=choices.rows_named("unit", value))
        return queryset.filter(pk__in=through.values("task_id"))


class DocumentFilter(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Document.Kind.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Document.Level.choices)
    issuer = RowFilter(label=_("Issuing body"), kind="unit")
    year = YearFilter(label=_("Year"), field_name="issue_date", lookup_expr="year")

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        # Number, title and summary, ignoring case and diacritics: the search page's own match.
        return queryset.matching(value)
