from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MealsConfig(AppConfig):
    name = "omur.meals"
    label = "meals"
    verbose_name = _("Meals")

    def ready(self) -> None:
        pass
