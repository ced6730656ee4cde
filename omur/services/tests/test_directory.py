"""The public directory: no login, Turkish-folded search, filters, nearest services, apply links."""

from typing import Any

import pytest
from django.urls import reverse

from omur.geo.models import Neighbourhood
from omur.services.models import Location, Service
from omur.services.selectors import ServiceFilters, directory_services, haversine_km, services_near
from omur.services.views import apply_url

pytestmark = pytest.mark.django_db


def test_directory_is_public(catalogue: Any, client: Any) -> None:
    response = client.get(reverse("services:directory"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mersin'de sosyal hizmetler" in body
    assert "Yaşlı Destek Birimi Günlük Hal Hatır Araması" in body


@pytest.mark.parametrize("query", ["yaşlı", "YAŞLI", "yasli", "Yaşlı"])
def test_search_folds_turkish_letters(catalogue: Any, client: Any, query: str) -> None:
    body = client.get(reverse("services:directory"), {"q": query}).content.decode()
    assert "Yaşlı Destek Birimi Günlük Hal Hatır Araması" in body
    assert "Sosyal Yaşam Merkezi Kreşi" not in body


@pytest.mark.parametrize("query", ["İLK OKUL", "ilk okul", "ılk okul", "Ilk Okul"])
def test_dotted_and_dotless_i_find_the_same_service(catalogue: Any, query: str) -> None:
    names = [s.name_tr for s in directory_services(ServiceFilters(q=query))]
    assert names == ["İlk Okul Çantam"]


def test_search_matches_english_names_too(catalogue: Any) -> None:
    assert [s.code for s in directory_services(ServiceFilters(q="sensory"))] == ["duyu-butunleme"]


def test_filters_by_life_stage_and_policy_area(catalogue: Any, client: Any) -> None:
    body = client.get(reverse("services:directory"), {"life_stage": "pregnancy"}).content.decode()
    assert "Gebelere Süt Desteği" in body
    assert "Emekliler Lokali" not in body
    codes = {s.code for s in directory_services(ServiceFilters(policy_area="tarim-istihdam"))}
    assert codes == {"kadin-ustalar", "hadi-gel-koyumuze"}


def test_internal_and_inactive_services_stay_out(catalogue: Any, client: Any) -> None:
    Service.objects.filter(code="kres").update(is_public=False)
    Service.objects.filter(code="halk-kart").update(active_to="2020-01-01", active_from="2019-01-01")
    codes = {s.code for s in directory_services(ServiceFilters())}
    assert "kres" not in codes and "halk-kart" not in codes
    assert client.get(reverse("services:directory-service", args=["kres"])).status_code == 404


def test_nearest_services_to_a_neighbourhood(catalogue: Any, client: Any) -> None:
    halkkent = Neighbourhood.objects.select_related("district").get(name="Halkkent")
    rows = services_near(directory_services(ServiceFilters()), halkkent)
    by_code = {r.service.code: r for r in rows}
    # Home-based services come to the door; the nursery's nearest centre is in Toroslar itself.
    assert by_code["yasli-hal-hatir"].location is None
    assert by_code["kres"].location.code in {"halkkent-sym", "kurdali-sym"}
    assert by_code["kres"].distance_km < 3
    distances = [r.distance_km for r in rows if r.distance_km is not None]
    assert distances == sorted(distances)
    # The rural livestock grant is not offered in central Toroslar.
    assert "hadi-gel-koyumuze" not in by_code
    body = client.get(reverse("services:directory"), {"neighbourhood": halkkent.pk}).content.decode()
    assert "Halkkent (Toroslar) yakınındaki hizmetler" in body
    assert "En yakın:" in body and "Evinize gelir" in body


def test_rural_neighbourhood_sees_the_livestock_grant(catalogue: Any) -> None:
    hood = Neighbourhood.objects.select_related("district").filter(district__name="Mut").first()
    assert hood is not None
    codes = {r.service.code for r in services_near(directory_services(ServiceFilters()), hood)}
    assert "hadi-gel-koyumuze" in codes


def test_haversine_between_district_centres() -> None:
    # Mersin (Akdeniz) to Tarsus: about 27 km as the crow flies.
    assert 25 < haversine_km(36.8121, 34.6415, 36.9177, 34.8928) < 30
    assert haversine_km(36.8, 34.6, 36.8, 34.6) == 0


def test_directory_service_and_location_pages(catalogue: Any, client: Any) -> None:
    response = client.get(reverse("services:directory-service", args=["otizm-ozel-egitim"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Otizm Aile Danışma Merkezi" in body
    assert "Tanı: otizm spektrum bozukluğu" in body
    assert f'href="{apply_url(Service.objects.get(code="otizm-ozel-egitim"))}"' in body.replace("&amp;", "&")
    location = Location.objects.get(code="mercan")
    body = client.get(reverse("services:directory-location", args=[location.code])).content.decode()
    assert "Mercan Bilim Atölyeleri ve Planetaryum" in body
    assert "data-points" in body and str(location.lat)[:5] in body


def test_internal_location_is_not_public(catalogue: Any, client: Any) -> None:
    Location.objects.filter(code="merkez-mutfak").update(is_public=False)
    assert client.get(reverse("services:directory-location", args=["merkez-mutfak"])).status_code == 404


def test_apply_link_points_at_the_public_intake_form() -> None:
    url = apply_url()
    assert url.startswith("/basvurular/basvuru/")


def test_directory_htmx_returns_the_results_partial(catalogue: Any, client: Any) -> None:
    body = client.get(reverse("services:directory"), {"q": "kreş"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and "Sosyal Yaşam Merkezi Kreşi" in body


def test_directory_query_count_is_constant(catalogue: Any, client: Any, django_assert_max_num_queries: Any) -> None:
    hood = Neighbourhood.objects.get(name="Halkkent")
    with django_assert_max_num_queries(12):
        client.get(reverse("services:directory"), {"neighbourhood": hood.pk})
