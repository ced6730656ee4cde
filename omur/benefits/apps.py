import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "omur.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from omur.benefits import home  # noqa: F401  (home-page cards)
        from omur.benefits.demo import seed_benefits
        from omur.benefits.selectors import distributions_in, pass_ons_in
        from omur.benefits.tasks import benefits_daily
        from omur.benefits.timeline import benefits_timeline
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.core.indicators import register_indicator
        from omur.core.schedules import daily
        from omur.registry.timeline import register_timeline_source

        register_nav(NavItem(_("Aid and grants"), "benefits:overview"))
        register_timeline_source("benefits", benefits_timeline)
        register_indicator(
            "benefits.pass_ons_per_year", _("Animals passed on to new breeders"), unit=_("animals"), func=pass_ons_in
        )
        register_indicator(
            "benefits.distributions", _("Aid distributions"), unit=_("distributions"), func=distributions_in
        )
        daily("benefits.daily", dt.time(6, 0), benefits_daily)
        register_seeder("benefits", seed_benefits)
