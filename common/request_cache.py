"""A cache that lives for one request: a value many parts of a page read (the programme's settings, the list of
fields) is read once per request instead of once per use, and never outlives the request, so an edit in the
admin shows on the next page whatever process serves it.

Outside a request (a command, a Celery task, a test calling a selector) nothing is cached: each call reads.
A streamed response is written after the request's cache is gone, so code that renders rows there (an export)
reads what it needs once before its first row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_store: ContextVar[dict | None] = ContextVar("dxt_request_cache", default=None)


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)


def per_request(function: Callable[[], T]) -> Callable[[], T]:
    """Decorate a function of no arguments whose result holds for the rest of the request."""

    @functools.wraps(function)
    def cached() -> T:
        store = _store.get()
        if store is None:
            return function()
        if function not in store:
            store[function] = function()
        return store[function]

    return cached


def forget() -> None:
    """Drop what this request has cached (after a write that changes it)."""
    store = _store.get()
    if store is not None:
        store.clear()
