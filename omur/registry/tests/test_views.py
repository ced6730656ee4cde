"""Registry pages: status, htmx partials, masking, logged reveals, and who is refused."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from conftest import make_user
from omur.accounts.roles import Role
from omur.core.models import AuditEvent
from omur.registry import services
from omur.registry.models import Household, Person, PersonHealth
from omur.registry.tests.factories import PersonFactory

REGISTRY_DENIED = [
    Role.AUDITOR,
    Role.KITCHEN_STAFF,
    Role.DRIVER,
    Role.TOUR_COORDINATOR,
    Role.CAREGIVER,
    Role.SYSTEM_ADMIN,
]


@pytest.fixture
def ayse(db: Any) -> Person:
    person = PersonFactory(given_name="AYŞE", family_name="YILMAZ", phone="+905321112233")
    services.person_health_update(actor=None, person=person, disability_percent=70, diagnoses="Alzheimer")
    return person


# --- search -----------------------------------------------------------------------------------


def test_search_page_and_htmx_results(client_as: Any, call_operator: Any, ayse: Person) -> None:
    client = client_as(call_operator)
    page = client.get(reverse("registry:person-search"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "ismail" in body and "İSMAİL" in body  # the folding rule is explained on the page
    response = client.get(reverse("registry:person-search"), {"q": "ayse yil"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "YILMAZ, AYŞE" in html
    assert ayse.tckn not in html and ayse.tckn_masked in html


def test_search_logs_what_it_showed_without_the_full_number(client_as: Any, social_worker: Any, ayse: Person) -> None:
    client_as(social_worker).get(reverse("registry:person-search"), {"q": ayse.tckn})
    event = AuditEvent.objects.get(action="person.search")
    assert event.kind == "read" and event.changes["shown"] == [ayse.pk] and ayse.tckn not in str(event.changes)


def test_search_page_query_count(client_as: Any, social_worker: Any, django_assert_max_num_queries: Any) -> None:
    PersonFactory.create_batch(30, given_name="Fatma")
    client = client_as(social_worker)
    client.get(reverse("registry:person-search"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:person-search"), {"q": "fatma"}, headers={"HX-Request": "true"})
    assert response.content.decode().count("/kisiler/") >= 25


def test_search_paginates(client_as: Any, social_worker: Any) -> None:
    PersonFactory.create_batch(30, given_name="Fatma")
    response = client_as(social_worker).get(reverse("registry:person-search"), {"q": "fatma", "page": 2})
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize("role", REGISTRY_DENIED)
def test_search_denied_to_roles_outside_the_registry(db: Any, role: Role) -> None:
    from django.test import Client

    client = Client()
    client.force_login(make_user(role))
    assert client.get(reverse("registry:person-search")).status_code == 403


# --- person page ------------------------------------------------------------------------------


def test_person_page_is_logged_and_masks_the_number(client_as: Any, call_operator: Any, ayse: Person) -> None:
    response = client_as(call_operator).get(reverse("registry:person-detail", args=[ayse.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert ayse.tckn_masked in body and ayse.tckn not in body
    assert AuditEvent.objects.filter(
        action="person.view", object_id=str(ayse.pk), kind="read", actor=call_operator
    ).exists()


def test_call_operator_sees_no_special_category_section_and_cannot_reveal(
    client_as: Any, call_operator: Any, ayse: Person
) -> None:
    client = client_as(call_operator)
    body = client.get(reverse("registry:person-detail", args=[ayse.pk])).content.decode()
    assert "Alzheimer" not in body and reverse("registry:person-health", args=[ayse.pk]) not in body
    assert reverse("registry:person-reveal-tckn", args=[ayse.pk]) not in body
    assert client.post(reverse("registry:person-health", args=[ayse.pk])).status_code == 403
    assert client.get(reverse("registry:person-health-update", args=[ayse.pk])).status_code == 403
    assert client.post(reverse("registry:person-reveal-tckn", args=[ayse.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action__in=["person.health_view", "person.tckn_view"]).exists()


def test_special_category_data_is_shown_only_on_a_logged_request(client_as: Any, nurse: Any, ayse: Person) -> None:
    client = client_as(nurse)
    body = client.get(reverse("registry:person-detail", args=[ayse.pk])).content.decode()
    assert "Alzheimer" not in body and reverse("registry:person-health", args=[ayse.pk]) in body
    response = client.post(reverse("registry:person-health", args=[ayse.pk]), headers={"HX-Request": "true"})
    assert (
        response.status_code == 200
        and "Alzheimer" in response.content.decode()
        and "<html" not in response.content.decode()
    )
    event = AuditEvent.objects.get(action="person.health_view")
    assert (
        event.actor == nurse
        and event.object_id == str(ayse.pk)
        and event.changes["fields"] == ["diagnoses", "disability_percent"]
    )


def test_special_category_reveal_without_htmx_renders_the_page(
    client_as: Any, social_worker: Any, ayse: Person
) -> None:
    response = client_as(social_worker).post(reverse("registry:person-health", args=[ayse.pk]))
    assert (
        response.status_code == 200
        and "Alzheimer" in response.content.decode()
        and "<html" in response.content.decode()
    )


def test_revealing_the_tckn_is_logged(client_as: Any, social_worker: Any, ayse: Person) -> None:
    response = client_as(social_worker).post(
        reverse("registry:person-reveal-tckn", args=[ayse.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and ayse.tckn in response.content.decode()
    assert AuditEvent.objects.get(action="person.tckn_view").changes == {"fields": ["tckn"]}


def test_reveal_needs_post(client_as: Any, social_worker: Any, ayse: Person) -> None:
    assert client_as(social_worker).get(reverse("registry:person-reveal-tckn", args=[ayse.pk])).status_code == 405


def test_person_page_query_count_does_not_grow_with_the_record(
    client_as: Any, social_worker: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from omur.registry.timeline import registered_sources

    small = PersonFactory()
    services.household_create(actor=None, head=small)
    big = PersonFactory()
    for n in range(5):
        services.emergency_contact_add(actor=None, person=big, contact_person=PersonFactory(), relation=f"r{n}")
        purpose = ["social_services", "home_care", "meals", "communication", "courses"][n]
        services.processing_basis_add(actor=None, person=big, purpose=purpose, basis="public_duty")
    services.household_create(actor=None, head=big, members=[(PersonFactory(), "child") for _ in range(4)])
    client = client_as(social_worker)
    client.get(reverse("registry:person-detail", args=[small.pk]))
    counts = []
    for person in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("registry:person-detail", args=[person.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    # Sign-in and roles (5), the person with bases and contacts (3), the audit row (1), the
    # household (3), and each timeline source's own query or queries.
    with django_assert_max_num_queries(12 + 2 * len(registered_sources())):
        client.get(reverse("registry:person-detail", args=[big.pk]))


def test_person_page_shows_household_contacts_bases_and_timeline(
    client_as: Any, social_worker: Any, geography: Any
) -> None:
    from omur.geo.models import Neighbourhood

    hood = Neighbourhood.objects.filter(district__province_id=33).select_related("district").first()
    person = services.person_create(
        actor=None, given_name="Hatice", family_name="Kurt", sex="F", neighbourhood=hood, monthly_income=9000
    )
    services.household_create(actor=None, head=person, members=[(PersonFactory(monthly_income=3000), "spouse")])
    services.emergency_contact_add(actor=None, person=person, name="Elif Kurt", phone="05329998877", relation="kızı")
    services.processing_basis_add(
        actor=None,
        person=person,
        purpose="communication",
        basis="explicit_consent",
        consent_date=dt.date(2025, 1, 2),
        consent_channel="written",
    )
    body = client_as(social_worker).get(reverse("registry:person-detail", args=[person.pk])).content.decode()
    assert "6.000,00 ₺" in body  # income per head
    assert "Elif Kurt" in body and "0532 999 88 77" in body
    assert "Açık rıza" in body or "Explicit consent" in body
    assert 'data-approximate="1"' in body and f'data-lat="{hood.district.lat:f}"' in body
    assert "timeline-entry" in body


def test_unknown_person_is_404(client_as: Any, social_worker: Any) -> None:
    assert client_as(social_worker).get(reverse("registry:person-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", REGISTRY_DENIED)
def test_person_page_denied_to_roles_outside_the_registry(db: Any, role: Role, ayse: Person) -> None:
    from django.test import Client

    client = Client()
    client.force_login(make_user(role))
    assert client.get(reverse("registry:person-detail", args=[ayse.pk])).status_code == 403
    assert client.post(reverse("registry:person-health", args=[ayse.pk])).status_code == 403


# --- create and edit --------------------------------------------------------------------------


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "given_name": "Mehmet",
        "family_name": "Demir",
        "sex": "M",
        "birth_date": "1948-05-06",
        "phone": "0532 444 55 66",
        "tckn": "",
    }
    data.update(overrides)
    return data


def test_create_person_redirects_to_the_page(client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).post(reverse("registry:person-create"), form_data())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registry:person-detail", args=[person.pk])
    assert person.phone == "+905324445566"


def test_create_with_a_known_tckn_links_to_the_existing_record(
    client_as: Any, social_worker: Any, ayse: Person
) -> None:
    response = client_as(social_worker).post(reverse("registry:person-create"), form_data(tckn=ayse.tckn))
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="duplicate-tckn"' in body
    assert reverse("registry:person-detail", args=[ayse.pk]) in body
    assert Person.objects.count() == 1


def test_create_shows_likely_duplicates_then_saves_when_confirmed(client_as: Any, social_worker: Any) -> None:
    client = client_as(social_worker)
    client.post(reverse("registry:person-create"), form_data())
    response = client.post(reverse("registry:person-create"), form_data(given_name="MEHMET", family_name="DEMİR"))
    assert 'data-testid="possible-duplicates"' in response.content.decode() and Person.objects.count() == 1
    response = client.post(
        reverse("registry:person-create"), form_data(given_name="MEHMET", family_name="DEMİR", confirm_duplicates="on")
    )
    assert response.status_code == 302 and Person.objects.count() == 2


def test_create_shows_field_errors(client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).post(
        reverse("registry:person-create"), form_data(tckn="12345678901", phone="12")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"tckn", "phone"}


def test_edit_person(client_as: Any, social_worker: Any, ayse: Person) -> None:
    client = client_as(social_worker)
    assert client.get(reverse("registry:person-update", args=[ayse.pk])).status_code == 200
    response = client.post(
        reverse("registry:person-update", args=[ayse.pk]),
        form_data(tckn=ayse.tckn, given_name="Ayşe", family_name="Yılmaz", sex="F"),
    )
    assert response.status_code == 302
    ayse.refresh_from_db()
    assert ayse.given_name == "Ayşe" and AuditEvent.objects.filter(action="person.update").exists()


@pytest.mark.parametrize("role", [Role.CALL_OPERATOR, Role.NURSE, Role.AUDITOR])
def test_create_and_edit_denied_to_non_case_roles(db: Any, role: Role, ayse: Person) -> None:
    from django.test import Client

    client = Client()
    client.force_login(make_user(role))
    assert client.post(reverse("registry:person-create"), form_data()).status_code == 403
    assert client.post(reverse("registry:person-update", args=[ayse.pk]), form_data()).status_code == 403
    assert Person.objects.count() == 1


def test_health_form_saves_and_logs(client_as: Any, nurse: Any, ayse: Person) -> None:
    client = client_as(nurse)
    assert client.get(reverse("registry:person-health-update", args=[ayse.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="person.health_view", purpose="edit").exists()
    response = client.post(
        reverse("registry:person-health-update", args=[ayse.pk]), {"disability_percent": "80", "diagnoses": "Alzheimer"}
    )
    assert response.status_code == 302
    assert PersonHealth.objects.get(person=ayse).data["disability_percent"] == 80


def test_neighbourhood_options(client_as: Any, call_operator: Any, geography: Any) -> None:
    from omur.geo.models import District

    district = District.objects.filter(province_id=33).first()
    body = (
        client_as(call_operator)
        .get(reverse("registry:neighbourhood-options"), {"district": district.pk})
        .content.decode()
    )
    assert body.count("<option") == district.neighbourhoods.count() + 1


def test_person_options_for_pickers(client_as: Any, social_worker: Any, ayse: Person) -> None:
    body = client_as(social_worker).get(reverse("registry:person-options"), {"q": "ayse"}).content.decode()
    assert f"#{ayse.pk} AYŞE YILMAZ" in body and ayse.tckn not in body


# --- contacts and legal bases -----------------------------------------------------------------


def test_contact_add_and_remove_pages(client_as: Any, social_worker: Any, ayse: Person) -> None:
    client = client_as(social_worker)
    daughter = PersonFactory(given_name="Elif")
    response = client.post(
        reverse("registry:contact-add", args=[ayse.pk]), {"contact_person": f"#{daughter.pk} Elif", "relation": "kızı"}
    )
    assert response.status_code == 302
    contact = ayse.emergency_contacts.get()
    assert contact.contact_person == daughter
    response = client.post(
        reverse("registry:contact-add", args=[ayse.pk]), {"name": "", "phone": "", "relation": "komşu"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    client.post(reverse("registry:contact-remove", args=[ayse.pk, contact.pk]))
    assert not ayse.emergency_contacts.exists()


def test_basis_add_and_withdraw_pages(client_as: Any, social_worker: Any, ayse: Person) -> None:
    client = client_as(social_worker)
    response = client.post(
        reverse("registry:basis-add", args=[ayse.pk]), {"purpose": "meals", "basis": "explicit_consent"}
    )
    assert response.status_code == 200 and "consent_date" in response.context["form"].errors
    response = client.post(
        reverse("registry:basis-add", args=[ayse.pk]),
        {"purpose": "meals", "basis": "explicit_consent", "consent_date": "2025-02-03", "consent_channel": "phone"},
    )
    assert response.status_code == 302
    basis = ayse.processing_bases.get()
    client.post(reverse("registry:basis-withdraw", args=[ayse.pk, basis.pk]), {"withdrawn_on": "2025-03-01"})
    basis.refresh_from_db()
    assert basis.withdrawn_on == dt.date(2025, 3, 1)


# --- households -------------------------------------------------------------------------------


def test_household_registration_page(client_as: Any, social_worker: Any) -> None:
    head, spouse, child = PersonFactory(), PersonFactory(), PersonFactory()
    client = client_as(social_worker)
    assert client.get(reverse("registry:household-create"), {"head": head.pk}).status_code == 200
    data = {
        "head": f"#{head.pk} {head.full_name}",
        "note": "",
        "members-TOTAL_FORMS": "6",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-person": f"#{spouse.pk}",
        "members-0-relation": "spouse",
        "members-1-person": child.tckn,
        "members-1-relation": "child",
    }
    response = client.post(reverse("registry:household-create"), data)
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:household-detail", args=[household.pk]
    )
    assert household.members.count() == 3
    page = client.get(reverse("registry:household-detail", args=[household.pk]))
    assert page.status_code == 200 and page.context["household"].size == 3
    assert client.get(reverse("registry:household-list"), headers={"HX-Request": "true"}).status_code == 200


def test_household_registration_refuses_someone_already_in_a_household(client_as: Any, social_worker: Any) -> None:
    busy = PersonFactory()
    services.household_create(actor=None, head=busy)
    data = {
        "head": f"#{PersonFactory().pk}",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-person": f"#{busy.pk}",
        "members-0-relation": "child",
    }
    response = client_as(social_worker).post(reverse("registry:household-create"), data)
    assert (
        response.status_code == 200 and reverse("registry:person-detail", args=[busy.pk]) in response.content.decode()
    )
    assert Household.objects.count() == 1


def test_household_list_query_count(client_as: Any, social_worker: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(10):
        services.household_create(actor=None, head=PersonFactory(), members=[(PersonFactory(), "child")])
    client = client_as(social_worker)
    client.get(reverse("registry:household-list"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("registry:household-list")).status_code == 200


@pytest.mark.parametrize("role", [Role.CALL_OPERATOR, Role.NURSE, Role.AUDITOR, Role.DRIVER])
def test_household_pages_denied_to_non_case_roles(db: Any, role: Role) -> None:
    from django.test import Client

    client = Client()
    client.force_login(make_user(role))
    assert client.get(reverse("registry:household-create")).status_code == 403
    assert client.get(reverse("registry:household-list")).status_code == 403


def test_navigation_offers_people_to_registry_roles_only(
    client_as: Any, call_operator: Any, kitchen_staff: Any
) -> None:
    assert reverse("registry:person-search") in client_as(call_operator).get(reverse("core:home")).content.decode()
    assert reverse("registry:person-search") not in client_as(kitchen_staff).get(reverse("core:home")).content.decode()


def test_registry_models_are_not_in_the_admin() -> None:
    """The system administrator must not browse personal data through the Django admin."""
    from django.contrib import admin

    from omur.registry import models

    for model in (
        models.Person,
        models.PersonHealth,
        models.EmergencyContact,
        models.Household,
        models.HouseholdMember,
        models.ProcessingBasis,
    ):
        assert not admin.site.is_registered(model)


def test_registry_timeline_lists_registration_and_consents(social_worker: Any) -> None:
    from omur.registry.selectors import person_get
    from omur.registry.timeline import timeline_for

    person = PersonFactory()
    basis = services.processing_basis_add(
        actor=None,
        person=person,
        purpose="meals",
        basis="explicit_consent",
        consent_date=dt.date(2025, 1, 2),
        consent_channel="phone",
    )
    services.processing_basis_withdraw(actor=None, basis=basis, withdrawn_on=dt.date(2025, 2, 1))
    kinds = [
        e.kind
        for e in timeline_for(person=person_get(actor=social_worker, pk=person.pk), actor=social_worker)
        if e.source == "registry"
    ]
    assert kinds == ["registration", "withdrawal", "consent"]


def test_household_page_actions(client_as: Any, social_worker: Any) -> None:
    head, son = PersonFactory(), PersonFactory()
    household = services.household_create(actor=None, head=head)
    client = client_as(social_worker)
    client.post(
        reverse("registry:household-member-add", args=[household.pk]), {"person": f"#{son.pk}", "relation": "child"}
    )
    son_member = household.members.get(person=son)
    head_member = household.members.get(person=head)
    # The head cannot be removed; the page says why instead of failing.
    response = client.post(
        reverse("registry:household-member-remove", args=[household.pk, head_member.pk]), follow=True
    )
    assert household.members.count() == 2 and response.status_code == 200
    client.post(
        reverse("registry:household-head-change", args=[household.pk]),
        {"new_head": son_member.pk, "former_head_relation": "parent"},
    )
    household.refresh_from_db()
    assert household.head == son
    client.post(reverse("registry:household-member-remove", args=[household.pk, head_member.pk]))
    assert list(household.members.values_list("person_id", flat=True)) == [son.pk]
