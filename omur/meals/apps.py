from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MealsConfig(AppConfig):
    name = "omur.meals"
    label = "meals"
    verbose_name = _("Meals")

    def ready(self) -> None:
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.core.indicators import register_indicator
        from omur.meals import home  # noqa: F401  (home-page cards)
        from omur.meals.demo import seed_meals
        from omur.meals.selectors import portions_per_day
        from omur.meals.timeline import meal_timeline
        from omur.registry.timeline import register_timeline_source

        register_nav(
            NavItem(_("Meals"), "meals:dashboard"),
            NavItem(_("Home meals"), "meals:profile-list"),
            NavItem(_("My runs"), "meals:my-runs"),
        )
        register_indicator("meals.portions_per_day", _("Meals a day"), unit=_("portions"), func=portions_per_day)
        register_timeline_source("meals", meal_timeline)
        register_seeder("meals", seed_meals)
