"""Pages: who may open them, the desk's record flow with its refusals, htmx partials."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from omur.benefits.models import Distribution, GrantCohort, GrantScheme
from omur.benefits.services import grants
from omur.benefits.tests.conftest import make_household
from omur.geo.models import Neighbourhood


@pytest.fixture
def en(client_as: Any) -> Any:
    def make(user: Any) -> Any:
        client = client_as(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def _post(client: Any, person: Any, **extra: Any) -> Any:
    data = {
        "programme": "giysi-yardimi",
        "distributed_on": timezone.localdate().isoformat(),
        "confirmation": "signature",
        **extra,
    }
    return client.post(reverse("benefits:distribution-create", kwargs={"person_id": person.pk}), data)


def test_the_desk_records_and_refuses_the_fourth_clothing_aid(
    programmes: Any, poor_adult: Any, social_worker: Any, en: Any
) -> None:
    client = en(social_worker)
    for _ in range(3):
        response = _post(client, poor_adult)
        assert response.status_code == 302
    response = _post(client, poor_adult)
    assert response.status_code == 400
    assert "Limit reached" in response.content.decode()
    assert Distribution.objects.filter(person=poor_adult).count() == 3
    page = client.get(reverse("benefits:person-benefits", kwargs={"person_id": poor_adult.pk}))
    assert page.status_code == 200 and "limit reached" in page.content.decode()


def test_the_desk_preview_is_an_htmx_partial(programmes: Any, poor_adult: Any, social_worker: Any, en: Any) -> None:
    url = reverse("benefits:distribution-create", kwargs={"person_id": poor_adult.pk})
    response = en(social_worker).get(url, {"programme": "halk-kart"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert ("Meets the rules" in body and "750,00" in body) or "750.00" in body


def test_sms_confirmation_needs_the_code(programmes: Any, poor_adult: Any, social_worker: Any, en: Any) -> None:
    response = _post(en(social_worker), poor_adult, confirmation="sms")
    assert response.status_code == 400 and not Distribution.objects.exists()


@pytest.mark.parametrize("name", ["overview", "distribution-list", "scheme-list", "lottery-list", "lottery-method"])
def test_pages_open_for_the_sociologist(programmes: Any, sociologist: Any, client_as: Any, name: str) -> None:
    assert client_as(sociologist).get(reverse(f"benefits:{name}")).status_code == 200


def test_sociologist_reads_but_cannot_record(
    programmes: Any, poor_adult: Any, sociologist: Any, client_as: Any
) -> None:
    client = client_as(sociologist)
    assert client.get(reverse("benefits:person-benefits", kwargs={"person_id": poor_adult.pk})).status_code == 200
    assert _post(client, poor_adult).status_code == 403
    assert client.get(reverse("benefits:desk")).status_code == 403


@pytest.mark.parametrize("role", ["nurse", "caregiver", "call_operator", "auditor", "kitchen_staff"])
def test_other_roles_are_refused(programmes: Any, role: str, request: Any, client_as: Any) -> None:
    user = request.getfixturevalue(role)
    assert client_as(user).get(reverse("benefits:overview")).status_code == 403
    assert client_as(user).get(reverse("benefits:distribution-list")).status_code == 403


def test_only_the_office_manager_sets_amounts(
    programmes: Any, social_worker: Any, office_manager: Any, client_as: Any
) -> None:
    url = reverse("benefits:amount-add", kwargs={"code": "halk-kart"})
    tier = programmes["halk-kart"].tiers.first()
    data = {"tier": tier.pk, "valid_from": "2030-01-01", "amount": "999"}
    assert client_as(social_worker).post(url, data).status_code == 403
    assert client_as(office_manager).post(url, data).status_code == 302
    assert tier.amounts.filter(valid_from=dt.date(2030, 1, 1)).exists()


def test_grant_pages_render(catalogue: Any, social_worker: Any, client_as: Any) -> None:
    hood = Neighbourhood.objects.filter(district__name="Mut", population__lte=3000).order_by("id").first()
    scheme = GrantScheme.objects.get(code="hadi-gel-koyumuze")
    cohort = GrantCohort.objects.create(scheme=scheme, year=2026, places=60)
    person = make_household((3000, 35), hood=hood)[0]
    application = grants.application_record(actor=social_worker, cohort=cohort, person=person)
    grant = grants.grant_award(actor=social_worker, application=application)
    client = client_as(social_worker)
    for url in (
        reverse("benefits:scheme-detail", kwargs={"code": scheme.code}),
        reverse("benefits:cohort-detail", kwargs={"pk": cohort.pk}),
        reverse("benefits:grant-detail", kwargs={"pk": grant.pk}),
        reverse("benefits:dashboard", kwargs={"code": scheme.code}),
        reverse("benefits:obligations", kwargs={"code": scheme.code}),
        reverse("benefits:pass-on-create", kwargs={"pk": grant.pk}) + "?q=a",
        reverse("benefits:application-create", kwargs={"pk": cohort.pk}) + "?q=a",
        reverse("benefits:household-benefits", kwargs={"household_id": person.membership.household_id}),
    ):
        assert client.get(url).status_code == 200, url
    # The registry's household page links to the household's benefits.
    household_id = person.membership.household_id
    page = client.get(reverse("registry:household-detail", args=[household_id])).content.decode()
    assert reverse("benefits:household-benefits", kwargs={"household_id": household_id}) in page
    tags = [f"TR33{77000000 + i:08d}" for i in range(25)]
    response = client.post(
        reverse("benefits:grant-allocate", kwargs={"pk": grant.pk}),
        {
            "species": "goat",
            "allocated_on": "2026-01-05",
            "female_tags": "\n".join(tags[:24]),
            "male_tags": tags[24],
            "with_feed": "on",
        },
    )
    assert response.status_code == 302 and grant.animals.count() == 25


def test_person_timeline_shows_benefits(programmes: Any, poor_adult: Any, social_worker: Any, en: Any) -> None:
    _post(en(social_worker), poor_adult)
    from omur.registry.timeline import timeline_for

    entries = [e for e in timeline_for(person=poor_adult, actor=social_worker) if e.source == "benefits"]
    assert len(entries) == 1 and entries[0].kind == "aid"
