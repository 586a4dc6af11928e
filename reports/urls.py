from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("<int:pk>/", views.period_detail, name="period_detail"),
    path("<int:pk>/close/", views.period_close, name="period_close"),
    path("<int:pk>/report.<str:fmt>", views.period_download, name="period_download"),
]
