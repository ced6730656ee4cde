"""Enrolments: create, the transition table with its reasons and history, care plans, the pages."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from omur.cases import selectors, services
from omur.cases.models import CarePlan, CloseReason, Enrolment, EnrolmentStatus, TaskSource, TaskStatus
from omur.cases.services import CarePlanLine
from omur.cases.tests.factories import EnrolmentFactory, ServiceFactory
from omur.registry.tests.factories import PersonFactory

S = EnrolmentStatus


@pytest.fixture
def home_service(db: Any) -> Any:
    return ServiceFactory(name_tr="Evde temizlik", delivery_model="home", mechanism="home_visit")


@pytest.fixture
def enrolment(person: Any, home_service: Any, social_worker: Any) -> Enrolment:
    return services.enrolment_create(
        actor=social_worker, person=person, service=home_service, case_manager=social_worker
    )


def test_enrolment_create_writes_history_and_audit(enrolment: Enrolment, social_worker: Any, audit_events: Any) -> None:
    assert enrolment.status == S.WAITING
    assert [(h.from_status, h.to_status) for h in enrolment.history.all()] == [("", S.WAITING)]
    assert audit_events.get(action="enrolment.create").changes["service"] == enrolment.service_id


def test_one_open_enrolment_per_service(enrolment: Enrolment, social_worker: Any) -> None:
    with pytest.raises(services.EnrolmentExists):
        services.enrolment_create(actor=social_worker, person=enrolment.person, service=enrolment.service)
    services.enrolment_transition(
        actor=social_worker, enrolment=enrolment, to_status=S.CLOSED, reason=CloseReason.DECLINED
    )
    again = services.enrolment_create(actor=social_worker, person=enrolment.person, service=enrolment.service)
    assert again.pk != enrolment.pk


def test_active_from_the_start_sets_start_date(person: Any, home_service: Any, social_worker: Any) -> None:
    enrolment = services.enrolment_create(actor=social_worker, person=person, service=home_service, status=S.ACTIVE)
    assert enrolment.start_date is not None


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([S.ACTIVE], True),
        ([S.ACTIVE, S.SUSPENDED, S.ACTIVE], True),
        ([S.SUSPENDED], False),  # waiting cannot be suspended
        ([S.ACTIVE, S.WAITING], False),
        ([S.ACTIVE, S.ACTIVE], False),
    ],
)
def test_transition_table(enrolment: Enrolment, social_worker: Any, path: list[str], allowed: bool) -> None:
    def walk() -> None:
        for status in path:
            services.enrolment_transition(actor=social_worker, enrolment=enrolment, to_status=status)

    if allowed:
        walk()
        assert Enrolment.objects.get(pk=enrolment.pk).status == path[-1]
    else:
        with pytest.raises(services.EnrolmentTransitionNotAllowed):
            walk()


def test_closing_requires_a_reason_and_other_requires_a_note(enrolment: Enrolment, social_worker: Any) -> None:
    with pytest.raises(services.CloseReasonRequired):
        services.enrolment_transition(actor=social_worker, enrolment=enrolment, to_status=S.CLOSED)
    with pytest.raises(services.CloseNoteRequired):
        services.enrolment_transition(
            actor=social_worker, enrolment=enrolment, to_status=S.CLOSED, reason=CloseReason.OTHER
        )
    services.enrolment_transition(
        actor=social_worker,
        enrolment=enrolment,
        to_status=S.CLOSED,
        reason=CloseReason.OTHER,
        note="İl dışına taşındı",
        on=dt.date(2026, 2, 1),
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.close_reason, enrolment.close_note, enrolment.end_date) == (
        S.CLOSED,
        CloseReason.OTHER,
        "İl dışına taşındı",
        dt.date(2026, 2, 1),
    )
    with pytest.raises(services.EnrolmentTransitionNotAllowed):
        services.enrolment_transition(actor=social_worker, enrolment=enrolment, to_status=S.ACTIVE)


def test_transition_history_and_audit(enrolment: Enrolment, social_worker: Any, audit_events: Any) -> None:
    services.enrolment_transition(actor=social_worker, enrolment=enrolment, to_status=S.ACTIVE, on=dt.date(2026, 1, 5))
    services.enrolment_transition(actor=social_worker, enrolment=enrolment, to_status=S.SUSPENDED, note="Hastanede")
    services.enrolment_transition(
        actor=social_worker, enrolment=enrolment, to_status=S.CLOSED, reason=CloseReason.GOAL_MET
    )
    history = [(h.from_status, h.to_status, h.reason) for h in enrolment.history.all()]
    assert history == [
        ("", S.WAITING, ""),
        (S.WAITING, S.ACTIVE, ""),
        (S.ACTIVE, S.SUSPENDED, ""),
        (S.SUSPENDED, S.CLOSED, CloseReason.GOAL_MET),
    ]
    assert Enrolment.objects.get(pk=enrolment.pk).start_date == dt.date(2026, 1, 5)
    assert audit_events.filter(action="enrolment.transition", object_id=str(enrolment.pk)).count() == 3


def test_stale_transition_loses(enrolment: Enrolment, social_worker: Any) -> None:
    stale = Enrolment.objects.get(pk=enrolment.pk)
    services.enrolment_transition(actor=social_worker, enrolment=enrolment, to_status=S.ACTIVE)
    with pytest.raises(services.EnrolmentChangedMeanwhile):
        services.enrolment_transition(
            actor=social_worker, enrolment=stale, to_status=S.CLOSED, reason=CloseReason.DECLINED
        )


def test_closing_closes_the_review_tasks(enrolment: Enrolment, social_worker: Any) -> None:
    task = services.task_raise(
        source=TaskSource.REVIEW_DUE, title="İnceleme", person=enrolment.person, related=enrolment, dedupe_key="r"
    )
    services.enrolment_transition(
        actor=social_worker, enrolment=enrolment, to_status=S.CLOSED, reason=CloseReason.MOVED_AWAY
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_enrolment_services_refuse_other_roles(
    person: Any, home_service: Any, nurse: Any, enrolment: Enrolment
) -> None:
    with pytest.raises(services.EnrolmentNotAllowed):
        services.enrolment_create(actor=nurse, person=PersonFactory(), service=home_service)
    with pytest.raises(services.EnrolmentNotAllowed):
        services.enrolment_transition(actor=nurse, enrolment=enrolment, to_status=S.ACTIVE)


def test_case_manager_must_be_a_social_worker_or_manager(
    person: Any, home_service: Any, social_worker: Any, nurse: Any
) -> None:
    with pytest.raises(services.CaseManagerNotEligible):
        services.enrolment_create(actor=social_worker, person=person, service=home_service, case_manager=nurse)


def test_care_plan_save_and_replace(
    enrolment: Enrolment, social_worker: Any, caregiver: Any, audit_events: Any
) -> None:
    plan = services.care_plan_save(
        actor=social_worker,
        enrolment=enrolment,
        items=[
            CarePlanLine("cleaning", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", 120),
            CarePlanLine("personal_care", "freq=weekly;byday=tu,fr", 60),
        ],
        preferred_days=["FR", "MO"],
        window_start=dt.time(10),
        window_end=dt.time(14),
        same_sex_carer=True,
        preferred_staff=caregiver,
    )
    assert plan.preferred_days == ["MO", "FR"]
    assert sorted(i.recurrence for i in plan.items.all()) == [
        "FREQ=WEEKLY;BYDAY=TU,FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    ]
    services.care_plan_save(
        actor=social_worker, enrolment=enrolment, items=[CarePlanLine("health_check", "FREQ=MONTHLY")]
    )
    assert CarePlan.objects.get().items.get().task_type == "health_check"
    assert audit_events.filter(action="careplan.save").count() == 2


@pytest.mark.parametrize(
    "items",
    [
        [],
        [CarePlanLine("cleaning", "FREQ=SOMETIMES")],
        [CarePlanLine("cleaning", "FREQ=WEEKLY"), CarePlanLine("cleaning", "FREQ=DAILY")],
        [CarePlanLine("juggling", "FREQ=WEEKLY")],
    ],
)
def test_care_plan_refuses_invalid_lines(enrolment: Enrolment, social_worker: Any, items: list[CarePlanLine]) -> None:
    with pytest.raises(services.CarePlanInvalid):
        services.care_plan_save(actor=social_worker, enrolment=enrolment, items=items)


def test_care_plan_only_for_home_based_services(person: Any, social_worker: Any) -> None:
    course = ServiceFactory(delivery_model="neighbourhood", mechanism="session")
    enrolment = services.enrolment_create(actor=social_worker, person=person, service=course)
    with pytest.raises(services.CarePlanNotForService):
        services.care_plan_save(
            actor=social_worker, enrolment=enrolment, items=[CarePlanLine("cleaning", "FREQ=WEEKLY")]
        )


# --- scoping and pages ------------------------------------------------------------------------


def test_enrolment_scope_by_role(
    social_worker: Any, nurse: Any, physiotherapist: Any, therapist: Any, kitchen_staff: Any
) -> None:
    with_health = EnrolmentFactory()
    services.care_plan_save(
        actor=social_worker, enrolment=with_health, items=[CarePlanLine("health_check", "FREQ=MONTHLY")]
    )
    with_physio = EnrolmentFactory()
    services.care_plan_save(
        actor=social_worker, enrolment=with_physio, items=[CarePlanLine("physiotherapy", "FREQ=WEEKLY")]
    )
    therapy = EnrolmentFactory(
        service=ServiceFactory(code="duyu-butunleme", delivery_model="neighbourhood", mechanism="appointment")
    )
    EnrolmentFactory(service=ServiceFactory(code="kadin-ustalar", delivery_model="neighbourhood", mechanism="session"))
    meal = EnrolmentFactory(service=ServiceFactory(mechanism="meal"))

    def seen(user: Any) -> set[int]:
        return set(selectors.enrolment_list(actor=user).values_list("pk", flat=True))

    assert {with_health.pk, with_physio.pk, therapy.pk, meal.pk} < seen(social_worker)
    assert seen(nurse) == {with_health.pk}
    assert seen(physiotherapist) == {with_physio.pk}
    assert seen(therapist) == {therapy.pk}
    assert seen(kitchen_staff) == set()


def test_enrolment_list_page_and_partial(
    client_as: Any, social_worker: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        EnrolmentFactory(case_manager=social_worker)
    client = client_as(social_worker)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("cases:enrolment-list"))
    assert response.status_code == 200
    partial = client.get(reverse("cases:enrolment-list"), {"status": "active", "mine": "on"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert partial.context["page"].paginator.count == 20


def test_enrolment_create_view(client_as: Any, social_worker: Any, person: Any, home_service: Any) -> None:
    response = client_as(social_worker).post(
        reverse("cases:enrolment-create", args=[person.pk]),
        {"service": home_service.pk, "status": S.ACTIVE, "case_manager": social_worker.pk, "review_on": "2026-06-01"},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.status == S.ACTIVE and enrolment.review_on == dt.date(2026, 6, 1)


def test_enrolment_transition_view_requires_reason(client_as: Any, social_worker: Any, enrolment: Enrolment) -> None:
    url = reverse("cases:enrolment-transition", args=[enrolment.pk])
    assert client_as(social_worker).post(url, {"to_status": S.CLOSED}).status_code == 400
    response = client_as(social_worker).post(url, {"to_status": S.CLOSED, "reason": CloseReason.GOAL_MET})
    assert response.status_code == 302 and Enrolment.objects.get().status == S.CLOSED


def test_enrolment_detail_for_nurse_only_with_her_tasks(
    client_as: Any, nurse: Any, social_worker: Any, enrolment: Enrolment
) -> None:
    url = reverse("cases:enrolment-detail", args=[enrolment.pk])
    assert client_as(nurse).get(url).status_code == 404
    services.care_plan_save(
        actor=social_worker, enrolment=enrolment, items=[CarePlanLine("health_check", "FREQ=MONTHLY")]
    )
    response = client_as(nurse).get(url)
    assert response.status_code == 200 and response.context["transition_form"] is None


def test_enrolment_transition_denied_to_nurse(client_as: Any, nurse: Any, enrolment: Enrolment) -> None:
    response = client_as(nurse).post(
        reverse("cases:enrolment-transition", args=[enrolment.pk]), {"to_status": S.ACTIVE}
    )
    assert response.status_code == 403


def test_careplan_edit_view(client_as: Any, social_worker: Any, enrolment: Enrolment) -> None:
    url = reverse("cases:careplan-edit", args=[enrolment.pk])
    page = client_as(social_worker).get(url)
    assert page.status_code == 200
    rows = page.context["items"].initial
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(len(rows)),
        "window_start": "10:00",
        "window_end": "13:00",
    }
    for i, row in enumerate(rows):
        data[f"items-{i}-task_type"] = row["task_type"]
        data[f"items-{i}-freq"] = "WEEKLY"
        data[f"items-{i}-interval"] = "1"
    data["items-0-included"] = "on"
    data["items-0-byday"] = ["MO", "TH"]
    data["same_sex_carer"] = "on"
    response = client_as(social_worker).post(url, data)
    assert response.status_code == 302
    plan = CarePlan.objects.get()
    assert plan.same_sex_carer and [i.recurrence for i in plan.items.all()] == ["FREQ=WEEKLY;BYDAY=MO,TH"]


def test_careplan_list_for_physiotherapist(client_as: Any, physiotherapist: Any, social_worker: Any) -> None:
    mine = EnrolmentFactory()
    services.care_plan_save(actor=social_worker, enrolment=mine, items=[CarePlanLine("physiotherapy", "FREQ=WEEKLY")])
    other = EnrolmentFactory()
    services.care_plan_save(actor=social_worker, enrolment=other, items=[CarePlanLine("cleaning", "FREQ=WEEKLY")])
    response = client_as(physiotherapist).get(reverse("cases:careplan-list"))
    assert response.status_code == 200 and [r["enrolment"].pk for r in response.context["rows"]] == [mine.pk]


def test_careplan_list_denied_to_cleaner(client_as: Any, cleaner: Any) -> None:
    assert client_as(cleaner).get(reverse("cases:careplan-list")).status_code == 403
