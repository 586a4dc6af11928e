"""The heads list and a head's page: their posts and the tasks they answer for, counted by timeliness."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plans import rules
from plans.models import Leader, Task, Timeliness, in_office, post_name
from plans.selectors.aggregates import counts_by, group_figures, ratings_of
from plans.selectors.common import TimelinessCounts, rating_of, task_rows, today
from plans.selectors.tasks import most_overdue


def leader_rows(*, on: dt.date | None = None, complete: bool = True) -> list[dict]:
    """Every head's post with their unit and their tasks counted by timeliness (stored summaries), best on-time
    rate first: two queries; with `complete`, their rating too (`complete_leader_rows`).

    A list page orders every post but shows fifty: it asks with `complete=False` and rates the rows it shows."""
    on_date = on or today()
    counts = counts_by("leader", on=on_date).counts
    nothing = TimelinessCounts().figures()
    # The latest term first among a unit's posts; the sort below orders the units (no text sorted in SQL).
    posts = Leader.objects.filter(role=Leader.Role.HEAD).order_by("-term_start", "pk")
    rows = [
        {
            "pk": pk,
            "name": post_name(person_name, position_title),
            "unit_name": unit_name,
            "unit_id": unit_id,
            "in_office": in_office(term_start, term_end, on_date),
            **(counts[pk].figures() if pk in counts else nothing),
        }
        for pk, person_name, position_title, term_start, term_end, unit_id, unit_name in posts.values_list(
            "pk", "person_name", "position_title", "term_start", "term_end", "unit_id", "unit__name"
        )
    ]
    rows.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), r["unit_name"]))
    if complete:
        complete_leader_rows(rows, on=on_date)
    return rows


def complete_leader_rows(rows: list[dict], *, on: dt.date | None = None) -> None:
    """Fill in each row's rating, in place (rows already rated are left alone): one query for the rows given."""
    todo = [row for row in rows if "rating" not in row]
    if todo:
        found = ratings_of("leader", [row["pk"] for row in todo], on=on or today())
        for row in todo:
            row["rating"] = rating_of(found, row["pk"])


def leader_or_404(pk: int) -> Leader:
    return get_object_or_404(Leader.objects.select_related("unit", "user"), pk=pk)


def leader_page(leader: Leader, *, on: dt.date) -> dict:
    """A head's page (without the task table): their tasks counted by timeliness and the most overdue of them."""
    tasks = Task.objects.filter(responsible_leader=leader)
    counts, rating = group_figures("leader", leader.pk, on=on)
    return {
        "leader": leader,
        "counts": counts,
        "rating": rating,
        "overdue": most_overdue(limit=50, on=on, tasks=tasks),
        "timeliness_overdue": Timeliness.OVERDUE,
    }


def leader_tasks(leader: Leader, *, on: dt.date) -> QuerySet:
    return task_rows(on=on).filter(responsible_leader=leader)


def public_name(user) -> str:
    """How a person is named in public (history, feeds, "entered by"): the post they hold, else their display
    name, else their role; never their user name. Reads `user.leader_posts` (prefetch it for many users)."""
    if user is None:
        return _("the system")
    posts = sorted(user.leader_posts.all(), key=lambda post: post.term_start or dt.date.min, reverse=True)
    if posts:
        return posts[0].position_title
    if user.get_full_name():
        return user.get_full_name()
    groups = rules.group_names(user)
    for group in (rules.DX_OFFICE, rules.ADMIN, rules.UNIT_HEAD, rules.VIEWER):
        if group in groups:
            return str(rules.LABELS[group])
    return _("an official")
