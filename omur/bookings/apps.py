from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "omur.bookings"
    label = "bookings"
    verbose_name = _("Appointments and bookings")

    def ready(self) -> None:
        pass
