"""A coordinator records a tour request taken by phone: the same write path as the public form,
not rate-limited, the coordinator named as author on the tour and in the audit trail."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from omur.geo.models import Municipality
from omur.hub.models import RequestChannel, Tour, TourStatus
from omur.hub.services import tours as services


def _data(adana: Municipality, project: Any, **extra: Any) -> dict[str, Any]:
    day = timezone.localdate() + dt.timedelta(days=10)
    return {
        "channel": "phone",
        "kind": "metropolitan",
        "province": adana.province_id,
        "municipality": adana.pk,
        "contact_name": "Nihal Aksoy",
        "contact_title": "Daire Başkanı",
        "contact_phone": "0322 455 35 00",
        "preferred_from": day.isoformat(),
        "preferred_to": (day + dt.timedelta(days=3)).isoformat(),
        "head_count": "12",
        "interests": [project.pk],
        "language": "en",
        "kvkk": "on",
        **extra,
    }


def test_a_phone_request_is_recorded_with_its_author_and_not_rate_limited(
    client_as: Any, tour_coordinator: Any, project: Any, audit_events: Any, settings: Any
) -> None:
    settings.OMUR_HUB_TOUR_REQUEST_LIMIT = (1, 3600)  # the public form's limit does not apply here
    adana = Municipality.objects.get(key="buyuksehir:p1")
    coord = client_as(tour_coordinator)
    assert coord.get(reverse("hub:tour-record")).status_code == 200
    for _ in range(3):
        response = coord.post(reverse("hub:tour-record"), _data(adana, project))
        assert response.status_code == 302, response.content.decode()[:2000]
    tours = list(Tour.objects.order_by("pk"))
    assert len(tours) == 3
    tour = tours[0]
    assert response["Location"] == reverse("hub:tour-detail", kwargs={"pk": tours[-1].pk})
    assert tour.channel == RequestChannel.PHONE and tour.recorded_by == tour_coordinator
    assert tour.status == TourStatus.REQUESTED and tour.municipality == adana and tour.language == "en"
    assert tour.contact_phone == "+903224553500" and list(tour.interests.all()) == [project]
    event = audit_events.get(action="tour.request", object_id=str(tour.pk))
    assert event.actor == tour_coordinator and event.changes["channel"] == "phone"
    detail = coord.get(reverse("hub:tour-detail", kwargs={"pk": tour.pk})).content.decode()
    assert 'data-testid="tour-channel"' in detail and tour_coordinator.get_full_name() in detail


def test_the_notice_must_be_given_and_the_rules_are_the_public_forms(
    client_as: Any, office_manager: Any, project: Any
) -> None:
    adana = Municipality.objects.get(key="buyuksehir:p1")
    client = client_as(office_manager)
    data = _data(adana, project)
    del data["kvkk"]
    assert client.post(reverse("hub:tour-record"), data).status_code == 400
    tarsus = Municipality.objects.filter(type=Municipality.Type.METRO_DISTRICT).first()
    assert client.post(reverse("hub:tour-record"), _data(adana, project, municipality=tarsus.pk)).status_code == 400
    assert client.post(reverse("hub:tour-record"), _data(adana, project, channel="web")).status_code == 400
    assert not Tour.objects.exists()


def test_the_service_keeps_channel_and_author_together(tour_coordinator: Any, social_worker: Any, project: Any) -> None:
    day = timezone.localdate() + dt.timedelta(days=5)
    common = {
        "kind": "ngo",
        "organisation": "Mersin Engelliler Derneği",
        "municipality": None,
        "contact_name": "Ali Veli",
        "contact_title": "",
        "contact_phone": "+905321112233",
        "contact_email": "",
        "preferred_from": day,
        "preferred_to": day,
        "head_count": 6,
    }
    with pytest.raises(ValidationError):  # taken by staff, but nobody named
        services.tour_request_submit(**common, channel=RequestChannel.PHONE)
    with pytest.raises(ValidationError):  # staff cannot pass their entry off as the public form
        services.tour_request_submit(**common, actor=tour_coordinator, channel=RequestChannel.WEB)
    with pytest.raises(PermissionDenied):
        services.tour_request_submit(**common, actor=social_worker, channel=RequestChannel.EMAIL)
    public = services.tour_request_submit(**common)
    assert public.channel == RequestChannel.WEB and public.recorded_by is None
    email = services.tour_request_submit(**common, actor=tour_coordinator, channel=RequestChannel.EMAIL)
    assert email.channel == RequestChannel.EMAIL and email.recorded_by == tour_coordinator


def test_only_tour_staff_may_record_and_the_list_links_to_the_staff_page(
    client_as: Any, tour_coordinator: Any, social_worker: Any, geography: Any
) -> None:
    assert client_as(social_worker).get(reverse("hub:tour-record")).status_code == 403
    page = client_as(tour_coordinator).get(reverse("hub:tour-list")).content.decode()
    assert f'href="{reverse("hub:tour-record")}"' in page
