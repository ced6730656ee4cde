import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "omur.bookings"
    label = "bookings"
    verbose_name = _("Appointments and bookings")

    def ready(self) -> None:
        from omur.bookings import home  # noqa: F401  (home-page cards)
        from omur.bookings.demo import seed_bookings
        from omur.bookings.selectors.halls import bookings_in_room
        from omur.bookings.selectors.mercan import mercan_visitors
        from omur.bookings.selectors.therapy import children_served
        from omur.bookings.tasks import bookings_daily
        from omur.bookings.timeline import therapy_timeline
        from omur.core.context_processors import NavItem, register_nav
        from omur.core.demo import register_seeder
        from omur.core.indicators import register_indicator
        from omur.core.schedules import daily
        from omur.registry.timeline import register_timeline_source
        from omur.venues.rooms import register_room_use

        register_nav(
            NavItem(_("Therapy"), "bookings:therapy-week"),
            NavItem(_("Mercan"), "bookings:mercan-sessions"),
            NavItem(_("Halls"), "bookings:hall-calendar"),
        )
        register_indicator(
            "bookings.children_served",
            _("Children in therapy at the autism centre"),
            unit=_("children"),
            func=children_served,
        )
        register_indicator(
            "bookings.mercan_visitors",
            _("Mercan visitors (booked and walk-in)"),
            unit=_("visitors"),
            func=mercan_visitors,
        )
        register_timeline_source("bookings", therapy_timeline)
        register_room_use("hall_bookings", bookings_in_room)
        register_seeder("bookings", seed_bookings)
        daily("bookings.erase_contacts", dt.time(3, 30), bookings_daily)
