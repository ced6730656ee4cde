"""Sessions from recurrence rules (public holidays skipped, opening hours and room size checked) and
attendance, with the absence signal to the case manager."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from omur.cases.models import Task, TaskStatus
from omur.cases.tests.factories import EnrolmentFactory as CaseEnrolmentFactory
from omur.registry.tests.factories import PersonFactory
from omur.venues import services
from omur.venues.models import AttendanceStatus, Session
from omur.venues.services.attendance import absences_in_a_row
from omur.venues.tests.factories import ActivityFactory, LocationFactory, RoomFactory, TermFactory, open_all_week


def _create(actor: Any, **extra: Any) -> Any:
    base = ActivityFactory.build()
    fields = {
        "name": "Seramik",
        "kind": "course",
        "service": ActivityFactory().service,
        "location": extra.pop("location", None) or LocationFactory(),
        "term": TermFactory(),
        "starts_on": base.starts_on,
        "ends_on": base.ends_on,
        "recurrence": "FREQ=WEEKLY;BYDAY=MO",
        "starts_at": dt.time(10, 0),
        "duration_minutes": 90,
        "capacity": 10,
    }
    fields.update(extra)
    return services.activity_create(actor=actor, **fields)


def test_public_holidays_are_skipped() -> None:
    # 2025: 29 October (Republic Day) is a Wednesday; 1 May a Thursday.
    dates, skipped = services.expand_dates("FREQ=WEEKLY;BYDAY=WE", dt.date(2025, 10, 15), dt.date(2025, 11, 5))
    assert dates == [dt.date(2025, 10, 15), dt.date(2025, 10, 22), dt.date(2025, 11, 5)]
    assert list(skipped) == [dt.date(2025, 10, 29)]


def test_activity_create_generates_sessions_without_holidays(centre_staff: Any) -> None:
    activity = _create(
        centre_staff,
        starts_on=dt.date(2025, 4, 28),
        ends_on=dt.date(2025, 5, 23),
        recurrence="FREQ=WEEKLY;BYDAY=MO,TH",
    )
    days = list(Session.objects.filter(activity=activity).values_list("date", flat=True))
    assert dt.date(2025, 5, 1) not in days and dt.date(2025, 5, 19) not in days  # Labour Day, Youth Day
    assert dt.date(2025, 4, 28) in days and dt.date(2025, 5, 22) in days
    assert len(days) == 6


def test_session_outside_opening_hours_is_refused(centre_staff: Any) -> None:
    location = LocationFactory()
    open_all_week(location)  # 08:00–22:00
    with pytest.raises(ValidationError) as refused:
        _create(centre_staff, location=location, starts_at=dt.time(21, 30), duration_minutes=60)
    assert "starts_at" in refused.value.message_dict


def test_room_too_small_is_refused(centre_staff: Any) -> None:
    room = RoomFactory(capacity=8)
    with pytest.raises(ValidationError) as refused:
        _create(centre_staff, location=room.location, room=room, capacity=12)
    assert "capacity" in refused.value.message_dict


@pytest.fixture
def running(centre_staff: Any) -> Any:
    """An activity that started four weeks ago, every Monday, with one enrolled person."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    activity = ActivityFactory(
        starts_on=monday - dt.timedelta(weeks=6), ends_on=monday + dt.timedelta(weeks=4), absence_limit=3
    )
    dates = [monday - dt.timedelta(weeks=w) for w in range(6, -1, -1)]
    Session.objects.bulk_create(
        Session(activity=activity, date=d, starts_at=dt.time(10), ends_at=dt.time(11, 30)) for d in dates
    )
    person = PersonFactory()
    enrolment = services.enrolment_create(actor=centre_staff, activity=activity, person=person)
    return activity, enrolment, list(Session.objects.filter(activity=activity).order_by("date"))


def test_three_absences_in_a_row_raise_one_task_for_the_case_manager(
    centre_staff: Any, social_worker: Any, running: Any
) -> None:
    _activity, enrolment, sessions = running
    CaseEnrolmentFactory(person=enrolment.person, case_manager=social_worker)
    services.attendance_mark(actor=centre_staff, session=sessions[0], enrolment=enrolment, status="present")
    services.attendance_mark(actor=centre_staff, session=sessions[1], enrolment=enrolment, status="absent")
    services.attendance_mark(actor=centre_staff, session=sessions[2], enrolment=enrolment, status="excused")
    services.attendance_mark(actor=centre_staff, session=sessions[3], enrolment=enrolment, status="absent")
    assert not Task.objects.filter(source="absence").exists()
    services.attendance_mark(actor=centre_staff, session=sessions[4], enrolment=enrolment, status="absent")
    assert absences_in_a_row(enrolment) == 3
    task = Task.objects.get(source="absence")
    assert task.assignee == social_worker and task.person == enrolment.person and task.related == enrolment
    services.attendance_mark(actor=centre_staff, session=sessions[5], enrolment=enrolment, status="absent")
    assert Task.objects.filter(source="absence").count() == 1  # deduplicated while open
    services.attendance_mark(actor=centre_staff, session=sessions[6], enrolment=enrolment, status="present")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE  # she came back


def test_absence_limit_is_per_activity(centre_staff: Any, running: Any) -> None:
    activity, enrolment, sessions = running
    activity.absence_limit = 2
    activity.save()
    enrolment.activity.refresh_from_db()
    for s in sessions[:2]:
        services.attendance_mark(actor=centre_staff, session=s, enrolment=enrolment, status="absent")
    task = Task.objects.get(source="absence")
    assert task.assignee is None and task.assignee_role == "social_worker"  # no case manager: the queue


def test_attendance_refused_for_future_sessions_and_waiting_people(centre_staff: Any, running: Any) -> None:
    activity, enrolment, sessions = running
    future = Session.objects.create(
        activity=activity, date=timezone.localdate() + dt.timedelta(days=7), starts_at=dt.time(10), ends_at=dt.time(11)
    )
    with pytest.raises(services.AttendanceNotAllowed):
        services.attendance_mark(actor=centre_staff, session=future, enrolment=enrolment, status="present")
    activity.capacity = 1
    activity.save()  # the places counter is never written back from a stale copy
    activity.refresh_from_db()
    assert activity.places_taken == 1
    waiting = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    with pytest.raises(services.AttendanceNotAllowed):
        services.attendance_mark(actor=centre_staff, session=sessions[0], enrolment=waiting, status="present")


def test_attendance_toggle_changes_the_mark(centre_staff: Any, running: Any, audit_events: Any) -> None:
    _activity, enrolment, sessions = running
    services.attendance_mark(actor=centre_staff, session=sessions[0], enrolment=enrolment, status="absent")
    mark = services.attendance_mark(actor=centre_staff, session=sessions[0], enrolment=enrolment, status="present")
    assert mark.status == AttendanceStatus.PRESENT and enrolment.attendance.count() == 1
    assert audit_events.filter(action="attendance.mark").count() == 2
