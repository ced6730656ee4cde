from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.accounts.models import User
from omur.accounts.roles import Role
from omur.core.forms import StyledFormMixin
from omur.meals.models import (
    SPECIAL_DIETS,
    Allergen,
    Course,
    Diet,
    Dish,
    Kitchen,
    SalePoint,
    StopStatus,
    SuspensionReason,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday"))]


class PointForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SalePoint
        fields = ["code", "name", "kitchen", "neighbourhood", "address", "opens", "closes", "is_active"]
        widgets = {"opens": TIME, "closes": TIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from omur.services.selectors import mersin_neighbourhoods

        self.fields["neighbourhood"].queryset = mersin_neighbourhoods()  # type: ignore[attr-defined]
        self.fields["neighbourhood"].label_from_instance = lambda h: f"{h.district.name} / {h.name}"  # type: ignore[attr-defined]
        self.fields["kitchen"].queryset = Kitchen.objects.filter(is_active=True)  # type: ignore[attr-defined]


class KitchenForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Kitchen
        fields = ["vans", "van_capacity", "is_active"]


class PriceForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("Price (TL)"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    note = forms.CharField(label=_("Note (e.g. council decision no.)"), required=False, max_length=160)


class PointDayForm(StyledFormMixin, forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    sent = forms.IntegerField(label=_("Sent"), min_value=0, max_value=5000)
    sold = forms.IntegerField(label=_("Sold"), min_value=0, max_value=5000)


class DonationForm(StyledFormMixin, forms.Form):
    donor_name = forms.CharField(label=_("Donor"), max_length=160)
    donor_phone = forms.CharField(label=_("Donor's phone"), max_length=20, required=False)
    anonymous = forms.BooleanField(label=_("Keep the donor's name private"), required=False)
    meals = forms.IntegerField(label=_("Meals paid"), min_value=1, max_value=100000)
    amount = forms.DecimalField(label=_("Amount paid (TL)"), min_value=Decimal(0), max_digits=10, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=timezone.localdate)
    point = forms.ModelChoiceField(
        label=_("Only at this point"),
        queryset=SalePoint.objects.filter(is_active=True),
        required=False,
        empty_label=_("Any point"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RedeemForm(StyledFormMixin, forms.Form):
    point = forms.ModelChoiceField(label=_("Point"), queryset=SalePoint.objects.filter(is_active=True))
    count = forms.IntegerField(label=_("Meals handed out"), min_value=1, max_value=500)
    day = forms.DateField(label=_("Day"), widget=DATE, initial=timezone.localdate)


class DishForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    course = forms.ChoiceField(label=_("Course"), choices=Course.choices)
    allergens = forms.MultipleChoiceField(
        label=_("Allergens"), choices=Allergen.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for diet in SPECIAL_DIETS:
            self.fields[f"variant_{diet.value}"] = forms.CharField(
                label=_("%(diet)s variant") % {"diet": diet.label},
                required=False,
                max_length=200,
                help_text=_("How it is made for this diet; leave empty if it has no variant."),
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def variants(self) -> dict[str, str]:
        return {d.value: self.cleaned_data.get(f"variant_{d.value}", "") for d in SPECIAL_DIETS}


def _dish_field(label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=Dish.objects.filter(is_active=True))


class MenuForm(StyledFormMixin, forms.Form):
    dish1 = _dish_field(_("First dish"))
    dish2 = _dish_field(_("Second dish"))
    dish3 = _dish_field(_("Third dish"))
    bread = forms.BooleanField(label=_("Bread"), required=False, initial=True)
    note = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)

    def dishes(self) -> list[Dish]:
        return [self.cleaned_data["dish1"], self.cleaned_data["dish2"], self.cleaned_data["dish3"]]


class CycleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=8, initial=4)
    starts_on = forms.DateField(label=_("First Monday"), widget=DATE)


class CycleDayForm(StyledFormMixin, forms.Form):
    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=8)
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    dish1 = _dish_field(_("First dish"))
    dish2 = _dish_field(_("Second dish"))
    dish3 = _dish_field(_("Third dish"))

    def dishes(self) -> list[Dish]:
        return [self.cleaned_data["dish1"], self.cleaned_data["dish2"], self.cleaned_data["dish3"]]


class GenerateForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)


class ProfileForm(StyledFormMixin, forms.Form):
    kitchen = forms.ModelChoiceField(label=_("Kitchen"), queryset=Kitchen.objects.filter(is_active=True))
    diet = forms.ChoiceField(label=_("Diet"), choices=Diet.choices)
    allergies = forms.MultipleChoiceField(
        label=_("Allergies"), choices=Allergen.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    portions = forms.IntegerField(label=_("Portions for the household"), min_value=1, max_value=8, initial=1)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Delivery days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )
    lat = forms.FloatField(label=_("Latitude of the door"), required=False, min_value=35.5, max_value=37.7)
    lon = forms.FloatField(label=_("Longitude of the door"), required=False, min_value=32.5, max_value=35.5)
    door_note = forms.CharField(label=_("Note for the driver"), max_length=200, required=False)


class SuspensionForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until (inclusive)"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=SuspensionReason.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PlanForm(StyledFormMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    seconds = forms.IntegerField(label=_("Planning time (seconds)"), min_value=5, max_value=300, initial=30)


class AssignForm(StyledFormMixin, forms.Form):
    driver = forms.ModelChoiceField(label=_("Driver"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, groups__name=Role.DRIVER
        ).order_by("first_name", "last_name")


class StopForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in StopStatus.choices if c[0] != StopStatus.PENDING])
    note = forms.CharField(max_length=200, required=False)
