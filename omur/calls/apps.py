import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "omur.calls"
    label = "calls"
    verbose_name = _("Check-in calls")

    def ready(self) -> None:
        from omur.calls import home  # noqa: F401  (home-page cards)
        from omur.calls.demo import seed_calls
        from omur.calls.tasks import calls_daily, calls_sweep
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.core.schedules import daily

        # Before the call window opens (09:00 by default), after the cases rules (05:30) have closed
        # the enrolments of people who died or aged out.
        daily("calls.daily", dt.time(6, 30), calls_daily)
        # After every programme's call window (the default window ends at 12:00): no call stays open.
        # The sweep closes calls whose window has ended; run it soon after the usual windows end so the
        # urgent visits it raises can still be placed the same afternoon, and once more in the evening.
        for at in (dt.time(12, 30), dt.time(15, 30), dt.time(18, 30)):
            daily(f"calls.sweep.{at:%H%M}", at, calls_sweep)
        register_seeder("calls", seed_calls)
        register_nav(
            NavItem(_("Check-in calls"), "calls:work"),
            NavItem(_("Call dashboard"), "calls:dashboard"),
            NavItem(_("Call programmes"), "calls:programme-list"),
        )
