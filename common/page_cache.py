"""Public pages for visitors who are not signed in, served from the cache while the data has not changed.

A page is stored under its address, language, today's date (Asia/Ho_Chi_Minh) and the data version: a number
that every committed write moves on (`bump`: from the model signals of the apps in DXT_PAGE_CACHE_APPS, see
`connect`, and from the bulk writes that bypass signals, which call it themselves). So a change shows on the
next request, whichever process serves it, and no request reads a table to know whether its page is fresh: it
reads one number from the cache. Entries also expire after DXT_PAGE_CACHE_SECONDS, which bounds anything that
moves with the clock alone.

Never served from it: signed-in users (their pages name them and count their notifications and pending
reviews), requests other than GET, a visitor with a message waiting. The CSRF token in a stored page (the
language form) is replaced by the visitor's own on every hit.

It needs a cache that every process shares (Redis in production, DJANGO_CACHE_URL): with the per-process
default (locmem) a version moved in one worker would not be seen by another. DXT_PAGE_CACHE is "auto" (on
with a shared cache, off with locmem or the dummy cache), "on" (a single process: tests) or "off".
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "dxt:data-version"
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_MARK = "\x00csrf\x00"
PER_PROCESS = ("locmem.LocMemCache", "dummy.DummyCache")


def enabled() -> bool:
    mode = getattr(settings, "DXT_PAGE_CACHE", "auto")
    if mode == "auto":
        backend = settings.CACHES["default"]["BACKEND"]
        return getattr(settings, "DXT_PAGE_CACHE_SECONDS", 300) > 0 and not backend.endswith(PER_PROCESS)
    return mode == "on"


def data_version() -> int:
    """The current data version; a missing one (first use, evicted) starts from the clock, so that it never
    meets the version of a page stored before."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _incr() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing: any new start differs from every stored page's version
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - the cache down: the write stands, pages expire on their own
        logger.exception("Could not move the data version: cached pages expire after DXT_PAGE_CACHE_SECONDS.")


def bump() -> None:
    """The data changed: when the write commits (at once outside a transaction), every stored page is stale."""
    transaction.on_commit(_incr)


def _on_write(sender, **kwargs) -> None:
    if sender._meta.app_label in settings.DXT_PAGE_CACHE_APPS and not kwargs.get("raw"):
        bump()


def connect() -> None:
    """Every save, delete and many-to-many change of the apps' models moves the version."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_write, dispatch_uid="page-cache-save")
    post_delete.connect(_on_write, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _on_write(type(instance))


def _key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"dxt:page:{data_version()}:{timezone.localdate():%Y%m%d}:{get_language()}:{address}"


def _servable(request) -> bool:
    return request.method == "GET" and not request.user.is_authenticated and not len(get_messages(request))


def cached_for_visitors(view):
    """Serve the view's page from the cache to visitors who are not signed in (see the module)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or not _servable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content_type, html = stored
            return HttpResponse(html.replace(TOKEN_MARK, get_token(request)), content_type=content_type)
        response = view(request, *args, **kwargs)
        if _storable(response):
            html = TOKEN.sub(rf"\g<1>{TOKEN_MARK}\g<2>", response.content.decode(response.charset))
            cache.set(key, (response["Content-Type"], html), timeout=settings.DXT_PAGE_CACHE_SECONDS)
        return response

    return wrapper


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )
