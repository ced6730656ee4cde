"""Forms for the registry pages. They parse input; the services check the rules (TC Kimlik No,
phones, address in Mersin, duplicates) and the views put the services' errors back on the fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.core.forms import StyledFormMixin
from omur.geo.models import District, Neighbourhood
from omur.registry.models import ConsentChannel, LegalBasis, Person, ProcessingPurpose, Relation, Sex, SocialSecurity
from omur.registry.selectors import MERSIN_PROVINCE_ID, mersin_districts, mersin_neighbourhoods

# The district select reloads the neighbourhood select with that district's neighbourhoods (htmx).
DISTRICT_WIDGET_ATTRS = {
    "hx-get": reverse_lazy("registry:neighbourhood-options"),
    "hx-target": "#id_neighbourhood",
    "hx-trigger": "change",
    "hx-swap": "innerHTML",
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEMBER_RELATIONS = [(value, label) for value, label in Relation.choices if value != Relation.HEAD]


class DistrictNeighbourhoodMixin:
    """A district select that reloads the neighbourhood select (htmx) with that district's
    neighbourhoods; validation accepts any Mersin neighbourhood and leaves the check that the two
    agree to the service, which says which neighbourhood is in which district."""

    def _limit_neighbourhoods(self) -> None:
        form: Any = self
        district = form.data.get("district") if form.is_bound else form.initial.get("district")
        if isinstance(district, District):
            district = district.pk
        field = form.fields["neighbourhood"]
        try:
            district_id = int(district) if district else None
        except (TypeError, ValueError):
            district_id = None
        options = mersin_neighbourhoods(district_id) if district_id else Neighbourhood.objects.none()
        field.widget.choices = [("", _("— choose the district first —") if not district_id else "—")] + [  # type: ignore[attr-defined]
            (n.pk, n.name) for n in options
        ]


class PersonSearchForm(StyledFormMixin, DistrictNeighbourhoodMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, TC Kimlik No or phone"),
        required=False,
        max_length=120,
        help_text=_(
            "Type the start of any words of the name, in any order: “ayşe yıl” finds Ayşe Yılmaz. Capitals and Turkish letters do not matter: “ismail” finds İSMAİL, “ılgaz” and “ilgaz” find ILGAZ, “sukru” finds ŞÜKRÜ. Digits search TC Kimlik Nos (whole or their first digits) and phone numbers, however they are written."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True}),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
        widget=forms.Select(attrs=DISTRICT_WIDGET_ATTRS),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = mersin_districts()  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = mersin_neighbourhoods()  # type: ignore[attr-defined]
        self._limit_neighbourhoods()


class PersonForm(StyledFormMixin, DistrictNeighbourhoodMixin, forms.Form):
    tckn = forms.CharField(
        label=_("TC Kimlik No"),
        required=False,
        max_length=20,
        help_text=_("11 digits; foreign residents' numbers start with 99. Leave empty if the person has none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    given_name = forms.CharField(label=_("Given name(s)"), max_length=80)
    family_name = forms.CharField(label=_("Family name"), max_length=80)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    phone_alt = forms.CharField(
        label=_("Second phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs=DISTRICT_WIDGET_ATTRS),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    street = forms.CharField(label=_("Street"), required=False, max_length=160)
    building_no = forms.CharField(label=_("Building no"), required=False, max_length=20)
    door_no = forms.CharField(label=_("Door no"), required=False, max_length=20)
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        help_text=_("Optional: without coordinates the map shows the district centre, marked approximate."),
    )
    lon = forms.FloatField(label=_("Longitude"), required=False)
    lives_alone = forms.BooleanField(label=_("Lives alone"), required=False)
    social_security = forms.ChoiceField(
        label=_("Social security"), required=False, choices=[("", "—"), *SocialSecurity.choices]
    )
    monthly_income = forms.DecimalField(
        label=_("Monthly income (TRY)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    date_of_death = forms.DateField(label=_("Date of death"), required=False, widget=DATE)
    confirm_duplicates = forms.BooleanField(
        label=_("I have checked the people listed above: this is a different person."), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = mersin_districts()  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(district__province_id=MERSIN_PROVINCE_ID)  # type: ignore[attr-defined]
        self._limit_neighbourhoods()

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        from omur.registry.services import PERSON_FIELDS

        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["tckn"] = person.tckn or ""
        initial["district"] = person.district_id
        initial["neighbourhood"] = person.neighbourhood_id
        return initial


class PersonHealthForm(StyledFormMixin, forms.Form):
    disability_percent = forms.IntegerField(
        label=_("Disability percentage"), required=False, min_value=0, max_value=100
    )
    disability_report = forms.CharField(
        label=_("Disability report"),
        required=False,
        max_length=300,
        help_text=_("Issuing hospital, date and number of the health board report."),
    )
    chronic_conditions = forms.CharField(
        label=_("Chronic conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    diagnoses = forms.CharField(label=_("Diagnoses"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    health_notes = forms.CharField(label=_("Health notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


_PERSON_REF = re.compile(r"^\s*#(\d+)\b")


class PersonRefField(forms.CharField):
    """A registered person, typed as "#id …" (what the picker fills in) or as a TC Kimlik No."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"list": "person-options", "autocomplete": "off", "class": "person-picker"}),
        )
        kwargs.setdefault("help_text", _("Type a name or TC Kimlik No and choose from the list."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        match = _PERSON_REF.match(text)
        digits = "".join(text.split())
        person = None
        if match:
            person = Person.objects.filter(pk=int(match.group(1))).first()
        elif digits.isdigit() and len(digits) == 11:
            person = Person.objects.filter(tckn=digits).first()
        if person is None:
            raise forms.ValidationError(
                _("No registered person matches “%(value)s”: choose one from the list."), params={"value": text}
            )
        return person


class EmergencyContactForm(StyledFormMixin, forms.Form):
    contact_person = PersonRefField(label=_("Registered person"), required=False)
    name = forms.CharField(
        label=_("Name"), required=False, max_length=160, help_text=_("Or give a name and phone number.")
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    relation = forms.CharField(label=_("Relation"), max_length=60, help_text=_("e.g. daughter, son, neighbour"))


class ProcessingBasisForm(StyledFormMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ProcessingPurpose.choices)
    basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    consent_date = forms.DateField(
        label=_("Consent date"), required=False, widget=DATE, help_text=_("For explicit consent only.")
    )
    consent_channel = forms.ChoiceField(
        label=_("Consent channel"), required=False, choices=[("", "—"), *ConsentChannel.choices]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class WithdrawForm(StyledFormMixin, forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class HouseholdForm(StyledFormMixin, forms.Form):
    head = PersonRefField(label=_("Head of household"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HouseholdMemberForm(StyledFormMixin, forms.Form):
    person = PersonRefField(label=_("Member"), required=False)
    relation = forms.ChoiceField(
        label=_("Relation to the head"), required=False, choices=[("", "—"), *MEMBER_RELATIONS]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") and not data.get("relation"):
            self.add_error("relation", _("Choose the member's relation to the head."))
        return data


HouseholdMemberFormSet = forms.formset_factory(HouseholdMemberForm, extra=6, max_num=20)


class HeadChangeForm(StyledFormMixin, forms.Form):
    new_head = forms.ModelChoiceField(label=_("New head of household"), queryset=Person.objects.none())
    former_head_relation = forms.ChoiceField(
        label=_("Former head's relation to the new head"), choices=MEMBER_RELATIONS
    )

    def __init__(self, *args: Any, household: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_head"]
        field.queryset = household.members.exclude(relation=Relation.HEAD).select_related("person")  # type: ignore[attr-defined]
        field.label_from_instance = lambda member: member.person.full_name  # type: ignore[attr-defined]
