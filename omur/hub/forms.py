import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.accounts.models import User
from omur.core.forms import StyledFormMixin
from omur.core.phones import normalise_phone
from omur.geo.models import Municipality, Province
from omur.hub.models import (
    MUNICIPAL_KINDS,
    ActivityKind,
    BudgetKind,
    DelegationKind,
    FileKind,
    KpiSource,
    PartnerKind,
    Project,
    Protocol,
    RequestChannel,
    Stage,
)
from omur.services.models import Department, LifeStage, Location, PolicyArea, Service


class MarkedErrorsMixin(StyledFormMixin):
    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class BilingualChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def staff_queryset() -> Any:
    return (
        User.objects.filter(is_active=True, groups__name__in=["tour_coordinator", "office_manager"])
        .distinct()
        .order_by("first_name")
    )


# --- projects ----------------------------------------------------------------------------------


class ProjectForm(MarkedErrorsMixin, forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("Short, unique, used in links and playbooks."))
    name_tr = forms.CharField(label=_("Name (Turkish)"), max_length=160)
    name_en = forms.CharField(label=_("Name (English)"), max_length=160, required=False)
    summary_tr = forms.CharField(label=_("Summary (Turkish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    summary_en = forms.CharField(label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    policy_areas = BilingualChoiceField(
        label=_("Policy areas"), queryset=PolicyArea.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    life_stages = BilingualChoiceField(
        label=_("Life stages"), queryset=LifeStage.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    department = forms.ModelChoiceField(label=_("Owning department"), queryset=Department.objects.all(), required=False)
    started_on = forms.DateField(label=_("Start date"), required=False, widget=_date_widget())
    target_group_tr = forms.CharField(
        label=_("Target group (Turkish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    target_group_en = forms.CharField(
        label=_("Target group (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    problem_tr = forms.CharField(label=_("Problem (Turkish)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problem_en = forms.CharField(label=_("Problem (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    objectives_tr = forms.CharField(
        label=_("Objectives (Turkish)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    objectives_en = forms.CharField(
        label=_("Objectives (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    eligibility_tr = forms.CharField(
        label=_("Eligibility (Turkish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    eligibility_en = forms.CharField(
        label=_("Eligibility (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    risks_tr = forms.CharField(
        label=_("Risks (Turkish)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    risks_en = forms.CharField(
        label=_("Risks (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    lessons_tr = forms.CharField(
        label=_("Lessons learnt (Turkish)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    lessons_en = forms.CharField(
        label=_("Lessons learnt (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    services = BilingualChoiceField(
        label=_("Catalogue services that deliver it"),
        queryset=Service.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sites = BilingualChoiceField(
        label=_("Project sites (for the tour)"),
        queryset=Location.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_published = forms.BooleanField(label=_("Published on the public pages"), required=False)

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        data = {
            name: getattr(project, name)
            for name in ProjectForm.base_fields
            if name not in ("policy_areas", "life_stages", "services", "sites", "department")
        }
        data["department"] = project.department_id
        for name in ("policy_areas", "life_stages", "services", "sites"):
            data[name] = list(getattr(project, name).values_list("pk", flat=True))
        return data


class StepForm(StyledFormMixin, forms.Form):
    title_tr = forms.CharField(label=_("Step (Turkish)"), max_length=200)
    title_en = forms.CharField(label=_("Step (English)"), max_length=200, required=False)
    detail_tr = forms.CharField(label=_("Detail (Turkish)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    detail_en = forms.CharField(label=_("Detail (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StaffingForm(StyledFormMixin, forms.Form):
    role_tr = forms.CharField(label=_("Role (Turkish)"), max_length=120)
    role_en = forms.CharField(label=_("Role (English)"), max_length=120, required=False)
    count = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)


class BudgetForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetKind.choices)
    item_tr = forms.CharField(label=_("Item (Turkish)"), max_length=160)
    item_en = forms.CharField(label=_("Item (English)"), max_length=160, required=False)
    amount = forms.DecimalField(label=_("Amount (TRY)"), min_value=0, max_digits=14, decimal_places=2)


class KpiForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name_tr = forms.CharField(label=_("KPI (Turkish)"), max_length=160)
    name_en = forms.CharField(label=_("KPI (English)"), max_length=160, required=False)
    unit_tr = forms.CharField(label=_("Unit (Turkish)"), max_length=40, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=40, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=KpiSource.choices)
    indicator_code = forms.ChoiceField(label=_("Live indicator"), required=False)
    window_days = forms.IntegerField(label=_("Period (days)"), min_value=1, max_value=3660, initial=365)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from omur.core.indicators import INDICATORS

        choices = [("", _("— none (entered by hand) —"))] + [
            (code, f"{ind.label} ({code})") for code, ind in sorted(INDICATORS.items())
        ]
        current = (self.initial or {}).get("indicator_code") or (
            self.data.get(self.add_prefix("indicator_code")) if self.is_bound else ""
        )
        if current and current not in INDICATORS:
            choices.append((current, _("%(code)s (not available here)") % {"code": current}))
        self.fields["indicator_code"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == KpiSource.LIVE and not data.get("indicator_code"):
            self.add_error("indicator_code", _("Choose the live indicator, or set the source to “entered by hand”."))
        return data


StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True)
StaffingFormSet = forms.formset_factory(StaffingForm, extra=1, can_delete=True)
BudgetFormSet = forms.formset_factory(BudgetForm, extra=1, can_delete=True)
KpiFormSet = forms.formset_factory(KpiForm, extra=1, can_delete=True)


def formset_rows(formset: Any) -> list[dict[str, Any]]:
    """The kept rows of a valid formset: blank extra rows and rows ticked for deletion dropped."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


class KpiMeasureForm(StyledFormMixin, forms.Form):
    value = forms.DecimalField(label=_("Figure"), max_digits=16, decimal_places=2)
    measured_on = forms.DateField(label=_("Date"), widget=_date_widget())
    note = forms.CharField(label=_("Source or note"), max_length=200, required=False)


class ProjectFileForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FileKind.choices)
    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    upload = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG; at most 10 MB."))


class SiteProfileForm(StyledFormMixin, forms.Form):
    max_visitors = forms.IntegerField(label=_("Visitors at one time"), min_value=1, max_value=2000)
    visit_minutes = forms.IntegerField(label=_("Usual visit length (minutes)"), min_value=10, max_value=480)
    host_name = forms.CharField(label=_("Host on site"), max_length=120, required=False)
    host_phone = forms.CharField(label=_("Host's phone"), max_length=20, required=False)

    def clean_host_phone(self) -> str:
        return normalise_phone(self.cleaned_data["host_phone"])


class PlaybookUploadForm(StyledFormMixin, forms.Form):
    package = forms.FileField(
        label=_("Playbook package (.json)"), help_text=_("A file exported from Ömür: at most 2 MB.")
    )


# --- municipalities ----------------------------------------------------------------------------


class MunicipalityPickerMixin(forms.Form):
    """Province, then municipality: htmx narrows the second list when the first changes; without
    JavaScript the second list holds every municipality grouped by province."""

    province = forms.TypedChoiceField(label=_("Province"), coerce=int, empty_value=None, required=False)
    municipality = forms.TypedChoiceField(
        label=_("Municipality"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a municipality of the chosen province from the list.")},
    )

    def setup_picker(self, *, types: list[str] | None = None) -> None:
        provinces = list(Province.objects.order_by("name"))
        from omur.core.text import fold_turkish

        provinces.sort(key=lambda p: fold_turkish(p.name))
        field = self.fields["province"]
        field.choices = [("", _("Choose a province")), *[(p.pk, p.name) for p in provinces]]  # type: ignore[attr-defined]
        field.widget.attrs.update(
            {
                "hx-get": reverse_lazy("hub:municipality-options"),
                "hx-target": f"#{self['municipality'].auto_id}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        province_id = self._chosen_province()
        qs = Municipality.objects.select_related("province").order_by("province__name", "name")
        if types:
            qs = qs.filter(type__in=types)
        if province_id:
            qs = qs.filter(province_id=province_id)
            choices: list[Any] = [(m.pk, f"{m.name} ({m.get_type_display()})") for m in qs]
        else:
            groups: dict[str, list[tuple[int, str]]] = {}
            for m in qs:
                groups.setdefault(m.province.name, []).append((m.pk, m.name))
            choices = list(groups.items())
        self.fields["municipality"].choices = [("", _("Choose a municipality")), *choices]  # type: ignore[attr-defined]

    def _chosen_province(self) -> int | None:
        raw = self.data.get(self.add_prefix("province")) if self.is_bound else (self.initial or {}).get("province")  # type: ignore[attr-defined]
        try:
            return int(raw) if raw else None
        except (TypeError, ValueError):
            return None

    def chosen_municipality(self) -> Municipality | None:
        pk = self.cleaned_data.get("municipality")  # type: ignore[attr-defined]
        return Municipality.objects.filter(pk=pk).select_related("province").first() if pk else None


class ContactForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])


# --- engagements -------------------------------------------------------------------------------


class EngagementCreateForm(MarkedErrorsMixin, MunicipalityPickerMixin):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.order_by("name_tr"))
    stage = forms.ChoiceField(
        label=_("Starting stage"),
        choices=[(s, Stage(s).label) for s in (Stage.INQUIRY, Stage.PRESENTATION, Stage.STUDY_VISIT)],
    )
    on = forms.DateField(label=_("Date"), widget=_date_widget())
    owner = StaffChoiceField(label=_("Office contact"), queryset=User.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["province", "municipality", "project", "stage", "on", "owner", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_picker()
        self.fields["municipality"].required = True
        self.fields["owner"].queryset = staff_queryset()  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()


class EngagementMoveForm(StyledFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=_date_widget())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=_date_widget())
    staff = StaffChoiceField(label=_("Staff"), queryset=User.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(is_active=True).order_by("first_name")  # type: ignore[attr-defined]


class EvidenceForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("What it is"), max_length=200, help_text=_("e.g. council decision 2024/112"))
    dated = forms.DateField(label=_("Date"), widget=_date_widget())
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    upload = forms.FileField(label=_("Document"), required=False, help_text=_("PDF, JPEG or PNG; at most 10 MB."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("upload"):
            raise ValidationError(_("Give a link or attach a document as evidence."))
        return data


# --- tours -------------------------------------------------------------------------------------


class TourRequestForm(MarkedErrorsMixin, MunicipalityPickerMixin):
    kind = forms.ChoiceField(
        label=_("Who is visiting?"),
        choices=[("", _("Choose one")), *DelegationKind.choices],
        error_messages={"required": _("Choose who is visiting.")},
    )
    organisation = forms.CharField(
        label=_("Name of the institution"),
        max_length=200,
        required=False,
        help_text=_("Not needed for a municipality: choose it from the lists below."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=160, error_messages={"required": _("Write the contact person's name.")}
    )
    contact_title = forms.CharField(label=_("Their title"), max_length=160, required=False)
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Example: 0324 123 45 67"),
        error_messages={"required": _("Write a phone number we can reach the contact on.")},
    )
    contact_email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    preferred_from = forms.DateField(
        label=_("Earliest suitable date"),
        widget=_date_widget(),
        error_messages={"required": _("Give the earliest date that suits you.")},
    )
    preferred_to = forms.DateField(
        label=_("Latest suitable date"),
        widget=_date_widget(),
        error_messages={"required": _("Give the latest date that suits you.")},
    )
    head_count = forms.IntegerField(
        label=_("How many people will come?"),
        min_value=1,
        max_value=200,
        error_messages={"required": _("Write how many people will come.")},
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Projects you would most like to see"),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(
        label=_("Anything else we should know?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kvkk = forms.BooleanField(
        label=_("I have read the personal data notice above."),
        error_messages={"required": _("Tick this box to confirm that you have read the notice.")},
    )

    field_order = [
        "kind",
        "organisation",
        "province",
        "municipality",
        "contact_name",
        "contact_title",
        "contact_phone",
        "contact_email",
        "preferred_from",
        "preferred_to",
        "head_count",
        "interests",
        "message",
        "kvkk",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_picker()
        self.fields["interests"].queryset = Project.objects.filter(is_published=True).order_by("name_tr")  # type: ignore[attr-defined]
        self.fields["interests"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["municipality"].help_text = _("For a municipality's delegation.")

    def clean_contact_phone(self) -> str:
        return normalise_phone(self.cleaned_data["contact_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        today = timezone.localdate()
        start, end = data.get("preferred_from"), data.get("preferred_to")
        if start and start <= today:
            self.add_error("preferred_from", _("Choose a date after today."))
        if start and end and end < start:
            self.add_error("preferred_to", _("The latest date must not be before the earliest date."))
        if start and start > today + dt.timedelta(days=366):
            self.add_error("preferred_from", _("We plan visits up to a year ahead; choose an earlier date."))
        if kind in MUNICIPAL_KINDS:
            municipality = self.chosen_municipality()
            if municipality is None:
                self.add_error("municipality", _("Choose your municipality from the list."))
            elif municipality.type not in MUNICIPAL_KINDS[kind]:  # type: ignore[index]
                self.add_error(
                    "municipality",
                    _("%(name)s is a %(type)s: choose it with the matching “Who is visiting?” answer.")
                    % {"name": municipality.name, "type": municipality.get_type_display()},
                )
        elif kind and not (data.get("organisation") or "").strip():
            self.add_error("organisation", _("Write the name of your institution."))
        return data


class StaffTourRequestForm(TourRequestForm):
    """The same request, taken by a coordinator on the phone, by e-mail or at the desk: how it came,
    in which language to write to the delegation, and the notice read out instead of ticked."""

    channel = forms.ChoiceField(
        label=_("How did the request reach you?"),
        choices=[(c.value, c.label) for c in RequestChannel if c != RequestChannel.WEB],
        initial=RequestChannel.PHONE,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language for our messages to them"), choices=settings.LANGUAGES, initial="tr")

    field_order = ["channel", *TourRequestForm.field_order, "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kvkk"].label = _("I told the contact person about the personal data notice (KVKK).")
        self.fields["kvkk"].error_messages["required"] = _(
            "Tell the contact person about the personal data notice, then tick this box."
        )
        self.fields["kind"].label = _("Who wants to visit?")
        self.fields["organisation"].help_text = _("Not needed for a municipality: choose it from the lists below.")
        self.fields["message"].label = _("What they asked for, and anything else to know")


class TourScheduleForm(StyledFormMixin, forms.Form):
    visit_on = forms.DateField(label=_("Visit date"), widget=_date_widget())
    coordinator = StaffChoiceField(label=_("Coordinator"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = staff_queryset()  # type: ignore[attr-defined]


class TourCloseForm(StyledFormMixin, forms.Form):
    to_status = forms.ChoiceField(
        choices=[("declined", _("Decline")), ("cancelled", _("Cancel"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Reason"), max_length=300)


class StopForm(StyledFormMixin, forms.Form):
    location = forms.ModelChoiceField(label=_("Site"), queryset=Location.objects.none())
    project = forms.ModelChoiceField(label=_("Project shown"), queryset=Project.objects.none(), required=False)
    starts_at = forms.TimeField(label=_("From"), widget=_time_widget())
    ends_at = forms.TimeField(label=_("To"), widget=_time_widget())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = Location.objects.filter(hub_projects__isnull=False).distinct().order_by("name_tr")
        self.fields["location"].queryset = sites  # type: ignore[attr-defined]
        self.fields["location"].label_from_instance = lambda loc: loc.name  # type: ignore[attr-defined]
        self.fields["project"].queryset = Project.objects.filter(sites__isnull=False).distinct().order_by("name_tr")  # type: ignore[attr-defined]
        self.fields["project"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A stop must end after it starts."))
        return data


class VisitorForm(StyledFormMixin, forms.Form):
    group = forms.CharField(label=_("Group"), max_length=160, help_text=_("e.g. the mayor's team, council members."))
    head_count = forms.IntegerField(label=_("Head count"), min_value=1, max_value=500)
    names = forms.CharField(
        label=_("Names (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line; leave empty if not given."),
    )


class FeedbackForm(MarkedErrorsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how useful was the visit?"),
        coerce=int,
        choices=[(5, _("5 — very useful")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — not useful"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating.")},
    )
    most_useful = forms.ModelChoiceField(
        label=_("Which project was most useful to you?"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("Choose a project"),
    )
    interested_in = forms.ModelMultipleChoiceField(
        label=_("Which projects would you like to start in your own institution?"),
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    wants_support = forms.BooleanField(
        label=_("We would like technical support to plan and start them."), required=False
    )
    comments = forms.CharField(
        label=_("Comments"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    respondent = forms.CharField(label=_("Your name (optional)"), max_length=160, required=False)

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = projects if projects is not None else Project.objects.filter(is_published=True)
        for name in ("most_useful", "interested_in"):
            self.fields[name].queryset = qs  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]


# --- partners ----------------------------------------------------------------------------------


class PartnerForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnerKind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=160, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProtocolForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=_date_widget())
    valid_to = forms.DateField(label=_("Valid until"), required=False, widget=_date_widget())
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.order_by("name_tr"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(
        label=_("Signed document"), required=False, help_text=_("PDF, JPEG or PNG; at most 10 MB.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]


class JointWorkForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.order_by("name_tr"))
    protocol = forms.ModelChoiceField(label=_("Under protocol"), queryset=Protocol.objects.none(), required=False)
    started_on = forms.DateField(label=_("Started on"), widget=_date_widget())
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=_date_widget())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, partner: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partner is not None:
            self.fields["protocol"].queryset = partner.protocols.all()  # type: ignore[attr-defined]
        self.fields["project"].label_from_instance = lambda p: p.name  # type: ignore[attr-defined]
