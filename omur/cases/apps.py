import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "omur.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from omur.cases import home  # noqa: F401  (home-page cards)
        from omur.cases.demo import seed_cases
        from omur.cases.tasks import cases_daily
        from omur.cases.timeline import case_timeline
        from omur.core.demo import register_seeder
        from omur.core.schedules import daily
        from omur.registry.timeline import register_timeline_source

        register_timeline_source("cases", case_timeline)
        daily("cases.daily", dt.time(5, 30), cases_daily)
        register_seeder("cases", seed_cases)
