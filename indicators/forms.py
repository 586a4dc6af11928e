"""Forms of the DTI pages: the data import, the recomputation request and the pages' query strings.

The rule for bad input is the one of plans/forms.py: navigation parameters fall back to their default.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Framework, Province
from plans import exports
from plans.forms import SORT_MAX, SORT_VALIDATOR, YEAR_ERRORS, YEAR_MAX, YEAR_MIN, QueryForm

EXPORT_FORMATS = tuple(exports.FORMATS)


class ImportForm(forms.Form):
    # An empty file reaches the importer, which refuses it like any other unusable file (400, same message).
    file = forms.FileField(
        allow_empty_file=True,
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns: province, indicator_code, year, value, source. Download the template below."),
    )


class YearQueryForm(QueryForm):
    """The year of a province's or an indicator's page; none (or a bad one): the selector's default year."""

    year = forms.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)


class RankingQueryForm(YearQueryForm):
    group = forms.ChoiceField(choices=Province.Group.choices, required=False, initial=Province.Group.BEFORE_MERGER)
    sort = forms.CharField(max_length=SORT_MAX, required=False, initial="", validators=[SORT_VALIDATOR])
    _export = forms.ChoiceField(choices=[(f, f.upper()) for f in EXPORT_FORMATS], required=False)


class RecomputeForm(forms.Form):
    """The DX office's request to recompute one framework's scores for one year it covers."""

    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(),
        error_messages={
            "required": _("Choose a framework from the list."),
            "invalid_choice": _("Choose a framework from the list."),
        },
    )
    year = forms.IntegerField(
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages=YEAR_ERRORS,
    )

    def clean(self):
        cleaned = super().clean()
        framework, year = cleaned.get("framework"), cleaned.get("year")
        if framework and year and not framework.covers(year):
            self.add_error("year", _("%(framework)s does not cover that year.") % {"framework": framework.code})
        return cleaned
