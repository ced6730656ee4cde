"""Tasks and alerts: task_raise (routing, dedupe), the inbox selector and page, the actions."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from conftest import make_user
from omur.accounts.roles import Role
from omur.cases import selectors, services
from omur.cases.models import EnrolmentStatus, Task, TaskStatus
from omur.cases.selectors import Due, Scope
from omur.cases.tests.factories import EnrolmentFactory
from omur.registry.tests.factories import PersonFactory

TODAY = dt.date(2026, 3, 10)


def test_task_raise_goes_to_the_case_manager_of_the_active_enrolment(person: Any, social_worker: Any) -> None:
    EnrolmentFactory(person=person, case_manager=social_worker, status=EnrolmentStatus.ACTIVE)
    task = services.task_raise(source="missed_meal", title="Yemek teslim edilemedi", person=person)
    assert task.assignee == social_worker and task.assignee_role == "" and task.created


def test_task_raise_falls_back_to_the_social_worker_role(person: Any) -> None:
    task = services.task_raise(source="unanswered_call", title="Arama cevapsız", person=person)
    assert task.assignee is None and task.assignee_role == Role.SOCIAL_WORKER


def test_case_manager_for_skips_leavers_and_closed_and_prefers_active(
    person: Any, social_worker: Any, second_social_worker: Any
) -> None:
    leaver = make_user(Role.SOCIAL_WORKER, username="leaver_sw", is_active=False)
    EnrolmentFactory(person=person, case_manager=leaver, status=EnrolmentStatus.ACTIVE, start_date=dt.date(2026, 1, 1))
    EnrolmentFactory(person=person, case_manager=second_social_worker, status=EnrolmentStatus.SUSPENDED)
    assert selectors.case_manager_for(person) == second_social_worker
    EnrolmentFactory(
        person=person, case_manager=social_worker, status=EnrolmentStatus.ACTIVE, start_date=dt.date(2025, 1, 1)
    )
    assert selectors.case_manager_for(person) == social_worker
    assert selectors.case_manager_for(PersonFactory()) is None


def test_task_raise_deduplicates_while_open(person: Any, audit_events: Any) -> None:
    first = services.task_raise(source="review_due", title="İnceleme", person=person, dedupe_key="review:1:2026-03-10")
    again = services.task_raise(source="review_due", title="İnceleme", person=person, dedupe_key="review:1:2026-03-10")
    assert first.pk == again.pk and first.created and not again.created
    assert Task.objects.count() == 1
    assert audit_events.filter(action="task.create").count() == 1


def test_task_raise_after_the_task_is_closed_raises_a_new_one(person: Any, social_worker: Any) -> None:
    first = services.task_raise(source="review_due", title="İnceleme", person=person, dedupe_key="k")
    services.task_complete(actor=social_worker, task=first)
    second = services.task_raise(source="review_due", title="İnceleme", person=person, dedupe_key="k")
    assert second.pk != first.pk and second.created


def test_task_raise_refuses_unknown_role_inactive_user_and_empty_title(person: Any) -> None:
    with pytest.raises(services.TaskRoleUnknown):
        services.task_raise(source="manual", title="x", assignee_role="auditor")
    with pytest.raises(services.TaskAssigneeInactive):
        services.task_raise(
            source="manual", title="x", assignee=make_user(Role.NURSE, username="gone", is_active=False)
        )
    with pytest.raises(services.TaskTitleRequired):
        services.task_raise(source="manual", title="  ", person=person)


def test_task_raise_records_related_object_and_audit(person: Any, social_worker: Any, audit_events: Any) -> None:
    enrolment = EnrolmentFactory(person=person)
    task = services.task_raise(actor=social_worker, source="manual", title="Ara", person=person, related=enrolment)
    assert task.related == enrolment
    event = audit_events.get(action="task.create")
    assert event.actor == social_worker and event.changes["person"] == person.pk


@pytest.mark.django_db(transaction=True)
def test_task_raise_under_concurrency_creates_one_task() -> None:
    person = PersonFactory()
    outcomes: list[bool] = []

    def attempt() -> None:
        try:
            task = services.task_raise(source="absence", title="Devamsızlık", person=person, dedupe_key="absence:1")
            outcomes.append(task.created)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Task.objects.filter(dedupe_key="absence:1").count() == 1
    assert outcomes.count(True) == 1 and len(outcomes) == 8


def test_task_actions_check_the_owner(
    person: Any, social_worker: Any, nurse: Any, office_manager: Any, audit_events: Any
) -> None:
    role_task = services.task_raise(source="manual", title="Kuyruk", assignee_role=Role.SOCIAL_WORKER)
    with pytest.raises(services.TaskNotYours):
        services.task_complete(actor=nurse, task=role_task)
    services.task_take(actor=social_worker, task=role_task)
    assert Task.objects.get(pk=role_task.pk).assignee == social_worker
    services.task_complete(actor=social_worker, task=role_task, note="Arandı")
    role_task.refresh_from_db()
    assert (
        role_task.status == TaskStatus.DONE
        and role_task.closed_by == social_worker
        and role_task.resolution == "Arandı"
    )
    with pytest.raises(services.TaskAlreadyClosed):
        services.task_cancel(actor=office_manager, task=role_task)
    assert audit_events.filter(action="task.complete", object_id=str(role_task.pk)).exists()


def test_office_manager_may_close_anyones_task(person: Any, social_worker: Any, office_manager: Any) -> None:
    task = services.task_raise(source="manual", title="x", assignee=social_worker)
    services.task_cancel(actor=office_manager, task=task, note="mükerrer")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


def test_inbox_scopes_and_due_filters(social_worker: Any, second_social_worker: Any, nurse: Any) -> None:
    mine = services.task_raise(source="manual", title="Benim", assignee=social_worker, due=TODAY - dt.timedelta(days=1))
    role = services.task_raise(
        source="manual", title="Rol", assignee_role=Role.SOCIAL_WORKER, due=TODAY + dt.timedelta(days=3)
    )
    services.task_raise(source="manual", title="Başkası", assignee=second_social_worker, due=TODAY)
    services.task_raise(source="manual", title="Hemşire", assignee_role=Role.NURSE)
    nodue = services.task_raise(source="manual", title="Tarihsiz", assignee=social_worker)

    def titles(**kw: Any) -> list[str]:
        return [t.title for t in selectors.task_inbox(actor=social_worker, today=TODAY, **kw)]

    assert titles() == ["Benim", "Rol", "Tarihsiz"]  # overdue first, undated last
    assert titles(scope=Scope.MINE) == ["Benim", "Tarihsiz"]
    assert titles(scope=Scope.ROLE) == ["Rol"]
    assert titles(due=Due.OVERDUE) == ["Benim"]
    assert titles(due=Due.WEEK) == ["Benim", "Rol"]
    assert titles(due=Due.NONE) == ["Tarihsiz"]
    # Only the office manager sees everyone's.
    assert titles(scope=Scope.ALL) == ["Benim", "Rol", "Tarihsiz"]
    assert selectors.task_counts(actor=social_worker, today=TODAY) == {"open": 3, "mine": 2, "overdue": 1, "week": 1}
    assert [t.title for t in selectors.task_inbox(actor=nurse, today=TODAY)] == ["Hemşire"]
    assert mine.is_overdue(TODAY) and not nodue.is_overdue(TODAY) and not role.is_overdue(TODAY)


def test_inbox_page_lists_and_filters_with_htmx(
    client_as: Any, social_worker: Any, person: Any, audit_events: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(25):
        services.task_raise(source="review_due", title=f"Görev {n}", person=PersonFactory(), assignee=social_worker)
    client = client_as(social_worker)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:task-inbox"))
    assert response.status_code == 200
    assert "Görev 0" in response.content.decode()
    partial = client.get(reverse("cases:task-inbox"), {"source": "manual"}, HTTP_HX_REQUEST="true")
    assert (
        partial.status_code == 200
        and "<html" not in partial.content.decode()
        and "Görev 0" not in partial.content.decode()
    )
    assert audit_events.filter(action="task.list").exists()


def test_inbox_done_via_htmx_returns_the_row(client_as: Any, social_worker: Any) -> None:
    task = services.task_raise(source="manual", title="Ziyaret", assignee=social_worker)
    response = client_as(social_worker).post(reverse("cases:task-complete", args=[task.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and f'id="task-{task.pk}"' in body and "<html" not in body
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_someone_elses_task_is_404(client_as: Any, social_worker: Any, second_social_worker: Any) -> None:
    task = services.task_raise(source="manual", title="Başkasının", assignee=second_social_worker)
    response = client_as(social_worker).post(reverse("cases:task-cancel", args=[task.pk]))
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_inbox_denied_to_auditor(client_as: Any, auditor: Any) -> None:
    assert client_as(auditor).get(reverse("cases:task-inbox")).status_code == 403


def test_task_create_page_for_a_person_defaults_to_case_manager(
    client_as: Any, social_worker: Any, person: Any
) -> None:
    EnrolmentFactory(person=person, case_manager=social_worker)
    url = reverse("cases:task-create") + f"?person={person.pk}"
    response = client_as(social_worker).post(url, {"title": "Evi ziyaret et", "priority": 20})
    assert response.status_code == 302
    assert Task.objects.get(title="Evi ziyaret et").assignee == social_worker


def test_task_create_without_person_needs_an_assignee(client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).post(reverse("cases:task-create"), {"title": "x", "priority": 20})
    assert response.status_code == 400 and not Task.objects.exists()


def test_task_create_denied_to_kitchen_staff(client_as: Any, kitchen_staff: Any) -> None:
    assert client_as(kitchen_staff).get(reverse("cases:task-create")).status_code == 403


def test_tasks_api_lists_my_open_tasks(client_as: Any, nurse: Any) -> None:
    services.task_raise(source="manual", title="Tansiyon ölç", assignee=nurse)
    response = client_as(nurse).get("/api/cases/tasks")
    assert response.status_code == 200 and [t["title"] for t in response.json()] == ["Tansiyon ölç"]


def test_inbox_links_a_task_to_what_it_is_about_when_allowed(
    client_as: Any, social_worker: Any, driver: Any, sociologist: Any, person: Any
) -> None:
    enrolment = EnrolmentFactory(person=person, case_manager=social_worker)
    services.task_raise(source="review_due", title="Gözden geçir", person=person, related=enrolment)
    url = reverse("cases:enrolment-detail", args=[enrolment.pk])
    assert f'href="{url}"' in client_as(social_worker).get(reverse("cases:task-inbox")).content.decode()
    # A driver's task about an assessment: the page is not theirs, so no link is offered.
    assessment = services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=dt.date(2026, 5, 4)
    )
    services.task_raise(source="manual", title="Sosyoloğu eve götür", assignee=driver, related=assessment)
    body = client_as(driver).get(reverse("cases:task-inbox")).content.decode()
    assert "Sosyoloğu eve götür" in body and reverse("cases:assessment-detail", args=[assessment.pk]) not in body
