"""Forms of the path and what-if page: the projected values (0-1, decimal comma, one field per scored indicator
code of the year's framework), "all linked tasks complete", and a scenario's name. Bounded: a value outside 0-1
or an unknown code is refused with a message, never scored."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PREFIX = "set_"


class WhatIfForm(forms.Form):
    """`set_<CODE>` fields, one per scored indicator code; empty: the current value."""

    linked = forms.BooleanField(label=_("All linked tasks complete"), required=False)

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for code in codes:
            self.fields[PREFIX + code] = forms.DecimalField(
                label=code,
                required=False,
                min_value=0,
                max_value=1,
                max_digits=6,
                decimal_places=4,
                localize=True,
                error_messages={
                    "invalid": _("Enter a value from 0 to 1, e.g. 0,85."),
                    "min_value": _("Enter a value from 0 to 1, e.g. 0,85."),
                    "max_value": _("Enter a value from 0 to 1, e.g. 0,85."),
                    "max_digits": _("At most 4 decimals."),
                    "max_decimal_places": _("At most 4 decimals."),
                },
            )

    def values(self) -> dict[str, float]:
        """The projected values entered, by indicator code (call after is_valid)."""
        return {
            name.removeprefix(PREFIX): float(value)
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX) and value is not None
        }


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=200, strip=True)
