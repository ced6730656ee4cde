"""Forms of the home-care pages (validation messages say what to fix)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omur.core.forms import StyledFormMixin
from omur.homecare.models import (
    AbsenceKind,
    Profession,
    RepairStatus,
    Skill,
    StaffMember,
    StaffSex,
    Trade,
    Vehicle,
)
from omur.homecare.services.field import OUTCOMES
from omur.homecare.services.visits import window_errors
from omur.services.models import Location

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Left empty, the profession's usual skills are used."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=StaffSex.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    base = forms.ModelChoiceField(label=_("Team base"), queryset=Location.objects.none())
    work_days = forms.TypedMultipleChoiceField(
        label=_("Working days"), choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    shift_start = forms.TimeField(label=_("Shift starts"), widget=TIME)
    shift_end = forms.TimeField(label=_("Shift ends"), widget=TIME)
    lunch_start = forms.TimeField(label=_("Lunch break from"), widget=TIME, required=False)
    lunch_end = forms.TimeField(label=_("Lunch break until"), widget=TIME, required=False)
    vehicle = forms.ChoiceField(label=_("Vehicle"), choices=Vehicle.choices)
    vehicle_plate = forms.CharField(label=_("Number plate"), max_length=16, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = Location.objects.filter(lat__isnull=False, lon__isnull=False).order_by(  # type: ignore[attr-defined]
            "name_tr"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("shift_start"), data.get("shift_end")
        if start and end and end <= start:
            self.add_error("shift_end", _("The shift must end after it starts."))
        ls, le = data.get("lunch_start"), data.get("lunch_end")
        if (ls is None) != (le is None):
            self.add_error("lunch_end", _("Give both ends of the lunch break, or neither."))
        elif ls and le and start and end and not (start <= ls < le <= end):
            self.add_error("lunch_start", _("The lunch break must lie inside the shift."))
        return data

    @staticmethod
    def initial_for(staff: StaffMember) -> dict[str, Any]:
        return {
            "first_name": staff.first_name,
            "last_name": staff.last_name,
            "profession": staff.profession,
            "skills": staff.skills,
            "sex": staff.sex,
            "phone": staff.phone,
            "base": staff.base_id,
            "work_days": staff.work_days,
            "shift_start": staff.shift_start,
            "shift_end": staff.shift_end,
            "lunch_start": staff.lunch_start,
            "lunch_end": staff.lunch_end,
            "vehicle": staff.vehicle,
            "vehicle_plate": staff.vehicle_plate,
            "active": staff.active,
        }


class StaffFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    profession = forms.ChoiceField(
        label=_("Profession"), choices=[("", _("All")), *list(Profession.choices)], required=False
    )
    inactive = forms.BooleanField(label=_("Show inactive"), required=False)


class AbsenceForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AbsenceKind.choices)
    start_date = forms.DateField(label=_("From"), widget=DATE)
    end_date = forms.DateField(label=_("Until"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day must not be before the first."))
        return data


class PlanRunForm(forms.Form):
    time_limit = forms.IntegerField(min_value=1, max_value=120, required=False)
    kind = forms.ChoiceField(choices=[("full", "full"), ("reoptimise", "reoptimise")], required=False)
    locked = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args: Any, staff_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locked"].choices = [(pk, str(pk)) for pk in staff_ids or []]  # type: ignore[attr-defined]


class MoveForm(StyledFormMixin, forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())
    position = forms.IntegerField(
        label=_("Position in the route"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Empty: the best place in the route."),
    )

    def __init__(self, *args: Any, staff_qs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_qs if staff_qs is not None else StaffMember.objects.filter(active=True)  # type: ignore[attr-defined]


class SickForm(StyledFormMixin, forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=StaffMember.objects.filter(active=True))
    until = forms.DateField(label=_("Sick until"), widget=DATE, required=False, help_text=_("Empty: this day only."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class OutcomeForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(o.value, o.label) for o in OUTCOMES], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)


class CheckInForm(forms.Form):
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)


class RepairForm(StyledFormMixin, forms.Form):
    problem = forms.CharField(label=_("What is broken"), max_length=200)
    detail = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    trade = forms.ChoiceField(label=_("Trade"), choices=Trade.choices)
    estimated_minutes = forms.IntegerField(label=_("Estimated time (minutes)"), min_value=15, max_value=480, initial=90)
    materials = forms.CharField(
        label=_("Materials"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line: quantity, unit, name — e.g. “1 adet kapı kilidi” or “2.5 m kablo”."),
    )


class RepairScheduleForm(StyledFormMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    window_start = forms.TimeField(label=_("From"), widget=TIME, initial=dt.time(9, 0))
    window_end = forms.TimeField(label=_("Until"), widget=TIME, initial=dt.time(17, 0))
    preferred_staff = forms.ModelChoiceField(
        label=_("Preferred craftsperson"), queryset=StaffMember.objects.none(), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("window_start") and data.get("window_end") and data["window_end"] <= data["window_start"]:
            self.add_error("window_end", _("The visiting window must end after it starts."))
        return data


class RepairFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *list(RepairStatus.choices)], required=False)
    trade = forms.ChoiceField(label=_("Trade"), choices=[("", _("All")), *list(Trade.choices)], required=False)


class PersonSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Find the person"),
        required=False,
        max_length=80,
        help_text=_("Name, TC Kimlik No or phone number."),
    )


class ManualVisitForm(StyledFormMixin, forms.Form):
    """The office's "add a visit" form; the service checks the rules that need the database (a skill
    somebody has, the preferred carer's skills and sex) and names the field to fix."""

    required_skill = forms.ChoiceField(label=_("Visit for"), choices=Skill.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    window_start = forms.TimeField(label=_("Visit from"), widget=TIME, initial=dt.time(9, 0))
    window_end = forms.TimeField(label=_("Visit until"), widget=TIME, initial=dt.time(17, 0))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600, initial=45)
    same_sex = forms.BooleanField(label=_("Needs a carer of the same sex"), required=False)
    preferred_staff = forms.ModelChoiceField(
        label=_("Preferred carer"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("A preference: the planner keeps it when the routes allow."),
    )
    notes = forms.CharField(
        label=_("Notes for the visit"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    urgent = forms.BooleanField(
        label=_("Urgent"),
        required=False,
        help_text=_("Shown at the top of the planner for the day and placed before other visits."),
    )
    reason = forms.CharField(label=_("Why (for urgent visits)"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_staff"].queryset = StaffMember.objects.filter(active=True).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, minutes = data.get("window_start"), data.get("window_end"), data.get("duration_minutes")
        if start and end:
            for name, problems in window_errors(start, end, minutes or 0).items():
                for problem in problems:
                    self.add_error(name, problem)
        return data
