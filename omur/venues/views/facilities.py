"""Facilities (catalogue locations where activities run), their rooms and halls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omur.services.models import Location, LocationKind
from omur.venues import selectors, services
from omur.venues.forms import RoomForm, TermForm
from omur.venues.models import Room, Term
from omur.venues.selectors import FACILITY_KINDS


@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in FACILITY_KINDS:
        kind = ""
    facilities = list(selectors.facility_list(kind=kind))
    kinds = [(k.value, k.label) for k in LocationKind if k in FACILITY_KINDS]
    return render(
        request,
        "venues/facility_list.html",
        {"facilities": facilities, "kinds": kinds, "kind": kind, "can_run": selectors.can_run(request.user)},
    )


def _facility(code: str) -> Location:
    try:
        return selectors.facility_get(code=code)
    except Location.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def facility_detail(request: HttpRequest, code: str) -> HttpResponse:
    location = _facility(code)
    hours = list(location.hours.all())
    return render(
        request,
        "venues/facility_detail.html",
        {
            "location": location,
            "hours": hours,
            "rooms": list(location.rooms.all()),
            "activities": list(selectors.facility_activities(actor=request.user, location=location)),
            "can_run": selectors.can_run(request.user),
            "is_club": selectors.is_club(location),
        },
    )


@require_http_methods(["GET", "POST"])
def room_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    location = _facility(code)
    room = get_object_or_404(Room, pk=pk, location=location) if pk else None
    form = RoomForm(request.POST or None, instance=room)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in RoomForm.Meta.fields}
        try:
            services.room_save(actor=request.user, location=location, room=room, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Room saved."))
            return redirect("venues:facility-detail", code=location.code)
    return render(
        request,
        "venues/room_form.html",
        {"form": form, "location": location, "room": room},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def term_list(request: HttpRequest) -> HttpResponse:
    """The teaching periods, newest first, and a form to add the next one."""
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Term %(name)s added.") % {"name": term.name})
            return redirect("venues:term-list")
    return render(
        request,
        "venues/term_list.html",
        {"form": form, "terms": list(Term.objects.all())},
        status=400 if request.method == "POST" else 200,
    )
