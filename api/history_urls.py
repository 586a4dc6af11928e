from django.urls import path

from api import history_views

app_name = "history"

urlpatterns = [
    path("tasks/<int:pk>/history/", history_views.task_history, name="task"),
    path("plans/<int:pk>/history/", history_views.plan_history, name="plan"),
    path("documents/<int:pk>/history/", history_views.document_history, name="document"),
    path("plans/<int:pk>/feed.atom", history_views.plan_feed, name="plan_feed"),
    path("units/<int:pk>/feed.atom", history_views.unit_feed, name="unit_feed"),
    path("open-data/dxtracker-open-data.zip", history_views.open_data, name="open_data"),
]
