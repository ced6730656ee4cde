"""The attendance screen: one session's roster with big toggles, made for a tablet at the door
(and usable on a phone). Each toggle is one htmx POST that swaps its row."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omur.core.exceptions import ApplicationError
from omur.venues import selectors, services
from omur.venues.forms import AttendanceForm, CancelSessionForm
from omur.venues.models import AttendanceStatus, Enrolment, EnrolmentStatus, Session
from omur.venues.services.attendance import absences_in_a_row

from .common import audit_listed, htmx, session_or_404


def _may_mark(request: HttpRequest, session: Session) -> None:
    if not selectors.can_take_attendance(request.user, session.activity):
        raise PermissionDenied


@require_GET
def sessions_today(request: HttpRequest) -> HttpResponse:
    day = parse_date(request.GET.get("gun", "")) or timezone.localdate()
    sessions = list(selectors.sessions_on(actor=request.user, day=day))
    return render(
        request,
        "venues/sessions_today.html",
        {
            "sessions": sessions,
            "day": day,
            "prev_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
            "is_today": day == timezone.localdate(),
        },
    )


def _row_context(session: Session, enrolment: Enrolment, mark: str, editable: bool) -> dict:
    return {
        "session": session,
        "e": enrolment,
        "mark": mark,
        "editable": editable,
        "run": absences_in_a_row(enrolment) if mark == AttendanceStatus.ABSENT else 0,
        "statuses": AttendanceStatus,
    }


@require_GET
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    roster = selectors.session_roster(session)
    editable = (
        selectors.can_take_attendance(request.user, session.activity)
        and session.status == "scheduled"
        and session.date <= timezone.localdate()
    )
    audit_listed(
        request,
        action="attendance.view",
        object_type="venues.session",
        ids=[e.person_id for e, _m in roster],
        purpose=f"session {session.pk}",
    )
    prev, nxt = selectors.adjacent_sessions(session)
    rows = [_row_context(session, e, mark, editable) for e, mark in roster]
    return render(
        request,
        "venues/session_attendance.html",
        {
            "session": session,
            "activity": session.activity,
            "rows": rows,
            "counts": selectors.session_counts(session),
            "editable": editable,
            "future": session.date > timezone.localdate(),
            "prev": prev,
            "next": nxt,
            "cancel_form": CancelSessionForm(),
            "can_run": selectors.can_run(request.user),
        },
    )


@require_POST
def attendance_mark(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    session = session_or_404(request, pk)
    _may_mark(request, session)
    enrolment = (
        Enrolment.objects.select_related("person", "activity__location")
        .filter(pk=enrolment_id, activity_id=session.activity_id)
        .first()
    )
    form = AttendanceForm(request.POST)
    error = ""
    if enrolment is None or not form.is_valid():
        error = _("Choose present, absent or excused.")
    else:
        try:
            services.attendance_mark(
                actor=request.user, session=session, enrolment=enrolment, status=form.cleaned_data["status"]
            )
        except ApplicationError as exc:
            error = str(exc)
    if htmx(request) and enrolment is not None:
        mark = session.attendance.filter(enrolment=enrolment).values_list("status", flat=True).first() or ""
        context = _row_context(session, enrolment, mark, True)
        context["error"] = error
        response = render(request, "venues/_attendance_row.html", context, status=400 if error else 200)
        # The counts travel with the row (an out-of-band swap), so they can never lag behind a tap.
        counts = {"counts": selectors.session_counts(session), "session": session, "oob": True}
        response.write(render_to_string("venues/_session_counts.html", counts, request=request))
        return response
    if error:
        messages.error(request, error)
    return redirect("venues:session-attendance", pk=session.pk)


@require_GET
def session_counts(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    return render(
        request, "venues/_session_counts.html", {"counts": selectors.session_counts(session), "session": session}
    )


@require_POST
def attendance_all_present(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark everyone not yet marked as present (the usual case), then correct the few absent."""
    session = session_or_404(request, pk)
    _may_mark(request, session)
    done = 0
    try:
        for enrolment, mark in selectors.session_roster(session):
            if not mark and enrolment.status == EnrolmentStatus.ENROLLED:
                services.attendance_mark(
                    actor=request.user, session=session, enrolment=enrolment, status=AttendanceStatus.PRESENT
                )
                done += 1
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s people marked present.") % {"n": done})
    return redirect("venues:session-attendance", pk=session.pk)


@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk)
    if not selectors.can_run(request.user):
        raise PermissionDenied
    form = CancelSessionForm(request.POST)
    try:
        services.session_cancel(actor=request.user, session=session, reason=form.data.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Session cancelled."))
    return redirect("venues:session-attendance", pk=session.pk)
