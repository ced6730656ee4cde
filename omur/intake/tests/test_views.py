"""Staff pages: the list (filters, htmx, query counts), create, detail, workflow buttons, assign."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from omur.intake.models import Channel, Decision, Request, Status, Urgency
from omur.intake.services import request_assign, request_transition
from omur.intake.tests.factories import CategoryFactory
from omur.registry.tests.factories import PersonFactory

LIST = "/basvurular/"
CREATE = "/basvurular/yeni/"


def detail(req: Request) -> str:
    return f"/basvurular/{req.pk}/"


# --- access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["call_operator", "office_manager", "social_worker", "sociologist"])
def test_intake_roles_open_the_list(client_as: Any, request: Any, role: str) -> None:
    response = client_as(request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["auditor", "nurse", "caregiver", "kitchen_staff", "therapist", "system_admin"])
@pytest.mark.parametrize("url", [LIST, CREATE, "/basvurular/yeni/kisi-ara/?q=ayse"])
def test_other_roles_are_denied(client_as: Any, request: Any, role: str, url: str) -> None:
    response = client_as(request.getfixturevalue(role)).get(url)
    assert response.status_code == 403


def test_other_roles_cannot_open_or_change_a_request(client_as: Any, auditor: Any, make_request: Any) -> None:
    req = make_request()
    client = client_as(auditor)
    assert client.get(detail(req)).status_code == 403
    assert client.post(f"{detail(req)}durum/", {"action": "triage"}).status_code == 403
    assert client.post(f"{detail(req)}ata/", {"to_me": "1"}).status_code == 403
    req.refresh_from_db()
    assert req.status == Status.NEW and req.assignee is None


def test_anonymous_is_sent_to_sign_in(client: Any) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/hesap/giris/")


def test_unknown_request_is_404(client_as: Any, social_worker: Any) -> None:
    assert client_as(social_worker).get("/basvurular/999999/").status_code == 404
    assert client_as(social_worker).post("/basvurular/999999/durum/", {"action": "triage"}).status_code == 404


# --- list --------------------------------------------------------------------------------------


def test_list_shows_requests_and_records_one_read_event(
    client_as: Any, call_operator: Any, make_request: Any, audit_events: Any
) -> None:
    first, second = make_request(caller_name="Şükrü Öztürk"), make_request(caller_name="Ilgaz Kaya")
    response = client_as(call_operator).get(LIST)
    assert response.status_code == 200
    assert "Şükrü Öztürk" in response.text and "Ilgaz Kaya" in response.text
    assert "<html" in response.text
    event = audit_events.get(action="request.list")
    assert sorted(event.changes["ids"]) == sorted([first.pk, second.pk])


def test_list_answers_htmx_with_the_results_partial(client_as: Any, call_operator: Any, make_request: Any) -> None:
    make_request()
    response = client_as(call_operator).get(LIST, {"status": "new"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text and "<table" in response.text


def _names(response: Any) -> set[str]:
    return {r.caller_name for r in response.context["page"].object_list}


def test_list_filters(client_as: Any, office_manager: Any, social_worker: Any, make_request: Any) -> None:
    meals = CategoryFactory(code="hot_meal", name="Sıcak yemek dağıtımı")
    a = make_request(caller_name="Ayşe Yılmaz", urgency=Urgency.EMERGENCY)
    b = make_request(caller_name="Şükrü Öztürk", channel=Channel.WHATSAPP, category=meals, external_ticket_id="WA-7")
    c = make_request(caller_name="İsmail Çelik")
    request_transition(actor=office_manager, req=c, to_status=Status.TRIAGED)
    request_assign(actor=office_manager, req=b, assignee=social_worker)
    client = client_as(social_worker)

    assert _names(client.get(LIST, {"status": "triaged"})) == {"İsmail Çelik"}
    assert _names(client.get(LIST, {"status": "open"})) == {"Ayşe Yılmaz", "Şükrü Öztürk", "İsmail Çelik"}
    assert _names(client.get(LIST, {"channel": "whatsapp"})) == {"Şükrü Öztürk"}
    assert _names(client.get(LIST, {"category": meals.pk})) == {"Şükrü Öztürk"}
    assert _names(client.get(LIST, {"urgency": Urgency.EMERGENCY})) == {"Ayşe Yılmaz"}
    assert _names(client.get(LIST, {"assignee": social_worker.pk})) == {"Şükrü Öztürk"}
    assert _names(client.get(LIST, {"mine": "on"})) == {"Şükrü Öztürk"}
    # Turkish-folded name search, ticket, tracking code and #id.
    assert _names(client.get(LIST, {"q": "sukru"})) == {"Şükrü Öztürk"}
    assert _names(client.get(LIST, {"q": "ISMAIL"})) == {"İsmail Çelik"}
    assert _names(client.get(LIST, {"q": "WA-7"})) == {"Şükrü Öztürk"}
    assert _names(client.get(LIST, {"q": a.tracking_code_display.lower()})) == {"Ayşe Yılmaz"}
    assert _names(client.get(LIST, {"q": f"#{c.pk}"})) == {"İsmail Çelik"}
    # An invalid value falls back to no filter for that field.
    assert len(_names(client.get(LIST, {"status": "bogus"}))) == 3


def test_overdue_filter_finds_requests_new_for_more_than_two_days(
    client_as: Any, call_operator: Any, make_request: Any
) -> None:
    old, _fresh = make_request(caller_name="Eski Başvuru"), make_request(caller_name="Yeni Başvuru")
    Request.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - dt.timedelta(days=3))
    assert _names(client_as(call_operator).get(LIST, {"overdue": "on"})) == {"Eski Başvuru"}


def test_list_query_count_does_not_grow_with_rows(
    client_as: Any, call_operator: Any, social_worker: Any, make_request: Any, django_assert_max_num_queries: Any
) -> None:
    people = PersonFactory.create_batch(10)
    for i in range(30):
        req = make_request(person=people[i % 10]) if i % 2 else make_request()
        if i % 3 == 0:
            request_assign(actor=social_worker, req=req, assignee=social_worker)
    client = client_as(call_operator)
    client.get(LIST)  # warm the session
    # session, user, roles, count, page, audit insert, filter choices (assignees, categories), savepoints:
    # a fixed 10 whatever the number of rows (25 on the page, half of them with a registered person).
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 25


# --- create ------------------------------------------------------------------------------------


def test_create_page_renders(client_as: Any, call_operator: Any, category: Any) -> None:
    response = client_as(call_operator).get(CREATE)
    assert response.status_code == 200
    assert 'name="caller_phone"' in response.text


def test_create_for_an_unregistered_caller(client_as: Any, call_operator: Any, category: Any) -> None:
    response = client_as(call_operator).post(
        CREATE,
        {
            "channel": "phone_185",
            "external_ticket_id": "TKS-2026-1",
            "person": "",
            "caller_name": "Hatice Demir",
            "caller_phone": "0535 111 22 33",
            "category": category.pk,
            "urgency": Urgency.HIGH,
            "description": "Evde temizlik",
        },
    )
    req = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(req)
    assert (req.caller_phone, req.urgency, req.created_by) == ("+905351112233", Urgency.HIGH, call_operator)


def test_create_for_a_registered_person(client_as: Any, call_operator: Any, category: Any) -> None:
    person = PersonFactory()
    response = client_as(call_operator).post(
        CREATE, {"channel": "walk_in", "person": person.pk, "category": category.pk, "urgency": Urgency.NORMAL}
    )
    assert response.status_code == 302
    assert Request.objects.get().person == person


def test_create_refuses_missing_requester_and_writes_nothing(client_as: Any, call_operator: Any, category: Any) -> None:
    response = client_as(call_operator).post(
        CREATE, {"channel": "phone_185", "person": "", "category": category.pk, "urgency": Urgency.NORMAL}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert not Request.objects.exists()


def test_create_shows_a_duplicate_ticket(client_as: Any, call_operator: Any, make_request: Any, category: Any) -> None:
    first = make_request(external_ticket_id="TKS-5")
    response = client_as(call_operator).post(
        CREATE,
        {
            "channel": "phone_185",
            "external_ticket_id": "TKS-5",
            "caller_name": "Ali Kaya",
            "caller_phone": "05321112233",
            "category": category.pk,
            "urgency": Urgency.NORMAL,
        },
    )
    assert response.status_code == 400
    assert f"#{first.pk}" in response.text
    assert Request.objects.count() == 1


def test_create_preselects_a_person_from_the_person_page(client_as: Any, call_operator: Any, category: Any) -> None:
    person = PersonFactory(given_name="Gülşen", family_name="Polat")
    response = client_as(call_operator).get(CREATE, {"person": person.pk})
    assert 'id="person-selected"' in response.text and "Gülşen Polat" in response.text


def test_person_search_finds_by_folded_name_and_records_a_read(
    client_as: Any, call_operator: Any, audit_events: Any
) -> None:
    match = PersonFactory(given_name="Şükrü", family_name="Yıldız")
    PersonFactory(given_name="Ayşe", family_name="Kaya")
    response = client_as(call_operator).get("/basvurular/yeni/kisi-ara/", {"q": "sukru yil"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Şükrü Yıldız" in response.text and "Ayşe Kaya" not in response.text
    assert match.tckn not in response.text and match.tckn_masked in response.text
    assert audit_events.get(action="person.search").changes["ids"] == [match.pk]


def test_person_search_by_phone_and_tckn(client_as: Any, call_operator: Any) -> None:
    person = PersonFactory(phone="+905327654321")
    client = client_as(call_operator)
    assert person.full_name in client.get("/basvurular/yeni/kisi-ara/", {"q": "0532 765 43 21"}).text
    assert person.full_name in client.get("/basvurular/yeni/kisi-ara/", {"q": person.tckn}).text


# --- detail and workflow -----------------------------------------------------------------------


def test_detail_shows_history_with_durations_and_records_reads(
    client_as: Any, social_worker: Any, make_request: Any, audit_events: Any
) -> None:
    person = PersonFactory()
    req = make_request(person=person)
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    first = req.history.first()
    req.history.filter(pk=first.pk).update(at=first.at - dt.timedelta(hours=2, minutes=5))
    response = client_as(social_worker).get(detail(req))
    assert response.status_code == 200
    assert "2 sa 5 dk" in response.text  # time spent new, derived from the history
    assert response.context["totals"][0]["status"] == Status.NEW
    assert audit_events.filter(action="request.view", object_id=str(req.pk), kind="read").exists()
    assert audit_events.filter(action="person.view", object_id=str(person.pk), object_type="registry.person").exists()


def test_detail_offers_only_the_steps_the_role_may_take(
    client_as: Any, call_operator: Any, social_worker: Any, make_request: Any
) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    keys = lambda user: [a.key for a in client_as(user).get(detail(req)).context["actions"]]  # noqa: E731
    assert keys(social_worker) == ["schedule", "approve", "reject", "close"]
    assert keys(call_operator) == []


def test_approve_from_the_page(client_as: Any, social_worker: Any, make_request: Any) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    response = client_as(social_worker).post(f"{detail(req)}durum/", {"action": "approve", "send_sms": "on"})
    assert response.status_code == 302 and response["Location"] == detail(req)
    req.refresh_from_db()
    assert (req.status, req.decision) == (Status.DECIDED, Decision.APPROVED)


def test_reject_without_reason_is_refused_with_a_message(client_as: Any, social_worker: Any, make_request: Any) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    client = client_as(social_worker)
    response = client.post(f"{detail(req)}durum/", {"action": "reject", "note": ""}, follow=True)
    assert "gerekçe" in response.text.lower()
    req.refresh_from_db()
    assert req.status == Status.TRIAGED


def test_operator_cannot_approve_by_posting(
    client_as: Any, call_operator: Any, social_worker: Any, make_request: Any
) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    client_as(call_operator).post(f"{detail(req)}durum/", {"action": "approve"})
    req.refresh_from_db()
    assert req.status == Status.TRIAGED


def test_schedule_assessment_with_a_date(client_as: Any, sociologist: Any, make_request: Any) -> None:
    req = make_request()
    request_transition(actor=sociologist, req=req, to_status=Status.TRIAGED)
    client_as(sociologist).post(f"{detail(req)}durum/", {"action": "schedule", "assessment_on": "2026-12-01"})
    req.refresh_from_db()
    assert (req.status, req.assessment_on) == (Status.ASSESSMENT_SCHEDULED, dt.date(2026, 12, 1))


def test_assign_to_me_and_to_a_colleague(
    client_as: Any, call_operator: Any, sociologist: Any, make_request: Any
) -> None:
    req = make_request()
    client = client_as(call_operator)
    client.post(f"{detail(req)}ata/", {"to_me": "1"})
    req.refresh_from_db()
    assert req.assignee == call_operator
    client.post(f"{detail(req)}ata/", {"assignee": sociologist.pk})
    req.refresh_from_db()
    assert req.assignee == sociologist


def test_assign_refuses_someone_outside_the_list(
    client_as: Any, call_operator: Any, nurse: Any, make_request: Any
) -> None:
    req = make_request()
    client_as(call_operator).post(f"{detail(req)}ata/", {"assignee": nurse.pk})
    req.refresh_from_db()
    assert req.assignee is None


def test_detail_query_count_is_fixed(
    client_as: Any, social_worker: Any, make_request: Any, django_assert_max_num_queries: Any
) -> None:
    req = make_request(person=PersonFactory())
    for to, decision in [(Status.TRIAGED, ""), (Status.DECIDED, Decision.APPROVED)]:
        request_transition(actor=social_worker, req=req, to_status=to, decision=decision)
    client = client_as(social_worker)
    client.get(detail(req))
    with django_assert_max_num_queries(11):
        client.get(detail(req))
