from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import pages, views

app_name = "api"

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("heads", views.LeaderViewSet, basename="leader")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("tasks", views.TaskViewSet, basename="task")
router.register(r"tasks/(?P<task_id>[^/]+)/updates", views.TaskUpdatesViewSet, basename="task-updates")
router.register("updates", views.UpdateViewSet, basename="update")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("results", views.PublishedResultViewSet, basename="result")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The Vietnamese reference, ours; Swagger UI (English interface) as the developers' interactive tool.
    path("docs/", pages.api_reference, name="docs"),
    path("docs/swagger/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs_swagger"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke_view, name="token_revoke"),
    re_path(r"^.*$", views.not_found),
]
