"""The daily pass-on obligation rule: a task for the staff when a breeder's obligation becomes
overdue, and one when it first falls behind pace (at risk).

Who gets the task: the social workers' queue (`assignee_role=social_worker`), not the person's case
manager. Following up a pass-on is the benefits desk's work (the social workers and the office
manager record births and pass-ons, see permissions.WORK_ROLES); a breeder's case manager, if they
have one, may hold a role that cannot open the grant pages (a nurse, a caregiver), and most breeders
have no case at all. The office manager oversees every open task anyway.

Each task carries a dedupe key per obligation (grant) and state and is raised `once`: a task dealt
with and closed does not come back the next morning; an obligation that was at risk and then becomes
overdue gets its second (overdue) task. When the obligation is fulfilled (pass_on_record), its open
tasks are marked done."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from omur.accounts.roles import Role
from omur.benefits.models import Grant
from omur.benefits.selectors import Obligation, obligation_state, obligations
from omur.cases.models import TaskPriority, TaskSource

SOURCE_OVERDUE = TaskSource.PASS_ON_OVERDUE
SOURCE_AT_RISK = TaskSource.PASS_ON_AT_RISK

OVERDUE_TITLE = ngettext_lazy(
    "Pass-on overdue: %(name)s still owes %(count)d animal, due %(due)s",
    "Pass-on overdue: %(name)s still owes %(count)d animals, due %(due)s",
    "count",
)
AT_RISK_TITLE = ngettext_lazy(
    "Pass-on at risk: %(name)s still owes %(count)d animal by %(due)s",
    "Pass-on at risk: %(name)s still owes %(count)d animals by %(due)s",
    "count",
)
DETAIL = _(
    "%(scheme)s, generation %(generation)s, started %(started)s: %(passed)s of %(owed)s animals passed on "
    "so far (a steady pace would be %(expected)s by now). Village: %(place)s."
)


def _plural_office_text(message: Any, **params: Any) -> str:
    # office_text for an ngettext_lazy message: the count picks the form in the office's language.
    with translation.override(settings.LANGUAGE_CODE):
        return str(message % params)


def dedupe_key(grant: Grant, state: str) -> str:
    return f"benefits:pass-on-{state}:{grant.pk}"


def _raise(row: Obligation, *, today: dt.date) -> Any:
    from omur.cases.services import office_text, task_raise

    grant = row.grant
    due = grant.obligation_due
    assert due is not None  # obligations() gives only grants with an obligation
    overdue = row.state == "overdue"
    place = grant.neighbourhood or grant.district
    return task_raise(
        source=SOURCE_OVERDUE if overdue else SOURCE_AT_RISK,
        title=_plural_office_text(
            OVERDUE_TITLE if overdue else AT_RISK_TITLE,
            name=grant.person.full_name,
            count=row.missing,
            due=f"{due:%d.%m.%Y}",
        ),
        detail=office_text(
            DETAIL,
            scheme=grant.scheme.name,
            generation=grant.generation,
            started=f"{grant.started_on:%d.%m.%Y}",
            passed=row.passed,
            owed=grant.obligation_animals,
            expected=grant.obligation_animals if overdue else row.expected,
            place=str(place) if place else "—",
        ),
        person=grant.person,
        related=grant,
        assignee_role=Role.SOCIAL_WORKER,
        due=today + dt.timedelta(days=7 if overdue else 30),
        priority=TaskPriority.HIGH if overdue else TaskPriority.NORMAL,
        dedupe_key=dedupe_key(grant, row.state),
        once=True,
    )


def obligation_tasks_raise(*, today: dt.date | None = None) -> dict[str, int]:
    """Raise the tasks for overdue and newly at-risk obligations on `today`; returns how many new
    tasks of each kind were raised (a second run the same day, or the next, raises none)."""
    today = today or timezone.localdate()
    raised = {"overdue": 0, "at_risk": 0}
    for row in obligations(today=today):
        if row.state not in raised:
            continue
        with transaction.atomic():
            task = _raise(row, today=today)
        if task.created:
            raised[row.state] += 1
    return raised


def obligation_tasks_close(*, actor: Any, grant: Grant, passed: int) -> int:
    """After a pass-on: an obligation now fulfilled closes its open overdue and at-risk tasks; one
    back on pace closes its at-risk task. In the caller's transaction."""
    from omur.cases.services import office_text, tasks_close_related

    state = obligation_state(grant, passed, today=timezone.localdate()).state
    sources: tuple[str, ...]
    if state == "fulfilled":
        note, sources = _("The pass-on obligation is fulfilled."), (SOURCE_OVERDUE, SOURCE_AT_RISK)
    elif state == "on_track":
        note, sources = _("The pass-ons are back on pace."), (SOURCE_AT_RISK,)
    else:
        return 0
    return tasks_close_related(actor=actor, related=grant, note=office_text(note), sources=sources)
