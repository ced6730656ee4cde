import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "omur.venues"
    label = "venues"
    verbose_name = _("Neighbourhood venues")

    def ready(self) -> None:
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.core.indicators import register_indicator
        from omur.core.schedules import daily
        from omur.registry.timeline import register_timeline_source
        from omur.venues import home  # noqa: F401  (home-page cards)
        from omur.venues.demo import seed_venues
        from omur.venues.rooms import register_room_use, sessions_in_room
        from omur.venues.selectors import certificates_between, participants_between
        from omur.venues.tasks import expire_offers, venues_daily
        from omur.venues.timeline import venues_timeline

        register_nav(
            NavItem(_("Activities"), "venues:activity-list"),
            NavItem(_("Attendance"), "venues:sessions-today"),
            NavItem(_("Facilities"), "venues:facility-list"),
            NavItem(_("Kadın Ustalar"), "venues:ku-dashboard"),
            NavItem(_("Pensioners' clubs"), "venues:club-list"),
        )
        register_timeline_source("venues", venues_timeline)
        register_room_use("sessions", sessions_in_room)
        register_seeder("venues", seed_venues)
        # Offers have a 48-hour deadline: look for expired ones three times a day, not once.
        daily("venues.daily", dt.time(6, 15), venues_daily)
        daily("venues.offers-midday", dt.time(12, 15), expire_offers)
        daily("venues.offers-evening", dt.time(18, 15), expire_offers)
        register_indicator(
            "venues.participants",
            _("People attending courses and programmes"),
            unit=_("people"),
            func=participants_between,
        )
        register_indicator(
            "venues.certificates",
            _("Kadın Ustalar certificates issued"),
            unit=_("certificates"),
            func=certificates_between,
        )
