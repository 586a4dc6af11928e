"""The update workflow (write): "my tasks", a head's update form, the DX office's review, evidence downloads.

Every view needs a signed-in user (anonymous visitors go to the login page) and asks the rules (plans/rules.py);
a refused write raises PermissionDenied, which renders templates/403.html and writes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plans import rules, services
from plans.forms import BulkVerifyForm, QueueFilterForm, ReviewForm, TaskUpdateForm
from plans.models import Task
from plans.selectors import workflow
from plans.validators import ALLOWED_TYPES

RETURN_TO_MY_TASKS = "my_tasks"  # the only value of the quick update's return_to


@login_required
@require_http_methods(["GET", "HEAD"])
def my_tasks(request: HttpRequest) -> HttpResponse:
    queue_form = QueueFilterForm(request.GET or None)
    context = workflow.my_tasks_page(request.user, unit=queue_form.chosen_unit())
    return render(request, "plans/workflow/my_tasks.html", {**context, "queue_form": queue_form})


@login_required
@require_http_methods(["POST"])
def updates_verify(request: HttpRequest) -> HttpResponse:
    """The DX office verifies the updates ticked in the queue: each on its own, each refusal reported."""
    if not request.user.has_perm(rules.REVIEW_UPDATE):
        raise PermissionDenied(_("Only the DX office verifies or returns updates."))
    form = BulkVerifyForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("update", []):
            messages.error(request, message)
        return redirect(_queue_url(form))
    outcomes = services.updates_verify_many(user=request.user, update_ids=form.cleaned_data["update"])
    _report_outcomes(request, outcomes)
    return redirect(_queue_url(form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = workflow.task_for_update_or_404(pk)
    if not request.user.has_perm(rules.REPORT_ON_TASK, task):
        raise PermissionDenied(_("You cannot report on this task: it is not led by your unit or one below it."))
    form, conflict = _update_form(request, task), None
    if form.is_bound and form.is_valid():
        try:
            _submit_update(task, form, request.user)
        except services.UpdateConflict as exc:
            conflict, task = exc, exc.task
            form = _form_after_conflict(task, request.user, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your update on %(code)s has been saved.") % {"code": task.code})
            return redirect(_after_update(request, task))
    context = {
        "task": task,
        "form": form,
        "conflict": conflict,
        "recent": workflow.recent_updates(task),
        "can_reopen": request.user.has_perm(rules.REOPEN_TASK, task),
    }
    return render(request, "plans/workflow/task_update.html", context, status=409 if conflict else 200)


def _after_update(request: HttpRequest, task: Task) -> str:
    """The quick update on "my tasks" goes back there; the full form goes to the task's page."""
    if request.POST.get("return_to") == RETURN_TO_MY_TASKS:
        return reverse("plans:my_tasks") + f"#my-task-{task.pk}"
    return task.get_absolute_url()


def _queue_url(form: BulkVerifyForm) -> str:
    unit = form.cleaned_data.get("unit") if hasattr(form, "cleaned_data") else None
    return reverse("plans:my_tasks") + (f"?unit={unit}" if unit else "") + "#pending-reviews"


def _report_outcomes(request: HttpRequest, outcomes: list[services.ReviewOutcome]) -> None:
    done = [o for o in outcomes if o.ok]
    if done:
        codes = ", ".join(o.update.task.code for o in done)
        messages.success(
            request,
            ngettext("%(count)d update verified: %(codes)s.", "%(count)d updates verified: %(codes)s.", len(done))
            % {"count": len(done), "codes": codes},
        )
    for outcome in outcomes:
        if not outcome.ok:
            what = outcome.update.task.code if outcome.update else f"#{outcome.update_id}"
            reason = {"what": what, "reason": outcome.error}
            messages.error(request, _("%(what)s was not verified: %(reason)s") % reason)


def _update_form(request: HttpRequest, task: Task) -> TaskUpdateForm:
    if request.method == "POST":
        return TaskUpdateForm(request.POST, request.FILES, task=task, user=request.user)
    return TaskUpdateForm(task=task, user=request.user)


def _submit_update(task: Task, form: TaskUpdateForm, user) -> None:
    data = form.cleaned_data
    services.task_submit_update(
        task=task,
        user=user,
        expected_version=data["version"],
        status=data.get("status"),
        progress=data.get("progress"),
        note=data["note"],
        evidence_url=data["evidence_url"],
        evidence_file=data["evidence_file"],
    )


def _form_after_conflict(task: Task, user, data: dict) -> TaskUpdateForm:
    """A fresh form on the newer version, keeping what the head typed, so they can decide again."""
    return TaskUpdateForm(
        task=task,
        user=user,
        initial={
            "version": task.version,
            "status": data.get("status", task.status),
            "progress": data.get("progress", task.progress),
            "note": data["note"],
            "evidence_url": data["evidence_url"],
        },
    )


def _add_errors(form: TaskUpdateForm, exc: ValidationError) -> None:
    """The service's refusal shown on the form: on the field it names, or above the form."""
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def update_review(request: HttpRequest, pk: int) -> HttpResponse:
    update = workflow.update_for_review_or_404(pk)
    if not request.user.has_perm(rules.REVIEW_UPDATE, update):
        raise PermissionDenied(_("Only the DX office verifies or returns updates."))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == ReviewForm.VERIFY:
                services.update_verify(update=update, user=request.user, note=form.cleaned_data["review_note"])
                messages.success(request, _("The update on %(code)s is verified.") % {"code": update.task.code})
            else:
                services.update_return(update=update, user=request.user, reason=form.cleaned_data["review_note"])
                messages.success(
                    request, _("The update on %(code)s was returned to the unit.") % {"code": update.task.code}
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("plans:my_tasks")
    return render(request, "plans/workflow/update_review.html", {"update": update, "form": form})


@login_required
@require_http_methods(["GET", "HEAD"])
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    update = workflow.update_for_evidence_or_404(pk)
    if not request.user.has_perm(rules.DOWNLOAD_EVIDENCE, update):
        raise PermissionDenied
    if not update.evidence_file:
        raise Http404(_("This update has no evidence file."))
    return _evidence_response(update)


def _evidence_response(update) -> FileResponse:
    """The stored file as an attachment under the name it had when uploaded (sanitised on upload); files from
    before names were kept get "minh-chung-<task code>-<update>.<ext>"."""
    kind = Path(update.evidence_file.name).suffix.lstrip(".").lower()
    try:
        handle = update.evidence_file.storage.open(update.evidence_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("The evidence file is missing.")) from exc
    fallback = f"minh-chung-{re.sub(r'[^A-Za-z0-9._-]+', '-', update.task.code)}-{update.pk}.{kind}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=update.evidence_name or fallback,
        content_type=ALLOWED_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
