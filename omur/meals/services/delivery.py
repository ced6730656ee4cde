"""Writes for home delivery: delivery details and suspensions, planning the day's runs (a background
job around omur.meals.planning), drivers, and what happened at each door."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.accounts.roles import Role
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.meals.models import (
    DELIVERY_SERVICE_CODE,
    MISSED_STATUSES,
    Allergen,
    DeliveryPlan,
    DeliveryProfile,
    DeliveryRun,
    DeliveryStop,
    DeliverySuspension,
    Diet,
    Kitchen,
    PlanStatus,
    StopStatus,
)

log = logging.getLogger(__name__)

PROFILE_FIELDS = ["kitchen", "diet", "allergies", "portions", "weekdays", "lat", "lon", "door_note"]
MISSED_TITLE = gettext_lazy("Meal not delivered twice in a row: %(name)s")


def _jsonable(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def profile_save(*, actor: Any, enrolment: Any, data: dict[str, Any]) -> DeliveryProfile:
    """Create or change the delivery details of a home-meal enrolment."""
    if enrolment.service.code != DELIVERY_SERVICE_CODE:
        raise ValidationError(_("Delivery details belong to enrolments in the home meal delivery service."))
    if not enrolment.is_open:
        raise ValidationError(_("This enrolment is closed."))
    weekdays = sorted({int(d) for d in data.get("weekdays", [])})
    if not weekdays or any(d not in range(5) for d in weekdays):
        raise ValidationError(_("Choose at least one weekday (Monday to Friday)."))
    if set(data.get("allergies", [])) - set(Allergen.values):
        raise ValidationError(_("Unknown allergen."))
    if data.get("diet", Diet.STANDARD) not in Diet.values:
        raise ValidationError(_("Unknown diet."))
    if (data.get("lat") is None) != (data.get("lon") is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))
    data = {**data, "weekdays": weekdays, "allergies": sorted(set(data.get("allergies", [])))}
    profile = DeliveryProfile.objects.filter(enrolment=enrolment).first()
    creating = profile is None
    before = {f: _jsonable(getattr(profile, f)) for f in PROFILE_FIELDS} if profile else {}
    profile = profile or DeliveryProfile(enrolment=enrolment)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.save()
    after = {f: _jsonable(getattr(profile, f)) for f in PROFILE_FIELDS}
    audit_record(
        actor=actor,
        action="meals.profile_create" if creating else "meals.profile_update",
        obj=enrolment.person,
        changes={f: [before.get(f), after[f]] for f in PROFILE_FIELDS if before.get(f) != after[f]},
    )
    return profile


def _drop_pending_stops(profile: DeliveryProfile, start: dt.date, end: dt.date) -> int:
    """Take a household off runs already planned in [start, end] where nothing was recorded yet."""
    stops = list(DeliveryStop.objects.filter(profile=profile, day__gte=start, day__lte=end, status=StopStatus.PENDING))
    runs = {s.run_id for s in stops}
    DeliveryStop.objects.filter(pk__in=[s.pk for s in stops]).delete()
    for run in DeliveryRun.objects.filter(pk__in=runs):
        run.portions = run.stops.aggregate(n=Sum("portions"))["n"] or 0
        run.save(update_fields=["portions"])
    return len(stops)


@transaction.atomic
def suspension_add(
    *, actor: Any, profile: DeliveryProfile, start: dt.date, end: dt.date, reason: str, note: str = ""
) -> DeliverySuspension:
    """No delivery from `start` to `end`: the household leaves those days' lists, and any run already
    planned for those days loses the stop."""
    if end < start:
        raise ValidationError(_("The last day must not be before the first day."))
    if end < timezone.localdate():
        raise ValidationError(_("A suspension must not end in the past."))
    if (end - start).days > 366:
        raise ValidationError(_("A suspension lasts at most a year; close the enrolment instead."))
    suspension = DeliverySuspension.objects.create(
        profile=profile, start=start, end=end, reason=reason, note=note.strip()[:200], created_by=actor
    )
    dropped = _drop_pending_stops(profile, start, end)
    audit_record(
        actor=actor,
        action="meals.suspension_add",
        obj=profile.enrolment.person,
        changes={
            "from": [None, str(start)],
            "until": [None, str(end)],
            "reason": [None, reason],
            "stops_removed": [None, dropped],
        },
    )
    return suspension


@transaction.atomic
def suspension_end(*, actor: Any, suspension: DeliverySuspension) -> None:
    """End a suspension early (back from hospital): delivery restarts tomorrow; a suspension not yet
    begun is removed. Today's runs are not changed (the van may have left)."""
    today = timezone.localdate()
    person = suspension.profile.enrolment.person
    if suspension.start > today:
        changes = {"removed": [f"{suspension.start}..{suspension.end}", None]}
        suspension.delete()
    else:
        new_end = max(suspension.start, today)
        changes = {"until": [str(suspension.end), str(new_end)]}
        suspension.end = new_end
        suspension.save(update_fields=["end"])
    audit_record(actor=actor, action="meals.suspension_end", obj=person, changes=changes)


# --- planning ------------------------------------------------------------------------------------


@transaction.atomic
def delivery_plan_request(*, actor: Any, day: dt.date, seconds: int = 30) -> DeliveryPlan:
    """Queue the planning of a day's runs (a background job); the page polls its status."""
    from omur.meals.tasks import plan_delivery_runs

    if day < timezone.localdate():
        raise ValidationError(_("Past days cannot be planned again."))
    if not 5 <= seconds <= 300:
        raise ValidationError(_("Give the planner between 5 and 300 seconds."))
    if DeliveryPlan.objects.filter(day=day, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING]).exists():
        raise ValidationError(_("This day is already being planned; wait for it to finish."))
    if DeliveryStop.objects.filter(day=day).exclude(status=StopStatus.PENDING).exists():
        raise ValidationError(_("Drivers have already recorded deliveries for this day; it cannot be planned again."))
    plan = DeliveryPlan.objects.create(day=day, seconds=seconds, requested_by=actor)
    audit_record(actor=actor, action="meals.plan_request", obj=plan, changes={"day": [None, str(day)]})
    transaction.on_commit(lambda: plan_delivery_runs.enqueue(plan.pk))
    return plan


def delivery_plan_run(*, plan_id: int, workers: int = 1) -> DeliveryPlan:
    """Run a queued plan: build the day from the database, plan it with omur.meals.planning (outside
    any transaction: it takes seconds), then replace the day's runs in one transaction."""
    from omur.meals.planning import DeliveryDay, HouseholdStop, KitchenSite, plan_delivery_day
    from omur.meals.selectors import delivery_list

    updated = DeliveryPlan.objects.filter(pk=plan_id, status=PlanStatus.QUEUED).update(
        status=PlanStatus.RUNNING, started_at=timezone.now()
    )
    plan = DeliveryPlan.objects.get(pk=plan_id)
    if not updated:
        return plan  # another worker took it
    try:
        profiles = delivery_list(day=plan.day)
        kitchens = {k.pk: k for k in Kitchen.objects.filter(is_active=True)}
        routable = [p for p in profiles if p.lat is not None and p.kitchen_id in kitchens]
        no_place = [p for p in profiles if p not in routable]
        capacity = min((k.van_capacity for k in kitchens.values()), default=120)
        day = DeliveryDay(
            kitchens=tuple(
                KitchenSite(id=str(k.pk), lat=k.lat, lon=k.lon, vans=k.vans) for k in kitchens.values() if k.vans
            ),
            stops=tuple(
                HouseholdStop(
                    id=str(p.pk),
                    lat=float(p.lat or 0),
                    lon=float(p.lon or 0),
                    portions=p.portions,
                    kitchen=str(p.kitchen_id),
                )
                for p in routable
            ),
            capacity=capacity,
        )
        planned = plan_delivery_day(day, seconds=plan.seconds, workers=workers, seed=plan.pk)
        _store_plan(plan, planned, {p.pk: p for p in routable}, no_place)
    except Exception as exc:
        log.exception("meal delivery planning %s failed", plan_id)
        DeliveryPlan.objects.filter(pk=plan_id).update(
            status=PlanStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def _store_plan(plan: DeliveryPlan, planned: Any, profiles: dict[int, DeliveryProfile], no_place: list) -> None:
    if DeliveryStop.objects.filter(day=plan.day).exclude(status=StopStatus.PENDING).exists():
        raise ValidationError(_("Drivers recorded deliveries while the day was being planned; the plan was not used."))
    previous = {
        (r.kitchen_id, r.number): r.driver_id for r in DeliveryRun.objects.filter(day=plan.day, driver__isnull=False)
    }
    DeliveryStop.objects.filter(day=plan.day).delete()
    DeliveryRun.objects.filter(day=plan.day).delete()
    problem, result = planned.problem, planned.plan
    numbers: dict[str, int] = {}
    stops = []
    for route in sorted(result.routes, key=lambda r: r.staff_id):
        kitchen_id = int(problem.staff_member(route.staff_id).base.id)
        numbers[str(kitchen_id)] = numbers.get(str(kitchen_id), 0) + 1
        number = numbers[str(kitchen_id)]
        legs = route.legs
        run = DeliveryRun.objects.create(
            day=plan.day,
            plan=plan,
            kitchen_id=kitchen_id,
            number=number,
            driver_id=previous.get((kitchen_id, number)),
            depart=round(legs[0].depart),
            back=round(legs[-1].back),
            travel_minutes=round(route.travel_minutes),
            portions=route.load,
        )
        for seq, stop in enumerate(route.stops, start=1):
            profile = profiles[int(stop.visit_id)]
            stops.append(
                DeliveryStop(
                    run=run,
                    profile=profile,
                    person_id=profile.enrolment.person_id,
                    day=plan.day,
                    sequence=seq,
                    eta=round(stop.start),
                    portions=profile.portions,
                    diet=profile.diet,
                    allergies=profile.allergies,
                )
            )
    DeliveryStop.objects.bulk_create(stops)
    names = {p.pk: str(p.enrolment.person) for p in profiles.values()}
    plan.status = PlanStatus.DONE if not planned.errors else PlanStatus.FAILED
    plan.finished_at = timezone.now()
    plan.error = "\n".join(planned.errors[:20])
    plan.result = result.to_dict()
    plan.summary = {
        "households": len(profiles) + len(no_place),
        "routed": len(stops),
        "portions": sum(s.portions for s in stops),
        "vans": len(result.routes),
        "travel_minutes": round(result.objective.travel_minutes),
        "solve_seconds": round(result.solve_seconds, 1),
        "unplaced": [
            {"id": int(u.visit_id), "name": names.get(int(u.visit_id), ""), "reason": u.reason.value}
            for u in result.unplaced
        ],
        "no_coordinates": [{"id": p.pk, "name": str(p.enrolment.person)} for p in no_place],
    }
    plan.save()


@transaction.atomic
def run_assign_driver(*, actor: Any, run: DeliveryRun, driver: Any) -> DeliveryRun:
    if driver is not None and Role.DRIVER not in user_roles(driver):
        raise ValidationError(_("%(name)s is not a driver.") % {"name": driver})
    before = run.driver_id
    run.driver = driver
    run.save(update_fields=["driver"])
    audit_record(actor=actor, action="meals.run_assign", obj=run, changes={"driver": [before, run.driver_id]})
    return run


# --- at the door ---------------------------------------------------------------------------------


@transaction.atomic
def stop_record(*, actor: Any, stop: DeliveryStop, status: str, note: str = "") -> DeliveryStop:
    """What happened at the door. The second missed delivery in a row (not at home or refused) raises
    one task for the person's case manager; later misses find the same open task."""
    from omur.cases.services import office_text, task_raise

    if status not in (StopStatus.DELIVERED, StopStatus.NOT_HOME, StopStatus.REFUSED):
        raise ValidationError(_("Choose delivered, not at home or refused."))
    run = stop.run
    if run.driver_id != actor.pk and Role.OFFICE_MANAGER not in user_roles(actor):
        raise PermissionDenied
    if stop.day > timezone.localdate():
        raise ValidationError(_("This delivery is planned for a later day."))
    before = stop.status
    stop.status, stop.note = status, note.strip()[:200]
    stop.recorded_at, stop.recorded_by = timezone.now(), actor
    stop.save(update_fields=["status", "note", "recorded_at", "recorded_by"])
    audit_record(
        actor=actor,
        action="meals.stop_record",
        obj=stop.person,
        changes={"status": [before, status], "day": [None, str(stop.day)]},
    )
    if status in MISSED_STATUSES:
        previous = (
            DeliveryStop.objects.filter(profile_id=stop.profile_id, day__lt=stop.day)
            .exclude(status=StopStatus.PENDING)
            .order_by("-day")
            .first()
        )
        if previous is not None and previous.status in MISSED_STATUSES:
            person = stop.person
            task_raise(
                source="missed_meal",
                title=office_text(MISSED_TITLE, name=person.full_name),
                person=person,
                detail=office_text(
                    gettext_lazy("%(first)s: %(first_status)s; %(second)s: %(second_status)s."),
                    first=f"{previous.day:%d.%m.%Y}",
                    first_status=office_text(StopStatus(previous.status).label),
                    second=f"{stop.day:%d.%m.%Y}",
                    second_status=office_text(StopStatus(status).label),
                ),
                related=stop,
                due=timezone.localdate() + dt.timedelta(days=1),
                dedupe_key=f"missed-meal:{stop.profile.enrolment_id}",
            )
    return stop
