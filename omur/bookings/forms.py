import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.accounts.models import User
from omur.bookings.models import (
    Audience,
    BookingKind,
    CancelledBy,
    GroupSession,
    GroupSessionKind,
    PlanStatus,
    TherapySlot,
)
from omur.core.forms import StyledFormMixin
from omur.core.phones import normalise_phone
from omur.registry.models import Person
from omur.services.models import Location, Service, Weekday
from omur.venues.models import Room

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


def _hour_choices(first: int = 7, last: int = 23) -> list[tuple[str, str]]:
    return [(f"{h:02d}:00", f"{h:02d}:00") for h in range(first, last + 1)]


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalise_phone(value) if value else value


# --- therapy ---------------------------------------------------------------------------------------


class SlotAddForm(StyledFormMixin, forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices[:6], coerce=int)
    start = forms.TimeField(label=_("From"), widget=TIME)
    end = forms.TimeField(label=_("Until"), widget=TIME)
    minutes = forms.IntegerField(label=_("Session length (minutes)"), min_value=15, max_value=240, initial=45)
    gap = forms.IntegerField(label=_("Break between sessions (minutes)"), min_value=0, max_value=120, initial=15)
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("No fixed room")
    )

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]


class PlanForm(StyledFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Programme"), queryset=Service.objects.none(), empty_label=None)
    therapist = forms.ModelChoiceField(label=_("Therapist"), queryset=User.objects.none())
    slot = forms.ModelChoiceField(
        label=_("Weekly slot"),
        queryset=TherapySlot.objects.none(),
        help_text=_("The therapist's weekly slots; the series is booked into this slot week after week."),
    )
    sessions = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=52, initial=12)
    starts_on = forms.DateField(label=_("First week"), widget=DATE)
    guardian = forms.ModelChoiceField(
        label=_("Guardian to contact"), queryset=Person.objects.none(), required=False, empty_label=_("— not chosen —")
    )
    skip_taken = forms.BooleanField(
        label=_("Skip weeks that are taken"),
        required=False,
        help_text=_("Otherwise the whole series is refused when one of its weeks is taken."),
    )

    def __init__(self, *args: Any, services: Any, therapists: Any, slots: Any, guardians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["therapist"].queryset = therapists  # type: ignore[attr-defined]
        self.fields["therapist"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.fields["slot"].queryset = slots  # type: ignore[attr-defined]
        self.fields["slot"].label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.therapist.get_full_name()} — {s.get_weekday_display()} {s.starts_at:%H:%M}–{s.ends_at:%H:%M}"
            + (f" · {s.room.name}" if s.room else "")
        )
        self.fields["guardian"].queryset = guardians  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slot, therapist = data.get("slot"), data.get("therapist")
        if slot is not None and therapist is not None and slot.therapist_id != therapist.pk:
            self.add_error("slot", _("This slot belongs to another therapist."))
        if data.get("starts_on") and data["starts_on"] < timezone.localdate():
            self.add_error("starts_on", _("The first week cannot be in the past."))
        return data


class PlanFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Child's name"), required=False)
    therapist = forms.ModelChoiceField(
        label=_("Therapist"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *PlanStatus.choices])
    ageing_out = forms.BooleanField(label=_("Reaching 72 months within 60 days"), required=False)

    def __init__(self, *args: Any, therapists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = therapists  # type: ignore[attr-defined]
        self.fields["therapist"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class SessionCancelForm(StyledFormMixin, forms.Form):
    by = forms.ChoiceField(label=_("Cancelled by"), choices=CancelledBy.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class StopPlanForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for stopping"), max_length=200)


class SessionNoteForm(StyledFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Clinical note"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kept encrypted; readable by therapists only. Notes are not edited: write a new one to correct."),
    )


# --- Mercan ----------------------------------------------------------------------------------------


class GroupSessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GroupSession
        fields = [
            "service",
            "kind",
            "title",
            "description",
            "room",
            "day",
            "starts_at",
            "ends_at",
            "capacity",
            "min_age",
            "max_age",
            "audience",
            "is_public",
            "is_cancelled",
        ]
        widgets = {"day": DATE, "starts_at": TIME, "ends_at": TIME}

    def __init__(self, *args: Any, services: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]


class SessionFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *GroupSessionKind.choices])


class PublicSessionFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("Everything")), *GroupSessionKind.choices]
    )
    who = forms.ChoiceField(label=_("Who is coming"), required=False, choices=[("", _("Anyone")), *BookingKind.choices])


class BookingForm(StyledFormMixin, forms.Form):
    """The public booking form (and the desk's phone booking, with the same fields)."""

    kind = forms.ChoiceField(label=_("Who is coming"), choices=BookingKind.choices, widget=forms.RadioSelect)
    organisation = forms.CharField(
        label=_("School name"), max_length=160, required=False, help_text=_("For school groups.")
    )
    contact_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("We call this number if the session changes."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=200, initial=0)
    adults = forms.IntegerField(
        label=_("Adults"), min_value=0, max_value=200, initial=1, help_text=_("Teachers and parents.")
    )
    youngest_age = forms.IntegerField(label=_("Youngest child's age"), min_value=0, max_value=18, required=False)
    oldest_age = forms.IntegerField(label=_("Oldest child's age"), min_value=0, max_value=18, required=False)

    def __init__(self, *args: Any, session: GroupSession | None = None, public: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        if session is not None and session.audience != Audience.ALL:
            only = BookingKind.SCHOOL if session.audience == Audience.SCHOOLS else BookingKind.FAMILY
            self.fields["kind"].choices = [(only, BookingKind(only).label)]  # type: ignore[attr-defined]
            self.fields["kind"].initial = only
        if public:
            self.fields["kvkk"] = forms.BooleanField(
                label=_("I have read the personal data notice above."),
                error_messages={"required": _("Please confirm that you have read the personal data notice.")},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == BookingKind.SCHOOL and not (data.get("organisation") or "").strip():
            self.add_error("organisation", _("Write the school's name."))
        if (data.get("children") or 0) + (data.get("adults") or 0) <= 0:
            self.add_error("adults", _("Give the number of children and adults coming."))
        if data.get("children"):
            young, old = data.get("youngest_age"), data.get("oldest_age")
            if young is None:
                self.add_error("youngest_age", _("Give the youngest child's age."))
            if old is None:
                self.add_error("oldest_age", _("Give the oldest child's age."))
            if young is not None and old is not None and young > old:
                self.add_error("oldest_age", _("The oldest child's age cannot be below the youngest's."))
        return data


class ManageCodeForm(StyledFormMixin, forms.Form):
    kod = forms.CharField(
        label=_("Booking code"),
        max_length=20,
        help_text=_("The 10-character code you were given when you booked, e.g. ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class HeadCountForm(StyledFormMixin, forms.Form):
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=200)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=200)


# --- halls -----------------------------------------------------------------------------------------


class CondolenceForm(StyledFormMixin, forms.Form):
    location = forms.ModelChoiceField(label=_("Condolence house"), queryset=Location.objects.none())
    halls = forms.MultipleChoiceField(
        label=_("Halls"),
        choices=[("condolence_men", _("Men's hall")), ("condolence_women", _("Women's hall"))],
        widget=forms.CheckboxSelectMultiple,
        initial=["condolence_men", "condolence_women"],
    )
    first_day = forms.DateField(label=_("First day"), widget=DATE)
    days = forms.TypedChoiceField(label=_("Days"), choices=[(3, "3"), (2, "2"), (1, "1")], coerce=int, initial=3)
    deceased_name = forms.CharField(label=_("Name of the deceased"), max_length=120)
    caller_name = forms.CharField(label=_("Caller's name"), max_length=120)
    caller_phone = PhoneField(label=_("Caller's phone"), max_length=20)
    expected_people = forms.IntegerField(label=_("Expected people"), min_value=1, max_value=2000, required=False)
    notes = forms.CharField(label=_("Notes (catering, chairs, …)"), max_length=300, required=False)

    def __init__(self, *args: Any, locations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]

    def clean_first_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise ValidationError(_("The first day cannot be in the past."))
        return day


class MeetingForm(StyledFormMixin, forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.ChoiceField(label=_("From"), choices=_hour_choices(7, 22))
    ends_at = forms.ChoiceField(label=_("Until"), choices=_hour_choices(8, 23))
    purpose = forms.CharField(label=_("Purpose"), max_length=160)
    caller_name = forms.CharField(label=_("Organiser's name"), max_length=120)
    caller_phone = PhoneField(label=_("Organiser's phone"), max_length=20)
    expected_people = forms.IntegerField(label=_("Expected people"), min_value=1, max_value=2000, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]
        self.fields["room"].label_from_instance = lambda r: f"{r.location} — {r.name} ({r.capacity})"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                data[name] = dt.time.fromisoformat(data[name])
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if data.get("day") and data["day"] < timezone.localdate():
            self.add_error("day", _("The date cannot be in the past."))
        return data


class HallCancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200, required=False)
