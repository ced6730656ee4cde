"""The HSDS-shaped JSON API: public, paginated with the HSDS page envelope, in the OpenAPI schema."""

import uuid
from typing import Any

import pytest
from django.urls import reverse

from omur.services.models import Department, Location, Service, ServiceAtLocation

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def test_services_list_shape_and_pagination(catalogue: Any, client: Any) -> None:
    total = Service.objects.filter(is_public=True).count()
    first = client.get("/api/hsds/services", {"per_page": 10}).json()
    assert set(first) == PAGE_KEYS
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (
        total,
        -(-total // 10),
        1,
        10,
    )
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = client.get("/api/hsds/services", {"per_page": 10, "page": first["total_pages"]}).json()
    assert last["last_page"] and last["size"] == total - 10 * (first["total_pages"] - 1)
    ids = {s["id"] for s in first["contents"]} | {s["id"] for s in last["contents"]}
    assert len(ids) == first["size"] + last["size"]
    service = first["contents"][0]
    assert set(service) >= {
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "status",
        "eligibility_description",
        "minimum_age",
    }
    uuid.UUID(service["id"])
    uuid.UUID(service["organization_id"])


def test_pages_beyond_the_end_are_empty_not_errors(catalogue: Any, client: Any) -> None:
    data = client.get("/api/hsds/services", {"page": 99}).json()
    assert data["contents"] == [] and data["size"] == 0 and not data["empty"]


def test_per_page_is_bounded(catalogue: Any, client: Any) -> None:
    assert client.get("/api/hsds/services", {"per_page": 1000}).status_code == 422
    assert client.get("/api/hsds/services", {"page": 0}).status_code == 422


def test_service_eligibility_and_ages(catalogue: Any, client: Any) -> None:
    service = Service.objects.get(code="hadi-gel-koyumuze")
    data = client.get(f"/api/hsds/services/{service.uuid}").json()
    assert data["minimum_age"] == 25 and data["maximum_age"] == 45
    assert "Mut" in data["eligibility_description"]
    autism = client.get(f"/api/hsds/services/{Service.objects.get(code='otizm-ozel-egitim').uuid}").json()
    assert autism["maximum_age"] == 6


def test_fully_nested_service(catalogue: Any, client: Any) -> None:
    service = Service.objects.get(code="mahalle-mutfaklari")
    data = client.get(f"/api/hsds/services/{service.uuid}").json()
    assert data["organization"]["id"] == str(service.department.uuid)
    assert [c["amount"] for c in data["cost_options"]] == [3.0, 3.5, 25.0]
    assert data["cost_options"][0]["valid_to"] == "2022-02-28" and data["cost_options"][-1]["valid_to"] is None
    assert {a["link_type"] for a in data["attributes"]} >= {"policy_area", "life_stage", "delivery_model", "mechanism"}
    sal = data["service_at_locations"]
    assert len(sal) == service.service_at_locations.count()
    location = sal[0]["location"]
    assert location["schedules"][0]["byday"] in {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    assert location["addresses"][0]["state_province"] == "Mersin"


def test_locations_and_service_at_locations(catalogue: Any, client: Any) -> None:
    data = client.get("/api/hsds/locations", {"search": "TAZİYE"}).json()
    assert {c["name"] for c in data["contents"]} == {
        "Halkkent Taziye Evi",
        "Çiftlikköy Taziye Evi",
        "Tarsus Ulaş Taziye Evi",
    }
    link = ServiceAtLocation.objects.select_related("service", "location").first()
    assert link is not None
    listing = client.get("/api/hsds/service_at_locations", {"per_page": 200}).json()
    assert listing["total_items"] == ServiceAtLocation.objects.count()
    one = client.get(f"/api/hsds/service_at_locations/{link.uuid}").json()
    assert one["service"]["id"] == str(link.service.uuid) and one["location"]["id"] == str(link.location.uuid)
    loc = client.get(f"/api/hsds/locations/{link.location.uuid}").json()
    assert loc["latitude"] == link.location.lat


def test_organizations(catalogue: Any, client: Any) -> None:
    data = client.get("/api/hsds/organizations").json()
    assert data["total_items"] == Department.objects.filter(services__is_public=True).distinct().count()
    dept = Department.objects.get(code="saglik-isleri")
    full = client.get(f"/api/hsds/organizations/{dept.uuid}").json()
    assert {s["name"] for s in full["services"]} >= {"Evde Sağlık Hizmeti"}


def test_english_names_follow_the_request_language(catalogue: Any, client: Any) -> None:
    service = Service.objects.get(code="kres")
    data = client.get(f"/api/hsds/services/{service.uuid}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["name"] == "Nursery at the social life centre"
    assert data["alternate_name"] == "Sosyal Yaşam Merkezi Kreşi"


def test_internal_records_are_not_published(catalogue: Any, client: Any) -> None:
    service = Service.objects.get(code="kres")
    service.is_public = False
    service.save()
    Location.objects.filter(code="mercan").update(is_public=False)
    assert client.get(f"/api/hsds/services/{service.uuid}").status_code == 404
    assert client.get(f"/api/hsds/locations/{Location.objects.get(code='mercan').uuid}").status_code == 404
    names = {s["name"] for s in client.get("/api/hsds/services", {"per_page": 200}).json()["contents"]}
    assert "Sosyal Yaşam Merkezi Kreşi" not in names


@pytest.mark.parametrize("path", ["services", "locations", "organizations", "service_at_locations"])
def test_unknown_ids_are_404(client: Any, path: str) -> None:
    assert client.get(f"/api/hsds/{path}/not-a-uuid").status_code == 404
    assert client.get(f"/api/hsds/{path}/{uuid.uuid4()}").status_code == 404


def test_api_is_public_and_named_in_the_access_table(client: Any) -> None:
    assert client.get(reverse("api:hsds_root")).json()["version"] == "3.0"
    assert client.get(reverse("api:hsds_services")).status_code == 200


def test_openapi_schema_lists_the_hsds_operations(client: Any) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in [
        "/api/hsds/services",
        "/api/hsds/services/{id}",
        "/api/hsds/locations",
        "/api/hsds/organizations",
        "/api/hsds/service_at_locations",
    ]:
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/hsds/services"]["get"]["parameters"]}
    assert {"page", "per_page", "search"} <= params


@pytest.mark.parametrize("per_page", [5, 50])
def test_list_queries_do_not_grow_with_the_page(
    catalogue: Any, client: Any, django_assert_max_num_queries: Any, per_page: int
) -> None:
    # count + page + prefetched rules (+ place names) for services; count + page + hours for locations.
    with django_assert_max_num_queries(5):
        client.get("/api/hsds/services", {"per_page": per_page})
    with django_assert_max_num_queries(4):
        client.get("/api/hsds/locations", {"per_page": per_page})
    with django_assert_max_num_queries(3):
        client.get("/api/hsds/service_at_locations", {"per_page": per_page})
