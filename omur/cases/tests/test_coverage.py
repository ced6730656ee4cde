"""The life-course coverage matrix: counts per cell, a fixed number of queries, the page."""

from typing import Any

import pytest
from django.urls import reverse

from omur.cases.models import EnrolmentStatus
from omur.cases.selectors.coverage import coverage_matrix
from omur.cases.tests.factories import EnrolmentFactory, LifeStageFactory, PolicyAreaFactory, ServiceFactory


@pytest.fixture
def catalogue(db: Any) -> dict[str, Any]:
    health, social = PolicyAreaFactory(code="t-health", order=1), PolicyAreaFactory(code="t-social", order=2)
    child, elderly = LifeStageFactory(code="t-child", order=1), LifeStageFactory(code="t-elderly", order=2)
    autism = ServiceFactory(policy_area=health, stages=[child])
    homecare = ServiceFactory(policy_area=health, stages=[elderly])
    meals = ServiceFactory(policy_area=social, stages=[child, elderly])
    unstaged = ServiceFactory(policy_area=social)
    for status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.ACTIVE, EnrolmentStatus.WAITING, EnrolmentStatus.CLOSED):
        EnrolmentFactory(service=autism, status=status, close_reason="aged_out" if status == "closed" else "")
    EnrolmentFactory(service=meals, status=EnrolmentStatus.ACTIVE)
    return {
        "health": health,
        "social": social,
        "child": child,
        "elderly": elderly,
        "autism": autism,
        "homecare": homecare,
        "meals": meals,
        "unstaged": unstaged,
    }


def _cell(matrix: Any, area: Any, stage: Any) -> Any:
    row = next(r for r in matrix.rows if r.area == area)
    return next(c for c in row.cells if c.stage == stage)


def test_cells_count_active_enrolments_only(catalogue: dict[str, Any]) -> None:
    m = coverage_matrix()
    child_health = _cell(m, catalogue["health"], catalogue["child"])
    assert [(s.service, s.active) for s in child_health.services] == [(catalogue["autism"], 2)]
    assert _cell(m, catalogue["health"], catalogue["elderly"]).active == 0
    # A service in two stages shows in both cells; the row counts it once.
    assert _cell(m, catalogue["social"], catalogue["child"]).active == 1
    assert _cell(m, catalogue["social"], catalogue["elderly"]).active == 1
    assert next(r for r in m.rows if r.area == catalogue["social"]).active == 1
    assert m.unstaged and _cell(m, catalogue["social"], None).services[0].service == catalogue["unstaged"]
    assert _cell(m, catalogue["health"], None).services == []


def test_query_count_does_not_grow_with_the_catalogue(
    catalogue: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(4):
        coverage_matrix()
    for _ in range(10):
        ServiceFactory(policy_area=catalogue["health"], stages=[catalogue["child"], catalogue["elderly"]])
    with django_assert_num_queries(4):
        coverage_matrix()


def test_coverage_page_links_cells_to_the_enrolment_list(
    client_as: Any, office_manager: Any, catalogue: dict[str, Any]
) -> None:
    response = client_as(office_manager).get(reverse("cases:coverage"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"?status=active&amp;area={catalogue['health'].pk}&amp;stage={catalogue['child'].pk}" in body
    listing = client_as(office_manager).get(
        reverse("cases:enrolment-list"),
        {"status": "active", "area": catalogue["health"].pk, "stage": catalogue["child"].pk},
    )
    assert listing.context["page"].paginator.count == 2


def test_coverage_denied_to_auditor_and_nurse(client_as: Any, auditor: Any, nurse: Any) -> None:
    for user in (auditor, nurse):
        assert client_as(user).get(reverse("cases:coverage")).status_code == 403
