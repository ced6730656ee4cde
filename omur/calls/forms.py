from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omur.calls.models import (
    WEEKDAY_CHOICES,
    CallProgramme,
    NeedKind,
    Question,
    QuestionKind,
)
from omur.core.forms import StyledFormMixin
from omur.services.models import Service


class ProgrammeForm(StyledFormMixin, forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For weekly programmes: the days the calls are made."),
    )

    class Meta:
        model = CallProgramme
        fields = [
            "name",
            "active",
            "service",
            "frequency",
            "weekdays",
            "skip_holidays",
            "window_start",
            "window_end",
            "retry_minutes",
            "max_attempts",
            "task_when_not_reached",
        ]
        widgets = {
            "window_start": forms.TimeInput(attrs={"type": "time"}),
            "window_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (  # type: ignore[attr-defined]
            Service.objects.filter(mechanism="checkin_call").order_by("name_tr")
        )
        self.fields["weekdays"].initial = self.instance.weekdays if self.instance.pk else []


class QuestionRowForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Question"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Answer type"), choices=QuestionKind.choices, initial=QuestionKind.YES_NO)
    required = forms.BooleanField(label=_("Required"), required=False)
    flag_answer = forms.CharField(
        label=_("Needs attention when"),
        max_length=10,
        required=False,
        help_text=_("yes / no, or a score 1–5"),
    )


QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=2, can_order=True, can_delete=True)


def question_initial(questions: list[Question]) -> list[dict[str, Any]]:
    questions = [q for q in questions if q.active]
    return [
        {
            "id": q.pk,
            "text": q.text,
            "kind": q.kind,
            "required": q.required,
            "flag_answer": q.flag_answer,
            "ORDER": index,
        }
        for index, q in enumerate(questions, start=1)
    ]


class MemberSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Find a person to add"), required=False, max_length=80)


class NeedForm(StyledFormMixin, forms.Form):
    need_kind = forms.ChoiceField(label=_("Kind of help"), choices=[("", "—"), *NeedKind.choices], required=False)
    need_description = forms.CharField(
        label=_("What the person needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    need_urgent = forms.BooleanField(label=_("Urgent"), required=False)


class NeedAddForm(NeedForm):
    need_kind = forms.ChoiceField(label=_("Kind of help"), choices=NeedKind.choices)
    need_description = forms.CharField(label=_("What the person needs"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Prefilled from what the person said; edit as needed."),
    )


class DismissForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why no referral is needed"), max_length=400)
