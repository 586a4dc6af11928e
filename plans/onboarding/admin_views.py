"""The DX office's import pages in the admin: upload, preview (nothing written), confirm.

The uploaded file waits in the session between the preview and the confirmation, so that what is confirmed is
exactly what was previewed; the confirmation checks every row again in one transaction.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from plans import rules
from plans.onboarding.forms import ImportFileForm, UnitsFileForm
from plans.onboarding.people import units_import
from plans.onboarding.services import plan_import

SESSION_KEY = "dxt_plan_import"


def plan_import_view(model_admin, request, object_id: str):
    plan = model_admin.get_object(request, object_id)
    if plan is None:
        raise Http404
    if not request.user.has_perm(rules.IMPORT_PLAN, plan):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(model_admin, request, plan)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, create_units = form.cleaned_data["file"], form.cleaned_data["create_units"]
        data = upload.read()
        result = plan_import(plan=plan, name=upload.name, data=data, create_units=create_units, dry_run=True)
        request.session[SESSION_KEY] = {
            "plan": plan.pk,
            "name": upload.name,
            "data": base64.b64encode(data).decode(),
            "create_units": create_units,
        }
    return _render(model_admin, request, plan, form=form, result=result)


def _confirm(model_admin, request, plan):
    stash = request.session.get(SESSION_KEY) or {}
    if stash.get("plan") != plan.pk:
        messages.error(request, _("Upload the file again: the preview has expired."))
        return HttpResponseRedirect(request.path)
    data = base64.b64decode(stash["data"])
    result = plan_import(plan=plan, name=stash["name"], data=data, create_units=stash["create_units"], dry_run=False)
    if not result.applied:
        return _render(model_admin, request, plan, form=ImportFileForm(), result=result)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("The annex is imported: %(create)d tasks created, %(update)d updated, %(unchanged)d unchanged.")
        % {"create": result.count("create"), "update": result.count("update"), "unchanged": result.count("unchanged")},
    )
    return HttpResponseRedirect(reverse("admin:plans_plan_change", args=[plan.pk]))


def _render(model_admin, request, plan, *, form, result):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": plan,
        "plan": plan,
        "form": form,
        "result": result,
        "title": _("Import the plan's annex"),
    }
    return render(request, "plans/onboarding/plan_import.html", context)


UNITS_SESSION_KEY = "dxt_units_import"


def units_import_view(model_admin, request):
    if not request.user.has_perm(rules.IMPORT_UNITS):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm_units(model_admin, request)
    form = UnitsFileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = units_import(name=upload.name, data=data, dry_run=True)
        request.session[UNITS_SESSION_KEY] = {"name": upload.name, "data": base64.b64encode(data).decode()}
    return _render_units(model_admin, request, form=form, result=result)


def _confirm_units(model_admin, request):
    stash = request.session.get(UNITS_SESSION_KEY)
    if not stash:
        messages.error(request, _("Upload the file again: the preview has expired."))
        return HttpResponseRedirect(request.path)
    result = units_import(name=stash["name"], data=base64.b64decode(stash["data"]), dry_run=False)
    if not result.applied:
        return _render_units(model_admin, request, form=UnitsFileForm(), result=result)
    del request.session[UNITS_SESSION_KEY]
    messages.success(
        request,
        _("The units and heads are imported; %(count)d heads were sent a link to set their password.")
        % {"count": len(result.invited)},
    )
    return HttpResponseRedirect(reverse("admin:plans_unit_changelist"))


def _render_units(model_admin, request, *, form, result):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "result": result,
        "title": _("Import units and heads"),
    }
    return render(request, "plans/onboarding/units_import.html", context)
