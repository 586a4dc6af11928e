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
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import rules, services, workflow_selectors
from plans.forms import ReviewForm, TaskUpdateForm
from plans.models import Task, TaskUpdate
from plans.validators import ALLOWED_TYPES


@login_required
@require_http_methods(["GET", "HEAD"])
def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "groups": workflow_selectors.my_task_groups(user),
        "cooperating": workflow_selectors.my_cooperating_tasks(user),
        "returned": workflow_selectors.returned_updates_for(user),
        "is_head": bool(rules.headed_unit_ids(user)),
        "can_review": user.has_perm(rules.REVIEW_UPDATE),
    }
    if context["can_review"]:
        context["pending"] = workflow_selectors.pending_reviews()
    return render(request, "plans/workflow/my_tasks.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("lead_unit", "plan"), pk=pk)
    if not request.user.has_perm(rules.REPORT_ON_TASK, task):
        raise PermissionDenied(_("You cannot report on this task: it is not led by your unit or one below it."))
    conflict = None
    status = 200
    if request.method == "POST":
        form = TaskUpdateForm(request.POST, request.FILES, task=task, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_submit_update(
                    task=task,
                    user=request.user,
                    expected_version=data["version"],
                    status=data.get("status"),
                    progress=data.get("progress"),
                    note=data["note"],
                    evidence_url=data["evidence_url"],
                    evidence_file=data["evidence_file"],
                )
            except services.UpdateConflict as exc:
                conflict = exc
                task = exc.task
                status = 409
                # A fresh form on the newer version, keeping what the head typed, so they can decide again.
                form = TaskUpdateForm(
                    task=task,
                    user=request.user,
                    initial={
                        "version": task.version,
                        "status": data.get("status", task.status),
                        "progress": data.get("progress", task.progress),
                        "note": data["note"],
                        "evidence_url": data["evidence_url"],
                    },
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = field if field in form.fields else None
                    for message in errors:
                        form.add_error(target, message)
            else:
                messages.success(request, _("Your update on %(code)s has been saved.") % {"code": task.code})
                return redirect(task.get_absolute_url())
    else:
        form = TaskUpdateForm(task=task, user=request.user)
    context = {
        "task": task,
        "form": form,
        "conflict": conflict,
        "recent": workflow_selectors.recent_updates(task),
        "can_reopen": request.user.has_perm(rules.REOPEN_TASK, task),
    }
    return render(request, "plans/workflow/task_update.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def update_review(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(TaskUpdate.objects.select_related("task", "task__lead_unit", "author"), pk=pk)
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
    update = get_object_or_404(TaskUpdate.objects.select_related("task"), pk=pk)
    if not request.user.has_perm(rules.DOWNLOAD_EVIDENCE, update):
        raise PermissionDenied
    if not update.evidence_file:
        raise Http404(_("This update has no evidence file."))
    kind = Path(update.evidence_file.name).suffix.lstrip(".").lower()
    try:
        handle = update.evidence_file.storage.open(update.evidence_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("The evidence file is missing.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"minh-chung-{re.sub(r'[^A-Za-z0-9._-]+', '-', update.task.code)}-{update.pk}.{kind}",
        content_type=ALLOWED_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
