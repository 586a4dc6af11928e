"""Building blocks shared by every app, knowing none of them: the Celery task base and the periodic-job
helper for data migrations. `common` imports no project package; plans, indicators and dxtracker may import it
(tests/test_dependencies.py)."""
