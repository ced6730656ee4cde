"""Referrals: the closed loop, internal and external, with every answer shown to the sender."""

from typing import Any

import pytest
from django.urls import reverse

from omur.cases import services
from omur.cases.models import (
    Enrolment,
    EnrolmentStatus,
    Referral,
    ReferralKind,
    ReferralStatus,
    Task,
    TaskSource,
    TaskStatus,
)
from omur.cases.tests.factories import EnrolmentFactory, PartnerFactory, ServiceFactory


@pytest.fixture
def physio(db: Any) -> Any:
    return ServiceFactory(name_tr="Evde fizik tedavi")


@pytest.fixture
def internal(person: Any, therapist: Any, physio: Any) -> Referral:
    return services.referral_send(
        actor=therapist, person=person, kind=ReferralKind.INTERNAL, to_service=physio, reason="Yürüme güçlüğü"
    )


def _open_tasks_for(user: Any) -> list[Task]:
    return list(Task.objects.filter(assignee=user, status=TaskStatus.OPEN))


def test_internal_referral_waits_in_the_social_workers_queue(internal: Referral, audit_events: Any) -> None:
    task = Task.objects.get(source=TaskSource.REFERRAL)
    assert task.assignee_role == "social_worker" and task.related == internal and "Evde fizik tedavi" in task.title
    assert audit_events.filter(action="referral.send", object_id=str(internal.pk)).exists()


def test_internal_loop_accept_then_complete_tells_the_sender(
    internal: Referral, therapist: Any, social_worker: Any
) -> None:
    services.referral_answer(actor=social_worker, referral=internal, accept=True)
    internal.refresh_from_db()
    assert internal.status == ReferralStatus.ACCEPTED and internal.enrolment is not None
    assert internal.enrolment.status == EnrolmentStatus.WAITING and internal.enrolment.service == internal.to_service
    # The "referral received" task is done; the sender has a task saying it was accepted.
    assert Task.objects.get(assignee_role="social_worker").status == TaskStatus.DONE
    accepted = _open_tasks_for(therapist)
    assert len(accepted) == 1 and "accepted" in accepted[0].dedupe_key

    services.referral_complete(actor=social_worker, referral=internal, outcome="12 seans tamamlandı, yürüyüş bağımsız.")
    internal.refresh_from_db()
    assert internal.status == ReferralStatus.COMPLETED and internal.outcome.startswith("12 seans")
    told = [t for t in _open_tasks_for(therapist) if t.dedupe_key.endswith(":completed")]
    assert len(told) == 1 and told[0].detail == "12 seans tamamlandı, yürüyüş bağımsız."


def test_accepting_links_an_enrolment_the_person_already_has(
    person: Any, therapist: Any, social_worker: Any, physio: Any
) -> None:
    existing = EnrolmentFactory(person=person, service=physio, status=EnrolmentStatus.ACTIVE)
    referral = services.referral_send(
        actor=therapist, person=person, kind=ReferralKind.INTERNAL, to_service=physio, reason="x"
    )
    services.referral_answer(actor=social_worker, referral=referral, accept=True)
    referral.refresh_from_db()
    assert referral.enrolment == existing and Enrolment.objects.count() == 1


def test_decline_needs_a_reason(internal: Referral, social_worker: Any, therapist: Any) -> None:
    with pytest.raises(services.DeclineReasonRequired):
        services.referral_answer(actor=social_worker, referral=internal, accept=False)
    services.referral_answer(actor=social_worker, referral=internal, accept=False, note="Kontenjan dolu")
    internal.refresh_from_db()
    assert internal.status == ReferralStatus.DECLINED and internal.answer_note == "Kontenjan dolu"
    assert [t.detail for t in _open_tasks_for(therapist)] == ["Kontenjan dolu"]
    with pytest.raises(services.ReferralNotOpen):
        services.referral_complete(actor=social_worker, referral=internal, outcome="x")


def test_complete_needs_an_outcome_and_acceptance(internal: Referral, social_worker: Any) -> None:
    with pytest.raises(services.ReferralNotOpen):
        services.referral_complete(actor=social_worker, referral=internal, outcome="x")
    services.referral_answer(actor=social_worker, referral=internal, accept=True)
    with pytest.raises(services.OutcomeRequired):
        services.referral_complete(actor=social_worker, referral=internal, outcome="  ")


def test_external_referral_loop_recorded_by_the_sender(person: Any, social_worker: Any) -> None:
    partner = PartnerFactory(name="Mersin Üniversitesi Hastanesi")
    referral = services.referral_send(
        actor=social_worker, person=person, kind=ReferralKind.EXTERNAL, to_partner=partner, reason="Göz muayenesi"
    )
    follow_up = Task.objects.get()
    assert follow_up.assignee == social_worker and "Mersin Üniversitesi Hastanesi" in follow_up.title
    services.referral_answer(actor=social_worker, referral=referral, accept=True, note="Randevu verildi")
    services.referral_complete(actor=social_worker, referral=referral, outcome="Gözlük reçete edildi")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.enrolment is None
    # The sender recorded the answers: the follow-up is done and nothing new is raised for them.
    assert Task.objects.get().status == TaskStatus.DONE and Task.objects.count() == 1


def test_referral_targets_must_match_the_kind(person: Any, social_worker: Any, physio: Any) -> None:
    inactive = PartnerFactory(active=False)
    with pytest.raises(services.ReferralTargetInvalid):
        services.referral_send(actor=social_worker, person=person, kind=ReferralKind.INTERNAL, reason="x")
    with pytest.raises(services.ReferralTargetInvalid):
        services.referral_send(
            actor=social_worker, person=person, kind=ReferralKind.EXTERNAL, to_partner=inactive, reason="x"
        )
    with pytest.raises(services.ReferralReasonRequired):
        services.referral_send(
            actor=social_worker, person=person, kind=ReferralKind.INTERNAL, to_service=physio, reason=""
        )


def test_referral_refused_to_nurse(person: Any, nurse: Any, physio: Any) -> None:
    with pytest.raises(services.ReferralNotAllowed):
        services.referral_send(actor=nurse, person=person, kind=ReferralKind.INTERNAL, to_service=physio, reason="x")


def test_a_sender_who_left_is_replaced_by_the_case_manager(
    internal: Referral, therapist: Any, social_worker: Any, second_social_worker: Any
) -> None:
    EnrolmentFactory(person=internal.person, case_manager=second_social_worker)
    therapist.is_active = False
    therapist.save()
    services.referral_answer(actor=social_worker, referral=internal, accept=False, note="Uygun değil")
    assert _open_tasks_for(second_social_worker)[0].source == TaskSource.REFERRAL


# --- pages -------------------------------------------------------------------------------------


def test_referral_pages_loop(client_as: Any, therapist: Any, social_worker: Any, person: Any, physio: Any) -> None:
    create = reverse("cases:referral-create", args=[person.pk])
    assert client_as(therapist).get(create).status_code == 200
    response = client_as(therapist).post(
        create, {"kind": "internal", "to_service": physio.pk, "reason": "Denge sorunu"}
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:referral-detail", args=[referral.pk])
    answer = reverse("cases:referral-answer", args=[referral.pk])
    assert client_as(social_worker).post(answer, {"answer": "decline"}).status_code == 400
    assert client_as(social_worker).post(answer, {"answer": "accept"}).status_code == 302
    done = reverse("cases:referral-complete", args=[referral.pk])
    assert client_as(social_worker).post(done, {"outcome": "Program tamamlandı"}).status_code == 302
    # The sender sees the outcome on the referral page.
    page = client_as(therapist).get(reverse("cases:referral-detail", args=[referral.pk]))
    assert "Program tamamlandı" in page.content.decode()


def test_therapist_sees_only_referrals_they_sent(
    client_as: Any, therapist: Any, second_therapist: Any, internal: Referral
) -> None:
    assert client_as(second_therapist).get(reverse("cases:referral-detail", args=[internal.pk])).status_code == 404
    listing = client_as(second_therapist).get(reverse("cases:referral-list"), {"box": ""})
    assert listing.context["page"].paginator.count == 0


def test_referral_pages_denied_to_driver(client_as: Any, driver: Any, internal: Referral) -> None:
    assert client_as(driver).get(reverse("cases:referral-list")).status_code == 403
    assert client_as(driver).get(reverse("cases:referral-detail", args=[internal.pk])).status_code == 403


def test_partner_pages(client_as: Any, office_manager: Any, therapist: Any) -> None:
    response = client_as(office_manager).post(
        reverse("cases:partner-create"), {"name": "Mersin Barosu", "kind": "public", "active": "on"}
    )
    assert response.status_code == 302
    assert client_as(office_manager).get(reverse("cases:partner-list")).status_code == 200
    assert client_as(therapist).get(reverse("cases:partner-list")).status_code == 403
