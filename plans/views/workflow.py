"""Placeholder: replaced by the update workflow work in progress."""

from django.http import HttpResponse


def my_tasks(request, **kwargs):
    return HttpResponse("my_tasks")


def task_update(request, **kwargs):
    return HttpResponse("task_update")


def update_review(request, **kwargs):
    return HttpResponse("update_review")


def evidence_download(request, **kwargs):
    return HttpResponse("evidence_download")
