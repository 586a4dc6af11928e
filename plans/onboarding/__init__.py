"""Onboarding a province: its plan annex and its units and heads, imported from the files it already publishes.

- `text`: how names are compared (case, diacritics, "tỉnh …" suffixes and punctuation ignored);
- `deadlines`: the deadlines as plans write them ("Quý II/2026", "Thường xuyên", …);
- `tables`: reading an XLSX, CSV or DOCX table into numbered rows;
- `annex`: a plan annex's rows (headings, tasks, subtasks) from such a table;
- `units`: matching the units a plan names to the units in the database;
- `services`: the preview and the import, in one transaction.
"""
