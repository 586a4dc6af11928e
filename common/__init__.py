"""Building blocks shared by every app, knowing none of them: the Celery task base, the periodic-job helper for
data migrations, and the text fold with the search column built from it (search.py). `common` imports no project
package; plans, indicators and dxtracker may import it (tests/test_dependencies.py)."""
