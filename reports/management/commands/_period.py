"""The period named on a command line: a code (2026-11, 2026-Q3, 2026-H1, 2026) or --from/--to dates."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from reports import periods, services
from reports.models import ReportPeriod


def add_arguments(parser, *, positional: bool) -> None:
    if positional:
        parser.add_argument("period", nargs="?", help="2026-11, 2026-Q3, 2026-H1 or 2026")
    else:
        parser.add_argument("--period", help="2026-11, 2026-Q3, 2026-H1 or 2026")
    parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (with --to)")
    parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (with --from)")


def period_from(options) -> ReportPeriod:
    try:
        if options.get("period"):
            span = periods.parse(options["period"])
        elif options.get("start") and options.get("end"):
            span = periods.custom(dt.date.fromisoformat(options["start"]), dt.date.fromisoformat(options["end"]))
        else:
            raise CommandError("Name a period (2026-Q3) or give --from and --to.")
    except ValueError as error:
        raise CommandError(str(error)) from error
    return services.period_get_or_create(span=span)
