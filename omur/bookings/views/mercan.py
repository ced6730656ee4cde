"""Mercan for staff (sessions, bookings by phone, walk-in counters, statistics) and for the public
(the booking form and "manage my booking", no login, rate-limited)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.bookings.forms import (
    BookingForm,
    GroupSessionForm,
    HeadCountForm,
    ManageCodeForm,
    PublicSessionFilterForm,
    SessionFilterForm,
)
from omur.bookings.models import BookingChannel, GroupBooking, GroupSession, GroupSessionKind, WalkInCategory
from omur.bookings.selectors import mercan as sel
from omur.bookings.services import mercan as svc
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.core.middleware import client_ip
from omur.intake.ratelimit import rate_limit_hit
from omur.services.models import Service
from omur.venues.models import Room

from .common import audit_listed, date_param, htmx_or_full

MERCAN = "mercan"
MERCAN_SERVICES = ("mercan-atolyeler", "mercan-gozlemevi")
SESSION_BOOKING_CODE = "bookings_mercan_code"
# Attempts per address: bookings an hour, code look-ups per ten minutes (a code is 50 bits, so this
# is about politeness and load, not about guessing).
BOOK_LIMIT = getattr(settings, "OMUR_MERCAN_BOOK_LIMIT", (10, 3600))
MANAGE_LIMIT = getattr(settings, "OMUR_MERCAN_MANAGE_LIMIT", (30, 600))


def _rate_limited(request: HttpRequest, scope: str, limit: tuple[int, int]) -> bool:
    count, period = limit
    return not rate_limit_hit(scope=scope, ident=client_ip(request) or "unknown", limit=count, period=period)


# --- staff -----------------------------------------------------------------------------------------


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = date_param(request, "from", today - dt.timedelta(days=today.weekday()))
    end = start + dt.timedelta(days=13)
    form = SessionFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    sessions = list(sel.staff_sessions(start=start, end=end, kind=kind))
    days: dict[dt.date, list[GroupSession]] = {}
    for s in sessions:
        days.setdefault(s.day, []).append(s)
    context = {
        "form": form,
        "days": sorted(days.items()),
        "start": start,
        "end": end,
        "prev": start - dt.timedelta(days=14),
        "next": start + dt.timedelta(days=14),
        "kind": kind,
        "totals": {
            "seats": sum(s.capacity for s in sessions if not s.is_cancelled),
            "taken": sum(s.seats_taken for s in sessions if not s.is_cancelled),
        },
    }
    return render(request, htmx_or_full(request, "bookings/mercan_sessions.html"), context)


def _session_form_lists() -> dict[str, Any]:
    return {
        "services": Service.objects.filter(code__in=MERCAN_SERVICES).order_by("code"),
        "rooms": Room.objects.filter(location__code=MERCAN, is_active=True).order_by("name"),
    }


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(GroupSession, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if instance is None:
        initial = {
            "day": timezone.localdate() + dt.timedelta(days=7),
            "kind": GroupSessionKind.WORKSHOP,
            "capacity": 30,
        }
    form = GroupSessionForm(request.POST or None, instance=instance, initial=initial, **_session_form_lists())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                session = svc.group_session_save(actor=request.user, session=form.save(commit=False))
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Session saved."))
                return redirect("bookings:mercan-session-detail", pk=session.pk)
    return render(request, "bookings/mercan_session_form.html", {"form": form, "session": instance}, status=status)


@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's bookings, and the desk's booking form for a school or family on the phone."""
    session = get_object_or_404(GroupSession.objects.select_related("room", "service"), pk=pk)
    form = BookingForm(request.POST or None, session=session, public=False)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                booking = svc.group_booking_create(
                    actor=request.user,
                    session=session,
                    kind=d["kind"],
                    contact_name=d["contact_name"],
                    phone=d["phone"],
                    email=d["email"],
                    organisation=d["organisation"],
                    children=d["children"],
                    adults=d["adults"],
                    youngest_age=d.get("youngest_age"),
                    oldest_age=d.get("oldest_age"),
                    channel=BookingChannel.PHONE,
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Booked. Give the caller the booking code %(code)s.") % {"code": booking.code_display}
                )
                return redirect("bookings:mercan-session-detail", pk=session.pk)
    bookings = list(sel.session_bookings(session))
    audit_listed(request, action="groupbooking.list", object_type="bookings.groupbooking", ids=[b.pk for b in bookings])
    context = {"session": session, "bookings": bookings, "form": form, "today": timezone.localdate()}
    return render(request, "bookings/mercan_session_detail.html", context, status=status)


@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(GroupBooking, pk=pk)
    try:
        if request.POST.get("action") == "no_show":
            svc.group_booking_no_show(actor=request.user, booking=booking)
            messages.success(request, _("Marked as not having come."))
        else:
            svc.group_booking_cancel(actor=request.user, booking=booking)
            messages.success(request, _("Booking cancelled; its seats are free again."))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("bookings:mercan-session-detail", pk=booking.session_id)


@require_GET
def walk_ins(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    day = date_param(request, "day", today)
    if day > today:
        day = today
    counts = sel.walk_ins(day)
    booked_today = sel.mercan_visitors(day, day) - sum(counts.values())
    context = {
        "day": day,
        "today": today,
        "rows": [(value, label, counts[value]) for value, label in WalkInCategory.choices],
        "total": sum(counts.values()),
        "booked_today": booked_today,
        "prev": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1) if day < today else None,
    }
    return render(request, "bookings/mercan_walkins.html", context)


@require_POST
def walk_in_bump(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        day = today
    # Counting at the door is for today; yesterday's sheet may still be corrected the next morning.
    if not today - dt.timedelta(days=7) <= day <= today:
        return HttpResponse(status=400)
    category = request.POST.get("category", "")
    delta = 1 if request.POST.get("delta") == "1" else -1
    try:
        count = svc.walk_in_bump(actor=request.user, day=day, category=category, delta=delta)
    except ApplicationError:
        return HttpResponse(status=400)
    if getattr(request, "htmx", False):
        label = WalkInCategory(category).label
        counts = sel.walk_ins(day)
        return render(
            request,
            "bookings/mercan_walkins.html#counter",
            {"value": category, "label": label, "count": count, "day": day, "total": sum(counts.values()), "oob": True},
        )
    return redirect(f"{reverse('bookings:mercan-walkins')}?day={day.isoformat()}")


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    rows = sel.visitor_stats(year=year)
    totals = {
        "by_kind": {k: sum(r.by_kind[k] for r in rows) for k in GroupSessionKind.values},
        "schools": sum(r.schools for r in rows),
        "families": sum(r.families for r in rows),
        "walk_in": sum(r.walk_in for r in rows),
        "school_groups": sum(r.school_groups for r in rows),
        "total": sum(r.total for r in rows),
    }
    context = {
        "year": year,
        "rows": rows,
        "totals": totals,
        "kinds": GroupSessionKind.choices,
        "peak": max((r.total for r in rows), default=0) or 1,
    }
    return render(request, htmx_or_full(request, "bookings/mercan_stats.html"), context)


# --- public ----------------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_sessions(request: HttpRequest) -> HttpResponse:
    form = PublicSessionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sessions = list(sel.public_sessions(kind=data.get("kind", ""), audience=data.get("who", "")))
    days: dict[dt.date, list[GroupSession]] = {}
    for s in sessions:
        days.setdefault(s.day, []).append(s)
    return render(
        request, htmx_or_full(request, "bookings/public_sessions.html"), {"form": form, "days": sorted(days.items())}
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def public_book(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = sel.public_session_get(pk)
    except GroupSession.DoesNotExist as exc:
        raise Http404 from exc
    form = BookingForm(request.POST or None, session=session, public=True)
    context: dict[str, Any] = {"form": form, "session": session}
    if request.method == "POST":
        # Counted before validation, as on the intake form: junk is refused as soon as valid data.
        if _rate_limited(request, "mercan-book", BOOK_LIMIT):
            context["rate_limited"] = True
            return render(request, "bookings/public_book.html", context, status=429)
        if form.is_valid():
            d = form.cleaned_data
            try:
                booking = svc.group_booking_create(
                    session=session,
                    kind=d["kind"],
                    contact_name=d["contact_name"],
                    phone=d["phone"],
                    email=d["email"],
                    organisation=d["organisation"],
                    children=d["children"],
                    adults=d["adults"],
                    youngest_age=d.get("youngest_age"),
                    oldest_age=d.get("oldest_age"),
                    channel=BookingChannel.ONLINE,
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                request.session[SESSION_BOOKING_CODE] = booking.code
                return redirect("bookings:public-done")
        return render(request, "bookings/public_book.html", context, status=400)
    return render(request, "bookings/public_book.html", context)


@login_not_required
@require_GET
def public_done(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_BOOKING_CODE, "")
    booking = svc.group_booking_by_code(code) if code else None
    return render(request, "bookings/public_done.html", {"booking": booking})


@login_not_required
@require_http_methods(["GET", "POST"])
def public_manage(request: HttpRequest) -> HttpResponse:
    """Find a booking by its code, then change the head count or cancel it. The code travels in the
    POST body (never in a URL that ends up in logs and browser history)."""
    form = ManageCodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "bookings/public_manage.html", context)
    if _rate_limited(request, "mercan-manage", MANAGE_LIMIT):
        context["rate_limited"] = True
        return render(request, "bookings/public_manage.html", context, status=429)
    if not form.is_valid():
        return render(request, "bookings/public_manage.html", context, status=400)
    booking = svc.group_booking_by_code(form.cleaned_data["kod"])
    if booking is None:
        context["not_found"] = True
        return render(request, "bookings/public_manage.html", context, status=404)
    action = request.POST.get("action", "")
    count_form = HeadCountForm(
        request.POST if action == "change" else None, initial={"children": booking.children, "adults": booking.adults}
    )
    status = 200
    try:
        if action == "cancel":
            booking = svc.group_booking_cancel(booking=booking)
            context["done"] = _("Your booking is cancelled. Thank you for letting us know.")
        elif action == "change":
            if count_form.is_valid():
                booking = svc.group_booking_change(
                    booking=booking,
                    children=count_form.cleaned_data["children"],
                    adults=count_form.cleaned_data["adults"],
                )
                context["done"] = _("Your booking is changed.")
                count_form = HeadCountForm(initial={"children": booking.children, "adults": booking.adults})
            else:
                status = 400
    except ApplicationError as exc:
        context["error"] = str(exc)
        status = 400
    booking.refresh_from_db()
    audit_read(actor=None, obj=booking, action="groupbooking.view", purpose="public manage page")
    context.update({"booking": booking, "count_form": count_form, "code": booking.code_display})
    return render(request, "bookings/public_manage.html", context, status=status)
