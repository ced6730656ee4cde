"""Attendance per session, and the cross-service signal: N absences in a row (the activity's
absence_limit) raise a task for the person's case manager; coming back closes it."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.cases.services import office_text, task_raise, tasks_close_related
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.venues.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
    SessionStatus,
)

ABSENCE_SOURCE = "absence"


class AttendanceNotAllowed(ApplicationError):
    message = gettext_lazy("Attendance cannot be recorded here.")


def absence_key(enrolment: Enrolment) -> str:
    return f"venues:absence:{enrolment.pk}"


@transaction.atomic
def attendance_mark(*, actor: Any, session: Session, enrolment: Enrolment, status: str) -> Attendance:
    if status not in AttendanceStatus.values:
        raise AttendanceNotAllowed(_("Choose present, absent or excused."))
    if enrolment.activity_id != session.activity_id:
        raise AttendanceNotAllowed(_("This person is not enrolled in this session's activity."))
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
        raise AttendanceNotAllowed(
            _("Only enrolled people have attendance; this person is %(status)s.")
            % {"status": enrolment.get_status_display()}
        )
    if session.status == SessionStatus.CANCELLED:
        raise AttendanceNotAllowed(_("This session was cancelled."))
    if session.date > timezone.localdate():
        raise AttendanceNotAllowed(_("Attendance is taken on the day of the session, not before."))
    now = timezone.now()
    defaults = {"status": status, "recorded_at": now, "recorded_by": actor}
    try:
        with transaction.atomic():
            mark, created = Attendance.objects.update_or_create(session=session, enrolment=enrolment, defaults=defaults)
    except IntegrityError:  # the same toggle from a second tablet at the same moment
        mark, created = Attendance.objects.update_or_create(session=session, enrolment=enrolment, defaults=defaults)
    Session.objects.filter(pk=session.pk, attendance_taken_at__isnull=True).update(attendance_taken_at=now)
    audit_record(
        actor=actor,
        action="attendance.mark",
        obj=mark,
        changes={"session": session.pk, "enrolment": enrolment.pk, "status": status, "created": created},
    )
    if status == AttendanceStatus.ABSENT:
        absences_check(actor=actor, enrolment=enrolment)
    elif status == AttendanceStatus.PRESENT:
        tasks_close_related(
            actor=actor,
            related=enrolment,
            sources=(ABSENCE_SOURCE,),
            note=office_text(gettext_lazy("Attended again on %(date)s."), date=session.date.strftime("%d.%m.%Y")),
        )
    return mark


def absences_in_a_row(enrolment: Enrolment) -> int:
    """Absences since the last session attended, newest first (excused sessions neither count nor
    break the run)."""
    run = 0
    marks = (
        Attendance.objects.filter(enrolment=enrolment)
        .exclude(status=AttendanceStatus.EXCUSED)
        .order_by("-session__date", "-session__starts_at")
        .values_list("status", flat=True)
    )
    for status in marks.iterator():
        if status != AttendanceStatus.ABSENT:
            break
        run += 1
    return run


def absences_check(*, actor: Any, enrolment: Enrolment) -> Any:
    activity = enrolment.activity
    run = absences_in_a_row(enrolment)
    if run < activity.absence_limit:
        return None
    person = enrolment.person
    return task_raise(
        actor=actor,
        source=ABSENCE_SOURCE,
        title=office_text(
            gettext_lazy("%(name)s missed %(n)s sessions in a row: %(activity)s"),
            name=person.full_name,
            n=run,
            activity=activity.name,
        ),
        detail=office_text(
            gettext_lazy("Facility: %(place)s. Please call the person and find out why."),
            place=activity.location.name_tr,
        ),
        person=person,
        related=enrolment,
        due=timezone.localdate() + dt.timedelta(days=2),
        dedupe_key=absence_key(enrolment),
    )
