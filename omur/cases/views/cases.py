"""A person's case page (enrolments, care plans, assessments, notes, referrals, tasks) and notes."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omur.cases import selectors, services
from omur.cases.forms import CaseNoteForm, NoteSearchForm
from omur.cases.models import Enrolment
from omur.cases.permissions import CLINICAL_NOTE_ROLES, NOTE_WRITE_ROLES
from omur.cases.recurrence import describe_rrule
from omur.core.access import user_roles
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.registry.models import Person

from .common import person_or_404, person_page_url


def _note_form(request: HttpRequest, person: Person, data: Any = None) -> CaseNoteForm:
    return CaseNoteForm(
        data,
        readers=selectors.note_readers(),
        enrolments=Enrolment.objects.filter(person=person).select_related("service").order_by("-created_at"),
        clinical_allowed=bool(user_roles(request.user) & CLINICAL_NOTE_ROLES),
    )


def person_case(request: HttpRequest, person_id: int, note_form: CaseNoteForm | None = None) -> HttpResponse:
    person = person_or_404(person_id)
    search = NoteSearchForm(request.GET or None)
    terms = search.cleaned_data if search.is_valid() else {}
    overview = selectors.case_overview(
        actor=request.user, person=person, note_search=terms.get("q", ""), note_level=terms.get("level", "")
    )
    audit_read(actor=request.user, obj=person, action="person.view", purpose="case page")
    if getattr(request, "htmx", False) and request.GET.get("partial") == "notes":
        return render(request, "cases/person_case.html#notes", {"overview": overview, "search": search})
    can_write_notes = bool(user_roles(request.user) & NOTE_WRITE_ROLES)
    plans = [
        {
            "enrolment": e,
            "plan": e.care_plan,
            "items": [(i, describe_rrule(i.recurrence)) for i in e.care_plan.items.all()],
        }
        for e in overview.open_enrolments
        if hasattr(e, "care_plan")
    ]
    context = {
        "person": person,
        "overview": overview,
        "plans": plans,
        "search": search,
        "note_form": note_form or (_note_form(request, person) if can_write_notes else None),
        "person_url": person_page_url(person.pk),
        "today": timezone.localdate(),
    }
    return render(request, "cases/person_case.html", context, status=400 if note_form is not None else 200)


@require_POST
def note_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    form = _note_form(request, person, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_note_create(
                actor=request.user,
                person=person,
                body=data["body"],
                level=data["level"],
                readers=data["readers"],
                enrolment=data["enrolment"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Note saved."))
            return redirect(reverse("cases:person-case", kwargs={"person_id": person.pk}) + "#notes")
    return person_case(request, person_id, note_form=form)
