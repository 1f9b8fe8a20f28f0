from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "civic_portal.core"
    label = "core"
    verbose_name = _("共通")

    def ready(self):
        from django.tasks.signals import task_finished

        from .logging import log_task_failure

        task_finished.connect(log_task_failure, dispatch_uid="civic_portal.core.log_task_failure")
