"""Forms of the reports: a new period, the texts of a report, the query string of the report pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.forms import QueryForm
from plans.models import Unit
from reports import periods
from reports.models import ReportPeriod
from reports.services import TEXT_FIELDS


class PeriodForm(forms.Form):
    """A period by its code (2026-11, 2026-Q3, 2026-H1, 2026) or by two dates."""

    code = forms.CharField(
        label=_("Report period"), max_length=16, required=False, help_text=_("2026-11, 2026-Q3, 2026-H1 or 2026")
    )
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        code, start, end = data.get("code"), data.get("start"), data.get("end")
        try:
            if code:
                data["span"] = periods.parse(code)
            elif start and end:
                data["span"] = periods.custom(start, end)
            else:
                raise ValidationError(_("Write a period (2026-Q3) or give both dates."))
        except ValueError as error:
            raise ValidationError(
                _(
                    "This period cannot be read: write 2026-11, 2026-Q3, 2026-H1 or 2026, "
                    "or two dates with the last not before the first."
                )
            ) from error
        return data


class ReportTextForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    class Meta:
        model = ReportPeriod
        fields = list(TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS if name.endswith("_text")} | {
            "recipients": forms.Textarea(attrs={"rows": 4})
        }


class ReportQueryForm(QueryForm):
    """?unit=ID: the unit report; a bad or unknown id gives the province's report."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, initial=None)
    page = forms.IntegerField(min_value=1, required=False, initial=1)  # Annex II on screen (the files hold all)


FORMATS = ("docx", "xlsx")
