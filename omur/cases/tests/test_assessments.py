"""Social assessments: scheduling (with the linked request), the visit form and its scores, the
committee decision (enrolments or a reason), and the pages."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from omur.cases import services
from omur.cases.models import Assessment, AssessmentStatus, Enrolment, EnrolmentStatus, Task, TaskSource, TaskStatus
from omur.cases.scales import KATZ_ITEMS, LAWTON_ITEMS
from omur.cases.tests.factories import ServiceFactory
from omur.intake.tests.factories import RequestFactory

VISIT = dt.date(2026, 4, 7)
KATZ = {i.key: "independent" for i in KATZ_ITEMS} | {"bathing": "dependent"}
LAWTON = {i.key: i.options[-1].code for i in LAWTON_ITEMS} | {"telephone": "dials"}


@pytest.fixture
def assessment(person: Any, social_worker: Any, sociologist: Any) -> Assessment:
    return services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=VISIT, scheduled_time=dt.time(10, 30)
    )


def _complete(actor: Any, assessment: Assessment) -> Assessment:
    return services.assessment_save(
        actor=actor,
        assessment=assessment,
        sections={
            "household": {"household_size": 1, "notes": "Yalnız yaşıyor"},
            "health": {"chronic_conditions": "Diyabet, hipertansiyon"},
            "daily_living": {"katz": KATZ, "lawton": LAWTON},
        },
        observations="Ev soğuk, soba yok.",
        complete=True,
        visited_on=VISIT,
    )


def test_schedule_gives_the_assessor_a_task(assessment: Assessment, sociologist: Any, audit_events: Any) -> None:
    task = Task.objects.get(source=TaskSource.ASSESSMENT_VISIT)
    assert (task.assignee, task.due, task.related) == (sociologist, VISIT, assessment)
    assert audit_events.filter(action="assessment.schedule", object_id=str(assessment.pk)).exists()


def test_schedule_refuses_an_assessor_who_does_not_assess(person: Any, social_worker: Any, nurse: Any) -> None:
    with pytest.raises(services.AssessorNotEligible):
        services.assessment_schedule(actor=social_worker, person=person, assessor=nurse, scheduled_on=VISIT)


def test_schedule_refuses_roles_outside_case_work(person: Any, therapist: Any, sociologist: Any) -> None:
    with pytest.raises(services.AssessmentNotAllowed):
        services.assessment_schedule(actor=therapist, person=person, assessor=sociologist, scheduled_on=VISIT)


def test_schedule_moves_the_triaged_request_along(person: Any, social_worker: Any, sociologist: Any) -> None:
    req = RequestFactory(person=person, status="triaged")
    services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=VISIT, request=req
    )
    req.refresh_from_db()
    assert (req.status, req.assessment_on) == ("assessment_scheduled", VISIT)


def test_schedule_leaves_a_closed_request_alone(person: Any, social_worker: Any, sociologist: Any) -> None:
    req = RequestFactory(person=person, status="closed")
    assessment = services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=VISIT, request=req
    )
    req.refresh_from_db()
    assert req.status == "closed" and assessment.request == req


def test_save_computes_scores_and_completing_closes_the_visit_task(
    assessment: Assessment, sociologist: Any, audit_events: Any
) -> None:
    saved = _complete(sociologist, assessment)
    assert (saved.katz_score, saved.lawton_score, saved.status) == (5, 1, AssessmentStatus.COMPLETED)
    assert Task.objects.get(source=TaskSource.ASSESSMENT_VISIT).status == TaskStatus.DONE
    event = audit_events.get(action="assessment.save")
    assert event.changes["katz_score"] == 5 and "Diyabet" not in str(event.changes)


def test_partial_daily_living_leaves_the_score_empty(assessment: Assessment, sociologist: Any) -> None:
    partial = dict(KATZ)
    del partial["feeding"]
    saved = services.assessment_save(
        actor=sociologist, assessment=assessment, sections={"daily_living": {"katz": partial}}
    )
    assert saved.katz_score is None and saved.status == AssessmentStatus.SCHEDULED


def test_unknown_answers_are_refused(assessment: Assessment, sociologist: Any) -> None:
    with pytest.raises(services.AssessmentAnswersInvalid):
        services.assessment_save(
            actor=sociologist, assessment=assessment, sections={"daily_living": {"katz": {"bathing": "maybe"}}}
        )
    with pytest.raises(services.AssessmentAnswersInvalid):
        services.assessment_save(actor=sociologist, assessment=assessment, sections={"pets": {}})


def test_health_and_daily_living_are_encrypted_at_rest(assessment: Assessment, sociologist: Any) -> None:
    _complete(sociologist, assessment)
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_section, daily_living_section, household_section FROM cases_assessment")
        health, daily, household = cursor.fetchone()
    # The household section is plain JSON (readable in the database), the two others are tokens.
    assert "household_size" in str(household)
    assert "Diyabet" not in health and "chronic" not in health and "bathing" not in daily and "katz" not in daily


def test_decision_approve_enrols_in_each_service(
    assessment: Assessment, sociologist: Any, office_manager: Any, social_worker: Any
) -> None:
    _complete(sociologist, assessment)
    meals, cleaning = ServiceFactory(name_tr="Evde sıcak yemek"), ServiceFactory(name_tr="Evde temizlik")
    decided = services.assessment_decide(
        actor=office_manager,
        assessment=assessment,
        approve=True,
        services=[meals, cleaning],
        case_manager=social_worker,
        reassess_on=dt.date(2027, 4, 7),
    )
    assert decided.status == AssessmentStatus.APPROVED and decided.decided_by == office_manager
    enrolments = Enrolment.objects.filter(assessment=assessment)
    assert {e.service for e in enrolments} == {meals, cleaning}
    assert all(e.status == EnrolmentStatus.WAITING and e.case_manager == social_worker for e in enrolments)


def test_decision_reject_needs_a_reason(assessment: Assessment, sociologist: Any, office_manager: Any) -> None:
    _complete(sociologist, assessment)
    with pytest.raises(services.DecisionReasonRequired):
        services.assessment_decide(actor=office_manager, assessment=assessment, approve=False, reason=" ")
    decided = services.assessment_decide(
        actor=office_manager, assessment=assessment, approve=False, reason="Gelir eşiğin üstünde"
    )
    assert decided.status == AssessmentStatus.REJECTED and not Enrolment.objects.exists()


def test_decision_approve_needs_services(assessment: Assessment, sociologist: Any, office_manager: Any) -> None:
    _complete(sociologist, assessment)
    with pytest.raises(services.DecisionNeedsServices):
        services.assessment_decide(actor=office_manager, assessment=assessment, approve=True)


def test_decision_waits_for_the_visit_and_is_final(
    assessment: Assessment, sociologist: Any, office_manager: Any
) -> None:
    with pytest.raises(services.AssessmentNotReady):
        services.assessment_decide(actor=office_manager, assessment=assessment, approve=False, reason="x")
    _complete(sociologist, assessment)
    services.assessment_decide(actor=office_manager, assessment=assessment, approve=False, reason="x")
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_decide(actor=office_manager, assessment=assessment, approve=False, reason="y")
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_save(actor=sociologist, assessment=assessment, sections={})


def test_decision_decides_the_linked_request(person: Any, social_worker: Any, sociologist: Any) -> None:
    req = RequestFactory(person=person, status="triaged")
    assessment = services.assessment_schedule(
        actor=social_worker, person=person, assessor=sociologist, scheduled_on=VISIT, request=req
    )
    _complete(sociologist, assessment)
    services.assessment_decide(
        actor=social_worker, assessment=assessment, approve=False, reason="Başka kurumdan destek alıyor"
    )
    req.refresh_from_db()
    assert (req.status, req.decision, req.decision_reason) == ("decided", "rejected", "Başka kurumdan destek alıyor")


def test_cancel_needs_a_reason_and_closes_the_visit_task(assessment: Assessment, social_worker: Any) -> None:
    with pytest.raises(services.CancelReasonRequired):
        services.assessment_cancel(actor=social_worker, assessment=assessment, reason="")
    services.assessment_cancel(actor=social_worker, assessment=assessment, reason="Adreste bulunamadı")
    assert Assessment.objects.get().status == AssessmentStatus.CANCELLED
    assert Task.objects.get().status == TaskStatus.DONE


def test_reschedule_moves_the_visit_task(assessment: Assessment, social_worker: Any, second_social_worker: Any) -> None:
    services.assessment_reschedule(
        actor=social_worker,
        assessment=assessment,
        assessor=second_social_worker,
        scheduled_on=VISIT + dt.timedelta(days=2),
    )
    open_task = Task.objects.get(status=TaskStatus.OPEN)
    assert (open_task.assignee, open_task.due) == (second_social_worker, VISIT + dt.timedelta(days=2))


# --- pages -------------------------------------------------------------------------------------


def _form_post(**extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "household-household_size": "2",
        "household-children": "0",
        "income-monthly_income": "12500.50",
        "income-income_sources": ["old_age_pension", "family_support"],
        "housing-tenure": "tenant",
        "housing-heating": "stove",
        "health-chronic_conditions": "KOAH",
        "health-disability_percent": "45",
        "support-lives_alone": "on",
        "statements-muhtar_name": "Hasan Aksoy",
        "statements-muhtar_statement": "Yardıma muhtaç, komşular yemek getiriyor.",
        "summary-visited_on": VISIT.isoformat(),
        "summary-observations": "Evde ısınma yetersiz.",
    }
    for key, code in KATZ.items():
        data[f"daily_living-katz_{key}"] = code
    for key, code in LAWTON.items():
        data[f"daily_living-lawton_{key}"] = code
    data.update(extra)
    return data


def test_assessment_form_page_saves_and_completes(
    client_as: Any, sociologist: Any, assessment: Assessment, audit_events: Any
) -> None:
    url = reverse("cases:assessment-form", args=[assessment.pk])
    page = client_as(sociologist).get(url)
    assert page.status_code == 200 and 'data-scale="katz"' in page.content.decode()
    assert audit_events.filter(action="assessment.view", object_id=str(assessment.pk)).exists()
    response = client_as(sociologist).post(url, _form_post(complete="1"))
    assert response.status_code == 302
    saved = Assessment.objects.get()
    assert saved.status == AssessmentStatus.COMPLETED and (saved.katz_score, saved.lawton_score) == (5, 1)
    assert saved.income_section["monthly_income"] == "12500.50"
    assert saved.income_section["income_sources"] == ["old_age_pension", "family_support"]
    assert saved.income_section["owns_home"] is False  # an unticked box is an answer: "no"
    assert saved.health_section["disability"] is True and saved.health_section["disability_percent"] == 45
    assert saved.statements_section["muhtar_name"] == "Hasan Aksoy"


def test_assessment_form_refuses_bad_numbers(client_as: Any, sociologist: Any, assessment: Assessment) -> None:
    response = client_as(sociologist).post(
        reverse("cases:assessment-form", args=[assessment.pk]), _form_post(**{"household-household_size": "0"})
    )
    assert response.status_code == 400 and Assessment.objects.get().household_section == {}


def test_assessment_detail_and_decision_views(
    client_as: Any, sociologist: Any, social_worker: Any, assessment: Assessment
) -> None:
    _complete(sociologist, assessment)
    detail = client_as(social_worker).get(reverse("cases:assessment-detail", args=[assessment.pk]))
    assert detail.status_code == 200 and "Diyabet" in detail.content.decode()
    service = ServiceFactory()
    url = reverse("cases:assessment-decide", args=[assessment.pk])
    assert client_as(social_worker).post(url, {"decision-decision": "reject"}).status_code == 400
    response = client_as(social_worker).post(url, {"decision-decision": "approve", "decision-services": [service.pk]})
    assert response.status_code == 302 and Enrolment.objects.get().service == service


def test_assessment_create_view_links_the_request(
    client_as: Any, social_worker: Any, sociologist: Any, person: Any
) -> None:
    req = RequestFactory(person=person, status="triaged")
    url = reverse("cases:assessment-create", args=[person.pk]) + f"?request={req.pk}"
    page = client_as(social_worker).get(url)
    assert page.status_code == 200 and page.context["form"].initial["request"] == req.pk
    response = client_as(social_worker).post(
        url, {"assessor": sociologist.pk, "scheduled_on": VISIT.isoformat(), "request": req.pk}
    )
    assert response.status_code == 302 and Assessment.objects.get().request == req


def test_assessment_pages_denied_to_therapist_and_kitchen(
    client_as: Any, therapist: Any, kitchen_staff: Any, assessment: Assessment
) -> None:
    for user in (therapist, kitchen_staff):
        assert client_as(user).get(reverse("cases:assessment-detail", args=[assessment.pk])).status_code == 403
        assert client_as(user).get(reverse("cases:assessment-list")).status_code == 403


def test_assessment_list_partial(client_as: Any, sociologist: Any, assessment: Assessment) -> None:
    response = client_as(sociologist).get(
        reverse("cases:assessment-list"), {"mine": "on", "status": "open"}, HTTP_HX_REQUEST="true"
    )
    assert (
        response.status_code == 200
        and "<html" not in response.content.decode()
        and response.context["page"].paginator.count == 1
    )
