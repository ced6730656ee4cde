from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "omur.calls"
    label = "calls"
    verbose_name = _("Check-in calls")

    def ready(self) -> None:
        pass
