import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from omur.hub import selectors


@login_not_required
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    figures = selectors.impact_figures()
    supported = selectors.supported_municipalities()
    points = [
        {
            "lat": round(s["lat"], 4),
            "lon": round(s["lon"], 4),
            "name": s["name"],
            "kind": f"{s['type']} · " + ", ".join(p.name for p in s["projects"]),
            "url": "#adoptions",
        }
        for s in supported
        if s["lat"] is not None
    ]
    return render(
        request,
        "hub/public_impact.html",
        {
            "figures": figures,
            "supported": supported,
            "map_points": json.dumps(points, ensure_ascii=False),
            "adoptions": selectors.public_adoption_lists(),
            "tour_url": reverse("hub:tour-request"),
        },
    )


@login_not_required
@require_GET
def public_project(request: HttpRequest, code: str) -> HttpResponse:
    """A published project as the public sees it: what it is and how it works, its KPIs and who
    adopted it; no staff data (no files, contacts, engagements in progress or budget notes)."""
    project = selectors.project_detail(code=code, published_only=True)
    return render(
        request,
        "hub/public_project.html",
        {
            "project": project,
            "kpis": selectors.kpi_values(project),
            "adoptions": selectors.adoptions_of(project),
            "totals": selectors.budget_totals(project),
        },
    )
