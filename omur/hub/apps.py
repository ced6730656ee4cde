from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "omur.hub"
    label = "hub"
    verbose_name = _("Good-practice hub")

    def ready(self) -> None:
        pass
