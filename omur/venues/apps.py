from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "omur.venues"
    label = "venues"
    verbose_name = _("Neighbourhood venues")

    def ready(self) -> None:
        pass
