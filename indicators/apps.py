from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("DX index (DTI)")

    def ready(self) -> None:
        from indicators import signals  # noqa: F401

        self.extend_plans()

    @staticmethod
    def extend_plans() -> None:
        """indicators knows plans, never the reverse: what the DX index adds to the programme's overview, task
        page, task admin, demo and goal values is registered in plans' extension points (plans/extensions.py)."""
        from indicators import demo, panels
        from indicators.admin import TaskIndicatorInline
        from indicators.selectors import goals as goal_selectors
        from plans import extensions

        extensions.register_panel("overview", template="indicators/_overview_panel.html", context=panels.rank_card)
        extensions.register_panel("task", template="indicators/_task_panel.html", context=panels.task_indicators)
        extensions.register_task_admin_inline(TaskIndicatorInline)
        extensions.register_demo_loader(demo.load)
        extensions.register_goal_reader(goal_selectors.goal_readings)
