"""Reads for the DTI pages: a page family's reads live in indicators/selectors/<family>.py.

As in plans.selectors, the package re-exports nothing: import the family module
(`from indicators.selectors import ranking`).

- common.py    the years with data, the default year, a year's framework, the dashboard province
- ranking.py   the ranking page: every province of a group for a year, computed and published
- province.py  a province's page (profile, trend, gaps) and the home page's rank card
- indicator.py an indicator's page: its values across provinces, the tasks that move it
- runs.py      the import page: the latest recomputations

Each function runs a fixed number of queries whatever the number of provinces or years.
"""
