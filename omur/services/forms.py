import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.core.forms import StyledFormMixin
from omur.geo.models import District
from omur.registry.selectors import turkish_sort_key
from omur.services import selectors
from omur.services.eligibility import validate_params
from omur.services.models import (
    ApplicationChannel,
    DeliveryModel,
    EligibilityRule,
    LifeStage,
    LocationKind,
    Mechanism,
    Service,
)
from omur.services.selectors import LocationFilters, ServiceFilters

MERSIN_PROVINCE_ID = 33


def _with_all(choices: Any, label: Any = None) -> list[tuple[Any, Any]]:
    return [("", label or _("All")), *list(choices)]


class ServiceFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
    )
    policy_area = forms.ChoiceField(label=_("Policy area"), required=False)
    life_stage = forms.ChoiceField(label=_("Life stage"), required=False)
    delivery_model = forms.ChoiceField(
        label=_("Delivery model"), required=False, choices=_with_all(DeliveryModel.choices)
    )
    mechanism = forms.ChoiceField(label=_("Delivery mechanism"), required=False, choices=_with_all(Mechanism.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy_area"].choices = _with_all((a.code, a.name) for a in selectors.policy_areas())  # type: ignore[attr-defined]
        self.fields["life_stage"].choices = _with_all((s.code, s.name) for s in selectors.life_stages())  # type: ignore[attr-defined]

    def filters(self) -> ServiceFilters:
        if not self.is_valid():
            return ServiceFilters()
        data = self.cleaned_data
        return ServiceFilters(
            q=data["q"].strip(),
            policy_area=data["policy_area"],
            life_stage=data["life_stage"],
            delivery_model=data["delivery_model"],
            mechanism=data.get("mechanism", ""),
        )


def neighbourhood_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Mersin's neighbourhoods grouped by district, both in Turkish alphabetical order."""
    groups: dict[str, list[tuple[int, str]]] = {}
    hoods = sorted(
        selectors.mersin_neighbourhoods(), key=lambda n: (turkish_sort_key(n.district.name), turkish_sort_key(n.name))
    )
    for hood in hoods:
        groups.setdefault(hood.district.name, []).append((hood.pk, hood.name))
    return list(groups.items())


class DirectoryFilterForm(ServiceFilterForm):
    """The public directory: the staff filters plus "near my neighbourhood"."""

    neighbourhood = forms.TypedChoiceField(label=_("My neighbourhood"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["mechanism"]
        self.fields["q"].label = _("What are you looking for?")
        self.fields["neighbourhood"].choices = [("", _("Anywhere in Mersin")), *neighbourhood_choices()]  # type: ignore[attr-defined]

    def filters(self) -> ServiceFilters:
        base = super().filters()
        if not self.is_valid():
            return base
        return ServiceFilters(
            q=base.q,
            policy_area=base.policy_area,
            life_stage=base.life_stage,
            delivery_model=base.delivery_model,
            neighbourhood_id=self.cleaned_data["neighbourhood"],
        )


class LocationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_with_all(LocationKind.choices))
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = sorted(
            District.objects.filter(province_id=MERSIN_PROVINCE_ID), key=lambda d: turkish_sort_key(d.name)
        )
        self.fields["district"].choices = _with_all((d.pk, d.name) for d in districts)  # type: ignore[attr-defined]

    def filters(self) -> LocationFilters:
        if not self.is_valid():
            return LocationFilters()
        return LocationFilters(
            q=self.cleaned_data["q"].strip(), kind=self.cleaned_data["kind"], district_id=self.cleaned_data["district"]
        )


class DayForm(StyledFormMixin, forms.Form):
    """Evaluate on another day (e.g. the day someone turns 65)."""

    day = forms.DateField(label=_("Evaluate on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def day_or_today(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("day"):
            return self.cleaned_data["day"]
        return timezone.localdate()


class ServiceForm(StyledFormMixin, forms.ModelForm):
    application_channels = forms.MultipleChoiceField(
        label=_("Application channels"),
        required=False,
        choices=ApplicationChannel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    life_stages = forms.ModelMultipleChoiceField(
        label=_("Life stages"), required=False, queryset=LifeStage.objects.all(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Service
        fields = [
            "name_tr",
            "name_en",
            "description_tr",
            "description_en",
            "policy_area",
            "life_stages",
            "delivery_model",
            "mechanism",
            "department",
            "documents_tr",
            "documents_en",
            "application_channels",
            "capacity",
            "capacity_note_tr",
            "capacity_note_en",
            "active_from",
            "active_to",
            "is_public",
        ]
        widgets = {
            "description_tr": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "documents_tr": forms.Textarea(attrs={"rows": 3}),
            "documents_en": forms.Textarea(attrs={"rows": 3}),
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("active_from") and data.get("active_to") and data["active_to"] < data["active_from"]:
            raise ValidationError(_("The end date must not be before the start date."))
        return data


class RuleForm(StyledFormMixin, forms.ModelForm):
    params = forms.JSONField(
        label=_("Parameters (JSON)"),
        required=False,
        initial=dict,
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "font-monospace"}),
        help_text=_('For example {"min": 65} for age, {"percent": 40} for disability, {"ratio": "0.5"} for income.'),
    )

    class Meta:
        model = EligibilityRule
        fields = ["kind", "params", "note_tr", "note_en", "order"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and not data.get("DELETE"):
            params = data.get("params")
            try:
                validate_params(kind, {} if params is None else params)
            except ValidationError as exc:
                self.add_error("params", exc)
        return data


RuleFormSet = forms.inlineformset_factory(Service, EligibilityRule, form=RuleForm, extra=1, can_delete=True)


class PriceForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount (TRY)"), min_value=Decimal(0), max_digits=10, decimal_places=2)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
