"""The Celery task base of every dxtracker task: published only once the current transaction commits."""

from celery import Task


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
