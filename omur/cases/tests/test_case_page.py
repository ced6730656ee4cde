"""The case overview per role, the person-page timeline, home cards, the demo seeder."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from omur.cases import services
from omur.cases.demo import seed_cases
from omur.cases.home import caseload_card, my_tasks_card
from omur.cases.models import Assessment, CaseNote, Enrolment, NoteLevel, Partner, Referral, Task
from omur.cases.services import CarePlanLine
from omur.cases.tests.factories import EnrolmentFactory, ServiceFactory
from omur.registry.tests.factories import PersonFactory
from omur.registry.timeline import timeline_for


@pytest.fixture
def case(person: Any, social_worker: Any, sociologist: Any, therapist: Any) -> dict[str, Any]:
    cleaning = EnrolmentFactory(
        person=person, service=ServiceFactory(name_tr="Evde temizlik"), case_manager=social_worker
    )
    services.care_plan_save(
        actor=social_worker, enrolment=cleaning, items=[CarePlanLine("cleaning", "FREQ=WEEKLY;BYDAY=MO")]
    )
    health = EnrolmentFactory(person=person, service=ServiceFactory(name_tr="Evde sağlık"), case_manager=social_worker)
    services.care_plan_save(actor=social_worker, enrolment=health, items=[CarePlanLine("health_check", "FREQ=MONTHLY")])
    therapy = EnrolmentFactory(
        person=person,
        service=ServiceFactory(code="psikolojik-destek", name_tr="Psikolojik Destek", delivery_model="home"),
    )
    assessment = services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=dt.date.today() + dt.timedelta(days=2)
    )
    return {"cleaning": cleaning, "health": health, "therapy": therapy, "assessment": assessment}


def _page(client: Any, person: Any) -> Any:
    return client.get(reverse("cases:person-case", args=[person.pk]))


def test_case_manager_sees_the_whole_case(
    case: dict[str, Any],
    person: Any,
    client_as: Any,
    social_worker: Any,
    audit_events: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_as(social_worker)
    with django_assert_max_num_queries(25):
        response = _page(client, person)
    overview = response.context["overview"]
    assert {e.pk for e in overview.enrolments} == {case["cleaning"].pk, case["health"].pk, case["therapy"].pk}
    assert [a.pk for a in overview.assessments] == [case["assessment"].pk]
    assert "Evde temizlik" in response.content.decode()
    assert audit_events.filter(action="person.view", object_id=str(person.pk), actor=social_worker).exists()


def test_nurse_sees_only_the_care_plans_she_delivers(
    case: dict[str, Any], person: Any, client_as: Any, nurse: Any
) -> None:
    response = _page(client_as(nurse), person)
    overview = response.context["overview"]
    assert [e.pk for e in overview.enrolments] == [case["health"].pk]
    assert overview.assessments == [] and overview.notes == [] and not overview.can_read_notes
    body = response.content.decode()
    assert "Evde temizlik" not in body and "Schedule an assessment" not in body


def test_therapist_sees_therapy_enrolments_and_no_assessments(
    case: dict[str, Any], person: Any, client_as: Any, therapist: Any
) -> None:
    overview = _page(client_as(therapist), person).context["overview"]
    assert [e.pk for e in overview.enrolments] == [case["therapy"].pk] and overview.assessments == []


@pytest.mark.parametrize("role", ["kitchen_staff", "driver", "auditor", "cleaner", "call_operator", "tour_coordinator"])
def test_case_page_denied(role: str, person: Any, client_as: Any, request: Any) -> None:
    user = request.getfixturevalue(role)
    assert _page(client_as(user), person).status_code == 403


def test_unknown_person_is_404(client_as: Any, social_worker: Any) -> None:
    assert client_as(social_worker).get(reverse("cases:person-case", args=[999999])).status_code == 404


def test_timeline_entries_are_scoped(
    case: dict[str, Any], person: Any, social_worker: Any, nurse: Any, kitchen_staff: Any
) -> None:
    kinds = {e.kind for e in timeline_for(person=person, actor=social_worker) if e.source == "cases"}
    assert kinds == {"enrolment", "assessment"}
    nurse_entries = [e for e in timeline_for(person=person, actor=nurse) if e.source == "cases"]
    assert [e.url for e in nurse_entries] == [reverse("cases:enrolment-detail", args=[case["health"].pk])]
    assert [e for e in timeline_for(person=person, actor=kitchen_staff) if e.source == "cases"] == []


def test_home_cards(case: dict[str, Any], social_worker: Any, sociologist: Any) -> None:
    Enrolment.objects.filter(pk=case["cleaning"].pk).update(review_on=dt.date.today())
    services.task_raise(source="manual", title="x", assignee=social_worker, due=dt.date.today() - dt.timedelta(days=1))
    tasks = {f.label: f.value for f in my_tasks_card(social_worker).figures}
    assert list(tasks.values()) == [1, 1, 0]
    caseload = {f.label: f.value for f in caseload_card(social_worker).figures}
    assert list(caseload.values())[:2] == [2, 1]
    assert caseload_card(sociologist).figures[2].value == 1


def test_home_page_shows_the_cards(client_as: Any, social_worker: Any, kitchen_staff: Any) -> None:
    assert "Görevlerim" in client_as(social_worker).get(reverse("core:home")).content.decode()
    home = client_as(kitchen_staff).get(reverse("core:home")).content.decode()
    assert "Vaka yüküm" not in home


def test_demo_seeder_is_idempotent(db: Any) -> None:
    from omur.services.models import LifeStage

    for code, delivery in [
        ("evde-sicak-yemek", "home"),
        ("evde-temizlik", "home"),
        ("kisisel-bakim", "home"),
        ("evde-saglik", "home"),
        ("evde-fizik-tedavi", "home"),
        ("otizm-ozel-egitim", "neighbourhood"),
        ("duyu-butunleme", "neighbourhood"),
        ("psikolojik-destek", "home"),
    ]:
        ServiceFactory(code=code, delivery_model=delivery)
    early = LifeStage.objects.get(code="early-childhood")
    ServiceFactory._meta.model.objects.get(code="otizm-ozel-egitim").life_stages.set([early])
    today = dt.date.today()
    for n in range(70):
        PersonFactory(lives_alone=True, birth_date=today.replace(year=today.year - 70 - n % 20, day=1))
    for n in range(6):
        PersonFactory(birth_date=today - dt.timedelta(days=800 + 200 * n))
    summary = seed_cases(seed=2026)
    assert "enrolments" in summary
    counts = (
        Enrolment.objects.count(),
        Assessment.objects.count(),
        CaseNote.objects.count(),
        Referral.objects.count(),
        Partner.objects.count(),
    )
    assert all(counts) and CaseNote.objects.filter(level=NoteLevel.CLINICAL).exists()
    assert Task.objects.exists()
    assert seed_cases(seed=2026) == "nothing to add"
    assert (
        Enrolment.objects.count(),
        Assessment.objects.count(),
        CaseNote.objects.count(),
        Referral.objects.count(),
        Partner.objects.count(),
    ) == counts


def test_demo_seeder_waits_for_the_catalogue(db: Any) -> None:
    assert seed_cases(seed=1).startswith("skipped")
