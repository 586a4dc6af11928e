from django.urls import path

from plans.views import notifications, pages, workflow

app_name = "plans"

urlpatterns = [
    # Progress pages (read).
    path("", pages.overview, name="overview"),
    path("documents/", pages.document_list, name="document_list"),
    path("documents/<int:pk>/", pages.document_detail, name="document_detail"),
    path("plans/", pages.plan_list, name="plan_list"),
    path("plans/<int:pk>/", pages.plan_detail, name="plan_detail"),
    path("tasks/", pages.task_list, name="task_list"),
    path("tasks/export.<str:fmt>", pages.task_export, name="task_export"),
    path("tasks/<int:pk>/", pages.task_detail, name="task_detail"),
    path("units/", pages.unit_list, name="unit_list"),
    path("units/<int:pk>/", pages.unit_detail, name="unit_detail"),
    path("heads/", pages.leader_list, name="leader_list"),
    path("heads/<int:pk>/", pages.leader_detail, name="leader_detail"),
    path("search/", pages.search, name="search"),
    path("suggest/<str:kind>/", pages.suggest, name="suggest"),
    path("ratings/", pages.ratings_help, name="ratings_help"),
    # Update workflow (write).
    path("my-tasks/", workflow.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/update/", workflow.task_update, name="task_update"),
    path("updates/<int:pk>/review/", workflow.update_review, name="update_review"),
    path("updates/<int:pk>/evidence/", workflow.evidence_download, name="evidence_download"),
    path("updates/verify/", workflow.updates_verify, name="updates_verify"),
    # A person's own pages.
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
    path("settings/", notifications.preferences, name="preferences"),
]
