from django import forms
from django.utils.translation import gettext_lazy as _

from omur.core.models import AuditEvent


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates render fields without per-field markup."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class AuditFilterForm(StyledFormMixin, forms.Form):
    actor = forms.CharField(label=_("User name"), required=False)
    action = forms.CharField(label=_("Action"), required=False, help_text=_("e.g. auth.login or person."))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *list(AuditEvent.Kind.choices)])
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data
