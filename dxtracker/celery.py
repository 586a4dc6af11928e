"""The Celery app: configured from Django settings (CELERY_ namespace), tasks autodiscovered in each app.

Every task is published only once the current database transaction commits (`TransactionAwareTask`, the
app's default task class), so a worker never starts on rows it cannot see yet, and a rolled-back write
sends nothing.
"""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtracker.settings")


class TransactionAwareTask(Task):
    """Inside an atomic block, `apply_async` (and `delay`) wait for the commit; outside one they publish now.

    Deferred calls return None: the caller cannot wait on a task that may never be sent (rollback).
    """

    abstract = True

    def apply_async(self, args=None, kwargs=None, **options):
        from django.db import transaction

        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: super(TransactionAwareTask, self).apply_async(args, kwargs, **options))
            return None
        return super().apply_async(args, kwargs, **options)


app = Celery("dxtracker", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
