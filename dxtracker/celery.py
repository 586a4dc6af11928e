"""The Celery app: configured from Django settings (CELERY_ namespace), tasks autodiscovered in each app.

Every task is published only once the current database transaction commits (`TransactionAwareTask`, the
app's default task class), so a worker never starts on rows it cannot see yet, and a rolled-back write
sends nothing. The class lives in common/tasks.py, so the apps' tasks.py files never import the project.
"""

import os

from celery import Celery

from common.tasks import TransactionAwareTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtracker.settings")


app = Celery("dxtracker", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
