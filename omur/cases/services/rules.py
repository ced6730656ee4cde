"""The daily rules: what the calendar changes without anyone pressing a button. Run by the
`cases.daily` schedule (tasks.cases_daily). Safe to run any number of times: every task it raises
carries a dedupe key and is raised once (a reminder someone closed does not come back tomorrow; a
new review date is a new key)."""

import datetime as dt
from collections import Counter
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.accounts.roles import Role
from omur.cases.models import (
    OPEN_ENROLMENT_STATUSES,
    Assessment,
    AssessmentStatus,
    CloseReason,
    Enrolment,
    EnrolmentStatus,
    TaskPriority,
    TaskSource,
)
from omur.cases.services.alerts import office_text, task_raise
from omur.cases.services.enrolments import enrolment_transition
from omur.services.models import Service

# Warn this many days before a review, a re-assessment or an age limit falls due.
LEAD_DAYS = 7
AGE_OUT_WARNING_DAYS = 30
# Children's programmes end by rule (the autism centre at 72 months): the job closes them. Past 18
# an age limit is a prompt, not a rule: an adult is not put out of a course or a family programme
# by a birthday, so the case manager gets a task to review instead.
AUTO_CLOSE_UP_TO_MONTHS = 18 * 12


def age_limit_day(birth: dt.date, months: int) -> dt.date:
    """The day a person born on `birth` completes `months` months: the same day of the month, or the
    month's last day when it is shorter (born 29 February → 28 February)."""
    return birth + relativedelta(months=months)


def age_limits() -> dict[int, int]:
    """{service id: age in completed months at which its users age out}, for services all of whose
    life stages end at an age. A stage's max_age_months is read as where it ends, the way the seeded
    stages meet (early childhood 0–72 months, school age from 72): a child in a 0–72 month service
    ages out on the day they complete 72 months."""
    rows = (
        Service.objects.annotate(
            stages=Count("life_stages"),
            open_ended=Count("life_stages", filter=Q(life_stages__max_age_months__isnull=True)),
            last_month=Max("life_stages__max_age_months"),
        )
        .filter(stages__gt=0, open_ended=0)
        .values_list("pk", "last_month")
    )
    return dict(rows)


def _manager(enrolment: Enrolment) -> Any:
    manager = enrolment.case_manager
    return manager if manager is not None and manager.is_active else None


def _age_out(today: dt.date, counts: Counter[str]) -> None:
    for service_id, limit in age_limits().items():
        # A coarse filter in the database (a few days' slack for month ends); the exact day below.
        warn_born_by = today + dt.timedelta(days=AGE_OUT_WARNING_DAYS + 3) - relativedelta(months=limit)
        candidates = (
            Enrolment.objects.filter(
                service_id=service_id, status__in=OPEN_ENROLMENT_STATUSES, person__birth_date__lte=warn_born_by
            )
            .select_related("person", "service", "case_manager")
            .order_by("pk")
        )
        for enrolment in candidates:
            birth = enrolment.person.birth_date
            if birth is None:  # excluded by the filter above; here for the type checker
                continue
            limit_day = age_limit_day(birth, limit)
            if limit_day > today + dt.timedelta(days=AGE_OUT_WARNING_DAYS):
                continue
            if limit_day <= today and limit > AUTO_CLOSE_UP_TO_MONTHS:
                task = task_raise(
                    source=TaskSource.AGE_OUT,
                    title=office_text(
                        _("Past the age range of %(service)s: review the enrolment"), service=enrolment.service.name_tr
                    ),
                    person=enrolment.person,
                    related=enrolment,
                    assignee=_manager(enrolment),
                    due=today + dt.timedelta(days=LEAD_DAYS),
                    dedupe_key=f"age-out:{enrolment.pk}",
                    once=True,
                )
                counts["age_out_reviews"] += int(task.created)  # type: ignore[attr-defined]
            elif limit_day <= today:
                with transaction.atomic():
                    enrolment_transition(
                        actor=None,
                        enrolment=enrolment,
                        to_status=EnrolmentStatus.CLOSED,
                        reason=CloseReason.AGED_OUT,
                        on=today,
                    )
                    task_raise(
                        source=TaskSource.AGE_OUT,
                        title=office_text(
                            _("Aged out of %(service)s: plan what comes next"), service=enrolment.service.name_tr
                        ),
                        person=enrolment.person,
                        related=enrolment,
                        assignee=_manager(enrolment),
                        due=today + dt.timedelta(days=LEAD_DAYS),
                        priority=TaskPriority.HIGH,
                        dedupe_key=f"age-out:{enrolment.pk}",
                        once=True,
                    )
                counts["aged_out"] += 1
            else:
                task = task_raise(
                    source=TaskSource.AGE_OUT,
                    title=office_text(
                        _("Reaches the age limit of %(service)s on %(day)s"),
                        service=enrolment.service.name_tr,
                        day=limit_day.strftime("%d.%m.%Y"),
                    ),
                    person=enrolment.person,
                    related=enrolment,
                    assignee=_manager(enrolment),
                    due=limit_day,
                    dedupe_key=f"age-out-soon:{enrolment.pk}",
                    once=True,
                )
                counts["age_out_warnings"] += int(task.created)  # type: ignore[attr-defined]


def _deceased(today: dt.date, counts: Counter[str]) -> None:
    enrolments = (
        Enrolment.objects.filter(status__in=OPEN_ENROLMENT_STATUSES, person__date_of_death__lte=today)
        .select_related("person", "service", "case_manager")
        .order_by("pk")
    )
    for enrolment in enrolments:
        with transaction.atomic():
            enrolment_transition(
                actor=None, enrolment=enrolment, to_status=EnrolmentStatus.CLOSED, reason=CloseReason.DECEASED, on=today
            )
            task_raise(
                source=TaskSource.CASE_CLOSED,
                title=office_text(_("%(service)s closed: the person has died"), service=enrolment.service.name_tr),
                person=enrolment.person,
                related=enrolment,
                assignee=_manager(enrolment),
                due=today + dt.timedelta(days=LEAD_DAYS),
                dedupe_key=f"deceased:{enrolment.pk}",
                once=True,
            )
        counts["closed_deceased"] += 1


def _reviews(today: dt.date, counts: Counter[str]) -> None:
    enrolments = (
        Enrolment.objects.filter(
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED],
            review_on__lte=today + dt.timedelta(days=LEAD_DAYS),
        )
        .select_related("person", "service", "case_manager")
        .order_by("pk")
    )
    for enrolment in enrolments:
        task = task_raise(
            source=TaskSource.REVIEW_DUE,
            title=office_text(_("Review of %(service)s due"), service=enrolment.service.name_tr),
            person=enrolment.person,
            related=enrolment,
            assignee=_manager(enrolment),
            due=enrolment.review_on,
            dedupe_key=f"review:{enrolment.pk}:{enrolment.review_on}",
            once=True,
        )
        counts["reviews_due"] += int(task.created)  # type: ignore[attr-defined]


def _reassessments(today: dt.date, counts: Counter[str]) -> None:
    later = Assessment.objects.filter(person=OuterRef("person"), created_at__gt=OuterRef("created_at")).exclude(
        status=AssessmentStatus.CANCELLED
    )
    due = (
        Assessment.objects.filter(
            status__in=[AssessmentStatus.APPROVED, AssessmentStatus.REJECTED],
            reassess_on__lte=today + dt.timedelta(days=LEAD_DAYS),
        )
        .filter(~Exists(later))
        .select_related("person", "assessor")
        .order_by("pk")
    )
    for assessment in due:
        assessor = assessment.assessor if assessment.assessor.is_active else None
        task = task_raise(
            source=TaskSource.REASSESSMENT_DUE,
            title=office_text(_("Re-assessment visit due")),
            person=assessment.person,
            related=assessment,
            assignee=assessor,
            assignee_role="" if assessor else Role.SOCIOLOGIST,
            due=assessment.reassess_on,
            dedupe_key=f"reassess:{assessment.pk}",
            once=True,
        )
        counts["reassessments_due"] += int(task.created)  # type: ignore[attr-defined]


def cases_daily_rules(*, today: dt.date | None = None) -> dict[str, int]:
    """Close what the calendar closes (age limits, deaths) and raise the tasks that come due."""
    today = today or timezone.localdate()
    counts: Counter[str] = Counter()
    _deceased(today, counts)
    _age_out(today, counts)
    _reviews(today, counts)
    _reassessments(today, counts)
    return dict(counts)
