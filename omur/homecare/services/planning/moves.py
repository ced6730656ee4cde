"""A planner's hand: move a visit to a staff member's route (validated with `evaluate_route`, saved as a
"manual" plan version in which nothing else moves), pin and unpin."""

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omur import routing
from omur.core.audit import audit_record
from omur.homecare.models import (
    Absence,
    PlanKind,
    PlanStatus,
    RoutePlan,
    StaffMember,
    Visit,
    VisitStatus,
)
from omur.homecare.services.common import HomecareError, check_planner
from omur.homecare.services.planning.problem import (
    NO_LOCATION,
    WINDOW_PASSED,
    DayProblem,
    build_matrix,
    day_problem,
    reason_label,
)
from omur.homecare.services.planning.runs import PlanAlreadyRunning, _next_version, _store, current_plan


class MoveRefused(HomecareError):
    message = _("%(visit)s cannot go to %(staff)s: %(problems)s")


# ---------------------------------------------------------------------------------------------------
# Hand changes: pin / move (validated), unpin
# ---------------------------------------------------------------------------------------------------


_PROBLEM_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^(?P<v>V\d+): lacks skill (?P<skill>\S+)$"), _("%(visit)s needs a skill this person lacks")),
    (re.compile(r"^(?P<v>V\d+): needs a carer of sex (?P<sex>\w)$"), _("%(visit)s needs a carer of the same sex")),
    (re.compile(r"^(?P<v>V\d+): pinned to another staff member$"), _("%(visit)s is pinned to someone else")),
    (
        re.compile(r"^(?P<v>V\d+): arrival (?P<t>\d\d:\d\d) is after its time window$"),
        _("the carer would reach %(visit)s at %(time)s, after its time window"),
    ),
    (
        re.compile(r"^back at the base at (?P<t>\d\d:\d\d), after (?P<end>\d\d:\d\d)$"),
        _("the carer would be back at the base at %(time)s, after the shift ends at %(end)s"),
    ),
    (re.compile(r"^a visit appears twice$"), _("a visit appears twice")),
]


def explain_problems(problems: list[str], visits: dict[str, Visit]) -> list[str]:
    """The routing library's (English, coded) problems in the user's words, with names for ids."""
    out = []
    for text in problems:
        for pattern, message in _PROBLEM_PATTERNS:
            m = pattern.match(text)
            if m:
                groups = m.groupdict()
                visit = visits.get(groups.get("v", ""))
                label = (
                    gettext("the visit to %(person)s") % {"person": visit.person.full_name}
                    if visit
                    else groups.get("v", "")
                )
                out.append(str(message) % {"visit": label, "time": groups.get("t", ""), "end": groups.get("end", "")})
                break
        else:
            out.append(text)
    return list(dict.fromkeys(out))


def _route_of(day: dt.date, staff: StaffMember, *, without: Visit | None = None) -> list[str]:
    qs = Visit.objects.filter(date=day, assigned_staff=staff).exclude(status=VisitStatus.CANCELLED)
    if without is not None:
        qs = qs.exclude(pk=without.pk)
    return [f"V{pk}" for pk in qs.order_by("sequence", "planned_start", "pk").values_list("pk", flat=True)]


def _refuse(visit: Visit, staff: StaffMember, problems: list[str]) -> MoveRefused:
    return MoveRefused(
        visit=gettext("The visit to %(person)s") % {"person": visit.person.full_name},
        staff=staff.full_name,
        problems="; ".join(problems),
    )


@transaction.atomic
def visit_move(*, actor: Any, visit: Visit, staff: StaffMember, position: int | None = None) -> RoutePlan:
    """Put `visit` on `staff`'s route at `position` (1-based; None: the best feasible place) and pin it
    there. Validated with `evaluate_route` (skills, sex, windows, shift, break); refused with the
    reasons otherwise. Saved as a new plan version (kind "manual"), nothing else moves."""
    check_planner(actor)
    Visit.objects.select_for_update().filter(pk=visit.pk).first()
    visit.refresh_from_db()
    if visit.status != VisitStatus.SCHEDULED:
        raise _refuse(visit, staff, [gettext("it has already started or ended")])
    day = visit.date
    if RoutePlan.objects.filter(date=day, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING]).exists():
        raise PlanAlreadyRunning(day=f"{day:%d.%m.%Y}")
    if not staff.active or not staff.works_on(day):
        raise _refuse(
            visit,
            staff,
            [gettext("%(name)s does not work on %(day)s") % {"name": staff.full_name, "day": f"{day:%d.%m.%Y}"}],
        )
    absence = Absence.objects.filter(staff=staff, start_date__lte=day, end_date__gte=day).first()
    if absence is not None:
        raise _refuse(
            visit,
            staff,
            [gettext("%(name)s is absent (%(kind)s)") % {"name": staff.full_name, "kind": absence.get_kind_display()}],
        )
    if not visit.has_location:
        raise _refuse(visit, staff, [str(reason_label(NO_LOCATION))])
    dp = day_problem(day, pins={visit.pk: staff.pk})
    if any(v.pk == visit.pk for v in dp.too_late):
        raise _refuse(visit, staff, [str(reason_label(WINDOW_PASSED))])
    matrix, _provider = build_matrix(dp)
    vid, sid = visit.routing_id, staff.routing_id
    rv = dp.problem.visit(vid)
    rs = dp.problem.staff_member(sid)
    why = routing.compatibility_problem(rv, rs)
    if why is not None:
        raise _refuse(visit, staff, explain_problems([f"{vid}: {why}"], dp.visits))
    target = _route_of(day, staff, without=visit)
    target = [v for v in target if dp.problem.has_visit(v)]
    positions = [position - 1] if position is not None else list(range(len(target) + 1))
    best: routing.StaffRoute | None = None
    first_problems: list[str] = []
    for at in positions:
        at = max(0, min(at, len(target)))
        candidate = [*target[:at], vid, *target[at:]]
        try:
            route = routing.evaluate_route(dp.problem, sid, candidate, matrix)
        except routing.RouteInfeasible as exc:
            first_problems = first_problems or exc.problems
            continue
        if best is None or route.travel_minutes < best.travel_minutes:
            best = route
    if best is None:
        raise _refuse(visit, staff, explain_problems(first_problems, dp.visits))

    old_staff = visit.assigned_staff
    routes: dict[str, routing.StaffRoute] = {sid: best}
    if old_staff is not None and old_staff.pk != staff.pk and old_staff.routing_id in dp.staff:
        rest = [v for v in _route_of(day, old_staff, without=visit) if dp.problem.has_visit(v)]
        if rest:
            routes[old_staff.routing_id] = routing.evaluate_route(dp.problem, old_staff.routing_id, rest, matrix)
        else:
            routes[old_staff.routing_id] = routing.StaffRoute(staff_id=old_staff.routing_id, legs=())
    visit.pinned_staff = staff
    visit.locked = True
    visit.save(update_fields=["pinned_staff", "locked", "updated_at"])
    plan = _combine(dp, routes, matrix)
    row = RoutePlan.objects.create(
        date=day,
        version=_next_version(day),
        kind=PlanKind.MANUAL,
        status=PlanStatus.RUNNING,
        time_limit=0,
        note=gettext("%(person)s moved to %(staff)s") % {"person": visit.person.full_name, "staff": staff.full_name},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        started_at=timezone.now(),
    )
    _store(row, dp, plan, matrix, {"provider": "manual"})
    audit_record(
        actor=actor,
        action="visit.move",
        obj=visit,
        changes={"staff": [old_staff.pk if old_staff else None, staff.pk], "position": position, "plan": row.pk},
    )
    return row


def _combine(dp: DayProblem, replaced: dict[str, routing.StaffRoute], matrix: routing.TravelMatrix) -> routing.Plan:
    """The day's current routes (from the visits) with some routes replaced; the rest left out."""
    routes: list[routing.StaffRoute] = []
    placed: set[str] = set()
    for sid, member in dp.staff.items():
        if sid in replaced:
            route = replaced[sid]
        else:
            ids = [v for v in _route_of(dp.day, member) if dp.problem.has_visit(v)]
            if not ids:
                continue
            try:
                route = routing.evaluate_route(dp.problem, sid, ids, matrix)
            except routing.RouteInfeasible:
                continue
        if route.stops:
            routes.append(route)
            placed.update(route.visit_ids)
    previous = {}
    row = current_plan(dp.day)
    if row is not None:
        previous = {u["visit_id"]: u for u in row.plan.get("unplaced", [])}
    unplaced = []
    for vid in dp.visits:
        if vid in placed or vid in dp.fixed:
            continue
        old = previous.get(vid)
        reason = routing.Reason(old["reason"]) if old else routing.Reason.NO_CAPACITY_IN_DAY
        unplaced.append(routing.Unplaced(vid, reason, old["detail"] if old else ""))
    named = [v for v in dp.problem.visits if v.preferred_staff]
    assignment = {stop.visit_id: r.staff_id for r in routes for stop in r.stops}
    objective = routing.Objective(
        visits_placed=len(assignment),
        visits_unplaced=len(unplaced),
        travel_minutes=sum(r.travel_minutes for r in routes),
        vehicles_used=len(routes),
        fixed_cost=0.0,
        preferred_named=len(named),
        preferred_kept=sum(1 for v in named if assignment.get(v.id) == v.preferred_staff),
    )
    return routing.Plan(routes=tuple(routes), unplaced=tuple(unplaced), objective=objective)


@transaction.atomic
def visit_unpin(*, actor: Any, visit: Visit) -> Visit:
    check_planner(actor)
    visit.pinned_staff = None
    visit.save(update_fields=["pinned_staff", "updated_at"])
    audit_record(actor=actor, action="visit.unpin", obj=visit)
    return visit
