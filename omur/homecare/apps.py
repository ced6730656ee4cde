import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "omur.homecare"
    label = "homecare"
    verbose_name = _("Home care")

    def ready(self) -> None:
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.core.schedules import daily
        from omur.homecare import home, signals  # noqa: F401  (home-page cards, care-plan hook)
        from omur.homecare.demo import seed_homecare
        from omur.homecare.tasks import homecare_daily
        from omur.homecare.timeline import visit_timeline
        from omur.registry.timeline import register_timeline_source

        register_timeline_source("homecare", visit_timeline)
        # After cases.daily (05:30) has closed what must close, before the office opens.
        daily("homecare.daily", dt.time(5, 45), homecare_daily)
        register_seeder("homecare", seed_homecare)
        register_nav(
            NavItem(_("Route planner"), "homecare:planner"),
            NavItem(_("My visits"), "homecare:field-today"),
            NavItem(_("Home-care staff"), "homecare:staff-list"),
            NavItem(_("Repair jobs"), "homecare:repair-list"),
        )
