from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, app_config, using, plan=None, **kwargs):
    # Once per migrate, after the last app: new models' permissions reach the roles without another migration.
    from django.apps import apps

    if app_config is list(apps.get_app_configs())[-1] and plan is not None:
        from .roles import sync_roles

        sync_roles()


class AccountsConfig(AppConfig):
    name = "civic_portal.accounts"
    label = "accounts"
    verbose_name = _("アカウント")

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="civic_portal.accounts.sync_roles")
