"""Background jobs of home care (django-tasks). Thin: each calls a service."""

from typing import Any

from django_tasks import task


@task()
def plan_day(plan_id: int) -> dict[str, Any]:
    """Solve one queued RoutePlan (the planner page polls its status)."""
    from omur.homecare.services.planning import route_plan_run

    row = route_plan_run(plan_id)
    return {"plan": row.pk, "status": row.status, "placed": row.visits_placed, "unplaced": row.visits_unplaced}


@task()
def materialise_care_plan(care_plan_id: int) -> dict[str, Any]:
    """After a care plan is saved: bring its future, unlocked visits in line with it."""
    from omur.homecare.services.visits import enrolment_ids_for_care_plan, visits_materialise

    return visits_materialise(enrolment_ids=enrolment_ids_for_care_plan(care_plan_id)).as_dict()


@task()
def homecare_daily() -> dict[str, Any]:
    """Daily: visits for the rolling horizon from every active care plan (idempotent)."""
    from omur.homecare.services.visits import visits_materialise

    return visits_materialise().as_dict()
