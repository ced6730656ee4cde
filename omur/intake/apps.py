from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "omur.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        import datetime as dt

        from django.core import checks

        from omur.core.demo import register_seeder
        from omur.core.schedules import daily
        from omur.core.sms import check_sms_settings
        from omur.intake import home  # noqa: F401  (registers the home-page card)
        from omur.intake.demo import seed_requests
        from omur.intake.selectors import requests_for_timeline
        from omur.intake.tasks import purge_rate_limits
        from omur.registry.timeline import register_timeline_source

        register_timeline_source("intake", requests_for_timeline)
        # The registry app comes before intake in INSTALLED_APPS, so its seeder (the people these
        # requests belong to) is registered, and runs, first.
        register_seeder("intake", seed_requests)
        daily("intake.purge_rate_limits", dt.time(3, 30), purge_rate_limits)
        checks.register(check_sms_settings)
