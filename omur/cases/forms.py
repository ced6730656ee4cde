"""Forms for case work. The assessment's sections are plain forms whose cleaned data is the JSON
stored on Assessment (see its docstring); section_data() makes it JSON-safe."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.accounts.roles import Role
from omur.cases.models import (
    AssessmentStatus,
    CareTaskType,
    CloseReason,
    EnrolmentStatus,
    NoteLevel,
    Partner,
    PartnerKind,
    ReferralKind,
    ReferralStatus,
    TaskPriority,
    TaskSource,
)
from omur.cases.permissions import TASK_ROLES
from omur.cases.recurrence import FREQUENCIES, WEEKDAYS, build_rrule, normalise_rrule
from omur.cases.scales import KATZ_ITEMS, LAWTON_ITEMS, Item
from omur.cases.selectors.alerts import Due, Scope
from omur.core.forms import StyledFormMixin
from omur.registry.models import SocialSecurity


class MarkedErrorsMixin(StyledFormMixin):
    """Bootstrap's red outline on fields with errors."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ServiceMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


def _date(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def _time() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def section_data(form: forms.Form) -> dict[str, Any]:
    """A section form's cleaned data as JSON: decimals and dates as text, empty answers left out."""
    data: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, (dt.date, dt.time)):
            value = value.isoformat()
        data[name] = value
    return data


# --- tasks -----------------------------------------------------------------------------------


class TaskFilterForm(StyledFormMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (Scope.INBOX, _("My inbox")),
            (Scope.MINE, _("Assigned to me")),
            (Scope.ROLE, _("My roles' queue")),
            (Scope.ALL, _("Everyone's (office manager)")),
        ],
    )
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Any time")),
            (Due.OVERDUE, _("Overdue")),
            (Due.TODAY, _("Today")),
            (Due.WEEK, _("Within a week")),
            (Due.NONE, _("No due date")),
        ],
    )
    source = forms.ChoiceField(label=_("Raised by"), required=False, choices=[("", _("All")), *TaskSource.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", pgettext_lazy("task status", "Open")),
            ("done", pgettext_lazy("task status", "Done")),
            ("cancelled", pgettext_lazy("task status", "Cancelled")),
        ],
    )

    def __init__(self, *args: Any, can_oversee: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_oversee:
            field = self.fields["scope"]
            field.choices = [c for c in field.choices if c[0] != Scope.ALL]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "scope": data.get("scope") or Scope.INBOX,
            "due": data.get("due") or "",
            "source": data.get("source") or "",
            "status": data.get("status") or "open",
        }


class TaskCreateForm(MarkedErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    detail = forms.CharField(label=_("Detail"), required=False, widget=_text())
    assignee = StaffChoiceField(label=_("Assign to a person"), queryset=None, required=False)
    assignee_role = forms.ChoiceField(label=_("…or to a role"), required=False)
    due = forms.DateField(label=_("Due"), required=False, widget=_date())
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=TaskPriority.choices, coerce=int, initial=TaskPriority.NORMAL
    )

    def __init__(self, *args: Any, staff: Any, has_person: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]
        roles = [(r.value, r.label) for r in Role if r.value in TASK_ROLES]
        empty = _("The person's case manager") if has_person else _("Choose a role")
        self.fields["assignee_role"].choices = [("", empty), *roles]  # type: ignore[attr-defined]
        self.has_person = has_person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("assignee") and data.get("assignee_role"):
            raise forms.ValidationError(_("Assign the task to a person or to a role, not both."))
        if not self.has_person and not data.get("assignee") and not data.get("assignee_role"):
            raise forms.ValidationError(_("Assign the task to a person or to a role."))
        return data


class CloseNoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


# --- case notes ------------------------------------------------------------------------------


class CaseNoteForm(MarkedErrorsMixin, forms.Form):
    body = forms.CharField(label=_("Note"), widget=_text(5), max_length=20000)
    level = forms.ChoiceField(label=_("Who may read it"), choices=NoteLevel.choices, initial=NoteLevel.GENERAL)
    readers = StaffMultipleChoiceField(
        label=_("Named readers (restricted notes)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    enrolment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("About the enrolment"), queryset=None, required=False
    )

    def __init__(self, *args: Any, readers: Any, enrolments: Any, clinical_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = readers  # type: ignore[attr-defined]
        self.fields["enrolment"].queryset = enrolments  # type: ignore[attr-defined]
        self.fields["enrolment"].label_from_instance = lambda e: e.service.name  # type: ignore[attr-defined]
        if not clinical_allowed:
            self.fields["level"].choices = [c for c in NoteLevel.choices if c[0] != NoteLevel.CLINICAL]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") != NoteLevel.RESTRICTED:
            data["readers"] = []
        return data


class NoteSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search the notes"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Search the notes"), "type": "search"}),
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All")), *NoteLevel.choices])


# --- assessments -----------------------------------------------------------------------------


class AssessmentScheduleForm(MarkedErrorsMixin, forms.Form):
    assessor = StaffChoiceField(label=_("Assessor"), queryset=None)
    scheduled_on = forms.DateField(label=_("Visit date"), widget=_date())
    scheduled_time = forms.TimeField(label=_("Visit time"), required=False, widget=_time())
    request: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Answers the request"), queryset=None, required=False
    )

    def __init__(self, *args: Any, assessors: Any, requests: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors  # type: ignore[attr-defined]
        self.fields["request"].queryset = requests  # type: ignore[attr-defined]
        self.fields["request"].label_from_instance = lambda r: f"#{r.pk} · {r.category} · {r.created_at:%d.%m.%Y}"  # type: ignore[attr-defined]


class AssessmentRescheduleForm(AssessmentScheduleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, requests=None, **kwargs)
        del self.fields["request"]


class HouseholdSectionForm(MarkedErrorsMixin, forms.Form):
    household_size = forms.IntegerField(label=_("People living in the home"), min_value=1, max_value=30, required=False)
    children = forms.IntegerField(label=_("Children under 18"), min_value=0, max_value=30, required=False)
    elderly = forms.IntegerField(label=_("People aged 65 or over"), min_value=0, max_value=30, required=False)
    disabled_members = forms.IntegerField(
        label=_("Members with a disability"), min_value=0, max_value=30, required=False
    )
    needs_constant_care = forms.BooleanField(label=_("Someone in the home needs constant care"), required=False)
    notes = forms.CharField(label=_("Notes on the household and dependants"), required=False, widget=_text())


INCOME_SOURCES = [
    ("wage", _("Wage")),
    ("pension", _("Retirement pension")),
    ("disability_pension", _("Disability pension")),
    ("old_age_pension", _("Old-age pension (65+)")),
    ("social_assistance", _("Social assistance")),
    ("family_support", _("Support from family")),
    ("irregular", _("Irregular work")),
    ("none", _("No income")),
]
GOODS = [
    ("fridge", _("Refrigerator")),
    ("washing_machine", _("Washing machine")),
    ("cooker", _("Cooker")),
    ("heater", _("Heater or stove")),
    ("television", _("Television")),
    ("beds", _("A bed for everyone")),
]


class IncomeSectionForm(MarkedErrorsMixin, forms.Form):
    monthly_income = forms.DecimalField(
        label=_("Monthly household income (TRY)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    income_sources = forms.MultipleChoiceField(
        label=_("Sources of income"), choices=INCOME_SOURCES, required=False, widget=forms.CheckboxSelectMultiple
    )
    social_security = forms.ChoiceField(
        label=_("Social security"), choices=[("", "—"), *SocialSecurity.choices], required=False
    )
    debts = forms.DecimalField(label=_("Debts (TRY)"), min_value=0, max_digits=12, decimal_places=2, required=False)
    owns_home = forms.BooleanField(label=_("Owns a home"), required=False)
    owns_car = forms.BooleanField(label=_("Owns a car"), required=False)
    owns_land = forms.BooleanField(label=_("Owns land or a field"), required=False)
    goods = forms.MultipleChoiceField(
        label=_("Goods in the home"), choices=GOODS, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes on income and assets"), required=False, widget=_text())


class HousingSectionForm(MarkedErrorsMixin, forms.Form):
    tenure = forms.ChoiceField(
        label=_("Tenure"),
        required=False,
        choices=[
            ("", "—"),
            ("owner", _("Owner")),
            ("tenant", _("Tenant")),
            ("relative", _("Lives in a relative's home")),
            ("rent_free", _("Rent-free")),
            ("other", _("Other")),
        ],
    )
    rent = forms.DecimalField(
        label=_("Monthly rent (TRY)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    dwelling = forms.ChoiceField(
        label=_("Dwelling"),
        required=False,
        choices=[
            ("", "—"),
            ("apartment", _("Flat in an apartment building")),
            ("house", _("Detached house")),
            ("gecekondu", _("Gecekondu (informal house)")),
            ("other", _("Other")),
        ],
    )
    rooms = forms.IntegerField(label=_("Rooms"), min_value=0, max_value=20, required=False)
    heating = forms.ChoiceField(
        label=_("Heating"),
        required=False,
        choices=[
            ("", "—"),
            ("stove", _("Stove")),
            ("natural_gas", _("Natural gas (combi)")),
            ("central", _("Central heating")),
            ("electric", _("Electric heater")),
            ("none", _("None")),
        ],
    )
    indoor_toilet = forms.BooleanField(label=_("Toilet inside the home"), required=False)
    bathroom = forms.BooleanField(label=_("Bathroom"), required=False)
    hot_water = forms.BooleanField(label=_("Hot water"), required=False)
    step_free = forms.BooleanField(label=_("Step-free entrance"), required=False)
    condition = forms.ChoiceField(
        label=_("Condition"),
        required=False,
        choices=[("", "—"), ("good", _("Good")), ("fair", _("Fair")), ("poor", _("Poor")), ("unsafe", _("Unsafe"))],
    )
    notes = forms.CharField(label=_("Hazards and repairs needed"), required=False, widget=_text())


DEVICES = [
    ("wheelchair", _("Wheelchair")),
    ("walker", _("Walker or cane")),
    ("hospital_bed", _("Hospital bed")),
    ("air_mattress", _("Air mattress")),
    ("hearing_aid", _("Hearing aid")),
    ("glasses", _("Glasses")),
    ("incontinence", _("Incontinence products")),
]


class HealthSectionForm(MarkedErrorsMixin, forms.Form):
    """Special-category data: stored encrypted (Assessment.health_section)."""

    chronic_conditions = forms.CharField(label=_("Chronic conditions"), required=False, widget=_text(2))
    disability = forms.BooleanField(label=_("Has a disability"), required=False)
    disability_percent = forms.IntegerField(
        label=_("Disability percentage"), min_value=0, max_value=100, required=False
    )
    bedridden = forms.BooleanField(label=_("Bedridden"), required=False)
    medications = forms.CharField(label=_("Regular medication"), required=False, widget=_text(2))
    devices = forms.MultipleChoiceField(
        label=_("Aids and supplies needed"), choices=DEVICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    psychological_state = forms.CharField(label=_("Psychological state"), required=False, widget=_text(2))
    notes = forms.CharField(label=_("Other health notes"), required=False, widget=_text(2))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("disability_percent") and not data.get("disability"):
            data["disability"] = True
        return data


class DailyLivingForm(StyledFormMixin, forms.Form):
    """Katz ADL and Lawton IADL, one radio group per item (scales.py holds the items and points).
    Stored as {"katz": {item: answer}, "lawton": {item: answer}}, encrypted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for scale, items in (("katz", KATZ_ITEMS), ("lawton", LAWTON_ITEMS)):
            for item in items:
                self.fields[f"{scale}_{item.key}"] = forms.ChoiceField(
                    label=str(item.label),
                    required=False,
                    choices=[(o.code, o.label) for o in item.options],
                    widget=forms.RadioSelect(attrs={"data-scale": scale}),
                )

    @staticmethod
    def initial_from(section: dict[str, Any] | None) -> dict[str, str]:
        section = section or {}
        return {f"{scale}_{k}": v for scale in ("katz", "lawton") for k, v in (section.get(scale) or {}).items()}

    def section(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        out: dict[str, dict[str, str]] = {"katz": {}, "lawton": {}}
        for scale, items in (("katz", KATZ_ITEMS), ("lawton", LAWTON_ITEMS)):
            for item in items:
                if data.get(f"{scale}_{item.key}"):
                    out[scale][item.key] = data[f"{scale}_{item.key}"]
        return {k: v for k, v in out.items() if v}

    def rows(self, scale: str) -> list[tuple[Item, Any]]:
        items = KATZ_ITEMS if scale == "katz" else LAWTON_ITEMS
        return [(item, self[f"{scale}_{item.key}"]) for item in items]

    @property
    def katz_rows(self) -> list[tuple[Item, Any]]:
        return self.rows("katz")

    @property
    def lawton_rows(self) -> list[tuple[Item, Any]]:
        return self.rows("lawton")


class SupportSectionForm(MarkedErrorsMixin, forms.Form):
    lives_alone = forms.BooleanField(label=_("Lives alone"), required=False)
    relatives_nearby = forms.BooleanField(label=_("Relatives live nearby"), required=False)
    contact_frequency = forms.ChoiceField(
        label=_("Contact with family"),
        required=False,
        choices=[
            ("", "—"),
            ("daily", _("Daily")),
            ("weekly", _("Weekly")),
            ("monthly", _("Monthly")),
            ("rarely", _("Rarely")),
            ("never", _("Never")),
        ],
    )
    main_helper = forms.CharField(label=_("Who helps most (name and relation)"), required=False, max_length=160)
    helper_phone = forms.CharField(label=_("Their phone"), required=False, max_length=20)
    other_support = forms.MultipleChoiceField(
        label=_("Other support received"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("neighbours", _("Neighbours")),
            ("muhtar", _("Muhtar")),
            ("sydv", _("Social Assistance Foundation (SYDV)")),
            ("ngo", _("An association or foundation")),
            ("other_public", _("Another public body")),
        ],
    )
    notes = forms.CharField(label=_("Notes on the support network"), required=False, widget=_text())


class StatementsSectionForm(MarkedErrorsMixin, forms.Form):
    neighbour_name = forms.CharField(label=_("Neighbour's name"), required=False, max_length=160)
    neighbour_statement = forms.CharField(label=_("Neighbour's statement"), required=False, widget=_text())
    muhtar_name = forms.CharField(label=_("Muhtar's name"), required=False, max_length=160)
    muhtar_statement = forms.CharField(label=_("Muhtar's statement"), required=False, widget=_text())


class VisitSummaryForm(MarkedErrorsMixin, forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), required=False, widget=_date())
    observations = forms.CharField(label=_("Assessor's observations"), required=False, widget=_text(4))
    recommendation = forms.CharField(label=_("Recommendation to the committee"), required=False, widget=_text(3))


# The visit form's sections, in order: (key, title, form class). The template and the view both
# walk this list, so adding a section is one line here plus its form.
SECTION_FORMS: list[tuple[str, Any, type[forms.Form]]] = [
    ("household", _("Household"), HouseholdSectionForm),
    ("income", _("Income and assets"), IncomeSectionForm),
    ("housing", _("Housing"), HousingSectionForm),
    ("health", _("Health"), HealthSectionForm),
    ("daily_living", _("Daily living"), DailyLivingForm),
    ("support", _("Support network"), SupportSectionForm),
    ("statements", _("Neighbour and muhtar statements"), StatementsSectionForm),
]


class AssessmentDecisionForm(MarkedErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Committee decision"),
        choices=[("approve", _("Approve services")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    services = ServiceMultipleChoiceField(
        label=_("Services approved"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    case_manager = StaffChoiceField(label=_("Case manager"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason (required when rejecting)"), required=False, widget=_text())
    reassess_on = forms.DateField(label=_("Re-assess on"), required=False, widget=_date())

    def __init__(self, *args: Any, services: Any, case_managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services  # type: ignore[attr-defined]
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "approve" and not data.get("services"):
            self.add_error("services", _("Choose at least one service to approve."))
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A rejection needs a reason."))
        return data


class ReasonForm(MarkedErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AssessmentFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("open", _("Open")), ("", _("All")), *AssessmentStatus.choices]
    )
    mine = forms.BooleanField(label=_("My visits only"), required=False)
    q = forms.CharField(label=_("Name"), required=False, max_length=80)


# --- enrolments and care plans ---------------------------------------------------------------


class EnrolmentCreateForm(MarkedErrorsMixin, forms.Form):
    service = ServiceChoiceField(label=_("Service"), queryset=None)
    status = forms.ChoiceField(
        label=_("Start as"),
        choices=[
            (EnrolmentStatus.WAITING, _("Waiting for a place")),
            (EnrolmentStatus.ACTIVE, _("Active from the start date")),
        ],
        initial=EnrolmentStatus.WAITING,
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=_date())
    case_manager = StaffChoiceField(label=_("Case manager"), queryset=None, required=False)
    review_on = forms.DateField(label=_("Review date"), required=False, widget=_date())

    def __init__(self, *args: Any, services: Any, case_managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class EnrolmentUpdateForm(MarkedErrorsMixin, forms.Form):
    case_manager = StaffChoiceField(label=_("Case manager"), queryset=None, required=False)
    review_on = forms.DateField(label=_("Review date"), required=False, widget=_date())

    def __init__(self, *args: Any, case_managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers  # type: ignore[attr-defined]


class EnrolmentTransitionForm(MarkedErrorsMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=EnrolmentStatus.choices)
    reason = forms.ChoiceField(label=_("Reason for closing"), required=False, choices=[("", "—"), *CloseReason.choices])
    note = forms.CharField(label=_("Note"), required=False, widget=_text(2))
    on = forms.DateField(label=_("With effect from"), required=False, widget=_date())

    def __init__(self, *args: Any, allowed: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["to_status"].choices = [c for c in EnrolmentStatus.choices if c[0] in allowed]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") == EnrolmentStatus.CLOSED and not data.get("reason"):
            self.add_error("reason", _("Closing an enrolment needs a reason."))
        return data


class EnrolmentFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=80)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("open", _("Open")), ("", _("All")), *EnrolmentStatus.choices]
    )
    service = ServiceChoiceField(label=_("Service"), queryset=None, required=False)
    area: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Policy area"), queryset=None, required=False)
    stage: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Life stage"), queryset=None, required=False)
    mine = forms.BooleanField(label=_("My caseload"), required=False)
    review_due = forms.BooleanField(label=_("Review due"), required=False)

    def __init__(self, *args: Any, services: Any, areas: Any, stages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["stage"].queryset = stages  # type: ignore[attr-defined]


FREQUENCY_CHOICES = [("WEEKLY", _("Weekly")), ("DAILY", _("Daily")), ("MONTHLY", _("Monthly"))]


class CarePlanForm(MarkedErrorsMixin, forms.Form):
    preferred_days = forms.MultipleChoiceField(
        label=_("Preferred days"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    window_start = forms.TimeField(label=_("Visits from"), required=False, widget=_time())
    window_end = forms.TimeField(label=_("Visits until"), required=False, widget=_time())
    same_sex_carer = forms.BooleanField(label=_("A carer of the same sex is needed"), required=False)
    preferred_staff = StaffChoiceField(label=_("Preferred staff member"), queryset=None, required=False)
    notes = forms.CharField(label=_("Notes for the carers"), required=False, widget=_text())

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        from omur.cases.recurrence import weekday_labels

        super().__init__(*args, **kwargs)
        self.fields["preferred_days"].choices = list(weekday_labels().items())  # type: ignore[attr-defined]
        self.fields["preferred_staff"].queryset = staff  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("window_start") and data.get("window_end") and data["window_end"] <= data["window_start"]:
            self.add_error("window_end", _("The visiting window must end after it starts."))
        return data


class CarePlanItemForm(StyledFormMixin, forms.Form):
    """One task of the plan: ticked or not, and how often. The frequency is built into an RRULE from
    the simple fields, unless an RRULE is typed (for what they cannot say, e.g. "first Monday")."""

    task_type = forms.ChoiceField(choices=CareTaskType.choices, widget=forms.HiddenInput)
    included = forms.BooleanField(label=_("Included"), required=False)
    freq = forms.ChoiceField(label=_("Frequency"), choices=FREQUENCY_CHOICES, required=False)
    interval = forms.IntegerField(label=_("Every"), min_value=1, max_value=12, initial=1, required=False)
    byday = forms.MultipleChoiceField(label=_("Days"), required=False, widget=forms.CheckboxSelectMultiple, choices=[])
    duration_minutes = forms.IntegerField(label=_("Minutes"), min_value=5, max_value=600, initial=60, required=False)
    rrule = forms.CharField(label=_("Or an RRULE"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["byday"].choices = [(d, d) for d in WEEKDAYS]  # type: ignore[attr-defined]

    @property
    def task_label(self) -> str:
        value = self["task_type"].value()
        return str(dict(CareTaskType.choices).get(value, value))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("included"):
            return data
        try:
            if data.get("rrule"):
                data["recurrence"] = normalise_rrule(data["rrule"])
            else:
                freq = data.get("freq") or "WEEKLY"
                if freq not in FREQUENCIES:
                    raise ValueError(freq)
                data["recurrence"] = build_rrule(
                    freq=freq, interval=data.get("interval") or 1, byday=data.get("byday") or []
                )
        except ValueError:
            self.add_error("rrule", _("This is not a recurrence rule the system understands."))
        return data


CarePlanItemFormSet = forms.formset_factory(CarePlanItemForm, extra=0)


def care_plan_item_initial(plan: Any) -> list[dict[str, Any]]:
    """One row per task type, filled from the plan's lines where it has them."""
    from omur.cases.recurrence import parse_rrule

    lines = {i.task_type: i for i in plan.items.all()} if plan is not None else {}
    rows = []
    for value, _label in CareTaskType.choices:
        row: dict[str, Any] = {
            "task_type": value,
            "included": False,
            "freq": "WEEKLY",
            "interval": 1,
            "duration_minutes": 60,
        }
        line = lines.get(value)
        if line is not None:
            parts = parse_rrule(line.recurrence)
            simple = not set(parts) - {"FREQ", "INTERVAL", "BYDAY"}
            row.update(
                included=True,
                freq=parts.get("FREQ", "WEEKLY"),
                interval=int(parts.get("INTERVAL", "1")),
                byday=[d for d in parts.get("BYDAY", "").split(",") if d],
                duration_minutes=line.duration_minutes,
                rrule="" if simple else line.recurrence,
            )
        rows.append(row)
    return rows


# --- referrals and partners ------------------------------------------------------------------


class ReferralForm(MarkedErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ReferralKind.choices, widget=forms.RadioSelect, initial=ReferralKind.INTERNAL
    )
    to_service = ServiceChoiceField(label=_("To the service"), queryset=None, required=False)
    to_partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("To the partner institution"), queryset=None, required=False
    )
    from_enrolment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("From the enrolment"), queryset=None, required=False
    )
    reason = forms.CharField(label=_("Reason for the referral"), widget=_text(4), max_length=4000)

    def __init__(self, *args: Any, services: Any, partners: Any, enrolments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_service"].queryset = services  # type: ignore[attr-defined]
        self.fields["to_partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["from_enrolment"].queryset = enrolments  # type: ignore[attr-defined]
        self.fields["from_enrolment"].label_from_instance = lambda e: e.service.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReferralKind.INTERNAL and not data.get("to_service"):
            self.add_error("to_service", _("Choose the service."))
        if data.get("kind") == ReferralKind.EXTERNAL and not data.get("to_partner"):
            self.add_error("to_partner", _("Choose the partner institution."))
        return data


class ReferralAnswerForm(MarkedErrorsMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accepted")), ("decline", _("Declined"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note (required when declined)"), required=False, widget=_text(2))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", _("Declining a referral needs a reason."))
        return data


class ReferralOutcomeForm(MarkedErrorsMixin, forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=_text(3), max_length=4000)


class ReferralFilterForm(StyledFormMixin, forms.Form):
    box = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("Waiting for an answer or outcome")), ("sent", _("Sent by me")), ("", _("All"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ReferralStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ReferralKind.choices])


class PartnerForm(MarkedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "phone", "email", "address", "active"]

    kind = forms.ChoiceField(label=_("Type"), choices=PartnerKind.choices)
