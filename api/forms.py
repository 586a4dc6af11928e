from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("e.g. the unit's own reporting system"),
        error_messages={"required": _("Name the token, so that you know later what it is for.")},
    )
