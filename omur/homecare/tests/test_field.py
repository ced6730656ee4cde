import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from omur.cases.models import Task
from omur.core.calendar import is_working_day
from omur.homecare.models import RepairStatus, Skill, Trade, Visit, VisitSource, VisitStatus
from omur.homecare.services import (
    MaterialLine,
    NotAllowed,
    repair_job_create,
    repair_job_schedule,
    visit_check_in,
    visit_record_outcome,
)
from omur.homecare.services.field import NotCheckedIn
from omur.homecare.tests.factories import StaffMemberFactory, VisitFactory


@pytest.fixture
def visit(person: Any, carer: Any) -> Visit:
    return VisitFactory(
        person=person, date=timezone.localdate(), lat=36.80, lon=34.60, assigned_staff=carer, sequence=1
    )


def test_check_in_near_the_address_is_not_flagged(visit: Visit, caregiver: Any, audit_events: Any) -> None:
    visit = visit_check_in(actor=caregiver, visit=visit, lat=36.8005, lon=34.6005)
    assert visit.status == VisitStatus.IN_PROGRESS and visit.checked_in_at is not None
    assert visit.check_in_distance_m is not None and visit.check_in_distance_m < 200
    assert not visit.location_flagged
    assert visit.provider is not None and visit.provider.user == caregiver
    assert audit_events.filter(action="visit.check_in", object_id=str(visit.pk)).exists()


def test_check_in_far_away_is_flagged(visit: Visit, caregiver: Any) -> None:
    visit = visit_check_in(actor=caregiver, visit=visit, lat=36.81, lon=34.60)  # about 1.1 km north
    assert visit.check_in_distance_m is not None and visit.check_in_distance_m > 1000
    assert visit.location_flagged


def test_check_in_without_gps_and_twice(visit: Visit, caregiver: Any) -> None:
    from omur.homecare.services.field import AlreadyCheckedIn

    visit = visit_check_in(actor=caregiver, visit=visit)
    assert visit.check_in_distance_m is None and not visit.location_flagged
    with pytest.raises(AlreadyCheckedIn):
        visit_check_in(actor=caregiver, visit=visit)


def test_other_carer_cannot_check_in(visit: Visit, second_caregiver: Any) -> None:
    StaffMemberFactory(user=second_caregiver)
    with pytest.raises(NotAllowed):
        visit_check_in(actor=second_caregiver, visit=visit)


def test_done_needs_check_in_then_records_times(visit: Visit, caregiver: Any) -> None:
    with pytest.raises(NotCheckedIn):
        visit_record_outcome(actor=caregiver, visit=visit, outcome="done")
    visit_check_in(actor=caregiver, visit=visit, lat=36.80, lon=34.60)
    result = visit_record_outcome(actor=caregiver, visit=visit, outcome="done", note="Banyo yapıldı")
    visit = result["visit"]
    assert visit.status == VisitStatus.DONE and visit.checked_out_at >= visit.checked_in_at
    assert "task" not in result and "rescheduled" not in result
    # The carer's note is health data: the database holds a token, the page reads the text.
    raw = Visit.objects.filter(pk=visit.pk).values_list("outcome_note", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome_note FROM homecare_visit WHERE id = %s", [visit.pk])
        stored = cursor.fetchone()[0]
    assert stored and "Banyo" not in stored and list(raw) == ["Banyo yapıldı"]


def test_not_at_home_is_rescheduled_next_working_day(visit: Visit, caregiver: Any) -> None:
    result = visit_record_outcome(actor=caregiver, visit=visit, outcome="not_home", note="Kapı açılmadı")
    again = result["rescheduled"]
    assert again.source == VisitSource.RESCHEDULED and again.rescheduled_from == visit
    assert again.date > visit.date and is_working_day(again.date)
    assert all(not is_working_day(visit.date + dt.timedelta(days=d)) for d in range(1, (again.date - visit.date).days))
    assert again.status == VisitStatus.SCHEDULED and again.assigned_staff is None
    # The first visit still has its start and end time (recorded at the door).
    visit.refresh_from_db()
    assert visit.checked_in_at and visit.checked_out_at
    # Second miss: a task for the case manager instead of a third visit.
    again.assigned_staff = visit.assigned_staff
    again.date = timezone.localdate()
    again.save()
    second = visit_record_outcome(actor=caregiver, visit=again, outcome="not_home")
    assert "task" in second and "rescheduled" not in second


def test_refused_and_hospitalised_raise_a_task_once(visit: Visit, caregiver: Any) -> None:
    result = visit_record_outcome(actor=caregiver, visit=visit, outcome="hospitalised", note="Devlet hastanesinde")
    task = result["task"]
    assert task.person == visit.person and task.status == "open" and task.dedupe_key == f"homecare-visit:{visit.pk}"
    assert Task.objects.filter(dedupe_key=f"homecare-visit:{visit.pk}").count() == 1
    assert not Visit.objects.filter(rescheduled_from=visit).exists()


def test_repair_job_flow(person: Any, office_manager: Any, craftsperson: Any) -> None:
    usta = StaffMemberFactory(user=craftsperson, profession="craftsperson", skills=[Skill.TRADE_LOCKSMITH], sex="M")
    job = repair_job_create(
        actor=office_manager,
        person=person,
        problem="Kapı kilidi kırık",
        trade=Trade.LOCKSMITH,
        estimated_minutes=60,
        materials=[MaterialLine("kapı kilidi", Decimal(1)), MaterialLine("vida", Decimal(8), "adet")],
    )
    assert job.status == RepairStatus.REQUESTED and job.materials.count() == 2
    visit = repair_job_schedule(actor=office_manager, job=job, day=timezone.localdate())
    assert visit.required_skill == "trade_locksmith" and visit.duration_minutes == 60 and visit.repair_job == job
    job.refresh_from_db()
    assert job.status == RepairStatus.SCHEDULED
    visit.assigned_staff = usta
    visit.save()
    visit_check_in(actor=craftsperson, visit=visit)
    lock, screws = job.materials.order_by("pk")
    visit_record_outcome(
        actor=craftsperson,
        visit=visit,
        outcome="done",
        note="Kilit değişti",
        materials_used={lock.pk: Decimal(1), screws.pk: Decimal(6)},
    )
    job.refresh_from_db()
    screws.refresh_from_db()
    assert job.status == RepairStatus.DONE and job.completion_notes == "Kilit değişti" and job.completed_at
    assert screws.quantity_used == Decimal(6)


def test_repair_create_refused_for_craftsperson(person: Any, craftsperson: Any) -> None:
    with pytest.raises(NotAllowed):
        repair_job_create(actor=craftsperson, person=person, problem="x", trade=Trade.PLUMBER)
