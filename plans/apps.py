from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("DX programme")

    def ready(self):
        # The summaries follow every write of a task or an update (plans/summaries.py).
        from plans import summaries

        summaries.connect()
        # Any write of the programme's data makes the visitors' cached pages stale (common/page_cache.py).
        from common import page_cache

        page_cache.connect()
