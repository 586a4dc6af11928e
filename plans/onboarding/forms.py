from django import forms
from django.utils.translation import gettext_lazy as _

from plans.onboarding.tables import MAX_BYTES


class ImportFileForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX, CSV or DOCX)"))
    create_units = forms.BooleanField(
        label=_("Create the units the file names that do not exist yet"),
        required=False,
        help_text=_("Otherwise an unknown lead unit is an error and an unknown co-operating body is kept as text."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv", ".docx")):
            raise forms.ValidationError(_("Choose an XLSX, CSV or DOCX file."))
        return upload


class UnitsFileForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose an XLSX or CSV file."))
        return upload
