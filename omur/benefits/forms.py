import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.benefits.models import (
    AidProgramme,
    AidTier,
    AnimalSex,
    Confirmation,
    Species,
    VaccinationDose,
)
from omur.core.forms import StyledFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> dt.date:
    return timezone.localdate()


class DistributionForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=AidProgramme.objects.none(), to_field_name="code")
    tier = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=AidTier.objects.none(),
        required=False,
        help_text=_("Leave empty to use the tier that fits the household size."),
    )
    distributed_on = forms.DateField(label=_("Date handed out"), initial=_today, widget=DATE)
    items = forms.CharField(label=_("Items handed out"), max_length=200, required=False)
    confirmation = forms.ChoiceField(
        label=_("Receipt confirmed by"), choices=Confirmation.choices, widget=forms.RadioSelect
    )
    confirmation_ref = forms.CharField(
        label=_("SMS code or document number"),
        max_length=40,
        required=False,
        help_text=_("The code the recipient read out, or the identity card's serial number."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = AidProgramme.objects.filter(active=True).order_by("name_tr")  # type: ignore[attr-defined]
        self.fields["tier"].queryset = AidTier.objects.select_related("programme").order_by(  # type: ignore[attr-defined]
            "programme__name_tr", "order"
        )
        self.fields["tier"].label_from_instance = lambda t: f"{t.programme.name}: {t.name}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tier, programme = data.get("tier"), data.get("programme")
        if tier and programme and tier.programme_id != programme.pk:
            self.add_error("tier", _("Choose a tier of the selected programme."))
        return data


class DistributionFilterForm(StyledFormMixin, forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    overlap_only = forms.BooleanField(label=_("Only with an overlap warning"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("All programmes"))] + [  # type: ignore[attr-defined]
            (p.code, p.name) for p in AidProgramme.objects.order_by("name_tr")
        ]


class AmountForm(StyledFormMixin, forms.Form):
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=AidTier.objects.none())
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (TRY)"), min_value=Decimal(0), max_digits=10, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), max_length=160, required=False, help_text=_("e.g. the council decision number")
    )

    def __init__(self, *args: Any, programme: AidProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = programme.tiers.all()  # type: ignore[attr-defined]


class TierForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Tier name"), max_length=80)
    min_household_size = forms.IntegerField(label=_("From household size"), min_value=1, max_value=30, initial=1)
    amount = forms.DecimalField(label=_("Amount (TRY)"), min_value=Decimal(0), max_digits=10, decimal_places=2)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, initial=_today)


class VoidForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for voiding"), max_length=200)


class PersonSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Find a person"),
        required=False,
        help_text=_("Name (any order, Turkish letters optional), TC Kimlik No or phone."),
    )


class CohortForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000, initial=60)


class AwardForm(StyledFormMixin, forms.Form):
    started_on = forms.DateField(label=_("Start date"), widget=DATE, initial=_today)
    item_serial = forms.CharField(label=_("Item serial number"), max_length=80, required=False)


class AllocationForm(StyledFormMixin, forms.Form):
    species = forms.ChoiceField(label=_("Species"), choices=Species.choices)
    allocated_on = forms.DateField(label=_("Allocated on"), widget=DATE, initial=_today)
    female_tags = forms.CharField(
        label=_("Ear tags of the female animals"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line or separated by spaces, e.g. TR3300012345."),
    )
    male_tags = forms.CharField(label=_("Ear tags of the male animals"), widget=forms.Textarea(attrs={"rows": 1}))
    with_feed = forms.BooleanField(label=_("Feed delivered with the animals"), required=False, initial=True)


class FeedForm(StyledFormMixin, forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE, initial=_today)
    tonnes = forms.DecimalField(label=_("Tonnes"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=160, required=False)


class VaccinationForm(StyledFormMixin, forms.Form):
    dose = forms.ModelChoiceField(label=_("Vaccination"), queryset=VaccinationDose.objects.none())
    done_on = forms.DateField(label=_("Done on"), widget=DATE, initial=_today)
    animals = forms.IntegerField(label=_("Animals vaccinated"), min_value=0, max_value=10000, required=False)
    vet = forms.CharField(label=_("Veterinarian"), max_length=120, required=False)

    def __init__(self, *args: Any, grant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dose"]
        field.queryset = VaccinationDose.objects.filter(grant=grant, done_on__isnull=True).order_by("due_on")  # type: ignore[attr-defined]
        field.label_from_instance = lambda d: f"{d.get_vaccine_display()} · {d.due_on:%d.%m.%Y}"  # type: ignore[attr-defined]


class BirthForm(StyledFormMixin, forms.Form):
    born_on = forms.DateField(label=_("Born on"), widget=DATE, initial=_today)
    mother_tag = forms.CharField(label=_("Mother's ear tag"), max_length=20, required=False)
    newborns = forms.CharField(
        label=_("Newborns"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: ear tag, then F (female) or M (male), e.g. “TR3300012399 F”."),
    )

    def clean_newborns(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for line in self.cleaned_data["newborns"].splitlines():
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            sex = parts[1].upper() if len(parts) > 1 else ""
            if sex in ("D", "K"):  # dişi / erkek as typed at the desk
                sex = AnimalSex.FEMALE if sex == "D" else AnimalSex.MALE
            if sex == "E":
                sex = AnimalSex.MALE
            if sex not in AnimalSex.values:
                raise forms.ValidationError(
                    _("Give F or M after each ear tag (line “%(line)s”)."), params={"line": line}
                )
            rows.append((parts[0], sex))
        if not rows:
            raise forms.ValidationError(_("Enter at least one newborn."))
        return rows


class PassOnForm(StyledFormMixin, forms.Form):
    transferred_on = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    tags = forms.CharField(
        label=_("Ear tags of the animals passed on"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Animals born in this flock only."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LotteryCreateForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    reserves = forms.IntegerField(label=_("Reserves"), min_value=0, max_value=1000, initial=10)


class AnnounceForm(StyledFormMixin, forms.Form):
    value_source = forms.CharField(
        label=_("Public value to be used"),
        max_length=300,
        help_text=_("Something nobody knows yet, e.g. “Milli Piyango draw of 31.12.2025: the winning number”."),
    )
    value_due = forms.DateField(label=_("Known on"), widget=DATE)


class PublicValueForm(StyledFormMixin, forms.Form):
    public_value = forms.CharField(label=_("Public value, exactly as published"), max_length=300)
