import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from omur.cases.models import CarePlan, CarePlanItem, EnrolmentStatus
from omur.cases.services import CarePlanLine, care_plan_save
from omur.cases.tests.factories import EnrolmentFactory, ServiceFactory
from omur.homecare.models import Skill, Visit, VisitSource, VisitStatus
from omur.homecare.services import visits_materialise


@pytest.fixture
def plan(person: Any, caregiver: Any) -> CarePlan:
    enrolment = EnrolmentFactory(
        person=person, service=ServiceFactory(code="kisisel-bakim"), start_date=dt.date(2025, 1, 1)
    )
    care_plan = CarePlan.objects.create(
        enrolment=enrolment,
        window_start=dt.time(10),
        window_end=dt.time(14),
        same_sex_carer=True,
        preferred_staff=caregiver,
        notes="Kapı zili çalışmıyor",
    )
    CarePlanItem.objects.create(
        care_plan=care_plan, task_type="personal_care", recurrence="FREQ=WEEKLY;BYDAY=MO,TH", duration_minutes=60
    )
    return care_plan


def test_materialise_skips_holidays_and_is_idempotent(plan: CarePlan, carer: Any) -> None:
    # 2025-04-21 Monday .. 2025-05-04: 23 April and 1 May (Thursday) are public holidays.
    start = dt.date(2025, 4, 21)
    result = visits_materialise(start=start, days=14, edit_from=start)
    dates = sorted(Visit.objects.values_list("date", flat=True))
    assert dates == [dt.date(2025, 4, 21), dt.date(2025, 4, 24), dt.date(2025, 4, 28)]
    assert dt.date(2025, 5, 1) in result.skipped_holidays
    visit = Visit.objects.get(date=dt.date(2025, 4, 21))
    assert visit.source == VisitSource.CARE_PLAN and visit.kind == "personal_care"
    assert visit.required_skill == Skill.PERSONAL_CARE and visit.same_sex
    assert (visit.window_start, visit.window_end, visit.duration_minutes) == (dt.time(10), dt.time(14), 60)
    assert visit.preferred_staff == carer
    assert visit.notes == "Kapı zili çalışmıyor"
    again = visits_materialise(start=start, days=14, edit_from=start)
    assert (again.created, again.updated, again.cancelled) == (0, 0, 0)
    assert Visit.objects.count() == 3


def test_plan_edit_changes_future_unlocked_visits_only(
    plan: CarePlan, social_worker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    visits_materialise(start=today - dt.timedelta(days=7), days=21, edit_from=today - dt.timedelta(days=7))
    past = Visit.objects.filter(date__lt=today).order_by("date").first()
    future = list(Visit.objects.filter(date__gt=today).order_by("date"))
    assert past is not None and len(future) >= 2
    locked = future[0]
    locked.locked = True
    locked.save()
    done = future[1]
    done.status = VisitStatus.DONE
    done.save()
    with django_capture_on_commit_callbacks(execute=True):
        care_plan_save(
            actor=social_worker,
            enrolment=plan.enrolment,
            items=[CarePlanLine("personal_care", "FREQ=WEEKLY;BYDAY=MO,TH", 90)],
            window_start=dt.time(9),
            window_end=dt.time(12),
            same_sex_carer=True,
        )
    past.refresh_from_db()
    locked.refresh_from_db()
    done.refresh_from_db()
    assert past.duration_minutes == 60 and past.window_start == dt.time(10)
    assert locked.duration_minutes == 60
    assert done.duration_minutes == 60
    others = Visit.objects.filter(date__gt=today, status=VisitStatus.SCHEDULED, locked=False)
    assert others.exists()
    assert set(others.values_list("duration_minutes", "window_start")) == {(90, dt.time(9))}
    assert set(others.values_list("preferred_staff", flat=True)) == {None}  # no preferred carer any more


def test_dropped_days_cancelled_and_inactive_enrolment_loses_future_visits(plan: CarePlan) -> None:
    today = timezone.localdate()
    visits_materialise(start=today, days=14)
    item = plan.items.get()
    item.recurrence = "FREQ=WEEKLY;BYDAY=MO"
    item.save()
    result = visits_materialise(start=today, days=14)
    assert result.cancelled >= 1
    remaining = Visit.objects.filter(date__gt=today).exclude(status=VisitStatus.CANCELLED)
    assert {d.weekday() for d in remaining.values_list("date", flat=True)} <= {0}
    plan.enrolment.status = EnrolmentStatus.SUSPENDED
    plan.enrolment.save()
    visits_materialise(start=today, days=14)
    assert not Visit.objects.filter(date__gt=today, status=VisitStatus.SCHEDULED).exists()


def test_materialise_refused_for_field_staff(plan: CarePlan, caregiver: Any) -> None:
    from omur.homecare.services import NotAllowed

    with pytest.raises(NotAllowed):
        visits_materialise(actor=caregiver)
