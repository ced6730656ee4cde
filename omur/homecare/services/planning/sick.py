"""Re-planning when a carer calls in sick: only what must move moves (`routing.replan`)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from omur.homecare.models import (
    AbsenceKind,
    PlanKind,
    RoutePlan,
    StaffMember,
    Visit,
    VisitStatus,
)
from omur.homecare.services.planning.runs import current_plan, plan_request
from omur.homecare.services.staff import absence_record


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
