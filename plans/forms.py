"""Forms of the update workflow (a head's update on a task, the DX office's review of an update) and the forms
that parse the query strings of the pages.

Bad input never gives a server error. Every parameter a page reads goes through a Django form field or a
django-filter filter set, with bounds (years YEAR_MIN..YEAR_MAX, pages from 1, ids that must exist, real dates,
search text of at most SEARCH_MAX characters). Django's form fields refuse NUL characters (CharField's
ProhibitNullCharactersValidator, and no other field type accepts one), so no NUL ever reaches a query: the
database (PostgreSQL refuses "\x00" in a string) is never asked. The rule, by kind of parameter:

- Navigation (page, sort, year, group, _export): a bad value silently gets its default, because a
  hand-edited or stale link should still show a page. A page that is not a whole number from 1 shows the
  first page, a page beyond the last shows the last; an unknown sort keeps the default order; a year that is
  not a whole number in range, or has no data, shows the default year; an unknown group the 63 provinces; an
  unknown export format shows the page itself. See QueryForm.
- Filters (the filter form of the task and document lists): a bad value is not applied and the form says
  why, next to the field, in the interface language; the page answers 200 with the other filters applied.
  The task export reads the same filter set and ignores the bad value the same way (its link is built from
  the list page, where the message was shown).
- Ids in the path: not digits, no match (404); digits of no row, however large, 404.
- Posted forms: shown again with their messages (the import page answers 400); a refused recomputation
  request says why and goes back to the ranking.
- `next` (sign-in, language): Django's own views keep only a safe address on this site, else the default.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.search import fold
from plans import rules, services
from plans.models import Status, Task, Unit, stale_days
from plans.validators import evidence_kind

PROGRESS_MESSAGE = _("Progress must be a whole number from 0 to 100.")

# Django's form fields refuse a NUL character with this message, which Django's own Vietnamese catalogue
# leaves untranslated: naming it here puts it in ours, so that the refusal reads in Vietnamese too.
NUL_MESSAGE = _("Null characters are not allowed.")

YEAR_MIN, YEAR_MAX = 1900, 2100
SEARCH_MAX = 200
SORT_MAX = 100


def _year_message() -> str:
    return gettext("Enter a year from %(min)d to %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX}


YEAR_MESSAGE = lazy(_year_message, str)()
YEAR_ERRORS = dict.fromkeys(("invalid", "min_value", "max_value", "required"), YEAR_MESSAGE)


# Column names, "-" for descending, commas between them (django-tables2's sort parameter).
SORT_VALIDATOR = RegexValidator(r"^-?\w+(,-?\w+)*$")


class QueryForm(forms.Form):
    """Navigation parameters of a page: each bad value gets its field's default, the others keep theirs."""

    def values(self) -> dict:
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) if self.cleaned_data.get(name) not in (None, "") else field.initial
            for name, field in self.fields.items()
        }


class TableQueryForm(QueryForm):
    """Sorting and pagination of a table: page 1 and the table's default order unless asked otherwise."""

    page = forms.IntegerField(min_value=1, required=False, initial=1)
    sort = forms.CharField(max_length=SORT_MAX, required=False, initial="", validators=[SORT_VALIDATOR])


NAME_MAX = 255  # a name typed in a filter's name box


class SuggestForm(forms.Form):
    """The text a filter's name box asks suggestions for (plans:suggest): at most NAME_MAX characters."""

    q = forms.CharField(max_length=NAME_MAX, required=False)

    def query(self) -> str:
        """The text; "" when there is none or it was refused (nothing is suggested)."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class SearchForm(forms.Form):
    """The search box (navigation bar and search page): free text of at most SEARCH_MAX characters.

    A NUL is refused by CharField, a longer text is refused with a message; either way nothing is searched.
    """

    q = forms.CharField(
        label=_("Search"),
        max_length=SEARCH_MAX,
        required=False,
        error_messages={"max_length": _("The search text is too long (at most %(limit_value)d characters).")},
    )

    def query(self) -> str:
        """The text to search for; "" when there is none (empty, only spaces or marks) or it was refused."""
        if not self.is_valid():
            return ""
        text = self.cleaned_data["q"]
        return text if fold(text) else ""


class TaskUpdateForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "required": _("The form is incomplete: reload the page and try again."),
            "invalid": _("The form is incomplete: reload the page and try again."),
            "min_value": _("The form is incomplete: reload the page and try again."),
            "max_value": _("The form is incomplete: reload the page and try again."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        error_messages={
            "required": _("Choose a status from the list."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 1}),
        error_messages={
            "required": PROGRESS_MESSAGE,
            "invalid": PROGRESS_MESSAGE,
            "min_value": PROGRESS_MESSAGE,
            "max_value": PROGRESS_MESSAGE,
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when the task is overdue (reason for the delay), when pausing or cancelling, "
            "and when progress goes down."
        ),
        error_messages={"max_length": _("The note is too long (at most %(limit_value)d characters).")},
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": _("Enter a full web address, e.g. https://example.gov.vn/report."),
            "max_length": _("The link is too long (at most %(limit_value)d characters)."),
        },
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word (.docx), Excel (.xlsx), JPG or PNG."),
        error_messages={
            "invalid": _("The file could not be read. Try attaching it again."),
            "empty": _("The file is empty."),
            "missing": _("The file could not be read. Try attaching it again."),
        },
    )

    def __init__(self, *args, task: Task, user, **kwargs):
        self.task = task
        self.user = user
        self.mode = rules.update_mode(user, task)
        kwargs.setdefault(
            "initial",
            {"version": task.version, "status": task.status, "progress": task.progress},
        )
        super().__init__(*args, **kwargs)
        self.has_subtasks = task.has_subtasks()
        if self.mode is rules.UpdateMode.NOTE:
            # A co-operating unit reports a note and evidence; the lead unit owns the state.
            del self.fields["status"]
            del self.fields["progress"]
        elif self.has_subtasks:
            # A parent's progress is rolled up from its subtasks: heads report progress on the subtasks.
            del self.fields["progress"]

    @property
    def note_only(self) -> bool:
        return self.mode is rules.UpdateMode.NOTE

    def _asks_for_state_change(self) -> bool:
        """A note-only form has no status or progress field; a request that sends them anyway is refused."""
        status = self.data.get("status")
        progress = (self.data.get("progress") or "").strip()
        return bool(status and status != self.task.status) or bool(progress and progress != str(self.task.progress))

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        kind = evidence_kind(upload)
        # Stored under a random name with the extension the content showed (see plans.models.evidence_upload_to).
        upload.name = f"evidence.{kind}"
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("version") != self.task.version:
            # Someone else updated the task since this form was opened: the service refuses it as a conflict
            # and shows the newer update; judging the rules against a state the head never saw would mislead.
            return cleaned
        if self.note_only and self._asks_for_state_change():
            self.add_error(
                None,
                _(
                    "Your unit co-operates on this task: you can add a note or evidence, but only the lead unit "
                    "changes its status and progress."
                ),
            )
            return cleaned
        status = cleaned.get("status", self.task.status)
        progress = cleaned.get("progress", None if self.has_subtasks else self.task.progress)
        errors = services.update_rule_errors(
            task=self.task,
            user=self.user,
            status=status,
            progress=progress,
            note=cleaned.get("note", ""),
            has_evidence=bool(cleaned.get("evidence_url") or cleaned.get("evidence_file")),
            today=timezone.localdate(),
            has_subtasks=self.has_subtasks,
        )
        for field, messages in errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, ValidationError(message))
        return cleaned


class ReviewForm(forms.Form):
    VERIFY = "verify"
    RETURN = "return"

    action = forms.ChoiceField(
        choices=[(VERIFY, _("Verify")), (RETURN, _("Return"))],
        error_messages={
            "required": _("Choose whether to verify or return the update."),
            "invalid_choice": _("Choose whether to verify or return the update."),
        },
    )
    review_note = forms.CharField(
        label=_("Review note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the update: tell the head what to fix."),
        error_messages={"max_length": _("The note is too long (at most %(limit_value)d characters).")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.RETURN and not (cleaned.get("review_note") or "").strip():
            self.add_error("review_note", _("Give the reason for returning the update."))
        return cleaned


BULK_MAX = 200  # the review queue shows at most this many rows


class IdListField(forms.Field):
    """Several ids posted under one name (checkboxes): whole numbers in the database's range, at most BULK_MAX,
    duplicates dropped, order kept."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("The selection could not be read. Reload the page and choose again."),
        "required": _("Choose at least one update."),
        "too_many": _("Choose at most %(limit)d updates at once."),
    }

    def to_python(self, value) -> list[int]:
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        if len(value) > BULK_MAX:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"limit": BULK_MAX})
        ids = []
        for item in value:
            if not isinstance(item, str | int) or not str(item).isdigit() or not 0 < int(item) < 2**31:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(int(item))
        return list(dict.fromkeys(ids))


class BulkVerifyForm(forms.Form):
    """The DX office's "verify the selected updates" (each update is then verified on its own)."""

    update = IdListField()
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)  # the queue's filter, kept


class QueueFilterForm(forms.Form):
    """The review queue's unit filter: a unit that does not exist is not applied, and the form says so."""

    unit = forms.ModelChoiceField(
        label=_("Lead unit"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("This unit does not exist; showing every unit.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.attrs.update({"class": "form-select form-select-sm", "data-autosubmit": ""})

    def chosen_unit(self):
        """The chosen unit, or None (no choice, or one that did not parse)."""
        return self.cleaned_data.get("unit") if self.is_valid() else None


class PreferencesForm(forms.Form):
    """A person's e-mails, each kind chosen on its own: the review e-mails and the daily reminder digest."""

    email_notifications = forms.BooleanField(
        label=_("E-mail me when the DX office verifies or returns my updates"),
        required=False,
        help_text=_("The notifications stay in dxtracker either way."),
    )
    email_reminders = forms.BooleanField(label=_("E-mail me a daily reminder of my tasks"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_reminders"].help_text = gettext(
            "At most one e-mail a day, on the days when a task you answer for is overdue, due within %(due)d days "
            "or without an update for %(stale)d days. Your tasks stay on “My tasks” either way."
        ) % {"due": settings.DXT_REMINDER_DUE_DAYS, "stale": stale_days()}


class _BoundedUsername:
    """Django's sign-in form only shows the username's maximum length; this one checks it before anyone is
    asked, because django-axes records a failed sign-in's username in a 255-character column (PostgreSQL
    refuses a longer value: a 500 instead of "wrong username or password")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))


class SignInForm(_BoundedUsername, AuthenticationForm):
    pass


class AdminSignInForm(_BoundedUsername, AdminAuthenticationForm):
    pass
