from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "omur.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from omur.core import home_cards, schedules  # noqa: F401  (registrations)
