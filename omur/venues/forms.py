from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omur.accounts.models import User
from omur.accounts.roles import Role
from omur.cases.recurrence import WEEKDAYS, build_rrule, parse_rrule, weekday_labels
from omur.core.forms import StyledFormMixin
from omur.services.models import Location, Mechanism, Service
from omur.venues.models import (
    Activity,
    ActivityKind,
    AttendanceStatus,
    ExamResult,
    Room,
    RoomKind,
    Term,
    Track,
)
from omur.venues.selectors import FACILITY_KINDS
from omur.venues.services.kadin_ustalar import MYK_FEE_DEFAULT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActivityFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    location = forms.ModelChoiceField(label=_("Facility"), queryset=Location.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *ActivityKind.choices], required=False)
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all(), required=False)
    past = forms.BooleanField(label=_("Include finished"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(kind__in=FACILITY_KINDS).order_by("name_tr")  # type: ignore[attr-defined]


class ActivityForm(StyledFormMixin, forms.ModelForm):
    """Staff pick the weekdays (and every how many weeks); the recurrence rule is written from them.
    A rule the picker cannot express (e.g. "the first Monday of the month") can still be typed."""

    repeat_days = forms.MultipleChoiceField(
        label=_("Days"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    repeat_every = forms.TypedChoiceField(
        label=_("Repeats"),
        coerce=int,
        initial=1,
        choices=[(1, _("Every week")), (2, _("Every 2 weeks")), (3, _("Every 3 weeks")), (4, _("Every 4 weeks"))],
    )

    class Meta:
        model = Activity
        fields = [
            "name",
            "kind",
            "track",
            "service",
            "location",
            "room",
            "term",
            "leader",
            "starts_on",
            "ends_on",
            "recurrence",
            "starts_at",
            "duration_minutes",
            "capacity",
            "absence_limit",
            "offer_hours",
            "min_attendance_percent",
            "is_open",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "starts_at": TIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: dict[str, Any] = self.fields  # type: ignore[assignment]
        f["service"].queryset = Service.objects.filter(mechanism=Mechanism.SESSION).order_by("name_tr")
        f["location"].queryset = Location.objects.filter(kind__in=FACILITY_KINDS).order_by("name_tr")
        f["room"].queryset = (
            Room.objects.filter(is_active=True).select_related("location").order_by("location__name_tr", "name")
        )
        f["leader"].queryset = (
            User.objects.filter(
                is_active=True,
                groups__name__in=[Role.CENTRE_STAFF, Role.THERAPIST, Role.SOCIAL_WORKER, Role.CRAFTSPERSON],
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        f["leader"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        f["track"].required = False
        f["track"].help_text = _("Kadın Ustalar courses issue certificates and lead to the MYK exam.")
        labels = weekday_labels()
        f["repeat_days"].choices = [(code, labels[code]) for code in WEEKDAYS]
        f["recurrence"].required = False
        f["recurrence"].label = _("Or a recurrence rule (advanced)")
        f["recurrence"].help_text = _(
            "Only when the days above cannot say it, e.g. FREQ=MONTHLY;BYDAY=1MO (the first Monday of the month)."
        )
        # An existing weekly rule opens as ticked days, so the rule box stays empty.
        rule = self.initial.get("recurrence") or ""
        try:
            parts = parse_rrule(rule) if rule else {}
        except ValueError:
            parts = {}
        if parts.get("FREQ") == "WEEKLY" and set(parts) <= {"FREQ", "INTERVAL", "BYDAY"} and parts.get("BYDAY"):
            days = parts["BYDAY"].split(",")
            if all(d in WEEKDAYS for d in days) and int(parts.get("INTERVAL", "1")) <= 4:
                self.initial["repeat_days"] = days
                self.initial["repeat_every"] = int(parts.get("INTERVAL", "1"))
                self.initial["recurrence"] = ""
        # The picker first, in the order staff fill the form.
        order = list(self.fields)
        for name in ("repeat_days", "repeat_every"):
            order.remove(name)
        at = order.index("recurrence")
        self.order_fields([*order[:at], "repeat_days", "repeat_every", *order[at:]])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days = data.get("repeat_days") or []
        typed = (data.get("recurrence") or "").strip()
        if days:
            data["recurrence"] = build_rrule(freq="WEEKLY", interval=data.get("repeat_every") or 1, byday=days)
        elif not typed:
            self.add_error("repeat_days", _("Tick the days the activity meets (or type a recurrence rule below)."))
        return data

    def clean_track(self) -> str:
        return self.cleaned_data.get("track") or Track.NONE


class TermForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. 2027 Bahar Dönemi"))
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)


class RoomForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "kind", "capacity", "bookable", "is_active", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RoomKind.choices  # type: ignore[attr-defined]
        self.fields["capacity"].min_value = 1  # type: ignore[attr-defined]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person"), required=False)


class EnrolForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    waitlist = forms.BooleanField(required=False, initial=True)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class CancelSessionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class MykExamForm(StyledFormMixin, forms.Form):
    qualification = forms.CharField(label=_("Qualification"), max_length=160, help_text=_("e.g. Mobilyacı (Seviye 3)"))
    exam_on = forms.DateField(label=_("Exam date"), widget=DATE)
    fee_amount = forms.DecimalField(
        label=_("Fee paid by the municipality (TRY)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        initial=MYK_FEE_DEFAULT,
    )
    fee_paid_on = forms.DateField(label=_("Fee paid on"), widget=DATE, required=False)


class MykResultForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=[(k, v) for k, v in ExamResult.choices if k != ExamResult.PENDING]
    )
    myk_certificate_no = forms.CharField(label=_("MYK certificate number"), max_length=40, required=False)


class PlacementForm(StyledFormMixin, forms.Form):
    employer = forms.CharField(label=_("Employer"), max_length=160)
    position = forms.CharField(label=_("Position"), max_length=120)
    starts_on = forms.DateField(label=_("Start date"), widget=DATE)


class FollowUpForm(StyledFormMixin, forms.Form):
    still_employed = forms.TypedChoiceField(
        label=_("Still in the job?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=240, required=False)


class VerifyForm(StyledFormMixin, forms.Form):
    kod = forms.CharField(label=_("Verification code"), max_length=20)
