from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Data API")

    def ready(self) -> None:
        # A link to the task's change history on its page (plans/extensions.py: plans knows nothing of this app).
        from api.history import document_panel, plan_panel, task_panel
        from plans import extensions

        extensions.register_panel("task", template="history/_task_panel.html", context=task_panel)
        extensions.register_panel("plan", template="history/_plan_panel.html", context=plan_panel)
        extensions.register_panel("document", template="history/_document_panel.html", context=document_panel)
