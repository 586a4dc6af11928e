"""Placeholder: replaced by the progress pages work in progress."""

from django.http import HttpResponse


def overview(request, **kwargs):
    return HttpResponse("overview")


def document_list(request, **kwargs):
    return HttpResponse("document_list")


def document_detail(request, **kwargs):
    return HttpResponse("document_detail")


def plan_list(request, **kwargs):
    return HttpResponse("plan_list")


def plan_detail(request, **kwargs):
    return HttpResponse("plan_detail")


def task_list(request, **kwargs):
    return HttpResponse("task_list")


def task_export(request, **kwargs):
    return HttpResponse("task_export")


def task_detail(request, **kwargs):
    return HttpResponse("task_detail")


def unit_list(request, **kwargs):
    return HttpResponse("unit_list")


def unit_detail(request, **kwargs):
    return HttpResponse("unit_detail")


def leader_list(request, **kwargs):
    return HttpResponse("leader_list")


def leader_detail(request, **kwargs):
    return HttpResponse("leader_detail")
