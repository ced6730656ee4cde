"""The public pages: the application form, its receipt, the status page, the rate limits."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from omur.geo.models import District, Neighbourhood
from omur.intake.models import Channel, Decision, RateLimitCounter, Request, Status
from omur.intake.ratelimit import rate_limit_hit, rate_limit_purge
from omur.intake.services import request_transition

APPLY = "/basvurular/basvuru/"
DONE = "/basvurular/basvuru/alindi/"
TRACK = "/basvurular/takip/"


@pytest.fixture
def place(geography: None) -> tuple[District, Neighbourhood]:
    district = District.objects.get(province_id=33, name="Yenişehir")
    return district, Neighbourhood.objects.filter(district=district).order_by("pk").first()


def _form(category: Any, place: tuple[District, Neighbourhood], /, **overrides: str) -> dict[str, Any]:
    data = {
        "name": "Zeynep Arslan",
        "phone": "0 (532) 444 55 66",
        "district": place[0].pk,
        "neighbourhood": place[1].pk,
        "category": category.pk,
        "description": "Annem yalnız yaşıyor, ev temizliği için destek istiyoruz.",
        "kvkk": "on",
    }
    data.update(overrides)
    return data


# --- the form ----------------------------------------------------------------------------------


def test_form_is_public_and_carries_a_csrf_token(client: Client, category: Any, place: Any) -> None:
    response = client.get(APPLY)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert "KVKK" in response.text
    # Districts in Turkish alphabetical order: Çamlıyayla between Bozyazı and Erdemli.
    districts = [name for _pk, name in response.context["form"].fields["district"].choices][1:]
    assert districts.index("Bozyazı") < districts.index("Çamlıyayla") < districts.index("Erdemli")


def test_post_without_csrf_token_is_refused(category: Any, place: Any) -> None:
    response = Client(enforce_csrf_checks=True).post(APPLY, _form(category, place))
    assert response.status_code == 403
    assert not Request.objects.exists()


def test_application_creates_a_web_request_and_shows_the_code(
    client: Client, category: Any, place: Any, audit_events: Any, sms_outbox: list
) -> None:
    response = client.post(APPLY, _form(category, place))
    assert response.status_code == 302 and response["Location"] == DONE
    req = Request.objects.get()
    assert (req.channel, req.status, req.person) == (Channel.WEB_FORM, Status.NEW, None)
    assert (req.caller_name, req.caller_phone) == ("Zeynep Arslan", "+905324445566")
    assert (req.district, req.neighbourhood) == place
    assert req.kvkk_acknowledged_at is not None
    assert req.language == "tr" and req.created_by is None
    assert audit_events.filter(action="request.create", object_id=str(req.pk), actor=None).exists()
    assert req.history.get().by is None
    assert sms_outbox == []  # no SMS to a number anyone could type

    done = client.get(DONE)
    assert req.tracking_code_display in done.text
    # A second browser has no receipt to show.
    assert req.tracking_code_display not in Client().get(DONE).text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kvkk": ""}, "kvkk"),
        ({"phone": "12345"}, "phone"),
        ({"name": ""}, "name"),
        ({"description": "kısa"}, "description"),
        ({"category": "999999"}, "category"),
        ({"district": ""}, "district"),
    ],
)
def test_bad_input_is_refused_with_errors_tied_to_fields_and_nothing_written(
    client: Client, category: Any, place: Any, overrides: dict, field: str
) -> None:
    response = client.post(APPLY, _form(category, place, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    # The error is announced with the field: aria-describedby points at the message's id.
    assert f'id="id_{field}_error"' in response.text
    assert f'aria-describedby="id_{field}_' in response.text or f'_helptext id_{field}_error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'id="error-summary"' in response.text
    assert not Request.objects.exists()


def test_neighbourhood_must_be_in_the_district(client: Client, category: Any, place: Any) -> None:
    other = Neighbourhood.objects.filter(district__province_id=33).exclude(district=place[0]).first()
    response = client.post(APPLY, _form(category, place, neighbourhood=str(other.pk)))
    assert response.status_code == 400 and "neighbourhood" in response.context["form"].errors
    assert not Request.objects.exists()


def test_hidden_categories_are_not_offered(client: Client, place: Any) -> None:
    from omur.intake.tests.factories import CategoryFactory

    internal = CategoryFactory(code="internal", name="Kurum içi", public=False)
    response = client.post(APPLY, _form(internal, place))
    assert response.status_code == 400 and "category" in response.context["form"].errors


def test_neighbourhood_options_follow_the_district(client: Client, place: Any) -> None:
    district, hood = place
    response = client.get("/basvurular/mahalleler/", {"district": district.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'value="{hood.pk}"' in response.text
    assert response.text.count("<option") == Neighbourhood.objects.filter(district=district).count() + 1
    every = client.get("/basvurular/mahalleler/", {"district": ""}).text
    assert every.count("<optgroup") == 13


# --- rate limits -------------------------------------------------------------------------------


def test_applications_are_rate_limited_per_address_with_a_turkish_message(
    client: Client, category: Any, place: Any, settings: Any
) -> None:
    settings.OMUR_INTAKE_APPLY_LIMIT = (2, 3600)
    assert client.post(APPLY, _form(category, place)).status_code == 302
    assert client.post(APPLY, _form(category, place, phone="05324445567")).status_code == 302
    refused = client.post(APPLY, _form(category, place, phone="05324445568"))
    assert refused.status_code == 429
    assert "Bu bağlantıdan çok fazla başvuru" in refused.text
    assert Request.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(APPLY, _form(category, place, phone="05324445569")).status_code == 302


def test_rate_limit_message_follows_the_language(client: Client, category: Any, place: Any, settings: Any) -> None:
    settings.OMUR_INTAKE_APPLY_LIMIT = (0, 3600)
    client.cookies["django_language"] = "en"
    refused = client.post(APPLY, _form(category, place))
    assert refused.status_code == 429 and "Too many applications" in refused.text


def test_invalid_posts_count_towards_the_limit(client: Client, category: Any, place: Any, settings: Any) -> None:
    settings.OMUR_INTAKE_APPLY_LIMIT = (1, 3600)
    assert client.post(APPLY, {"name": ""}).status_code == 400
    assert client.post(APPLY, _form(category, place)).status_code == 429
    assert not Request.objects.exists()


def test_rate_limit_counts_per_window_and_purges(db: Any) -> None:
    t0 = dt.datetime(2026, 5, 1, 10, 0, 5, tzinfo=dt.UTC)
    hits = [rate_limit_hit(scope="s", ident="1.2.3.4", limit=3, period=60, now=t0) for _ in range(4)]
    assert hits == [True, True, True, False]
    assert rate_limit_hit(scope="s", ident="5.6.7.8", limit=3, period=60, now=t0)
    assert rate_limit_hit(scope="other", ident="1.2.3.4", limit=3, period=60, now=t0)
    assert rate_limit_hit(scope="s", ident="1.2.3.4", limit=3, period=60, now=t0 + dt.timedelta(seconds=60))
    # Addresses are not stored in the clear.
    assert not RateLimitCounter.objects.filter(key__contains="1.2.3.4").exists()
    assert rate_limit_purge(now=t0 + dt.timedelta(hours=1)) == 4
    assert not RateLimitCounter.objects.exists()


# --- the status page ---------------------------------------------------------------------------


def test_tracking_shows_only_the_status_and_date(client: Client, make_request: Any, social_worker: Any) -> None:
    req = make_request(caller_name="Gülsüm Aslan", description="Diyabet hastası annem için yemek")
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    request_transition(
        actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.REJECTED, note="Gelir eşiğin üzerinde"
    )
    response = client.get(TRACK, {"kod": req.tracking_code_display.lower()})
    assert response.status_code == 200
    assert "Onaylanmadı" in response.text
    assert response.context["result"].changed_on == timezone.localdate(req.status_changed_at)
    for private in ("Gülsüm", "Aslan", "Diyabet", "Gelir", "5321", req.category.name):
        assert private not in response.text


def test_tracking_accepts_codes_as_people_type_them(client: Client, make_request: Any) -> None:
    req = make_request()
    spaced = " ".join(req.tracking_code[i : i + 2] for i in range(0, 10, 2))
    assert client.get(TRACK, {"kod": spaced}).context["result"].status == Status.NEW


def test_wrong_code_gives_a_clear_message(client: Client, make_request: Any) -> None:
    make_request()
    response = client.get(TRACK, {"kod": "AAAAA-AAAAA"})
    assert response.status_code == 200
    assert "Bu takip koduyla bir başvuru bulunamadı" in response.text
    assert "result" not in response.context


def test_malformed_code_is_an_error_on_the_field(client: Client, db: Any) -> None:
    response = client.get(TRACK, {"kod": "ABC"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text and 'id="id_kod_error"' in response.text


def test_tracking_lookups_are_rate_limited(client: Client, make_request: Any, settings: Any) -> None:
    settings.OMUR_INTAKE_TRACK_LIMIT = (2, 600)
    req = make_request()
    client.get(TRACK, {"kod": "AAAAA-AAAAA"})
    client.get(TRACK, {"kod": "CCCCC-CCCCC"})
    refused = client.get(TRACK, {"kod": req.tracking_code})
    assert refused.status_code == 429 and "result" not in refused.context
    # Opening the empty page is not a lookup and is never limited.
    assert client.get(TRACK).status_code == 200
