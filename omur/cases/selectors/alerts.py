"""Reads for tasks: who a person's case manager is, and each user's inbox."""

import datetime as dt
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from omur.cases.models import EnrolmentStatus, Task, TaskStatus
from omur.cases.permissions import TASK_OVERSEE_ROLES
from omur.core.access import user_roles


def case_manager_for(person: Any) -> Any:
    """The case manager of the person's active enrolment (a suspended one counts: the person is still
    in care), the most recently started first; None when there is none or the manager has left."""
    from omur.cases.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(
            person=person,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED],
            case_manager__isnull=False,
            case_manager__is_active=True,
        )
        .select_related("case_manager")
        .order_by(
            Case(When(status=EnrolmentStatus.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "-start_date",
            "-pk",
        )
        .first()
    )
    return enrolment.case_manager if enrolment else None


def _mine_q(actor: Any) -> Q:
    roles = user_roles(actor)
    return Q(assignee=actor) | Q(assignee__isnull=True, assignee_role__in=roles)


def task_actionable_by(actor: Any, task: Task) -> bool:
    """May `actor` close, cancel or take this task: theirs, their role's, or the office manager."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    roles = user_roles(actor)
    if roles & TASK_OVERSEE_ROLES:
        return True
    if task.assignee_id is not None:
        return bool(task.assignee_id == actor.pk)
    return task.assignee_role in roles


class Scope:
    MINE = "mine"  # assigned to me by name
    ROLE = "role"  # waiting in one of my roles' queues, nobody named
    INBOX = "inbox"  # both
    ALL = "all"  # every task (office manager)


class Due:
    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"
    NONE = "none"


def task_inbox(
    *,
    actor: Any,
    scope: str = Scope.INBOX,
    status: str = TaskStatus.OPEN,
    due: str = "",
    source: str = "",
    person: Any = None,
    today: dt.date | None = None,
) -> QuerySet[Task]:
    """The tasks `actor` may see, filtered. Overdue first, then by due date and priority."""
    today = today or timezone.localdate()
    qs = Task.objects.select_related("person", "assignee", "related_type")
    roles = user_roles(actor)
    if scope == Scope.ALL and roles & TASK_OVERSEE_ROLES:
        pass
    elif scope == Scope.MINE:
        qs = qs.filter(assignee=actor)
    elif scope == Scope.ROLE:
        qs = qs.filter(assignee__isnull=True, assignee_role__in=roles)
    else:
        qs = qs.filter(_mine_q(actor))
    if status:
        qs = qs.filter(status=status)
    if due == Due.OVERDUE:
        qs = qs.filter(due__lt=today)
    elif due == Due.TODAY:
        qs = qs.filter(due=today)
    elif due == Due.WEEK:
        qs = qs.filter(due__lte=today + dt.timedelta(days=7))
    elif due == Due.NONE:
        qs = qs.filter(due__isnull=True)
    if source:
        qs = qs.filter(source=source)
    if person is not None:
        qs = qs.filter(person=person)
    return (
        qs.order_by("due", "-priority", "-created_at", "-id")
        if status != TaskStatus.OPEN
        else qs.order_by(
            Case(When(due__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
            "due",
            "-priority",
            "id",
        )
    )


def task_counts(*, actor: Any, today: dt.date | None = None) -> dict[str, int]:
    """Open, overdue and due-this-week counts of the actor's inbox, in one aggregate query."""
    today = today or timezone.localdate()
    return Task.objects.filter(_mine_q(actor), status=TaskStatus.OPEN).aggregate(
        open=Count("id"),
        mine=Count("id", filter=Q(assignee=actor)),
        overdue=Count("id", filter=Q(due__lt=today)),
        week=Count("id", filter=Q(due__gte=today, due__lte=today + dt.timedelta(days=7))),
    )
