"""The impact headline is computed from the records (the demo seed reproduces the published
figures), public pages show published projects only and no staff data, and every role outside the
least-privilege list is refused."""

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from omur.core.indicators import INDICATORS, register_indicator
from omur.geo.models import Municipality
from omur.hub.demo import seed_hub
from omur.hub.models import ADOPTED_STAGES, Engagement, Project, Stage, Tour, TourStatus, VisitorEntry
from omur.hub.selectors import impact_figures, kpi_values
from omur.hub.services.engagements import engagement_create, engagement_move, evidence_add

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_seeded_demo_reproduces_the_published_figures_and_a_launch_moves_them(
    catalogue: None, office_manager: Any, client: Any
) -> None:
    summary = seed_hub(seed=1)
    assert seed_hub(seed=1) == "nothing to add"  # idempotent
    figures = impact_figures()
    adopted = Engagement.objects.filter(stage__in=ADOPTED_STAGES)
    # The figures are what the records say ...
    assert figures.adoptions == adopted.count()
    assert (
        figures.metropolitan
        == adopted.filter(municipality__type="buyuksehir").values("municipality").distinct().count()
    )
    assert (
        figures.visitors
        == VisitorEntry.objects.filter(tour__status=TourStatus.COMPLETED).aggregate(n=Sum("head_count"))["n"]
    )
    # ... and the demo records reproduce the office's published headline.
    assert Project.objects.filter(is_published=True).count() >= 30
    assert figures.adoptions >= 30
    assert (figures.metropolitan, figures.provincial, figures.district) == (6, 2, 9), summary
    assert figures.visitors >= 1000
    page = client.get(reverse("hub:impact"), **EN).content.decode()
    assert (
        f"{figures.adoptions} projects supported in 6 metropolitan, 2 provincial and 9 district municipalities" in page
    )

    # A new municipality launches a project: the headline moves.
    karaman_district = Municipality.objects.filter(type="ilce").order_by("pk").first()
    assert karaman_district is not None
    e = engagement_create(
        actor=office_manager,
        municipality=karaman_district,
        project=Project.objects.get(code="mercan"),
        stage=Stage.STUDY_VISIT,
        on=timezone.localdate() - dt.timedelta(days=60),
    )
    for stage in (Stage.PLANNING, Stage.IMPLEMENTATION):
        engagement_move(
            actor=office_manager, engagement=e, to_stage=stage, on=timezone.localdate() - dt.timedelta(days=30)
        )
    evidence_add(
        actor=office_manager,
        engagement=e,
        title="Açılış haberi",
        dated=timezone.localdate(),
        url="https://example.org/haber",
    )
    engagement_move(actor=office_manager, engagement=e, to_stage=Stage.LAUNCHED)
    moved = impact_figures()
    assert (moved.adoptions, moved.district) == (figures.adoptions + 1, 10)


def test_live_kpi_shows_the_indicator_and_missing_ones_are_not_available(project: Any) -> None:
    assert "test.portions" not in INDICATORS
    (value,) = kpi_values(project)
    assert not value.available
    register_indicator("test.portions", "Portions", unit="portions", func=lambda start, end: (end - start).days + 1)
    try:
        (value,) = kpi_values(project, today=dt.date(2025, 3, 31))
        assert value.available and value.value == 30 and value.period == (dt.date(2025, 3, 2), dt.date(2025, 3, 31))
    finally:
        INDICATORS.pop("test.portions")


def test_public_project_page_shows_published_projects_without_staff_data(project: Any, client: Any) -> None:
    url = reverse("hub:public-project", kwargs={"code": project.code})
    page = client.get(url, **EN).content.decode()
    assert project.name_en in page
    assert "file-download" not in page and "/ofis/" not in page
    Project.objects.filter(pk=project.pk).update(is_published=False)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("hub:engagement-board", {"office_manager", "tour_coordinator"}),
        ("hub:tour-list", {"office_manager", "tour_coordinator"}),
        ("hub:partner-list", {"office_manager"}),
        ("hub:playbook-upload", {"office_manager"}),
        ("hub:project-list", None),  # any member of staff reads projects
    ],
)
def test_least_privilege(
    url_name: str, allowed: set[str] | None, client_as: Any, user_factory: Any, client: Any
) -> None:
    from omur.accounts.roles import Role

    url = reverse(url_name)
    for role in (Role.OFFICE_MANAGER, Role.TOUR_COORDINATOR, Role.SOCIAL_WORKER, Role.DRIVER, Role.AUDITOR):
        response = client_as(user_factory(role)).get(url)
        expected = allowed is None or role in allowed
        assert (response.status_code == 200) == expected, (url_name, role, response.status_code)
    assert client.get(url).status_code == 302


def test_public_tour_request_is_rate_limited(client: Any, settings: Any, geography: Any) -> None:
    settings.OMUR_HUB_TOUR_REQUEST_LIMIT = (2, 3600)
    url = reverse("hub:tour-request")
    codes = [client.post(url, {"kind": "ngo"}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    assert not Tour.objects.exists()


def test_feedback_link_needs_the_token_and_the_visit(client: Any, project: Any) -> None:
    tour = Tour.objects.create(
        kind="ngo",
        organisation="Dernek",
        contact_name="A B",
        contact_phone="+905321112233",
        preferred_from=timezone.localdate() + dt.timedelta(days=5),
        preferred_to=timezone.localdate() + dt.timedelta(days=9),
        head_count=10,
    )
    assert client.get(reverse("hub:tour-feedback", kwargs={"token": "wrong-token"})).status_code == 404
    response = client.post(reverse("hub:tour-feedback", kwargs={"token": tour.feedback_token}), {"rating": "5"})
    assert response.status_code == 400 and not tour.feedback.exists()  # the visit has not happened


def test_project_page_links_engagements_only_for_those_who_may_open_them(
    project: Any, client_as: Any, office_manager: Any, caregiver: Any
) -> None:
    town = Municipality.objects.order_by("pk").first()
    engagement = Engagement.objects.create(
        municipality=town,
        project=project,
        stage=Stage.LAUNCHED,
        stage_since=dt.date.today(),
        launched_on=dt.date.today(),
    )
    link = reverse("hub:engagement-detail", kwargs={"pk": engagement.pk})
    page = reverse("hub:project-detail", kwargs={"pk": project.pk})
    manager_view = client_as(office_manager).get(page).content.decode()
    carer_view = client_as(caregiver).get(page).content.decode()
    assert link in manager_view
    # Any member of staff reads the project and who adopted it, but not the engagement file.
    assert town.name in carer_view and link not in carer_view
