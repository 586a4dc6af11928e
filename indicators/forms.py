from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    # An empty file reaches the importer, which refuses it like any other unusable file (400, same message).
    file = forms.FileField(
        allow_empty_file=True,
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns: province, indicator_code, year, value, source. Download the template below."),
    )
