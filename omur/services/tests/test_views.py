"""Staff pages: the catalogue, locations, service edit, person eligibility and worklists."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from omur.core.models import AuditEvent
from omur.registry.tests.factories import PersonFactory
from omur.services.models import EligibilityRule, Service, ServicePrice

pytestmark = pytest.mark.django_db


def test_catalogue_is_readable_by_any_staff_member(catalogue: Any, client_as: Any, kitchen_staff: Any) -> None:
    response = client_as(kitchen_staff).get(reverse("services:service-list"))
    assert response.status_code == 200
    assert "Halk Kart Market Kartı" in response.content.decode()
    # Reference data only: no personal data, no audit read.
    assert not AuditEvent.objects.filter(kind="read").exists()


def test_catalogue_filters_and_htmx_partial(catalogue: Any, client_as: Any, nurse: Any) -> None:
    client = client_as(nurse)
    response = client.get(
        reverse("services:service-list"), {"life_stage": "elderly", "delivery_model": "home"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Evde Temizlik Hizmeti" in body
    assert "Sosyal Yaşam Merkezi Kreşi" not in body
    response = client.get(reverse("services:service-list"), {"q": "KREŞ"})
    assert "Sosyal Yaşam Merkezi Kreşi" in response.content.decode()


def test_catalogue_list_queries_do_not_grow_with_services(
    catalogue: Any, client_as: Any, nurse: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as(nurse)
    with django_assert_max_num_queries(12):
        client.get(reverse("services:service-list"))


def test_service_detail_shows_rules_prices_and_places(catalogue: Any, client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).get(reverse("services:service-detail", args=["mahalle-mutfaklari"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "25,00 TL" in body
    assert "Mahalle Mutfağı — Demirtaş Noktası" in body
    assert "data-services-map" in body
    assert reverse("services:worklist", args=["mahalle-mutfaklari"]) in body
    assert reverse("services:service-edit", args=["mahalle-mutfaklari"]) not in body


def test_unknown_service_is_404_for_allowed_roles(client_as: Any, office_manager: Any) -> None:
    client = client_as(office_manager)
    assert client.get(reverse("services:service-detail", args=["yok"])).status_code == 404
    assert client.get(reverse("services:worklist", args=["yok"])).status_code == 404
    assert client.get(reverse("services:person-eligibility", args=[999999])).status_code == 404


def test_location_pages(catalogue: Any, client_as: Any, centre_staff: Any) -> None:
    client = client_as(centre_staff)
    response = client.get(reverse("services:location-list"), {"kind": "condolence_hall"})
    body = response.content.decode()
    assert "Halkkent Taziye Evi" in body
    assert reverse("services:location-detail", args=["mercan"]) not in body  # the science centre is not a hall
    response = client.get(reverse("services:location-detail", args=["halkkent-sym"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pazartesi" in body and "08:30–21:30" in body
    assert "Sosyal Yaşam Merkezi Kreşi" in body


# --- edit -------------------------------------------------------------------------------------


def _edit_data(service: Service, **overrides: Any) -> dict[str, Any]:
    data = {
        "service-name_tr": service.name_tr,
        "service-name_en": service.name_en,
        "service-description_tr": service.description_tr,
        "service-description_en": service.description_en,
        "service-policy_area": service.policy_area_id,
        "service-life_stages": list(service.life_stages.values_list("pk", flat=True)),
        "service-delivery_model": service.delivery_model,
        "service-mechanism": service.mechanism,
        "service-department": service.department_id,
        "service-documents_tr": service.documents_tr,
        "service-documents_en": service.documents_en,
        "service-application_channels": service.application_channels,
        "service-capacity": service.capacity or "",
        "service-is_public": "on",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        "rules-0-kind": "age_years_between",
        "rules-0-params": '{"min": 60}',
        "rules-0-order": "1",
    }
    data.update(overrides)
    return data


def test_office_manager_edits_a_service_its_rules_and_price(
    catalogue: Any, client_as: Any, office_manager: Any
) -> None:
    service = Service.objects.get(code="yasli-sosyal-etkinlik")
    existing = list(service.eligibility_rules.all())
    data = _edit_data(
        service,
        **{
            "service-name_tr": "Yaşlılar için Sosyal Etkinlikler",
            "service-capacity": "120",
            "rules-TOTAL_FORMS": str(len(existing) + 1),
            "rules-INITIAL_FORMS": str(len(existing)),
            "price-amount": "10.00",
            "price-valid_from": "2027-01-01",
        },
    )
    for i, rule in enumerate(existing):
        data.update(
            {
                f"rules-{i}-id": rule.pk,
                f"rules-{i}-kind": rule.kind,
                f"rules-{i}-params": '{"min": 60}',
                f"rules-{i}-order": "1",
            }
        )
    data.update(
        {
            f"rules-{len(existing)}-kind": "lives_alone",
            f"rules-{len(existing)}-params": '{"value": true}',
            f"rules-{len(existing)}-order": "2",
        }
    )
    response = client_as(office_manager).post(reverse("services:service-edit", args=[service.code]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    service.refresh_from_db()
    assert service.name_tr == "Yaşlılar için Sosyal Etkinlikler"
    assert service.capacity == 120
    assert [(r.kind, r.params) for r in service.eligibility_rules.order_by("order")] == [
        ("age_years_between", {"min": 60}),
        ("lives_alone", {"value": True}),
    ]
    assert ServicePrice.objects.get(service=service).amount == Decimal("10.00")
    actions = set(AuditEvent.objects.filter(object_id=str(service.pk)).values_list("action", flat=True))
    assert actions == {"service.update", "service.rules_update", "service.price_add"}


def test_invalid_rule_parameters_are_shown_and_nothing_is_saved(
    catalogue: Any, client_as: Any, office_manager: Any
) -> None:
    service = Service.objects.get(code="kres")
    before = list(EligibilityRule.objects.filter(service=service).values_list("params", flat=True))
    data = _edit_data(service, **{"rules-0-params": '{"min": -3}', "service-name_tr": "Değişmemeli"})
    response = client_as(office_manager).post(reverse("services:service-edit", args=[service.code]), data)
    assert response.status_code == 400
    assert "sıfır veya daha büyük" in response.content.decode()
    service.refresh_from_db()
    assert service.name_tr == "Sosyal Yaşam Merkezi Kreşi"
    assert list(EligibilityRule.objects.filter(service=service).values_list("params", flat=True)) == before


def test_a_second_price_on_the_same_day_is_refused(catalogue: Any, client_as: Any, office_manager: Any) -> None:
    service = Service.objects.get(code="mahalle-mutfaklari")
    data = _edit_data(service, **{"rules-TOTAL_FORMS": "0", "price-amount": "30", "price-valid_from": "2024-09-02"})
    response = client_as(office_manager).post(reverse("services:service-edit", args=[service.code]), data)
    assert response.status_code == 400
    assert "zaten var" in response.content.decode()
    assert service.prices.get(valid_from=dt.date(2024, 9, 2)).amount == Decimal("25.00")
    assert not AuditEvent.objects.filter(action__startswith="service.").exists()


def test_service_edit_is_for_the_office_manager_only(catalogue: Any, client_as: Any, social_worker: Any) -> None:
    url = reverse("services:service-edit", args=["kres"])
    assert client_as(social_worker).get(url).status_code == 403
    assert client_as(social_worker).post(url, {}).status_code == 403


# --- eligibility and worklists ----------------------------------------------------------------


def test_person_eligibility_page_explains_and_is_audited(catalogue: Any, client_as: Any, sociologist: Any) -> None:
    person = PersonFactory(birth_date=dt.date(1950, 5, 5), lives_alone=True, given_name="Şükran", family_name="Öztürk")
    response = client_as(sociologist).get(
        reverse("services:person-eligibility", args=[person.pk]), {"day": "2026-11-25"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Yaş 76: 65 ve üzeri şartını karşılıyor" in body
    assert "Yalnız yaşıyor: şartı karşılıyor" in body
    assert person.tckn not in body
    assert person.tckn_masked in body
    event = AuditEvent.objects.get(action="person.eligibility")
    assert (event.kind, event.object_id, event.actor_id) == ("read", str(person.pk), sociologist.pk)


def test_person_eligibility_is_refused_outside_case_roles(client_as: Any, nurse: Any, call_operator: Any) -> None:
    person = PersonFactory()
    for user in (nurse, call_operator):
        assert client_as(user).get(reverse("services:person-eligibility", args=[person.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="person.eligibility").exists()


def test_worklist_lists_eligible_people_masked_and_audits_each(
    catalogue: Any, client_as: Any, social_worker: Any
) -> None:
    eligible = PersonFactory(birth_date=dt.date(1950, 1, 1), lives_alone=True)
    PersonFactory(birth_date=dt.date(1950, 1, 1), lives_alone=False)
    PersonFactory(birth_date=dt.date(1990, 1, 1), lives_alone=True)
    response = client_as(social_worker).get(reverse("services:worklist", args=["yasli-hal-hatir"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert eligible.full_name in body
    assert eligible.tckn not in body and eligible.tckn_masked in body
    assert "1 kişi" in body
    reads = AuditEvent.objects.filter(action="person.worklist")
    assert list(reads.values_list("object_id", flat=True)) == [str(eligible.pk)]
    assert reads.get().purpose == "worklist:yasli-hal-hatir"


def test_worklist_pages_and_htmx(catalogue: Any, client_as: Any, office_manager: Any) -> None:
    for _ in range(30):
        PersonFactory(birth_date=dt.date(1950, 1, 1), lives_alone=True)
    client = client_as(office_manager)
    first = client.get(reverse("services:worklist", args=["yasli-hal-hatir"]), HTTP_HX_REQUEST="true")
    assert "<html" not in first.content.decode()
    assert "Sayfa 1 / 2" in first.content.decode() or "1 / 2" in first.content.decode()
    assert AuditEvent.objects.filter(action="person.worklist").count() == 25
    client.get(reverse("services:worklist", args=["yasli-hal-hatir"]), {"page": 2})
    assert AuditEvent.objects.filter(action="person.worklist").count() == 30


def test_worklist_query_count_does_not_grow_with_the_page(
    catalogue: Any, client_as: Any, office_manager: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(25):
        PersonFactory(birth_date=dt.date(1950, 1, 1), lives_alone=True)
    client = client_as(office_manager)
    # Session, user, roles; service with rules; count; page; one audit insert per person shown.
    with django_assert_max_num_queries(12 + 25):
        client.get(reverse("services:worklist", args=["yasli-hal-hatir"]))


@pytest.mark.parametrize("role", ["nurse", "kitchen_staff", "call_operator", "auditor", "therapist"])
def test_worklist_is_refused_outside_case_roles(catalogue: Any, client_as: Any, role: str, request: Any) -> None:
    user = request.getfixturevalue(role)
    assert client_as(user).get(reverse("services:worklist", args=["yasli-hal-hatir"])).status_code == 403


def test_staff_pages_need_a_login(client: Any) -> None:
    response = client.get(reverse("services:service-list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
