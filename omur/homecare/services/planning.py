"""Daily route plans through `omur.routing`: building the routing problem from the day's visits and
the staff who work that day, running the solver as a background task, storing each run as a new
`RoutePlan` version and writing the answer back onto the visits; hand moves and pins (validated
with `evaluate_route`); re-planning when a carer calls in sick.

Routing ids are "S<staff pk>" and "V<visit pk>". A visit's window is when the carer may be in the
house, so its service must *start* between `window_start` and `window_end - duration`.

Visits already started or finished (checked in, done, not at home, ...) stay in the problem pinned
to the carer who has them, so a re-plan keeps the day's routes coherent around them.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omur import routing
from omur.core.audit import audit_record
from omur.homecare.models import (
    FINAL_VISIT_STATUSES,
    Absence,
    AbsenceKind,
    PlanKind,
    PlanStatus,
    RoutePlan,
    StaffMember,
    Visit,
    VisitStatus,
)
from omur.homecare.services.common import HomecareError, check_planner
from omur.homecare.services.staff import absence_record, absences_on

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 10.0
NO_LOCATION = "no_location"


class PlanAlreadyRunning(HomecareError):
    message = _("A plan for %(day)s is being made right now. Wait for it to finish.")


class MoveRefused(HomecareError):
    message = _("%(visit)s cannot go to %(staff)s: %(problems)s")


class NoPlanYet(HomecareError):
    message = _("There is no plan for %(day)s yet. Make one first.")


# ---------------------------------------------------------------------------------------------------
# Reasons in words
# ---------------------------------------------------------------------------------------------------


def reason_label(code: str) -> str:
    labels = {
        routing.Reason.NO_STAFF_WITH_SKILL: _("nobody working that day has the skill"),
        routing.Reason.NO_STAFF_OF_SEX: _("no carer of the required sex with the skill is working"),
        routing.Reason.NO_STAFF_AT_DEPOT: _("no staff at the required base"),
        routing.Reason.PINNED_STAFF_UNAVAILABLE: _("pinned to a staff member who is not working that day"),
        routing.Reason.PINNED_STAFF_INCOMPATIBLE: _("pinned to a staff member who may not make this visit"),
        routing.Reason.DEMAND_EXCEEDS_CAPACITY: _("more than a vehicle carries"),
        routing.Reason.WINDOW_UNREACHABLE: _("its time window cannot be reached from any base within a shift"),
        routing.Reason.NO_CAPACITY_IN_DAY: _("possible on its own, but there is no room left in anyone's day"),
        NO_LOCATION: _("the address has no map position"),
    }
    return str(labels.get(code, code))


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: float) -> dt.time:
    total = max(0, min(round(minutes), 24 * 60 - 1))
    return dt.time(total // 60, total % 60)


# ---------------------------------------------------------------------------------------------------
# The routing problem of a day
# ---------------------------------------------------------------------------------------------------


@dataclass
class DayProblem:
    day: dt.date
    problem: routing.Problem
    visits: dict[str, Visit]
    staff: dict[str, StaffMember]
    no_location: list[Visit]
    fixed: set[str]  # visits already started or finished, pinned to their carer


def staff_available(day: dt.date) -> list[StaffMember]:
    absent = absences_on(day)
    return [
        s
        for s in StaffMember.objects.filter(active=True, base__lat__isnull=False, base__lon__isnull=False)
        .select_related("base", "user")
        .order_by("pk")
        if s.works_on(day) and s.pk not in absent
    ]


def _routing_staff(s: StaffMember) -> routing.Staff:
    lunch = None
    if s.lunch_start and s.lunch_end:
        lunch = routing.TimeWindow(_minutes(s.lunch_start), _minutes(s.lunch_end))
    return routing.Staff(
        id=s.routing_id,
        base=routing.Depot(
            f"B{s.base_id}", routing.Location.from_latlon(float(s.base.lat or 0.0), float(s.base.lon or 0.0))
        ),
        shift=routing.TimeWindow(_minutes(s.shift_start), _minutes(s.shift_end)),
        skills=frozenset(s.skills or []),
        sex=s.sex,
        lunch_break=lunch,
    )


def _routing_visit(v: Visit, staff_ids: set[str], pin: str | None) -> routing.Visit:
    start = _minutes(v.window_start)
    latest = max(start, _minutes(v.window_end) - v.duration_minutes)
    preferred = f"S{v.preferred_staff_id}" if v.preferred_staff_id else None
    return routing.Visit(
        id=v.routing_id,
        location=routing.Location.from_latlon(float(v.lat or 0.0), float(v.lon or 0.0)),
        duration=v.duration_minutes,
        windows=(routing.TimeWindow(start, latest),),
        skill=v.required_skill or None,
        carer_sex=v.person.sex if v.same_sex else None,
        preferred_staff=preferred if preferred in staff_ids else None,
        pinned_staff=pin,
        priority=3 if v.urgent else 1,
    )


def day_problem(day: dt.date, *, pins: dict[int, int] | None = None) -> DayProblem:
    """The day's visits (not cancelled) and the staff at work. `pins` overrides Visit.pinned_staff
    (visit pk → staff pk), for validating a planner's move before it is saved."""
    members = staff_available(day)
    staff = {s.routing_id: s for s in members}
    qs = (
        Visit.objects.filter(date=day)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("person", "preferred_staff")
        .order_by("pk")
    )
    visits: dict[str, Visit] = {}
    no_location: list[Visit] = []
    fixed: set[str] = set()
    routed: list[routing.Visit] = []
    for v in qs:
        if v.status != VisitStatus.SCHEDULED:
            # Started or finished: keep it with its carer (if that carer is at work), else leave it out.
            holder = v.provider_id or v.assigned_staff_id
            if holder is None or f"S{holder}" not in staff or not v.has_location:
                continue
            fixed.add(v.routing_id)
            visits[v.routing_id] = v
            routed.append(_routing_visit(v, set(staff), f"S{holder}"))
            continue
        if not v.has_location:
            no_location.append(v)
            continue
        pin_pk = (pins or {}).get(v.pk, v.pinned_staff_id)
        visits[v.routing_id] = v
        routed.append(_routing_visit(v, set(staff), f"S{pin_pk}" if pin_pk else None))
    problem = routing.Problem(visits=tuple(routed), staff=tuple(_routing_staff(s) for s in members))
    return DayProblem(day=day, problem=problem, visits=visits, staff=staff, no_location=no_location, fixed=fixed)


def travel_provider() -> Any:
    url = getattr(settings, "OMUR_OSRM_URL", None)
    if url:
        return routing.OsrmTableProvider(url)
    return routing.HaversineProvider()


def build_matrix(dp: DayProblem) -> tuple[routing.TravelMatrix, str]:
    """The travel matrix, from OSRM when configured; falls back to the haversine rule (and says so)
    when the OSRM server does not answer, so a planner is never left without a plan."""
    provider = travel_provider()
    try:
        return routing.build_matrix(dp.problem, provider), type(provider).__name__
    except routing.OsrmError as exc:
        logger.warning("OSRM unavailable, using haversine: %s", exc)
        return routing.build_matrix(dp.problem, routing.HaversineProvider()), "HaversineProvider (OSRM failed)"


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
    for visit in dp.no_location:
        visit.assigned_staff_id = None
        visit.sequence = None
        visit.planned_start = visit.planned_end = None
        visit.unplaced_reason = NO_LOCATION
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
    data.update(extra)
    plan_row.plan = data
    plan_row.check_problems = problems
    plan_row.visits_placed = plan.objective.visits_placed
    plan_row.visits_unplaced = plan.objective.visits_unplaced + len(dp.no_location)
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


def staff_report_sick(
    *,
    actor: Any,
    staff: StaffMember,
    day: dt.date,
    until: dt.date | None = None,
    note: str = "",
    time_limit: float | None = None,
) -> RoutePlan | None:
    """ "A carer calls in sick": record the absence, then re-plan the day (if it has a plan) so that
    only the sick carer's visits move, and only where they must (`routing.replan`)."""
    with transaction.atomic():
        absence_record(
            actor=actor, staff=staff, kind=AbsenceKind.SICK, start_date=day, end_date=until or day, note=note
        )
        # Their visits are no longer theirs; pins to them would make the visits unplaceable.
        Visit.objects.filter(
            date__gte=day, date__lte=until or day, pinned_staff=staff, status=VisitStatus.SCHEDULED
        ).update(pinned_staff=None)
        if current_plan(day) is None:
            return None
        return plan_request(
            actor=actor,
            day=day,
            kind=PlanKind.REPLAN,
            time_limit=time_limit,
            unavailable=[staff.pk],
            note=gettext("%(name)s called in sick") % {"name": staff.full_name},
        )


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
