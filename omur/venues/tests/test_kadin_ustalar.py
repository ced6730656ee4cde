"""The Kadın Ustalar track: completion → certificate PDF → MYK exam → placement → follow-ups."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from omur.cases.models import Task
from omur.registry.models import Sex
from omur.registry.tests.factories import PersonFactory
from omur.venues import services
from omur.venues.models import Certificate, EnrolmentStatus, ExamResult, FollowUp, Session, Track
from omur.venues.tests.factories import ActivityFactory


@pytest.fixture
def finished_course(centre_staff: Any) -> Any:
    today = timezone.localdate()
    activity = ActivityFactory(
        name="Mobilya Marangozluğu Kursu",
        track=Track.KADIN_USTALAR,
        starts_on=today - dt.timedelta(days=40),
        ends_on=today - dt.timedelta(days=1),
        duration_minutes=180,
        min_attendance_percent=80,
    )
    sessions = [
        Session.objects.create(
            activity=activity, date=today - dt.timedelta(days=40 - 7 * i), starts_at=dt.time(9), ends_at=dt.time(12)
        )
        for i in range(5)
    ]
    return activity, sessions


def _enrol(actor: Any, activity: Any, **person: Any) -> Any:
    from omur.venues.models import Enrolment

    enrolment = Enrolment.objects.create(
        activity=activity,
        person=PersonFactory(sex=Sex.FEMALE, **person),
        status=EnrolmentStatus.ENROLLED,
        enrolled_at=timezone.make_aware(dt.datetime.combine(activity.starts_on, dt.time(8))),
    )
    return enrolment


def test_completion_issues_a_certificate_whose_pdf_carries_the_turkish_name(
    centre_staff: Any, client_as: Any, finished_course: Any
) -> None:
    activity, sessions = finished_course
    enrolment = _enrol(centre_staff, activity, given_name="Şükriye Gülşen", family_name="Işıkoğlu")
    for s in sessions[:4]:
        services.attendance_mark(actor=centre_staff, session=s, enrolment=enrolment, status="present")
    services.attendance_mark(actor=centre_staff, session=sessions[4], enrolment=enrolment, status="absent")
    services.enrolment_complete(actor=centre_staff, enrolment=enrolment)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.attendance_percent == 80 and certificate.hours == 12
    assert len(certificate.verification_code) == 10
    response = client_as(centre_staff).get(reverse("venues:certificate-pdf", kwargs={"pk": certificate.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Şükriye Gülşen Işıkoğlu" in text
    assert certificate.verification_code in text and "SERTİFİKASI" in text


def test_low_attendance_gets_no_certificate(centre_staff: Any, finished_course: Any) -> None:
    activity, sessions = finished_course
    enrolment = _enrol(centre_staff, activity)
    for s in sessions[:3]:
        services.attendance_mark(actor=centre_staff, session=s, enrolment=enrolment, status="present")
    with pytest.raises(services.CompletionNotAllowed):
        services.enrolment_complete(actor=centre_staff, enrolment=enrolment)
    assert not Certificate.objects.exists()


def test_term_cannot_be_completed_before_its_last_session(centre_staff: Any, finished_course: Any) -> None:
    activity, _sessions = finished_course
    Session.objects.create(
        activity=activity, date=timezone.localdate() + dt.timedelta(days=3), starts_at=dt.time(9), ends_at=dt.time(12)
    )
    with pytest.raises(services.CompletionNotAllowed):
        services.enrolment_complete(actor=centre_staff, enrolment=_enrol(centre_staff, activity))


def test_myk_exam_placement_and_follow_ups(centre_staff: Any, finished_course: Any) -> None:
    activity, sessions = finished_course
    enrolment = _enrol(centre_staff, activity)
    for s in sessions:
        services.attendance_mark(actor=centre_staff, session=s, enrolment=enrolment, status="present")
    services.enrolment_complete(actor=centre_staff, enrolment=enrolment)
    certificate = Certificate.objects.get(enrolment=enrolment)
    today = timezone.localdate()
    exam = services.myk_exam_record(
        actor=centre_staff, certificate=certificate, qualification="Mobilyacı (Seviye 3)", exam_on=today
    )
    assert exam.fee_amount == Decimal("12000.00")
    with pytest.raises(services.CompletionNotAllowed):  # one pending exam at a time
        services.myk_exam_record(actor=centre_staff, certificate=certificate, qualification="x", exam_on=today)
    services.myk_exam_result(actor=centre_staff, exam=exam, result=ExamResult.PASSED, myk_certificate_no="MYK-1")
    start = today - dt.timedelta(days=100)
    placement = services.placement_create(
        actor=centre_staff,
        person=enrolment.person,
        certificate=certificate,
        employer="Mersin Mobilya A.Ş.",
        position="Montaj elemanı",
        starts_on=start,
    )
    dues = {f.months: f.due_on for f in placement.follow_ups.all()}
    assert dues[3] < today < dues[6]
    assert services.followups_raise_tasks(today=today) == 1  # only the 3-month one is due
    assert services.followups_raise_tasks(today=today) == 0  # not twice
    task = Task.objects.get(source="placement_follow_up")
    assert task.assignee_role == "centre_staff"
    services.followup_record(actor=centre_staff, followup=FollowUp.objects.get(months=3), still_employed=True)
    task.refresh_from_db()
    assert task.status == "done"


def test_public_verification_shows_a_shortened_name(client: Any, centre_staff: Any, finished_course: Any) -> None:
    activity, sessions = finished_course
    enrolment = _enrol(centre_staff, activity, given_name="Ayşe", family_name="Yılmaz")
    for s in sessions:
        services.attendance_mark(actor=centre_staff, session=s, enrolment=enrolment, status="present")
    services.enrolment_complete(actor=centre_staff, enrolment=enrolment)
    code = Certificate.objects.get().verification_code
    page = client.get(reverse("venues:certificate-verify"), {"kod": code.lower()}).content.decode()
    assert 'data-testid="verify-ok"' in page and "Ayşe Y." in page and "Yılmaz" not in page
    page = client.get(reverse("venues:certificate-verify"), {"kod": "AAAAAAAAAA"}).content.decode()
    assert 'data-testid="verify-fail"' in page
