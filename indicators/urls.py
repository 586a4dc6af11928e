from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("province/", views.dashboard_province, name="dashboard_province"),
    path("province/<int:pk>/", views.province, name="province"),
    path("indicator/<int:pk>/", views.indicator, name="indicator"),
    path("import/", views.import_observations, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("recompute/", views.recompute_now, name="recompute"),
    path("province/<int:pk>/plan/", views.province_plan, name="province_plan"),
    path("province/<int:pk>/scenarios/", views.scenario_save, name="scenario_save"),
]
