"""Staff profiles, absences and the personal calendar feed."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from omur.core.audit import audit_record, diff_fields
from omur.homecare.models import Absence, AbsenceKind, Skill, StaffMember, new_feed_token
from omur.homecare.services.common import HomecareError, check_planner

STAFF_FIELDS = (
    "first_name",
    "last_name",
    "profession",
    "skills",
    "sex",
    "phone",
    "base",
    "work_days",
    "shift_start",
    "shift_end",
    "lunch_start",
    "lunch_end",
    "vehicle",
    "vehicle_plate",
    "active",
    "user",
)


class StaffInvalid(HomecareError):
    message = _("The staff profile is not valid: %(problem)s")


class AbsenceInvalid(HomecareError):
    message = _("The absence is not valid: %(problem)s")


class AbsenceOverlaps(HomecareError):
    message = _("%(staff)s already has an absence from %(start)s to %(end)s that overlaps these dates.")


def _snapshot(staff: StaffMember) -> dict[str, Any]:
    return {
        name: (getattr(staff, f"{name}_id") if name in ("base", "user") else getattr(staff, name))
        for name in STAFF_FIELDS
    }


def _validate(values: dict[str, Any]) -> None:
    unknown = set(values.get("skills") or []) - set(Skill.values)
    if unknown:
        raise StaffInvalid(problem=_("unknown skills %(skills)s") % {"skills": ", ".join(sorted(unknown))})
    if not values.get("work_days"):
        raise StaffInvalid(problem=_("choose at least one working day"))
    if values["shift_end"] <= values["shift_start"]:
        raise StaffInvalid(problem=_("the shift must end after it starts"))
    lunch = (values.get("lunch_start"), values.get("lunch_end"))
    if (lunch[0] is None) != (lunch[1] is None):
        raise StaffInvalid(problem=_("give both ends of the lunch break, or neither"))
    if (
        lunch[0] is not None
        and lunch[1] is not None
        and not (values["shift_start"] <= lunch[0] < lunch[1] <= values["shift_end"])
    ):
        raise StaffInvalid(problem=_("the lunch break must lie inside the shift"))


@transaction.atomic
def staff_save(*, actor: Any, staff: StaffMember | None = None, **values: Any) -> StaffMember:
    """Create a staff profile, or update `staff` with the given values."""
    check_planner(actor)
    values["work_days"] = sorted({int(d) for d in values.get("work_days", staff.work_days if staff else [])})
    values["skills"] = [s for s in Skill.values if s in set(values.get("skills", staff.skills if staff else []))]
    merged = {**(_snapshot(staff) if staff else {}), **values}
    _validate(merged)
    before = _snapshot(staff) if staff else {}
    staff = staff or StaffMember()
    for name, value in values.items():
        setattr(staff, name, value)
    staff.save()
    audit_record(actor=actor, action="staff.save", obj=staff, changes=diff_fields(before, _snapshot(staff)))
    return staff


def absences_on(day: dt.date) -> set[int]:
    """Staff ids absent on `day`."""
    return set(Absence.objects.filter(start_date__lte=day, end_date__gte=day).values_list("staff_id", flat=True))


@transaction.atomic
def absence_record(
    *,
    actor: Any,
    staff: StaffMember,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    note: str = "",
) -> Absence:
    """Record leave or sickness. Overlapping absences of one person are refused (lock the staff row
    first, so two planners entering the same sick call cannot both pass the check)."""
    check_planner(actor)
    if kind not in AbsenceKind.values:
        raise AbsenceInvalid(problem=_("choose a kind"))
    if end_date < start_date:
        raise AbsenceInvalid(problem=_("the last day must not be before the first"))
    StaffMember.objects.select_for_update().filter(pk=staff.pk).first()
    clash = (
        Absence.objects.filter(staff=staff)
        .filter(Q(start_date__lte=end_date) & Q(end_date__gte=start_date))
        .order_by("start_date")
        .first()
    )
    if clash is not None:
        raise AbsenceOverlaps(
            staff=staff.full_name, start=f"{clash.start_date:%d.%m.%Y}", end=f"{clash.end_date:%d.%m.%Y}"
        )
    absence = Absence.objects.create(
        staff=staff,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        note=note.strip()[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="absence.record",
        obj=absence,
        changes={"staff": staff.pk, "kind": kind, "from": str(start_date), "until": str(end_date)},
    )
    return absence


@transaction.atomic
def absence_delete(*, actor: Any, absence: Absence) -> None:
    check_planner(actor)
    audit_record(
        actor=actor,
        action="absence.delete",
        obj=absence,
        changes={"staff": absence.staff_id, "from": str(absence.start_date), "until": str(absence.end_date)},
    )
    absence.delete()


@transaction.atomic
def feed_token_rotate(*, actor: Any, staff: StaffMember) -> str:
    """A new calendar-feed address; the old one stops working at once."""
    staff.feed_token = new_feed_token()
    staff.save(update_fields=["feed_token", "updated_at"])
    audit_record(actor=actor, action="staff.feed_rotate", obj=staff)
    return staff.feed_token


@transaction.atomic
def feed_token_revoke(*, actor: Any, staff: StaffMember) -> None:
    staff.feed_token = None
    staff.save(update_fields=["feed_token", "updated_at"])
    audit_record(actor=actor, action="staff.feed_revoke", obj=staff)
