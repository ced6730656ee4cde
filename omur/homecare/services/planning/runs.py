"""Planning runs: a planner's request (queued, one per day at a time), the background task that solves
the day, each run stored as a new `RoutePlan` version and written back onto the visits; and the map
data of the stored routes."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur import routing
from omur.core.audit import audit_record
from omur.homecare.models import (
    FINAL_VISIT_STATUSES,
    PlanKind,
    PlanStatus,
    RoutePlan,
    Visit,
    VisitStatus,
)
from omur.homecare.services.common import HomecareError, check_planner
from omur.homecare.services.planning.problem import (
    DEFAULT_TIME_LIMIT,
    NO_LOCATION,
    WINDOW_PASSED,
    DayProblem,
    _time,
    build_matrix,
    day_problem,
)

logger = logging.getLogger(__name__)


class PlanAlreadyRunning(HomecareError):
    message = _("A plan for %(day)s is being made right now. Wait for it to finish.")


class NoPlanYet(HomecareError):
    message = _("There is no plan for %(day)s yet. Make one first.")


# ---------------------------------------------------------------------------------------------------
# Plans: request (queued), run (the background task), write back
# ---------------------------------------------------------------------------------------------------


def current_plan(day: dt.date) -> RoutePlan | None:
    return RoutePlan.objects.filter(date=day, status=PlanStatus.DONE).order_by("-version").first()


def _next_version(day: dt.date) -> int:
    return (RoutePlan.objects.filter(date=day).aggregate(m=Max("version"))["m"] or 0) + 1


def plan_request(
    *,
    actor: Any,
    day: dt.date,
    kind: str = PlanKind.FULL,
    time_limit: float | None = None,
    unavailable: list[int] | None = None,
    locked: list[int] | None = None,
    note: str = "",
    enqueue: bool = True,
) -> RoutePlan:
    """Queue a planning run for `day`; the task runs after this transaction commits. Only one run per
    day at a time (a partial unique index, so two planners pressing the button cannot both start)."""
    check_planner(actor)
    limit = float(time_limit or getattr(settings, "OMUR_ROUTING_TIME_LIMIT", None) or DEFAULT_TIME_LIMIT)
    with transaction.atomic():
        try:
            with transaction.atomic():
                plan = RoutePlan.objects.create(
                    date=day,
                    version=_next_version(day),
                    kind=kind,
                    status=PlanStatus.QUEUED,
                    time_limit=limit,
                    note=note[:300],
                    params={"unavailable": sorted(unavailable or []), "locked": sorted(locked or [])},
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError as exc:
            raise PlanAlreadyRunning(day=f"{day:%d.%m.%Y}") from exc
        audit_record(actor=actor, action="routeplan.request", obj=plan, changes={"kind": kind, "limit": limit})
        if enqueue:
            from omur.homecare.tasks import plan_day

            transaction.on_commit(lambda: plan_day.enqueue(plan.pk))
    return plan


def _moves(before: dict[str, str], after: dict[str, str]) -> list[dict[str, Any]]:
    changes = []
    for vid in sorted(set(before) | set(after), key=lambda v: int(v[1:])):
        a, b = before.get(vid), after.get(vid)
        if a != b:
            changes.append(
                {
                    "visit": int(vid[1:]),
                    "from": int(a[1:]) if a else None,
                    "to": int(b[1:]) if b else None,
                }
            )
    return changes


def _assignment_from_db(day: dt.date) -> dict[str, str]:
    return {
        f"V{pk}": f"S{sid}"
        for pk, sid in Visit.objects.filter(date=day, assigned_staff__isnull=False)
        .exclude(status=VisitStatus.CANCELLED)
        .values_list("pk", "assigned_staff_id")
    }


def _write_back(plan_row: RoutePlan, dp: DayProblem, plan: routing.Plan) -> None:
    """Put the plan's answer on the visits: carer, order, planned times; reason when left out."""
    stops: dict[str, tuple[str, int, routing.ScheduledStop]] = {}
    for route in plan.routes:
        for seq, stop in enumerate(route.stops, start=1):
            stops[stop.visit_id] = (route.staff_id, seq, stop)
    reasons = {u.visit_id: u.reason.value for u in plan.unplaced}
    changed: list[Visit] = []
    for vid, visit in dp.visits.items():
        if vid in stops:
            sid, seq, stop = stops[vid]
            visit.assigned_staff_id = int(sid[1:])
            visit.sequence = seq
            visit.planned_start = _time(stop.start)
            visit.planned_end = _time(stop.end)
            visit.unplaced_reason = ""
        else:
            if vid in dp.fixed:
                continue
            visit.assigned_staff_id = None
            visit.sequence = None
            visit.planned_start = visit.planned_end = None
            visit.unplaced_reason = reasons.get(vid, routing.Reason.NO_CAPACITY_IN_DAY.value)
        visit.route_plan = plan_row
        changed.append(visit)
    for left_out, reason in ((dp.no_location, NO_LOCATION), (dp.too_late, WINDOW_PASSED)):
        for visit in left_out:
            visit.assigned_staff_id = None
            visit.sequence = None
            visit.planned_start = visit.planned_end = None
            visit.unplaced_reason = reason
            visit.route_plan = plan_row
            changed.append(visit)
    Visit.objects.bulk_update(
        changed,
        ["assigned_staff", "sequence", "planned_start", "planned_end", "unplaced_reason", "route_plan"],
        batch_size=500,
    )


def _store(
    plan_row: RoutePlan, dp: DayProblem, plan: routing.Plan, matrix: routing.TravelMatrix, extra: dict[str, Any]
) -> None:
    before = _assignment_from_db(dp.day)
    unavailable = {f"S{pk}" for pk in plan_row.params.get("unavailable", [])}
    problems = routing.check_plan(dp.problem, plan, matrix, unavailable=unavailable)
    data = plan.to_dict()
    data["no_location"] = [v.pk for v in dp.no_location]
    data["window_passed"] = [v.pk for v in dp.too_late]
    data.update(extra)
    plan_row.plan = data
    plan_row.check_problems = problems
    plan_row.visits_placed = plan.objective.visits_placed
    plan_row.visits_unplaced = plan.objective.visits_unplaced + len(dp.no_location) + len(dp.too_late)
    plan_row.travel_minutes = round(plan.objective.travel_minutes, 1)
    plan_row.staff_used = plan.objective.vehicles_used
    plan_row.preferred_share = round(plan.objective.preferred_share, 3)
    after = plan.assignment()
    plan_row.changes = _moves(before, after) if before else []
    plan_row.moved = sum(1 for c in plan_row.changes if c["from"] is not None) if before else None
    plan_row.status = PlanStatus.DONE
    plan_row.finished_at = timezone.now()
    plan_row.save()
    _write_back(plan_row, dp, plan)


def route_plan_run(plan_id: int) -> RoutePlan:
    """The background task's body: solve the day and store the answer as this plan version."""
    claimed = RoutePlan.objects.filter(pk=plan_id, status=PlanStatus.QUEUED).update(
        status=PlanStatus.RUNNING, started_at=timezone.now()
    )
    plan_row = RoutePlan.objects.get(pk=plan_id)
    if not claimed:
        return plan_row
    try:
        with transaction.atomic():
            _run(plan_row)
    except Exception as exc:
        logger.exception("route plan %s failed", plan_id)
        RoutePlan.objects.filter(pk=plan_id).update(
            status=PlanStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        plan_row.refresh_from_db()
        return plan_row
    plan_row.refresh_from_db()
    audit_record(
        actor=plan_row.created_by,
        action="routeplan.done",
        obj=plan_row,
        changes={"placed": plan_row.visits_placed, "unplaced": plan_row.visits_unplaced, "moved": plan_row.moved},
    )
    return plan_row


def _run(plan_row: RoutePlan) -> None:
    day = plan_row.date
    dp = day_problem(day)
    matrix, provider = build_matrix(dp)
    options = routing.SolveOptions(
        time_limit=plan_row.time_limit,
        seed=plan_row.version,
        workers=int(getattr(settings, "OMUR_ROUTING_WORKERS", 1)),
    )
    previous_row = (
        RoutePlan.objects.filter(date=day, status=PlanStatus.DONE, version__lt=plan_row.version)
        .order_by("-version")
        .first()
    )
    previous = _previous_plan(previous_row, dp) if previous_row else None
    unavailable = {f"S{pk}" for pk in plan_row.params.get("unavailable", [])}
    locked_routes: dict[str, list[str]] = {}
    for pk in plan_row.params.get("locked", []):
        sid = f"S{pk}"
        if previous is not None and sid in dp.staff and sid not in unavailable:
            route = previous.route_of(sid)
            if route is not None:
                locked_routes[sid] = [v for v in route.visit_ids if dp.problem.has_visit(v)]
    if plan_row.kind in (PlanKind.REPLAN, PlanKind.REOPTIMISE) and previous is not None:
        plan = routing.replan(
            dp.problem,
            previous,
            unavailable=unavailable,
            travel=matrix,
            options=options,
            locked_routes=locked_routes or None,
        )
    else:
        plan = routing.solve(dp.problem, matrix, options, unavailable=unavailable, locked_routes=locked_routes or None)
    _store(plan_row, dp, plan, matrix, {"provider": provider})


def _previous_plan(row: RoutePlan, dp: DayProblem) -> routing.Plan | None:
    try:
        return routing.Plan.from_dict(row.plan)
    except (KeyError, ValueError, TypeError):
        return None


def visits_open_count(day: dt.date) -> int:
    return Visit.objects.filter(date=day).exclude(status__in=FINAL_VISIT_STATUSES).count()


def route_geometry(day: dt.date) -> list[dict[str, Any]]:
    """Map data for the planner: one line per route (base → stops → base), for Leaflet."""
    out = []
    visits = (
        Visit.objects.filter(date=day, assigned_staff__isnull=False)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("assigned_staff", "assigned_staff__base", "person")
        .order_by("assigned_staff_id", "sequence")
    )
    by_staff: dict[int, list[Visit]] = {}
    for v in visits:
        by_staff.setdefault(v.assigned_staff_id, []).append(v)  # type: ignore[arg-type]
    for index, (_pk, items) in enumerate(by_staff.items()):
        member = items[0].assigned_staff
        assert member is not None
        base = [member.base.lat, member.base.lon]
        points = [
            {
                "lat": v.lat,
                "lon": v.lon,
                "n": v.sequence,
                "label": f"{v.sequence}. {v.planned_start:%H:%M} {v.kind_label}" if v.planned_start else v.kind_label,
            }
            for v in items
            if v.has_location
        ]
        out.append({"staff": member.full_name, "colour": index % 10, "base": base, "stops": points})
    return out
