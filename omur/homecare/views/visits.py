"""The office adds a visit by hand: find the person (the registry's one search), then say what the
visit is for, when, how long, and whether it is urgent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.homecare import services
from omur.homecare.forms import ManualVisitForm, PersonSearchForm
from omur.registry.models import Person
from omur.registry.selectors import people_by_ids, person_search

from .common import audit_listed, day_param

PICKER_SIZE = 20


def _picked_person(request: HttpRequest) -> Person | None:
    raw = request.POST.get("person") or request.GET.get("person") or ""
    if not raw.isdigit():
        return None
    return Person.objects.select_related("district", "neighbourhood").filter(pk=int(raw)).first()


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    person = _picked_person(request)
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    found: list[Person] = []
    if person is None and search.is_valid() and search.cleaned_data["q"].strip():
        result = person_search(actor=request.user, q=search.cleaned_data["q"])
        ids = result.ids[:PICKER_SIZE]
        found = sorted(people_by_ids(ids), key=lambda p: ids.index(p.pk))
        audit_listed(request, action="person.search", object_type="registry.person", ids=[p.pk for p in found])
    day = day_param(request, default=timezone.localdate())
    form = ManualVisitForm(request.POST or None, initial={"date": day})
    if person is not None and request.method == "GET":
        audit_read(actor=request.user, obj=person, action="person.view")
    if request.method == "POST" and person is None:
        form.is_valid()
        form.add_error(None, _("Choose the person to visit first."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_create_manual(
                actor=request.user,
                person=person,
                required_skill=data["required_skill"],
                date=data["date"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                duration_minutes=data["duration_minutes"],
                same_sex=data["same_sex"],
                preferred_staff=data["preferred_staff"],
                notes=data["notes"],
                urgent=data["urgent"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Visit to %(person)s added for %(day)s; plan or re-optimise the day to put it in a route.")
                % {"person": visit.person.full_name, "day": f"{visit.date:%d.%m.%Y}"},
            )
            return redirect(f"{reverse('homecare:planner')}?day={visit.date.isoformat()}#visit-{visit.pk}")
    status = 400 if request.method == "POST" else 200
    context = {"person": person, "search": search, "found": found, "form": form, "day": day}
    return render(request, "homecare/visit_form.html", context, status=status)
