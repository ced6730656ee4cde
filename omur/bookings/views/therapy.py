"""Therapy appointments at the autism centre: the week view, availability, plans and sessions."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.accounts.models import User
from omur.bookings.forms import PlanFilterForm, PlanForm, SessionCancelForm, SessionNoteForm, SlotAddForm, StopPlanForm
from omur.bookings.models import SessionStatus, TherapyPlan, TherapySession, TherapySlot
from omur.bookings.selectors import therapy as sel
from omur.bookings.services import therapy as svc
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.registry.models import Person
from omur.services.models import Service, Weekday
from omur.venues.models import Room

from .common import PAGE_SIZE, audit_listed, date_param, htmx_or_full, int_param

AUTISM_CENTRE = "otizm-aile-danisma"
THERAPY_SERVICES = ("duyu-butunleme", "otizm-ozel-egitim", "otizm-aile-destegi")


def _therapist_param(request: HttpRequest) -> User | None:
    """The therapist a page is about: the desk may pick any; a therapist is always themself."""
    if not sel.sees_all(request.user):
        return request.user if sel.is_therapist(request.user) else None  # type: ignore[return-value]
    pk = int_param(request, "therapist")
    return sel.therapists().filter(pk=pk).first() if pk else None


def _fail(request: HttpRequest, exc: ApplicationError) -> None:
    messages.error(request, str(exc))


@require_GET
def therapy_week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    monday = sel.monday_of(date_param(request, "week", today))
    therapist = _therapist_param(request)
    weeks = sel.week_view(actor=request.user, monday=monday, therapist=therapist)
    days = [monday + dt.timedelta(days=i) for i in range(6)]
    session_ids = [s.pk for w in weeks for day in w.sessions_by_day.values() for s in day]
    audit_listed(request, action="therapysession.list", object_type="bookings.therapysession", ids=session_ids)
    context = {
        "weeks": weeks,
        "days": days,
        "monday": monday,
        "prev": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "today": today,
        "therapist": therapist,
        "therapists": sel.therapists() if sel.sees_all(request.user) else [],
        "age_outs": sel.age_outs_ahead(actor=request.user),
        "target": svc.weekly_target(),
    }
    return render(request, htmx_or_full(request, "bookings/therapy_week.html"), context)


@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    therapist = _therapist_param(request)
    if therapist is None and sel.sees_all(request.user):
        therapist = sel.therapists().first()
    if therapist is None:
        raise Http404
    rooms = Room.objects.filter(location__code=AUTISM_CENTRE, is_active=True).order_by("name")
    form = SlotAddForm(request.POST or None, rooms=rooms)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                slots = svc.therapy_slots_add(
                    actor=request.user,
                    therapist=therapist,
                    weekday=d["weekday"],
                    start=d["start"],
                    end=d["end"],
                    minutes=d["minutes"],
                    gap=d["gap"],
                    room=d["room"],
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                messages.success(request, _("%(n)s weekly slots added.") % {"n": len(slots)})
                return redirect(f"{reverse('bookings:therapy-availability')}?therapist={therapist.pk}")
        else:
            status = 400
    slots = list(sel.slots_for(actor=request.user, therapist=therapist))
    by_day = {value: [s for s in slots if s.weekday == value] for value, _label in Weekday.choices[:6]}
    context = {
        "therapist": therapist,
        "therapists": sel.therapists() if sel.sees_all(request.user) else [],
        "form": form,
        "by_day": [(label, by_day[value]) for value, label in Weekday.choices[:6]],
        "slot_count": len(slots),
        "minutes_a_week": sum(s.minutes for s in slots),
        "may_manage": sel.may_manage(request.user, therapist.pk),
    }
    return render(request, "bookings/therapy_availability.html", context, status=status)


@require_POST
def slot_remove(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(TherapySlot.objects.select_related("therapist"), pk=pk, is_active=True)
    try:
        svc.therapy_slot_remove(actor=request.user, slot=slot)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Slot removed."))
    return redirect(f"{reverse('bookings:therapy-availability')}?therapist={slot.therapist_id}")


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None, therapists=sel.therapists())
    data = form.cleaned_data if form.is_valid() else {}
    therapist = data.get("therapist") if sel.sees_all(request.user) else None
    qs = sel.plan_list(
        actor=request.user,
        therapist=therapist,
        status=data.get("status", "active") if request.GET else "active",
        q=data.get("q", ""),
        ageing_out=bool(data.get("ageing_out")),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for plan in page.object_list:
        plan.age_out = svc.age_out_day(plan.child)  # type: ignore[attr-defined]
    audit_listed(
        request, action="therapyplan.list", object_type="bookings.therapyplan", ids=[p.pk for p in page.object_list]
    )
    context = {
        "form": form,
        "page": page,
        "sees_all": sel.sees_all(request.user),
        "may_create": bool(sel.is_desk(request.user) or sel.is_therapist(request.user)),
        "warn_before": timezone.localdate() + dt.timedelta(days=sel.AGE_OUT_WARNING_DAYS),
    }
    return render(request, htmx_or_full(request, "bookings/plan_list.html"), context)


@require_GET
def child_search(request: HttpRequest) -> HttpResponse:
    children = sel.children_search(actor=request.user, q=request.GET.get("q", ""))
    for child in children:
        child.age_out = svc.age_out_day(child)  # type: ignore[attr-defined]
    return render(request, "bookings/_child_options.html", {"children": children, "q": request.GET.get("q", "")})


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    child_id = int_param(request, "child")
    if child_id is None:
        return render(request, "bookings/plan_pick_child.html", {})
    child = get_object_or_404(Person, pk=child_id)
    audit_read(actor=request.user, obj=child, action="person.view", purpose="therapy plan")
    services = Service.objects.filter(code__in=THERAPY_SERVICES).order_by("code")
    therapists = sel.therapists() if sel.is_desk(request.user) else sel.therapists().filter(pk=request.user.pk or 0)
    slots = TherapySlot.objects.filter(is_active=True, therapist__in=therapists).select_related("therapist", "room")
    guardians = Person.objects.filter(pk__in=[p.pk for p in sel.guardian_choices(child)])
    initial: dict[str, Any] = {
        "starts_on": timezone.localdate(),
        "service": services.filter(code="duyu-butunleme").first(),
    }
    if sel.is_therapist(request.user) and not sel.is_desk(request.user):
        initial["therapist"] = request.user
    form = PlanForm(
        request.POST or None,
        initial=initial,
        services=services,
        therapists=therapists,
        slots=slots.order_by("therapist__first_name", "weekday", "starts_at"),
        guardians=guardians,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            from omur.cases.models import OPEN_ENROLMENT_STATUSES, Enrolment

            enrolment = Enrolment.objects.filter(
                person=child, service=d["service"], status__in=OPEN_ENROLMENT_STATUSES
            ).first()
            try:
                plan = svc.therapy_plan_create(
                    actor=request.user,
                    child=child,
                    service=d["service"],
                    therapist=d["therapist"],
                    slot=d["slot"],
                    sessions=d["sessions"],
                    starts_on=d["starts_on"],
                    guardian=d["guardian"],
                    enrolment=enrolment,
                    skip_taken=d["skip_taken"],
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The plan is booked: %(n)s sessions.") % {"n": plan.sessions_planned})
                for day, why in getattr(plan, "skipped", []):
                    messages.info(
                        request,
                        _("Week of %(day)s skipped: %(why)s.") % {"day": formats.date_format(day, "d.m.Y"), "why": why},
                    )
                return redirect("bookings:therapy-plan-detail", pk=plan.pk)
    context = {
        "form": form,
        "child": child,
        "age_out": svc.age_out_day(child),
        "guardians": sel.guardians_of(child),
        "existing": sel.plan_scope(request.user).filter(child=child).select_related("service", "therapist"),
    }
    return render(request, "bookings/plan_form.html", context, status=status)


def _plan(request: HttpRequest, pk: int) -> TherapyPlan:
    try:
        return sel.plan_get(actor=request.user, pk=pk)
    except TherapyPlan.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    sessions = list(plan.sessions.select_related("room", "marked_by").order_by("day", "starts_at"))
    audit_read(actor=request.user, obj=plan.child, action="person.view", purpose="therapy plan")
    counts = {s.value: 0 for s in SessionStatus}
    for s in sessions:
        counts[s.status] += 1
    context = {
        "plan": plan,
        "sessions": sessions,
        "counts": counts,
        "guardians": sel.guardians_of(plan.child),
        "age_out": svc.age_out_day(plan.child),
        "today": timezone.localdate(),
        "may_manage": sel.may_manage(request.user, plan.therapist_id),
        "clinical": sel.may_read_clinical(request.user),
        "cancel_form": SessionCancelForm(),
        "stop_form": StopPlanForm(),
    }
    return render(request, "bookings/plan_detail.html", context)


@require_POST
def plan_extend(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        session = svc.therapy_plan_extend(actor=request.user, plan=plan)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("One session added on %(day)s at %(time)s.")
            % {"day": formats.date_format(session.day, "d.m.Y"), "time": session.starts_at.strftime("%H:%M")},
        )
    return redirect("bookings:therapy-plan-detail", pk=plan.pk)


@require_POST
def plan_stop(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        freed = svc.therapy_plan_stop(actor=request.user, plan=plan, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Plan stopped; %(n)s future sessions cancelled.") % {"n": freed})
    return redirect("bookings:therapy-plan-detail", pk=plan.pk)


def _session(request: HttpRequest, pk: int) -> TherapySession:
    try:
        return sel.session_get(actor=request.user, pk=pk)
    except TherapySession.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    audit_read(actor=request.user, obj=session.plan.child, action="person.view", purpose="therapy session")
    notes = sel.session_notes(actor=request.user, sessions=[session], purpose="therapy session")
    clinical = sel.may_read_clinical(request.user)
    context = {
        "session": session,
        "plan": session.plan,
        "note": notes.get(session.pk),
        "clinical": clinical,
        "note_form": SessionNoteForm() if clinical and sel.may_manage(request.user, session.therapist_id) else None,
        "may_manage": sel.may_manage(request.user, session.therapist_id),
        "cancel_form": SessionCancelForm(),
        "today": timezone.localdate(),
    }
    return render(request, "bookings/session_detail.html", context)


def _back(request: HttpRequest, session: TherapySession) -> HttpResponse:
    target = request.POST.get("back", "")
    if target == "week":
        return redirect(f"{reverse('bookings:therapy-week')}?week={session.day.isoformat()}")
    if target == "session":
        return redirect("bookings:therapy-session-detail", pk=session.pk)
    return redirect("bookings:therapy-plan-detail", pk=session.plan_id)


@require_POST
def session_mark(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        svc.therapy_session_mark(actor=request.user, session=session, status=request.POST.get("status", ""))
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Attendance saved."))
    return _back(request, session)


@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionCancelForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"by": "family", "reason": ""}
    try:
        svc.therapy_session_cancel(actor=request.user, session=session, by=data["by"], reason=data["reason"])
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("Session cancelled; the slot is free. You can add a make-up session at the end of the plan.")
        )
    return _back(request, session)


@require_POST
def session_note(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is empty."))
        return redirect("bookings:therapy-session-detail", pk=session.pk)
    try:
        svc.therapy_session_note(actor=request.user, session=session, body=form.cleaned_data["body"])
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Clinical note saved."))
    return redirect("bookings:therapy-session-detail", pk=session.pk)


__all__ = [
    "availability",
    "child_search",
    "plan_create",
    "plan_detail",
    "plan_extend",
    "plan_list",
    "plan_stop",
    "session_cancel",
    "session_detail",
    "session_mark",
    "session_note",
    "slot_remove",
    "therapy_week",
]
