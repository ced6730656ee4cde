"""The Mersinli Kadın Ustalar track: term completion → certificate → MYK exam fee support → job
placement with follow-ups at 3 and 6 months."""

import datetime as dt
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.accounts.roles import Role
from omur.cases.services import office_text, task_raise, tasks_close_related
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.registry.models import Person
from omur.venues.models import (
    Certificate,
    Enrolment,
    EnrolmentStatus,
    ExamResult,
    FollowUp,
    JobPlacement,
    MykExam,
    Session,
    SessionStatus,
)

FOLLOW_UP_MONTHS = (3, 6)
FOLLOW_UP_SOURCE = "placement_follow_up"
# The municipality pays this much of the MYK exam fee (published figure); staff can change it per exam.
MYK_FEE_DEFAULT = Decimal("12000.00")


class CompletionNotAllowed(ApplicationError):
    message = gettext_lazy("This enrolment cannot be completed.")


def attendance_summary(enrolment: Enrolment, *, until: dt.date | None = None) -> dict[str, int]:
    """Held sessions since enrolment, and this person's present/absent/excused marks, in one query."""
    until = until or timezone.localdate()
    start = timezone.localdate(enrolment.enrolled_at) if enrolment.enrolled_at else enrolment.activity.starts_on
    held = Session.objects.filter(
        activity_id=enrolment.activity_id, status=SessionStatus.SCHEDULED, date__gte=start, date__lte=until
    ).aggregate(
        held=Count("id", distinct=True),
        present=Count("attendance", filter=Q(attendance__enrolment=enrolment, attendance__status="present")),
        absent=Count("attendance", filter=Q(attendance__enrolment=enrolment, attendance__status="absent")),
        excused=Count("attendance", filter=Q(attendance__enrolment=enrolment, attendance__status="excused")),
    )
    counted = held["held"] - held["excused"]
    held["percent"] = round(100 * held["present"] / counted) if counted > 0 else 0
    return held


@transaction.atomic
def enrolment_complete(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """Close a participant's term as completed once its sessions are over; a certificate-bearing
    activity (the Kadın Ustalar track) issues the certificate, if attendance reached the threshold."""
    enrolment = Enrolment.objects.select_related("activity", "person").get(pk=enrolment.pk)
    activity = enrolment.activity
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise CompletionNotAllowed(_("Only an enrolled participant can complete the term."))
    today = timezone.localdate()
    remaining = Session.objects.filter(activity=activity, status=SessionStatus.SCHEDULED, date__gt=today).count()
    if remaining:
        raise CompletionNotAllowed(
            _("%(n)s sessions of this term are still to come; complete the term after the last one.") % {"n": remaining}
        )
    summary = attendance_summary(enrolment)
    if activity.is_kadin_ustalar and summary["percent"] < activity.min_attendance_percent:
        raise CompletionNotAllowed(
            _("Attendance is %(got)s%%, below the %(need)s%% needed for the certificate.")
            % {"got": summary["percent"], "need": activity.min_attendance_percent}
        )
    Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.ENROLLED).update(
        status=EnrolmentStatus.COMPLETED, ended_at=timezone.now()
    )
    enrolment.refresh_from_db()
    audit_record(actor=actor, action="activity_enrolment.complete", obj=enrolment, changes={"attendance": summary})
    if activity.is_kadin_ustalar:
        certificate_issue(actor=actor, enrolment=enrolment, summary=summary)
    return enrolment


def certificate_issue(*, actor: Any, enrolment: Enrolment, summary: dict[str, int]) -> Certificate:
    activity = enrolment.activity
    today = timezone.localdate()
    hours = round(summary["present"] * activity.duration_minutes / 60)
    for _attempt in range(5):
        seq = Certificate.objects.filter(number__startswith=f"KU-{today.year}-").count() + 1
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    enrolment=enrolment,
                    number=f"KU-{today.year}-{seq:04d}",
                    holder_name=enrolment.person.full_name,
                    course_name=activity.name,
                    hours=hours,
                    attendance_percent=summary["percent"],
                    issued_on=today,
                    issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            break
        except IntegrityError:  # two certificates numbered at the same moment: take the next number
            continue
    else:  # pragma: no cover - five collisions in a row
        raise CompletionNotAllowed(_("The certificate could not be numbered; try again."))
    audit_record(actor=actor, action="certificate.issue", obj=certificate, changes={"enrolment": enrolment.pk})
    return certificate


@transaction.atomic
def myk_exam_record(
    *,
    actor: Any,
    certificate: Certificate,
    qualification: str,
    exam_on: dt.date,
    fee_amount: Decimal = MYK_FEE_DEFAULT,
    fee_paid_on: dt.date | None = None,
) -> MykExam:
    if fee_amount < 0:
        raise CompletionNotAllowed(_("The fee cannot be negative."))
    if MykExam.objects.filter(certificate=certificate, result=ExamResult.PASSED).exists():
        raise CompletionNotAllowed(_("This participant has already passed the MYK exam."))
    if MykExam.objects.filter(certificate=certificate, result=ExamResult.PENDING).exists():
        raise CompletionNotAllowed(_("An exam is already awaiting its result; record that result first."))
    exam = MykExam.objects.create(
        certificate=certificate,
        qualification=qualification.strip(),
        exam_on=exam_on,
        fee_amount=fee_amount,
        fee_paid_on=fee_paid_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="myk_exam.create",
        obj=exam,
        changes={"fee_amount": str(fee_amount), "exam_on": str(exam_on)},
    )
    return exam


@transaction.atomic
def myk_exam_result(*, actor: Any, exam: MykExam, result: str, myk_certificate_no: str = "") -> MykExam:
    if result not in (ExamResult.PASSED, ExamResult.FAILED, ExamResult.ABSENT):
        raise CompletionNotAllowed(_("Choose passed, failed or did not sit."))
    if exam.exam_on > timezone.localdate():
        raise CompletionNotAllowed(_("The exam has not taken place yet."))
    before = exam.result
    exam.result = result
    exam.myk_certificate_no = myk_certificate_no.strip() if result == ExamResult.PASSED else ""
    exam.save(update_fields=["result", "myk_certificate_no", "updated_at"])
    audit_record(actor=actor, action="myk_exam.result", obj=exam, changes={"result": [before, result]})
    return exam


@transaction.atomic
def placement_create(
    *,
    actor: Any,
    person: Person,
    employer: str,
    position: str,
    starts_on: dt.date,
    certificate: Certificate | None = None,
) -> JobPlacement:
    employer, position = employer.strip(), position.strip()
    if not employer or not position:
        raise CompletionNotAllowed(_("Give the employer and the position."))
    placement = JobPlacement.objects.create(
        person=person,
        certificate=certificate,
        employer=employer,
        position=position,
        starts_on=starts_on,
        created_by=actor,
    )
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, months=m, due_on=starts_on + relativedelta(months=m)) for m in FOLLOW_UP_MONTHS
    )
    audit_record(
        actor=actor,
        action="job_placement.create",
        obj=placement,
        changes={"employer": employer, "position": position, "starts_on": str(starts_on)},
    )
    return placement


@transaction.atomic
def followup_record(*, actor: Any, followup: FollowUp, still_employed: bool, note: str = "") -> FollowUp:
    today = timezone.localdate()
    if followup.done_on is not None:
        raise CompletionNotAllowed(_("This follow-up is already recorded."))
    followup.done_on = today
    followup.still_employed = still_employed
    followup.note = note.strip()[:240]
    followup.done_by = actor
    followup.save(update_fields=["done_on", "still_employed", "note", "done_by"])
    placement = followup.placement
    if not still_employed and placement.ended_on is None:
        placement.ended_on = today
        placement.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=actor, action="job_placement.follow_up", obj=followup, changes={"still_employed": still_employed}
    )
    tasks_close_related(
        actor=actor,
        related=followup,
        sources=(FOLLOW_UP_SOURCE,),
        note=office_text(gettext_lazy("Follow-up recorded.")),
    )
    return followup


def followups_raise_tasks(*, today: dt.date | None = None) -> int:
    """The daily job: a task for the centre staff for each follow-up that is due and not done (once
    per follow-up while it stays open)."""
    today = today or timezone.localdate()
    raised = 0
    due = FollowUp.objects.filter(done_on__isnull=True, due_on__lte=today, placement__ended_on__isnull=True)
    for followup in due.select_related("placement__person"):
        placement = followup.placement
        with transaction.atomic():
            task = task_raise(
                source=FOLLOW_UP_SOURCE,
                title=office_text(
                    gettext_lazy("%(months)s-month job follow-up: %(name)s at %(employer)s"),
                    months=followup.months,
                    name=placement.person.full_name,
                    employer=placement.employer,
                ),
                person=placement.person,
                related=followup,
                assignee_role=Role.CENTRE_STAFF,
                due=followup.due_on,
                dedupe_key=f"venues:followup:{followup.pk}",
            )
        raised += int(getattr(task, "created", False))
    return raised
