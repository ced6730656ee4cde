"""How it will be checked, end to end through the pages: a delegation requests a tour on the public
form, the coordinator builds a four-site itinerary (a clash is flagged, then fixed), records the
visitors, the delegation gives feedback, the visit becomes engagements, one reaches "launched",
and the public impact figures move."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from omur.geo.models import Municipality
from omur.hub.models import Engagement, Stage, Tour, TourStatus, TourStop
from omur.hub.selectors import impact_figures, itinerary_check
from omur.hub.tests.conftest import next_weekday
from omur.services.models import Location

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _stop(client: Any, tour: Tour, code: str, start: str, end: str, project: Any) -> Any:
    loc = Location.objects.get(code=code)
    return client.post(
        reverse("hub:stop-add", kwargs={"pk": tour.pk}),
        {"location": loc.pk, "project": project.pk, "starts_at": start, "ends_at": end},
        HTTP_HX_REQUEST="true",
        **EN,
    )


def test_tour_request_to_launched_engagement_moves_the_impact_figures(
    client: Any, client_as: Any, tour_coordinator: Any, office_manager: Any, project: Any, audit_events: Any
) -> None:
    adana = Municipality.objects.get(key="buyuksehir:p1")
    before = impact_figures()

    # 1. The public request (no login).
    visit_day = next_weekday(0, after=timezone.localdate() + dt.timedelta(days=7))  # a Monday
    response = client.post(
        reverse("hub:tour-request"),
        {
            "kind": "metropolitan",
            "province": adana.province_id,
            "municipality": adana.pk,
            "contact_name": "Nihal Aksoy",
            "contact_title": "Daire Başkanı",
            "contact_phone": "0322 455 35 00",
            "contact_email": "nihal@example.org",
            "preferred_from": visit_day.isoformat(),
            "preferred_to": (visit_day + dt.timedelta(days=4)).isoformat(),
            "head_count": "18",
            "interests": [project.pk],
            "kvkk": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tour = Tour.objects.get()
    assert tour.municipality == adana and tour.status == TourStatus.REQUESTED and tour.organisation == adana.name
    assert tour.contact_phone == "+903224553500"

    # 2. The coordinator plans it and builds a four-site itinerary.
    coord = client_as(tour_coordinator)
    assert (
        coord.post(
            reverse("hub:tour-action", kwargs={"pk": tour.pk}),
            {"action": "schedule", "visit_on": visit_day.isoformat()},
        ).status_code
        == 302
    )
    tour.refresh_from_db()
    assert tour.status == TourStatus.PLANNED and tour.visit_on == visit_day
    assert _stop(coord, tour, "merkez-mutfak", "09:30", "10:15", project).status_code == 200
    assert _stop(coord, tour, "kadin-ustalar-atolye", "10:45", "11:30", project).status_code == 200
    assert _stop(coord, tour, "halkkent-sym", "12:00", "13:00", project).status_code == 200
    # Mercan is closed on Mondays: the clash is flagged on the page, not silently accepted or refused.
    response = _stop(coord, tour, "mercan", "14:00", "15:00", project)
    assert response.status_code == 200
    assert TourStop.objects.filter(tour=tour).count() == 4
    check = itinerary_check(tour)
    assert not check.ok and any("closed" in c for s in check.stops for c in s.clashes)
    assert 'data-testid="clash-summary"' in response.content.decode()

    # Fixed: the fourth site becomes the autism centre (open on Mondays), with time to drive there.
    mercan_stop = TourStop.objects.get(tour=tour, location__code="mercan")
    mercan_stop.delete()
    _stop(coord, tour, "otizm-aile-danisma", "14:00", "14:45", project)
    check = itinerary_check(tour)
    assert check.ok, [c.clashes for c in check.stops]
    assert all(s.travel_minutes is not None for s in check.stops[1:])

    # 3. The visit takes place: visitors registered, completed, feedback by the tokenised link.
    Tour.objects.filter(pk=tour.pk).update(visit_on=timezone.localdate())  # the day has come
    tour.refresh_from_db()
    response = coord.post(
        reverse("hub:visitor-add", kwargs={"pk": tour.pk}),
        {"group": "Başkan ve ekibi", "head_count": "17", "names": ""},
    )
    assert response.status_code == 302
    assert coord.post(reverse("hub:tour-action", kwargs={"pk": tour.pk}), {"action": "complete"}).status_code == 302
    tour.refresh_from_db()
    assert tour.status == TourStatus.COMPLETED

    feedback_url = reverse("hub:tour-feedback", kwargs={"token": tour.feedback_token})
    response = client.post(feedback_url, {"rating": "5", "interested_in": [project.pk], "wants_support": "on"})
    assert response.status_code == 302
    assert tour.feedback.get().wants_support

    # 4. One click: the interest becomes an engagement at "study visit".
    coord.post(reverse("hub:tour-action", kwargs={"pk": tour.pk}), {"action": "follow_up"})
    engagement = Engagement.objects.get(municipality=adana, project=project)
    assert engagement.stage == Stage.STUDY_VISIT and engagement.source_tour == tour

    # 5. Through the board to "launched" (evidence first).
    for stage in (Stage.PLANNING, Stage.IMPLEMENTATION):
        coord.post(
            reverse("hub:engagement-move", kwargs={"pk": engagement.pk}),
            {"to_stage": stage, "from": "board"},
            HTTP_HX_REQUEST="true",
        )
    engagement.refresh_from_db()
    assert engagement.stage == Stage.IMPLEMENTATION
    coord.post(reverse("hub:engagement-move", kwargs={"pk": engagement.pk}), {"to_stage": Stage.LAUNCHED})
    engagement.refresh_from_db()
    assert engagement.stage == Stage.IMPLEMENTATION  # refused: no evidence of adoption yet
    coord.post(
        reverse("hub:evidence-add", kwargs={"pk": engagement.pk}),
        {
            "title": "Meclis kararı 2025/112",
            "dated": timezone.localdate().isoformat(),
            "url": "https://example.org/karar",
        },
    )
    coord.post(reverse("hub:engagement-move", kwargs={"pk": engagement.pk}), {"to_stage": Stage.LAUNCHED})
    engagement.refresh_from_db()
    assert engagement.stage == Stage.LAUNCHED and engagement.launched_on == timezone.localdate()
    assert [h.to_stage for h in engagement.history.all()] == ["study_visit", "planning", "implementation", "launched"]

    # 6. The impact figures moved, and the public page says so.
    after = impact_figures()
    assert after.adoptions == before.adoptions + 1
    assert after.metropolitan == before.metropolitan + 1
    assert after.visitors == before.visitors + 17
    page = client.get(reverse("hub:impact"), **EN).content.decode()
    assert f'data-testid="fig-visitors">{after.visitors}<' in page
    assert adana.name in page
    assert audit_events.filter(action="engagement.move").count() == 3
    assert audit_events.filter(action="tour.follow_up").exists()
