"""The daily pass-on rule: one task per obligation that became overdue, one per obligation newly at
risk (raised once), routed to the social workers' queue, closed when the obligation is fulfilled."""

import datetime as dt
from typing import Any

from django.utils import timezone

from omur.accounts.roles import Role
from omur.benefits.models import GrantCohort, GrantStatus
from omur.benefits.services import grants
from omur.benefits.services.obligations import SOURCE_AT_RISK, SOURCE_OVERDUE, obligation_tasks_raise
from omur.benefits.tests.test_grants import births, breeder, cohort, scheme, village, villager  # noqa: F401
from omur.cases.models import Task, TaskStatus

START = dt.date(2021, 1, 1)  # a five-year obligation: 25 animals by 01.01.2026


def test_at_risk_then_overdue_tasks_are_raised_once_each(
    cohort: GrantCohort,  # noqa: F811
    village: Any,  # noqa: F811
    social_worker: Any,
) -> None:
    behind = breeder(social_worker, cohort, villager(village), start=START)
    on_pace = breeder(social_worker, cohort, villager(village), start=START)
    assert behind.obligation_due == dt.date(2026, 1, 1)
    # The second breeder keeps pace: 10 of 25 passed on by the end of the second year.
    born = births(social_worker, on_pace, 10, dt.date(2021, 6, 1))
    receiver = grants.pass_on_record(
        actor=social_worker,
        from_grant=on_pace,
        person=villager(village),
        tags=born,
        transferred_on=dt.date(2022, 12, 1),
    ).to_grant

    # One year in nothing is expected yet beyond a straight-line pace of 5: the first is behind.
    assert obligation_tasks_raise(today=dt.date(2021, 12, 31)) == {"overdue": 0, "at_risk": 1}
    task = Task.objects.get(source=SOURCE_AT_RISK)
    assert task.person_id == behind.person_id and task.related_id == behind.pk
    assert task.assignee_id is None and task.assignee_role == Role.SOCIAL_WORKER
    assert behind.person.full_name in task.title and "25" in task.title and "01.01.2026" in task.title
    assert task.due == dt.date(2021, 12, 31) + dt.timedelta(days=30)

    # Still at risk the next day and a year later: no copy, even after the task was dealt with.
    assert obligation_tasks_raise(today=dt.date(2022, 1, 1)) == {"overdue": 0, "at_risk": 0}
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, closed_at=timezone.now())
    assert obligation_tasks_raise(today=dt.date(2023, 1, 1)) == {"overdue": 0, "at_risk": 0}
    assert Task.objects.filter(source=SOURCE_AT_RISK).count() == 1

    # On the last day the second breeder has fallen behind (10 of 25), and so has the breeder who
    # received those 10 animals in 2022 and passed none on yet: each newly at risk, once.
    assert obligation_tasks_raise(today=dt.date(2026, 1, 1)) == {"overdue": 0, "at_risk": 2}
    assert set(Task.objects.filter(source=SOURCE_AT_RISK).values_list("related_id", flat=True)) == {
        behind.pk,
        on_pace.pk,
        receiver.pk,
    }
    # The deadline passes: the obligations became overdue, a second, more urgent task (once).
    assert obligation_tasks_raise(today=dt.date(2026, 1, 2)) == {"overdue": 2, "at_risk": 0}
    overdue = Task.objects.get(source=SOURCE_OVERDUE, related_id=behind.pk)
    assert "25" in overdue.title and "01.01.2026" in overdue.title
    assert overdue.priority > task.priority and overdue.due == dt.date(2026, 1, 9)
    # The one on pace until the deadline still owes 15 by then.
    other = Task.objects.get(source=SOURCE_OVERDUE, related_id=on_pace.pk)
    assert "15" in other.title and on_pace.person.full_name in other.title
    assert obligation_tasks_raise(today=dt.date(2026, 1, 3)) == {"overdue": 0, "at_risk": 0}


def test_fulfilling_the_obligation_closes_its_tasks(
    cohort: GrantCohort,  # noqa: F811
    village: Any,  # noqa: F811
    social_worker: Any,
    audit_events: Any,
) -> None:
    grant = breeder(social_worker, cohort, villager(village), start=START)
    born = births(social_worker, grant, 25, dt.date(2021, 6, 1))
    obligation_tasks_raise(today=dt.date(2026, 2, 1))
    task = Task.objects.get(source=SOURCE_OVERDUE, related_id=grant.pk)
    grants.pass_on_record(
        actor=social_worker, from_grant=grant, person=villager(village), tags=born, transferred_on=dt.date(2026, 2, 10)
    )
    grant.refresh_from_db()
    task.refresh_from_db()
    assert grant.status == GrantStatus.FULFILLED and task.status == TaskStatus.DONE
    assert audit_events.filter(action="task.auto_complete").exists()
    # Fulfilled obligations and the receiver's new, on-pace one raise nothing.
    assert obligation_tasks_raise(today=dt.date(2026, 2, 11)) == {"overdue": 0, "at_risk": 0}


def test_one_off_and_cancelled_grants_raise_nothing(
    cohort: GrantCohort,  # noqa: F811
    village: Any,  # noqa: F811
    social_worker: Any,
) -> None:
    grant = breeder(social_worker, cohort, villager(village), start=START)
    grant.status = GrantStatus.CANCELLED
    grant.save(update_fields=["status"])
    assert obligation_tasks_raise(today=dt.date(2027, 1, 1)) == {"overdue": 0, "at_risk": 0}
    assert not Task.objects.exists()


def test_the_job_is_scheduled_daily() -> None:
    from omur.benefits.tasks import benefits_daily
    from omur.core.schedules import SCHEDULES

    assert SCHEDULES["benefits.daily"].task is benefits_daily


def test_catching_up_closes_the_at_risk_task(
    cohort: GrantCohort,  # noqa: F811
    village: Any,  # noqa: F811
    social_worker: Any,
) -> None:
    today = timezone.localdate()
    grant = breeder(social_worker, cohort, villager(village), start=today - dt.timedelta(days=730))
    born = births(social_worker, grant, 12, today - dt.timedelta(days=600))
    assert obligation_tasks_raise(today=today) == {"overdue": 0, "at_risk": 1}  # 0 of the ~10 due by now
    task = Task.objects.get(source=SOURCE_AT_RISK, related_id=grant.pk)
    # Two animals are not enough to be back on pace: the task stays open.
    grants.pass_on_record(actor=social_worker, from_grant=grant, person=villager(village), tags=born[:2])
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    grants.pass_on_record(actor=social_worker, from_grant=grant, person=villager(village), tags=born[2:])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
