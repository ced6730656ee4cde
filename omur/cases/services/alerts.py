"""Tasks and alerts: the one way any app raises a task (task_raise), and the inbox's actions."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from omur.accounts.roles import Role
from omur.cases.models import Task, TaskPriority, TaskSource, TaskStatus
from omur.cases.permissions import TASK_ROLES
from omur.cases.selectors.alerts import case_manager_for, task_actionable_by
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError


class TaskRoleUnknown(ApplicationError):
    message = _("Tasks can be given to a staff role only.")


class TaskAssigneeInactive(ApplicationError):
    message = _("This member of staff is no longer active; give the task to someone else or to a role.")


class TaskTitleRequired(ApplicationError):
    message = _("A task needs a title.")


class TaskNotYours(ApplicationError):
    message = _("This task is not assigned to you or to one of your roles.")


class TaskAlreadyClosed(ApplicationError):
    message = _("This task is already closed.")


def office_text(message: Any, **params: Any) -> str:
    """A task title in the office's language (settings.LANGUAGE_CODE): titles are stored text, and a
    rule run at night or a colleague using the English screens must not leave them mixed."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text


def _route(*, person: Any, assignee: Any, assignee_role: str) -> tuple[Any, str]:
    """Who gets a task nobody named: the person's case manager, else the social workers' queue."""
    if assignee is not None or assignee_role:
        return assignee, assignee_role
    manager = case_manager_for(person) if person is not None else None
    if manager is not None:
        return manager, ""
    return None, Role.SOCIAL_WORKER


@transaction.atomic
def task_raise(
    *,
    actor: Any = None,
    source: str,
    title: str,
    person: Any = None,
    detail: str = "",
    related: models.Model | None = None,
    assignee: Any = None,
    assignee_role: str = "",
    due: dt.date | None = None,
    priority: int = TaskPriority.NORMAL,
    dedupe_key: str = "",
    once: bool = False,
) -> Task:
    """Raise a task; other apps call this (see docs/architecture.md, "Tasks").

    With neither `assignee` nor `assignee_role`, the task goes to the person's case manager
    (selectors.case_manager_for), else to the social_worker role. With a `dedupe_key`, a task that
    is still open under that key is returned instead of a second one (rules run daily and must not
    pile up copies); the returned task's `.created` says which happened. With `once`, a key that
    was ever used (even on a task since closed) raises nothing: for reminders that should not come
    back every day after someone dealt with them. `actor` is None for rules.
    """
    title = (title or "").strip()
    if not title:
        raise TaskTitleRequired()
    assignee, assignee_role = _route(person=person, assignee=assignee, assignee_role=assignee_role or "")
    if assignee_role and assignee_role not in TASK_ROLES:
        raise TaskRoleUnknown()
    if assignee is not None and not assignee.is_active:
        raise TaskAssigneeInactive()
    dedupe_key = dedupe_key[:200]
    if dedupe_key:
        earlier = Task.objects.filter(dedupe_key=dedupe_key)
        existing = (earlier if once else earlier.filter(status=TaskStatus.OPEN)).order_by("-created_at", "-pk").first()
        if existing is not None:
            existing.created = False  # type: ignore[attr-defined]
            return existing
    fields: dict[str, Any] = {
        "title": title[:200],
        "detail": detail,
        "person": person,
        "assignee": assignee,
        "assignee_role": assignee_role,
        "due": due,
        "priority": priority,
        "source": source,
        "dedupe_key": dedupe_key,
        "created_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    if related is not None:
        fields["related_type"] = ContentType.objects.get_for_model(related)
        fields["related_id"] = related.pk
    try:
        # A savepoint: another process may raise the same rule at the same moment; the partial
        # unique index lets one insert win and the other finds the winner below.
        with transaction.atomic():
            task = Task.objects.create(**fields)
    except IntegrityError:
        if not dedupe_key:
            raise
        task = Task.objects.get(dedupe_key=dedupe_key, status=TaskStatus.OPEN)
        task.created = False  # type: ignore[attr-defined]
        return task
    task.created = True  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        action="task.create",
        obj=task,
        changes={
            "source": source,
            "person": person.pk if person is not None else None,
            "assignee": assignee.pk if assignee is not None else None,
            "assignee_role": assignee_role,
            "due": str(due) if due else None,
        },
    )
    return task


def _close(*, actor: Any, task: Task, status: str, note: str, action: str) -> Task:
    if not task_actionable_by(actor, task):
        raise TaskNotYours()
    now = timezone.now()
    # Conditional on "open": of two people closing the same task at once, one wins.
    updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
        status=status, closed_at=now, closed_by=actor, resolution=note
    )
    if not updated:
        raise TaskAlreadyClosed()
    task.status, task.closed_at, task.closed_by, task.resolution = status, now, actor, note
    audit_record(actor=actor, action=action, obj=task, changes={"status": [TaskStatus.OPEN, status]})
    return task


@transaction.atomic
def task_complete(*, actor: Any, task: Task, note: str = "") -> Task:
    return _close(actor=actor, task=task, status=TaskStatus.DONE, note=note.strip(), action="task.complete")


@transaction.atomic
def task_cancel(*, actor: Any, task: Task, note: str = "") -> Task:
    return _close(actor=actor, task=task, status=TaskStatus.CANCELLED, note=note.strip(), action="task.cancel")


@transaction.atomic
def task_take(*, actor: Any, task: Task) -> Task:
    """Take a task from one's role queue into one's own inbox."""
    if not task_actionable_by(actor, task):
        raise TaskNotYours()
    if not Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(assignee=actor):
        raise TaskAlreadyClosed()
    before = task.assignee_id
    task.assignee = actor
    audit_record(actor=actor, action="task.take", obj=task, changes={"assignee": [before, actor.pk]})
    return task


def tasks_close_related(
    *, actor: Any, related: models.Model, note: str, sources: tuple[str, ...] = (), dedupe_keys: tuple[str, ...] = ()
) -> int:
    """Mark done the open tasks about `related` raised by `sources` or under `dedupe_keys` (what they
    asked for has happened: the visit was made, the referral answered). Runs in the caller's
    transaction."""
    tasks = Task.objects.filter(
        related_type=ContentType.objects.get_for_model(related), related_id=related.pk, status=TaskStatus.OPEN
    )
    if sources:
        tasks = tasks.filter(source__in=sources)
    if dedupe_keys:
        tasks = tasks.filter(dedupe_key__in=dedupe_keys)
    ids = list(tasks.values_list("pk", flat=True))
    if ids:
        Task.objects.filter(pk__in=ids, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE,
            closed_at=timezone.now(),
            closed_by=actor if getattr(actor, "is_authenticated", False) else None,
            resolution=note,
        )
        audit_record(
            actor=actor, action="task.auto_complete", object_type="cases.task", changes={"ids": ids, "note": note}
        )
    return len(ids)


__all__ = [
    "TaskAlreadyClosed",
    "TaskNotYours",
    "TaskRoleUnknown",
    "TaskSource",
    "office_text",
    "task_cancel",
    "task_complete",
    "task_raise",
    "task_take",
    "tasks_close_related",
]
