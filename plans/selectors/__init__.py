"""Reads for plans' pages: a page family's reads live in plans/selectors/<family>.py.

The package re-exports nothing: import the family module (`from plans.selectors import tasks`) and call
`tasks.task_rows()`, so every call says which page family it belongs to.

- common.py     today, timeliness counts (per queryset, per key), the task tables' rows: shared by all
- aggregates.py the task table's version and the aggregates cached under it (progress roll-up summary)
- overview.py   the overview page: headline counts, completions per month, goals
- documents.py  documents list and page: the chain of documents implementing one another
- plans.py      plans list and page: rows, one plan's roll-up
- tasks.py      task list, export and page: export rows, detail, updates, children, most overdue
- units.py      units list and page: staleness, current heads
- leaders.py    heads list and page
- workflow.py   "my tasks", the update form and the DX office's review queue

Each function runs a fixed number of queries whatever the number of rows. A `<thing>_or_404(pk)` function
fetches one object with what its page shows and raises Http404 when there is none: views never query.
"""
