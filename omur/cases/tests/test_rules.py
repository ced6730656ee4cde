"""The daily job: age limits (with the birthday boundary), deaths, reviews and re-assessments."""

import datetime as dt
from typing import Any

import pytest

from omur.cases import services
from omur.cases.models import CloseReason, Enrolment, EnrolmentStatus, Task, TaskSource, TaskStatus
from omur.cases.services import age_limit_day, cases_daily_rules
from omur.cases.tasks import cases_daily
from omur.cases.tests.factories import EnrolmentFactory, LifeStageFactory, ServiceFactory
from omur.registry.tests.factories import PersonFactory


@pytest.fixture
def autism_service(db: Any) -> Any:
    infant = LifeStageFactory(code="t-infant", min_age_months=0, max_age_months=12)
    early = LifeStageFactory(code="t-early", min_age_months=0, max_age_months=72)
    return ServiceFactory(
        name_tr="Otizmli Çocuklara Özel Eğitim",
        delivery_model="neighbourhood",
        mechanism="session",
        stages=[infant, early],
    )


@pytest.fixture
def child_enrolment(autism_service: Any, social_worker: Any) -> Enrolment:
    child = PersonFactory(birth_date=dt.date(2020, 3, 15))
    return EnrolmentFactory(person=child, service=autism_service, case_manager=social_worker)


def test_age_limit_day_handles_month_ends() -> None:
    assert age_limit_day(dt.date(2020, 3, 15), 72) == dt.date(2026, 3, 15)
    assert age_limit_day(dt.date(2020, 2, 29), 72) == dt.date(2026, 2, 28)
    assert age_limit_day(dt.date(2019, 8, 31), 6) == dt.date(2020, 2, 29)


def test_the_day_before_the_72_month_birthday_only_warns(child_enrolment: Enrolment, social_worker: Any) -> None:
    counts = cases_daily_rules(today=dt.date(2026, 3, 14))
    child_enrolment.refresh_from_db()
    assert child_enrolment.status == EnrolmentStatus.ACTIVE
    warning = Task.objects.get(source=TaskSource.AGE_OUT)
    assert warning.due == dt.date(2026, 3, 15) and warning.assignee == social_worker and "15.03.2026" in warning.title
    assert counts == {"age_out_warnings": 1}


def test_on_the_72_month_birthday_the_enrolment_closes(
    child_enrolment: Enrolment, social_worker: Any, audit_events: Any
) -> None:
    cases_daily_rules(today=dt.date(2026, 3, 14))  # the warning
    counts = cases_daily_rules(today=dt.date(2026, 3, 15))
    child_enrolment.refresh_from_db()
    assert (child_enrolment.status, child_enrolment.close_reason, child_enrolment.end_date) == (
        EnrolmentStatus.CLOSED,
        CloseReason.AGED_OUT,
        dt.date(2026, 3, 15),
    )
    assert counts["aged_out"] == 1
    tasks = Task.objects.filter(source=TaskSource.AGE_OUT).order_by("pk")
    # The warning is done (the enrolment closed); the new task asks what comes next.
    assert [t.status for t in tasks] == [TaskStatus.DONE, TaskStatus.OPEN]
    assert tasks[1].assignee == social_worker and tasks[1].related == child_enrolment
    last = child_enrolment.history.last()
    assert last.changed_by is None and last.reason == CloseReason.AGED_OUT
    assert audit_events.filter(action="enrolment.transition", actor__isnull=True).exists()


def test_more_than_a_month_before_nothing_happens(child_enrolment: Enrolment) -> None:
    assert cases_daily_rules(today=dt.date(2026, 2, 1)) == {}
    assert not Task.objects.exists()


def test_running_twice_raises_nothing_twice(child_enrolment: Enrolment) -> None:
    cases_daily_rules(today=dt.date(2026, 3, 1))
    cases_daily_rules(today=dt.date(2026, 3, 1))
    cases_daily_rules(today=dt.date(2026, 3, 2))
    assert Task.objects.count() == 1


def test_a_closed_warning_does_not_come_back(child_enrolment: Enrolment, social_worker: Any) -> None:
    cases_daily_rules(today=dt.date(2026, 3, 1))
    services.task_complete(actor=social_worker, task=Task.objects.get())
    cases_daily_rules(today=dt.date(2026, 3, 2))
    assert Task.objects.count() == 1


def test_adult_limits_prompt_a_review_and_never_close(social_worker: Any) -> None:
    adults = LifeStageFactory(code="t-adults", min_age_months=216, max_age_months=779)
    course = ServiceFactory(
        name_tr="Kadın Ustalar", delivery_model="neighbourhood", mechanism="session", stages=[adults]
    )
    woman = PersonFactory(birth_date=dt.date(1960, 1, 10))
    enrolment = EnrolmentFactory(person=woman, service=course, case_manager=social_worker)
    counts = cases_daily_rules(today=dt.date(2026, 1, 10))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE and counts == {"age_out_reviews": 1}


def test_open_ended_stages_never_age_out(social_worker: Any) -> None:
    elderly = LifeStageFactory(code="t-elderly", min_age_months=780, max_age_months=None)
    service = ServiceFactory(stages=[elderly])
    EnrolmentFactory(person=PersonFactory(birth_date=dt.date(1920, 1, 1)), service=service)
    assert cases_daily_rules(today=dt.date(2026, 1, 1)) == {}


def test_deceased_people_are_closed(social_worker: Any) -> None:
    person = PersonFactory(date_of_death=dt.date(2026, 1, 3))
    enrolment = EnrolmentFactory(person=person, case_manager=social_worker)
    cases_daily_rules(today=dt.date(2026, 1, 4))
    enrolment.refresh_from_db()
    assert enrolment.close_reason == CloseReason.DECEASED
    assert Task.objects.get(source=TaskSource.CASE_CLOSED).assignee == social_worker


def test_review_due_raises_a_task_a_week_ahead_for_the_case_manager(social_worker: Any) -> None:
    enrolment = EnrolmentFactory(case_manager=social_worker, review_on=dt.date(2026, 5, 20))
    assert cases_daily_rules(today=dt.date(2026, 5, 12)) == {}
    assert cases_daily_rules(today=dt.date(2026, 5, 13)) == {"reviews_due": 1}
    task = Task.objects.get()
    assert (task.source, task.due, task.assignee, task.related) == (
        TaskSource.REVIEW_DUE,
        dt.date(2026, 5, 20),
        social_worker,
        enrolment,
    )
    # A new review date is a new reminder.
    Enrolment.objects.filter(pk=enrolment.pk).update(review_on=dt.date(2026, 11, 20))
    assert cases_daily_rules(today=dt.date(2026, 11, 15)) == {"reviews_due": 1}


def test_review_without_a_manager_goes_to_the_social_workers(db: Any) -> None:
    EnrolmentFactory(case_manager=None, review_on=dt.date(2026, 5, 1))
    cases_daily_rules(today=dt.date(2026, 5, 1))
    assert Task.objects.get().assignee_role == "social_worker"


def test_reassessment_task_when_due_unless_a_newer_assessment_exists(
    person: Any, social_worker: Any, sociologist: Any
) -> None:
    from omur.cases.models import Assessment, AssessmentStatus

    old = Assessment.objects.create(
        person=person,
        assessor=sociologist,
        scheduled_on=dt.date(2025, 6, 1),
        status=AssessmentStatus.APPROVED,
        decided_on=dt.date(2025, 6, 5),
        reassess_on=dt.date(2026, 6, 5),
    )
    assert cases_daily_rules(today=dt.date(2026, 5, 1)) == {}
    assert cases_daily_rules(today=dt.date(2026, 6, 1)) == {"reassessments_due": 1}
    task = Task.objects.get()
    assert (task.assignee, task.due, task.related) == (sociologist, dt.date(2026, 6, 5), old)
    Task.objects.all().delete()
    services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=dt.date(2026, 6, 3)
    )
    Task.objects.all().delete()
    assert cases_daily_rules(today=dt.date(2026, 6, 2)) == {}


def test_the_daily_task_runs_the_rules(child_enrolment: Enrolment) -> None:
    result = cases_daily.enqueue()
    assert result.status == "SUCCESSFUL"


def test_the_daily_schedule_is_registered() -> None:
    from omur.core.schedules import SCHEDULES

    assert SCHEDULES["cases.daily"].task is cases_daily
