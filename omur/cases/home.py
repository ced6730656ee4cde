"""Home-page cards for case work: each is one aggregate query."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import CASE_ROLES
from omur.cases.models import OPEN_ENROLMENT_STATUSES, Assessment, AssessmentStatus, Enrolment, EnrolmentStatus
from omur.cases.permissions import TASK_ROLES
from omur.cases.selectors.alerts import task_counts
from omur.core.home_cards import Card, Figure, register


@register(roles=TASK_ROLES)
def my_tasks_card(user: Any) -> Card | None:
    counts = task_counts(actor=user)
    url = reverse("cases:task-inbox")
    return Card(
        title=_("My tasks"),
        figures=[
            Figure(_("Open"), counts["open"], url),
            Figure(_("Overdue"), counts["overdue"], url + "?due=overdue"),
            Figure(_("Due within a week"), counts["week"], url + "?due=week"),
        ],
    )


@register(roles=CASE_ROLES)
def caseload_card(user: Any) -> Card | None:
    today = timezone.localdate()
    week = today + dt.timedelta(days=7)
    mine = Enrolment.objects.filter(case_manager=user).aggregate(
        active=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
        reviews=Count("id", filter=Q(status__in=OPEN_ENROLMENT_STATUSES, review_on__lte=week)),
    )
    visits = Assessment.objects.filter(
        assessor=user, status=AssessmentStatus.SCHEDULED, scheduled_on__gte=today, scheduled_on__lte=week
    ).count()
    enrolments = reverse("cases:enrolment-list")
    return Card(
        title=_("My caseload"),
        figures=[
            Figure(_("Active enrolments"), mine["active"], f"{enrolments}?mine=1&status=active"),
            Figure(_("Reviews due this week"), mine["reviews"], f"{enrolments}?mine=1&review_due=1"),
            Figure(_("Home visits this week"), visits, reverse("cases:assessment-list") + "?mine=1&status=scheduled"),
        ],
    )
