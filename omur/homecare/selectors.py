"""Reads of the home-care app. Scoping lives here: planners see every visit, field staff only the
visits on their own route (assigned to them, or that they checked in to)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from omur.core.access import user_roles
from omur.core.text import fold_turkish
from omur.homecare.models import (
    Absence,
    PlanStatus,
    RepairJob,
    RoutePlan,
    StaffMember,
    Visit,
    VisitStatus,
)
from omur.homecare.permissions import FIELD_ROLES, PLANNER_ROLES


def is_planner(actor: Any) -> bool:
    return bool(user_roles(actor) & PLANNER_ROLES)


def visit_scope(actor: Any) -> QuerySet[Visit]:
    qs = Visit.objects.select_related(
        "person", "person__district", "person__neighbourhood", "assigned_staff", "provider", "service"
    )
    if is_planner(actor):
        return qs
    if user_roles(actor) & FIELD_ROLES:
        return qs.filter(Q(assigned_staff__user=actor) | Q(provider__user=actor))
    return qs.none()


def visit_get(*, actor: Any, pk: int) -> Visit:
    return visit_scope(actor).get(pk=pk)


def my_staff(actor: Any) -> StaffMember | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return StaffMember.objects.select_related("base").filter(user=actor).first()


def field_day(*, actor: Any, day: dt.date) -> list[Visit]:
    """The signed-in carer's visits of the day, in route order."""
    me = my_staff(actor)
    if me is None:
        return []
    return list(
        Visit.objects.filter(date=day)
        .filter(Q(assigned_staff=me) | Q(provider=me))
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("person", "person__district", "person__neighbourhood", "service", "enrolment", "repair_job")
        .order_by("sequence", "planned_start", "window_start", "pk")
    )


def staff_list(*, q: str = "", profession: str = "", active: bool | None = True) -> QuerySet[StaffMember]:
    qs = StaffMember.objects.select_related("base", "user")
    if active is not None:
        qs = qs.filter(active=active)
    if profession:
        qs = qs.filter(profession=profession)
    if q:
        words = fold_turkish(q).split()
        ids = [
            s.pk
            for s in qs.only("pk", "first_name", "last_name")
            if all(w in fold_turkish(f"{s.first_name} {s.last_name}") for w in words)
        ]
        qs = qs.filter(pk__in=ids)
    today = timezone.localdate()
    return qs.annotate(
        absent_today=Count("absences", filter=Q(absences__start_date__lte=today, absences__end_date__gte=today))
    ).order_by("last_name", "first_name", "pk")


@dataclass
class RouteView:
    staff: StaffMember
    visits: list[Visit] = field(default_factory=list)

    @property
    def minutes_of_care(self) -> int:
        return sum(v.duration_minutes for v in self.visits)


@dataclass
class PlannerDay:
    day: dt.date
    plan: RoutePlan | None
    running: RoutePlan | None
    routes: list[RouteView]
    unplaced: list[Visit]
    urgent: list[Visit]
    idle_staff: list[StaffMember]
    absent: list[Absence]
    versions: list[RoutePlan]
    total: int
    done: int


def planner_day(day: dt.date) -> PlannerDay:
    plan = RoutePlan.objects.filter(date=day, status=PlanStatus.DONE).order_by("-version").first()
    running = RoutePlan.objects.filter(date=day, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING]).first()
    visits = list(
        Visit.objects.filter(date=day)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("person", "person__district", "assigned_staff", "pinned_staff", "preferred_staff")
        .order_by("assigned_staff_id", "sequence", "window_start", "pk")
    )
    routes: dict[int, RouteView] = {}
    unplaced: list[Visit] = []
    for v in visits:
        if v.assigned_staff is not None:
            routes.setdefault(v.assigned_staff.pk, RouteView(v.assigned_staff)).visits.append(v)
        elif v.status == VisitStatus.SCHEDULED:
            unplaced.append(v)
    absent = list(
        Absence.objects.filter(start_date__lte=day, end_date__gte=day)
        .select_related("staff")
        .order_by("staff__last_name")
    )
    absent_ids = {a.staff_id for a in absent}
    idle = [
        s
        for s in StaffMember.objects.filter(active=True).select_related("base").order_by("last_name", "first_name")
        if s.works_on(day) and s.pk not in absent_ids and s.pk not in routes
    ]
    ordered = sorted(routes.values(), key=lambda r: (r.staff.last_name, r.staff.first_name))
    return PlannerDay(
        day=day,
        plan=plan,
        running=running,
        routes=ordered,
        unplaced=sorted(unplaced, key=lambda v: (not v.urgent, v.window_start, v.pk)),
        urgent=[v for v in visits if v.urgent and v.status in (VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS)],
        idle_staff=idle,
        absent=absent,
        versions=list(RoutePlan.objects.filter(date=day).select_related("created_by").order_by("-version")[:10]),
        total=len(visits),
        done=sum(1 for v in visits if v.status == VisitStatus.DONE),
    )


def plan_changes(plan: RoutePlan) -> list[dict[str, Any]]:
    """The plan's list of moved visits with names (one query for visits, one for staff)."""
    changes = plan.changes or []
    visits = {v.pk: v for v in Visit.objects.filter(pk__in=[c["visit"] for c in changes]).select_related("person")}
    staff_ids = {c["from"] for c in changes} | {c["to"] for c in changes}
    staff = {s.pk: s for s in StaffMember.objects.filter(pk__in=[i for i in staff_ids if i])}
    return [
        {"visit": visits.get(c["visit"]), "from": staff.get(c["from"]), "to": staff.get(c["to"])}
        for c in changes
        if c["visit"] in visits
    ]


def route_sheet(*, staff: StaffMember, day: dt.date) -> list[Visit]:
    return list(
        Visit.objects.filter(date=day, assigned_staff=staff)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("person", "person__district", "person__neighbourhood", "service", "enrolment")
        .order_by("sequence", "planned_start", "pk")
    )


def feed_visits(staff: StaffMember, *, days_back: int = 7, days_ahead: int = 14) -> QuerySet[Visit]:
    today = timezone.localdate()
    return (
        Visit.objects.filter(
            assigned_staff=staff,
            date__gte=today - dt.timedelta(days=days_back),
            date__lte=today + dt.timedelta(days=days_ahead),
        )
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("date", "sequence", "pk")
    )


def repair_list(*, status: str = "", trade: str = "") -> QuerySet[RepairJob]:
    qs = RepairJob.objects.select_related("person", "person__district").prefetch_related("visits")
    if status:
        qs = qs.filter(status=status)
    if trade:
        qs = qs.filter(trade=trade)
    return qs.order_by("-created_at", "-pk")


def care_plan_notes(visit: Visit) -> tuple[str, list[str]]:
    """The care plan's notes for carers and its task list, for the field view."""
    from django.utils.translation import gettext

    from omur.cases.recurrence import describe_rrule

    enrolment = visit.enrolment
    plan = getattr(enrolment, "care_plan", None) if enrolment is not None else None
    if plan is None:
        return "", []
    tasks = [
        f"{i.get_task_type_display()} · {describe_rrule(i.recurrence)} · "
        + gettext("%(n)s min") % {"n": i.duration_minutes}
        for i in plan.items.all()
    ]
    return plan.notes, tasks
