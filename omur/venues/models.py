"""Neighbourhood venues. A facility is a catalogue `services.Location` (address, map position, opening
hours, accessibility); its rooms and halls are `Room`s, shared by activities (omur.venues) and by
bookings (omur.bookings: appointments, group bookings, hall and room bookings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omur.core.models import TimeStampedModel
from omur.services.models import Location


class RoomKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    WORKSHOP = "workshop", _("Workshop")
    THERAPY = "therapy", _("Therapy room")
    GYM = "gym", _("Gym")
    MEETING = "meeting", _("Meeting room")
    HALL = "hall", _("Hall")
    CONDOLENCE_MEN = "condolence_men", _("Condolence hall (men)")
    CONDOLENCE_WOMEN = "condolence_women", _("Condolence hall (women)")
    PLANETARIUM = "planetarium", _("Planetarium")
    OBSERVATORY = "observatory", _("Observatory")
    CLUB = "club", _("Club room")


class Room(TimeStampedModel):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("facility"))
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    bookable = models.BooleanField(_("can be booked"), default=False)
    notes = models.CharField(_("notes"), max_length=240, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("room or hall")
        verbose_name_plural = _("rooms and halls")
        ordering = ["location__name_tr", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="venues_room_unique_name_per_location"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="venues_room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.location} — {self.name}"
