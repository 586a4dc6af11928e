"""Load benchmark: the pages served as in production and asked by many clients at once.

    .venv/bin/python manage.py bench_load                       # full size, 30 s a page, 32 connections
    .venv/bin/python manage.py bench_load --size tenth --duration 10

The command prepares a PostgreSQL database with bench_pages' data set (the URL's name with _<size> appended, the
same database bench_pages --postgres uses; built once), collects the static files, and starts gunicorn (2 workers,
debug off, Redis cache, the production settings plus the trivial page's URL) on a free loopback port. Then wrk
(Debian's package) asks each page with 32 connections for 30 s: the overview, the task list, a task page, the DTI
ranking and the trivial template view, in one run. A second run does the same while a head submits an update every
second through the API (POST /api/v1/tasks/{id}/updates/ with a token), so every view after it is the first one
after a change. Both runs are anonymous visitors, whom the page cache serves (common/page_cache.py); a third run
(reads only) serves every request without it, as every signed-in user's request is. Printed per page: requests
per second, p50 and p99 latency, errors (non-2xx/3xx and socket errors), and the throughput as a share of the
trivial view's (target: at least 30%, with no error). Everything runs on 127.0.0.1 and stops by itself; gunicorn
is stopped at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from devtools.child import production_like_environment
from devtools.management.commands.bench_pages import SIZES, build, ensure_postgres_database

DEFAULT_DATABASE = "postgres://dxtracker:dxtracker@127.0.0.1:5432/dxtracker_bench_pages"
TARGET_SHARE = 0.30
WRITE_EVERY_S = 1.0
UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
PHASES = ("reads only", "with one update a second")
NO_CACHE = "without the page cache"


class Command(BaseCommand):
    help = "Serve the app with gunicorn on PostgreSQL and measure pages under load with wrk (loopback only)."

    def add_arguments(self, parser):
        parser.add_argument("--size", default="full", choices=sorted(SIZES), help="bench_pages data set")
        parser.add_argument(
            "--postgres", default=DEFAULT_DATABASE, metavar="URL", help="database URL; _<size> is appended"
        )
        parser.add_argument("--duration", type=int, default=30, help="seconds per page")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--rebuild", action="store_true", help="rebuild the data set even if present")
        parser.add_argument("--prepare", action="store_true", help="(internal) prepare the database, print JSON")

    def handle(self, *args, **opts):
        if opts["prepare"]:
            return self.stdout.write(json.dumps(prepare(opts["size"], rebuild=opts["rebuild"])))
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk")
        url = f"{opts['postgres'].rstrip('/')}_{opts['size']}"
        ensure_postgres_database(url)
        static_root = Path(tempfile.mkdtemp(prefix="dxt-bench-static-"))
        env = production_like_environment(
            url,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(static_root),
            DJANGO_CACHE_URL="redis://127.0.0.1:6379/14",
            DJANGO_LOG_LEVEL="WARNING",
            DXT_API_RATE="1000000/hour",
        )
        try:
            plan = self._prepare(env, opts)
            with Server(env) as server:
                results = {
                    phase: run_phase(server.base, plan, opts, writes=writes)
                    for phase, writes in zip(PHASES, (False, True), strict=True)
                }
            # What every request costs when no page is stored: signed-in users' pages are never served from the
            # visitors' page cache (common/page_cache.py).
            with Server({**env, "DXT_PAGE_CACHE": "off"}) as server:
                results[NO_CACHE] = run_phase(server.base, plan, opts, writes=False)
        finally:
            shutil.rmtree(static_root, ignore_errors=True)
        results["size"], results["spec"] = opts["size"], SIZES[opts["size"]]
        self.stdout.write(report(results, opts))

    def _prepare(self, env: dict, opts: dict) -> dict:
        self.stderr.write(f"[{opts['size']}] preparing the database (built once) and the static files…")
        cmd = [sys.executable, "manage.py", "bench_load", "--prepare", "--size", opts["size"]]
        if opts["rebuild"]:
            cmd.append("--rebuild")
        done = subprocess.run(cmd, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise CommandError(f"preparing failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(size: str, *, rebuild: bool) -> dict:
    """In the child: migrate, build the data set if needed, collect static files, and give the URLs, a token and
    the tasks the writer reports on."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from api.services import token_issue
    from plans import summaries
    from plans.models import Status, Task
    from plans.rules import DX_OFFICE

    call_command("migrate", verbosity=0, interactive=False)
    if rebuild or Task.objects.count() != SIZES[size]["tasks"]:
        build(**SIZES[size])
    summaries.rebuild(compact_on=timezone.localdate())  # as on a working day: after the nightly job
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # and after autovacuum (bench_pages says why)
    call_command("collectstatic", verbosity=0, interactive=False)
    user, _ = get_user_model().objects.get_or_create(username="bench-writer", defaults={"first_name": "Văn phòng"})
    user.groups.add(Group.objects.get(name=DX_OFFICE))
    _, key = token_issue(user=user, name="bench_load")
    task = Task.objects.filter(parent__isnull=True).annotate(n=Count("updates")).order_by("-n").first()
    leaves = Task.objects.filter(status=Status.IN_PROGRESS, progress__lt=50, children__isnull=True).order_by("pk")
    return {
        "pages": [
            ("trivial template view", "/__bench__/trivial/"),
            ("overview", reverse("plans:overview")),
            ("tasks", reverse("plans:task_list")),
            ("task page", reverse("plans:task_detail", args=[task.pk])),
            ("DTI ranking", reverse("indicators:ranking")),
        ],
        "token": key,
        "writes": list(leaves.values_list("pk", "version", "progress")[:500]),
        "api": reverse("api:task-updates-list", kwargs={"task_id": "0"}).replace("/0/", "/{id}/"),
    }


class Server:
    """gunicorn with 2 workers on a free loopback port; stopped on exit."""

    def __init__(self, env: dict):
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "devtools.load_settings"}
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        args = [gunicorn, "dxtracker.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        self.proc = subprocess.Popen([*args, "--log-level", "warning"], cwd=settings.BASE_DIR, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/__bench__/trivial/", timeout=10)
                return self
            except urllib.error.HTTPError as exc:
                self.__exit__()
                raise CommandError(f"gunicorn answered {exc.code} on the trivial page") from exc
            except OSError:  # not listening yet, or a timeout
                time.sleep(0.5)
        self.__exit__()
        raise CommandError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_phase(base: str, plan: dict, opts: dict, *, writes: bool) -> dict:
    """Each page under wrk in turn; with `writes`, a head's update every second all along."""
    writer = Writer(base, plan) if writes else None
    if writer:
        writer.start()
    try:
        out = {}
        for name, path in plan["pages"]:
            urllib.request.urlopen(base + path, timeout=60).read()  # warm-up: templates compiled, caches filled
            out[name] = wrk(base + path, duration=opts["duration"], connections=opts["connections"])
            sys.stderr.write(f"  {name}: {out[name]['rps']:.1f} req/s, p99 {out[name]['p99_ms']:.0f} ms\n")
    finally:
        if writer:
            writer.stop()
    if writer:
        out["_writes"] = {"sent": writer.sent, "failed": writer.failed}
    return out


def wrk(url: str, *, duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    done = subprocess.run([*cmd, "-H", "Accept-Language: vi", url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def parse_wrk(text: str) -> dict:
    """Requests per second, p50/p99 latency (ms) and errors from wrk's --latency report."""

    def latency(pct: str) -> float:
        m = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        return float(m.group(1)) * UNIT[m.group(2)] if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = int(non2xx.group(1)) if non2xx else 0
    errors += sum(int(g) for g in sockets.groups()) if sockets else 0
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": errors,
    }


class Writer(threading.Thread):
    """A DX office officer reporting progress through the API, once a second, on tasks in turn."""

    def __init__(self, base: str, plan: dict):
        super().__init__(daemon=True)
        self.base, self.api, self.token = base, plan["api"], plan["token"]
        self.tasks = [list(row) for row in plan["writes"]]
        self.sent = self.failed = 0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.wait(WRITE_EVERY_S):
            row = self.tasks[(self.sent + self.failed) % len(self.tasks)]
            ok = self.post(*row)
            self.sent += ok
            self.failed += not ok
            if ok:
                row[1], row[2] = row[1] + 1, row[2] + 1

    def post(self, task_id: int, version: int, progress: int) -> bool:
        body = {"version": version, "status": "in_progress", "progress": progress + 1, "note": "Báo cáo thử tải"}
        request = urllib.request.Request(
            self.base + self.api.replace("{id}", str(task_id)),
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status == 201
        except OSError:  # an HTTP error, a refused connection or a timeout
            return False

    def stop(self):
        self.halt.set()
        self.join(timeout=35)


def report(results: dict, opts: dict) -> str:
    lines = [
        "| run | page | req/s | p50 ms | p99 ms | errors | share of trivial | target met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for phase in (*PHASES, NO_CACHE):
        pages = results[phase]
        base = pages["trivial template view"]["rps"] or float("nan")
        for name, r in pages.items():
            if name.startswith("_"):
                continue
            share = r["rps"] / base
            met = "yes" if (share >= TARGET_SHARE and r["errors"] == 0) else "no"
            cells = [phase, name, f"{r['rps']:.1f}", f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", str(r["errors"])]
            lines.append("| " + " | ".join([*cells, f"{share:.0%}", met]) + " |")
        if "_writes" in pages:
            notes.append(
                f"updates sent during the second run: {pages['_writes']['sent']}, failed: {pages['_writes']['failed']}"
            )
    load = os.getloadavg()[0]
    return (
        "\n".join(lines)
        + f"\n\nData set {results['size']}: {results['spec']} on PostgreSQL; gunicorn 2 sync workers, debug off; wrk "
        + f"{opts['connections']} connections, {opts['duration']} s a page; {'; '.join(notes)}; 1-minute load "
        + f"average after: {load:.1f} (2 cores, the load generator on the same machine).\n"
    )
