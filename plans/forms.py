"""Forms of the update workflow: a head's update on a task, and the DX office's review of an update."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans import rules, services
from plans.models import Status, Task
from plans.validators import evidence_kind

PROGRESS_MESSAGE = _("Progress must be a whole number from 0 to 100.")


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
        if self.mode is rules.UpdateMode.NOTE:
            # A co-operating unit reports a note and evidence; the lead unit owns the state.
            del self.fields["status"]
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
        progress = cleaned.get("progress", self.task.progress)
        errors = services.update_rule_errors(
            task=self.task,
            user=self.user,
            status=status,
            progress=progress,
            note=cleaned.get("note", ""),
            has_evidence=bool(cleaned.get("evidence_url") or cleaned.get("evidence_file")),
            today=timezone.localdate(),
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
