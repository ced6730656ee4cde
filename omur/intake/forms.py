from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.core.forms import StyledFormMixin
from omur.core.phones import normalise_phone
from omur.geo.models import District, Neighbourhood
from omur.intake import selectors
from omur.intake.models import Category, Channel, Status, Urgency, normalise_tracking_code
from omur.registry.models import Person


class MarkedErrorsMixin(StyledFormMixin):
    """Bootstrap's red outline on fields with errors (the words are tied by aria-describedby)."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class PlaceFieldsMixin(forms.Form):
    """District and neighbourhood as two selects; htmx narrows the second when the first changes.
    Without JavaScript the neighbourhood list holds every Mersin neighbourhood grouped by district,
    so the form still works. Both lists are in Turkish alphabetical order (Ç after C, not after Z)."""

    district = forms.TypedChoiceField(label=_("District"), coerce=int, empty_value=None, required=False)
    neighbourhood = forms.TypedChoiceField(
        label=_("Neighbourhood"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a neighbourhood of the chosen district from the list.")},
    )

    def setup_places(self, *, required: bool) -> None:
        districts = selectors.mersin_districts()
        self._districts = {d.pk: d for d in districts}
        district = self.fields["district"]
        district.required = required
        district.choices = [("", _("Choose a district")), *[(d.pk, d.name) for d in districts]]  # type: ignore[attr-defined]
        district.widget.attrs.update(
            {
                "hx-get": reverse_lazy("intake:neighbourhood-options"),
                "hx-target": f"#{self['neighbourhood'].auto_id}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        hood = self.fields["neighbourhood"]
        hood.required = required
        self._hoods = {n.pk: n for n in selectors.mersin_neighbourhoods()}
        hood.choices = [("", _("Choose a neighbourhood")), *self._neighbourhood_choices()]  # type: ignore[attr-defined]

    def _neighbourhood_choices(self) -> list[Any]:
        district_id = self._chosen_district_id()
        if district_id:
            return [(n.pk, n.name) for n in self._hoods.values() if n.district_id == district_id]
        groups: dict[str, list[tuple[int, str]]] = {}
        for n in self._hoods.values():
            groups.setdefault(n.district.name, []).append((n.pk, n.name))
        return list(groups.items())

    def _chosen_district_id(self) -> int | None:
        value = self["district"].value()
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def clean_district(self) -> District | None:
        value = self.cleaned_data.get("district")
        return self._districts.get(value) if value else None

    def clean_neighbourhood(self) -> Neighbourhood | None:
        value = self.cleaned_data.get("neighbourhood")
        return self._hoods.get(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, hood = data.get("district"), data.get("neighbourhood")
        if district and hood and hood.district_id != district.pk:
            self.add_error("neighbourhood", _("This neighbourhood is not in the chosen district."))
        return data


def _clean_phone_value(value: str) -> str:
    return normalise_phone(value) if value else ""


class PublicApplicationForm(MarkedErrorsMixin, PlaceFieldsMixin):
    name = forms.CharField(
        label=_("Your name and surname"),
        max_length=160,
        error_messages={"required": _("Write your name and surname.")},
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        help_text=_("We send updates about your application to this number by SMS. Example: 0532 123 45 67"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Write a phone number we can reach you on.")},
    )
    category = CategoryChoiceField(
        queryset=Category.objects.none(),
        label=_("What do you need?"),
        empty_label=_("Choose a service"),
        error_messages={
            "required": _("Choose the service you need."),
            "invalid_choice": _("Choose the service you need."),
        },
    )
    description = forms.CharField(
        label=_("Tell us about your need"),
        max_length=2000,
        help_text=_("At most 2,000 characters. Do not write health details here: our team will ask if needed."),
        error_messages={"required": _("Write a few words about what you need (at least 10 characters).")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    kvkk = forms.BooleanField(
        label=_("I have read the personal data notice above and want my application to be processed."),
        error_messages={"required": _("Tick this box to confirm that you have read the notice.")},
    )

    field_order = ["name", "phone", "district", "neighbourhood", "category", "description", "kvkk"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_places(required=True)
        self.fields["district"].error_messages["required"] = _("Choose your district.")
        self.fields["neighbourhood"].error_messages["required"] = _("Choose your neighbourhood.")
        self.fields["category"].queryset = selectors.category_choices(public_only=True)  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3 or not any(ch.isalpha() for ch in name):
            raise ValidationError(_("Write your name and surname."))
        return name

    def clean_phone(self) -> str:
        return _clean_phone_value(self.cleaned_data["phone"])

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise ValidationError(_("Write a few words about what you need (at least 10 characters)."))
        return text


class TrackForm(MarkedErrorsMixin, forms.Form):
    kod = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("The 10-character code you received, for example ACDEF-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_kod(self) -> str:
        code = normalise_tracking_code(self.cleaned_data["kod"])
        if len(code) != 10:
            raise ValidationError(_("A tracking code has 10 letters and digits, for example ACDEF-23456."))
        return code


STATUS_FILTER_CHOICES = [
    ("", _("All")),
    ("open", _("Open (not closed)")),
    *Status.choices,
]


class RequestFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, tracking code, ticket or #id")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    category = CategoryChoiceField(
        queryset=Category.objects.all(), label=_("Category"), required=False, empty_label=_("All")
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), required=False, coerce=int, empty_value=None, choices=[("", _("All")), *Urgency.choices]
    )
    assignee = StaffChoiceField(
        queryset=selectors.assignee_choices(), label=_("Assignee"), required=False, empty_label=_("Anyone")
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("urgency", _("Most urgent first")),
            ("changed", _("Recently changed")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.assignee_choices()  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            # An invalid filter value falls back to no filter for that field; errors show in the form.
            return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        return data


class RequestCreateForm(MarkedErrorsMixin, PlaceFieldsMixin):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE_185)
    external_ticket_id = forms.CharField(
        label=_("External ticket id"),
        required=False,
        max_length=40,
        help_text=_("The ticket number in the channel's own system, e.g. the TEKSİN number for Alo 185."),
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=160)
    caller_phone = forms.CharField(
        label=_("Caller's phone"),
        required=False,
        max_length=30,
        help_text=_("For a registered person: a call-back number if it differs from the one on file."),
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    category = CategoryChoiceField(
        queryset=Category.objects.none(), label=_("Category"), empty_label=_("Choose a category")
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=Urgency.choices, initial=Urgency.NORMAL)
    assignee = StaffChoiceField(
        queryset=selectors.assignee_choices(), label=_("Assignee"), required=False, empty_label=_("Nobody yet")
    )
    send_sms = forms.BooleanField(
        label=pgettext_lazy("create form", "Send the tracking code by SMS"), required=False, initial=True
    )

    field_order = [
        "channel",
        "external_ticket_id",
        "person",
        "caller_name",
        "caller_phone",
        "district",
        "neighbourhood",
        "category",
        "urgency",
        "description",
        "assignee",
        "send_sms",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_places(required=False)
        self.fields["category"].queryset = selectors.category_choices()  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = selectors.assignee_choices()  # type: ignore[attr-defined]
        self.selected_person: Person | None = None
        raw = self["person"].value()
        if raw:
            try:
                self.selected_person = Person.objects.filter(pk=int(raw)).first()
            except (TypeError, ValueError):
                self.selected_person = None

    def clean_person(self) -> Person | None:
        if self.cleaned_data.get("person") and self.selected_person is None:
            raise ValidationError(_("This person is no longer in the registry: search again."))
        return self.selected_person

    def clean_caller_phone(self) -> str:
        return _clean_phone_value(self.cleaned_data["caller_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person"):
            if not data.get("caller_name") and "caller_name" not in self.errors:
                self.add_error("caller_name", _("Choose a registered person above, or write the caller's name."))
            if not data.get("caller_phone") and "caller_phone" not in self.errors:
                self.add_error("caller_phone", _("Without a registered person, the caller's phone number is required."))
        return data


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    assessment_on = forms.DateField(
        label=_("Visit date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    send_sms = forms.BooleanField(label=_("Send an SMS to the citizen"), required=False)


class AssignForm(StyledFormMixin, forms.Form):
    assignee = StaffChoiceField(
        queryset=selectors.assignee_choices(), label=_("Assign to"), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.assignee_choices()  # type: ignore[attr-defined]
