"""Real-browser journeys: Playwright driving Debian's chromium against pytest-django's live_server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("DXT_CHROMIUM", "/usr/bin/chromium")

# live_server runs Django in a thread while Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"chromium not found at {CHROMIUM} (apt install chromium; .ci/run does)")
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    # Vietnamese first, as a provincial official's browser would be.
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "accept_downloads": True}


@pytest.fixture
def dti_demo(transactional_db):
    """The DX index demo (sample observations, scored), with tasks run in-process even when .ci/run configures a
    broker: the journeys check the runs their actions cause."""
    from dxtracker.celery import app
    from indicators import demo

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    demo.load()
    yield
    app.conf.task_always_eager = saved
