"""Condolence halls and meeting rooms: the calendar and bookings taken for callers."""

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.bookings.forms import CondolenceForm, HallCancelForm, MeetingForm
from omur.bookings.models import HallBooking
from omur.bookings.selectors import halls as sel
from omur.bookings.services import halls as svc
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.services.models import Location
from omur.venues.models import Room

from .common import audit_listed, date_param, htmx_or_full, int_param


@require_GET
def hall_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    view = "week" if request.GET.get("view") == "week" else "month"
    locations = sel.hall_locations()
    location_id = int_param(request, "location")
    location = next((loc for loc in locations if loc.pk == location_id), None)
    day = date_param(request, "day", today)
    context: dict[str, Any] = {
        "view": view,
        "locations": locations,
        "location": location,
        "today": today,
        "day": day,
    }
    if view == "month":
        first = day.replace(day=1)
        weeks = sel.month_calendar(year=first.year, month=first.month, location=location)
        context.update(
            {
                "weeks": weeks,
                "month_start": first,
                "prev": (first - dt.timedelta(days=1)).replace(day=1),
                "next": (first + dt.timedelta(days=calendar.monthrange(first.year, first.month)[1])),
                "weekdays": [weeks[0][i].day for i in range(7)],
                "week_days": [c.day for c in weeks[0]],
            }
        )
        ids = {b.pk for w in weeks for c in w for b in c.bookings}
    else:
        monday = day - dt.timedelta(days=day.weekday())
        grid = sel.week_grid(monday=monday, location=location)
        context.update(
            {
                "grid": grid,
                "days": [monday + dt.timedelta(days=i) for i in range(7)],
                "prev": monday - dt.timedelta(days=7),
                "next": monday + dt.timedelta(days=7),
            }
        )
        ids = {b.pk for row in grid for cell in row.cells for b in cell}
    audit_listed(request, action="hallbooking.list", object_type="bookings.hallbooking", ids=sorted(ids))
    return render(request, htmx_or_full(request, "bookings/hall_calendar.html"), context)


@require_http_methods(["GET", "POST"])
def condolence_create(request: HttpRequest) -> HttpResponse:
    locations = Location.objects.filter(pk__in=[loc.pk for loc in sel.condolence_locations()])
    initial: dict[str, Any] = {"first_day": timezone.localdate()}
    if int_param(request, "location"):
        initial["location"] = int_param(request, "location")
    form = CondolenceForm(request.POST or None, initial=initial, locations=locations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            rooms = list(
                Room.objects.filter(location=d["location"], kind__in=d["halls"], is_active=True).order_by("kind")
            )
            try:
                booking = svc.condolence_booking_create(
                    actor=request.user,
                    location=d["location"],
                    rooms=rooms,
                    first_day=d["first_day"],
                    days=d["days"],
                    caller_name=d["caller_name"],
                    caller_phone=d["caller_phone"],
                    deceased_name=d["deceased_name"],
                    expected_people=d["expected_people"],
                    notes=d["notes"],
                    today=timezone.localdate(),
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Condolence hall booked."))
                return redirect("bookings:hall-booking-detail", pk=booking.pk)
    return render(request, "bookings/hall_condolence_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    rooms = sel.hall_rooms().filter(kind__in=svc.MEETING_ROOM_KINDS)
    initial: dict[str, Any] = {"day": date_param(request, "day", timezone.localdate())}
    if int_param(request, "room"):
        initial["room"] = int_param(request, "room")
    form = MeetingForm(request.POST or None, initial=initial, rooms=rooms)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                booking = svc.meeting_booking_create(
                    actor=request.user,
                    room=d["room"],
                    day=d["day"],
                    starts_at=d["starts_at"],
                    ends_at=d["ends_at"],
                    caller_name=d["caller_name"],
                    caller_phone=d["caller_phone"],
                    purpose=d["purpose"],
                    expected_people=d["expected_people"],
                    notes=d["notes"],
                    today=timezone.localdate(),
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Room booked."))
                return redirect("bookings:hall-booking-detail", pk=booking.pk)
    return render(request, "bookings/hall_meeting_form.html", {"form": form}, status=status)


def _booking(pk: int) -> HallBooking:
    try:
        return sel.booking_get(pk)
    except HallBooking.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(pk)
    audit_read(actor=request.user, obj=booking, action="hallbooking.view")
    return render(
        request,
        "bookings/hall_booking_detail.html",
        {"booking": booking, "cancel_form": HallCancelForm(), "today": timezone.localdate()},
    )


@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(pk)
    try:
        svc.hall_booking_cancel(actor=request.user, booking=booking, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Booking cancelled; the halls are free again."))
    return redirect("bookings:hall-booking-detail", pk=booking.pk)
