"""The field view (phone-sized): my visits today, a visit page with check-in, outcome and the
visit-verification record, and the personal calendar feed."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.homecare import selectors, services
from omur.homecare.forms import CheckInForm, OutcomeForm
from omur.homecare.models import Visit

from .common import audit_listed, day_param


def field_today(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    me = selectors.my_staff(request.user)
    visits = selectors.field_day(actor=request.user, day=day)
    audit_listed(request, action="visit.field_list", ids=[v.pk for v in visits])
    feed_url = ""
    if me is not None and me.feed_token:
        feed_url = request.build_absolute_uri(reverse("homecare:ical-feed", kwargs={"token": me.feed_token}))
    context = {
        "me": me,
        "day": day,
        "today": timezone.localdate(),
        "prev_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "visits": visits,
        "feed_url": feed_url,
    }
    return render(request, "homecare/field_today.html", context)


@require_POST
def field_feed(request: HttpRequest) -> HttpResponse:
    me = selectors.my_staff(request.user)
    if me is None:
        raise Http404
    if request.POST.get("action") == "revoke":
        services.feed_token_revoke(actor=request.user, staff=me)
    else:
        services.feed_token_rotate(actor=request.user, staff=me)
    return redirect("homecare:field-today")


def _visit(request: HttpRequest, pk: int) -> Visit:
    try:
        return selectors.visit_get(actor=request.user, pk=pk)
    except Visit.DoesNotExist as exc:
        raise Http404 from exc


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    audit_read(actor=request.user, obj=visit, action="visit.view")
    notes, tasks = selectors.care_plan_notes(visit)
    context = {
        "visit": visit,
        "plan_notes": notes,
        "plan_tasks": tasks,
        "outcome_form": OutcomeForm(),
        "checkin_form": CheckInForm(),
        "is_planner": selectors.is_planner(request.user),
        "is_mine": visit.assigned_staff is not None and visit.assigned_staff.user_id == request.user.pk,
        "materials": list(visit.repair_job.materials.all()) if visit.repair_job_id and visit.repair_job else [],
        "today": timezone.localdate(),
        "rescheduled_to": getattr(visit, "rescheduled_to", None),
    }
    return render(request, "homecare/visit_detail.html", context)


@require_POST
def visit_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = CheckInForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        visit = services.visit_check_in(actor=request.user, visit=visit, lat=data.get("lat"), lon=data.get("lon"))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        if visit.location_flagged:
            messages.warning(
                request,
                _("Checked in, but %(m)s m from the address: the office will see this flagged.")
                % {"m": visit.check_in_distance_m},
            )
        else:
            at = timezone.localtime(visit.checked_in_at) if visit.checked_in_at else timezone.localtime()
            messages.success(request, _("Checked in at %(time)s.") % {"time": f"{at:%H:%M}"})
    return redirect("homecare:visit-detail", pk=visit.pk)


@require_POST
def visit_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome: done, not at home, refused or hospitalised."))
        return redirect("homecare:visit-detail", pk=visit.pk)
    used = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("used-") and key[5:].isdigit() and value.strip():
            try:
                used[int(key[5:])] = Decimal(value.replace(",", "."))
            except (ArithmeticError, InvalidOperation):
                messages.error(request, _("Quantities must be numbers."))
                return redirect("homecare:visit-detail", pk=visit.pk)
    try:
        result = services.visit_record_outcome(
            actor=request.user,
            visit=visit,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            lat=form.cleaned_data.get("lat"),
            lon=form.cleaned_data.get("lon"),
            materials_used=used,
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("homecare:visit-detail", pk=visit.pk)
    if "rescheduled" in result:
        messages.success(
            request,
            _("Recorded. A new visit is booked for %(day)s.") % {"day": f"{result['rescheduled'].date:%d.%m.%Y}"},
        )
    elif "task" in result:
        messages.success(request, _("Recorded. The case manager has been given a task."))
    else:
        messages.success(request, _("Visit recorded as done."))
    return redirect("homecare:field-today")
