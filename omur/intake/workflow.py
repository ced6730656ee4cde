"""The request workflow as data: which transitions exist, who may make them, what each requires.

    new ──► triaged ──► assessment scheduled ──► decided (approved | rejected) ──► closed
     │          │                 │                 ▲
     │          └─────────────────┼─────────────────┘   (no home visit needed)
     └──────────┴─────────────────┴──► closed            (duplicate, withdrawn, referred elsewhere)

services.request_transition is the only writer and enforces this table; views ask it which buttons
to show. Call-centre operators record and triage; decisions, visits and closing a triaged request
belong to the case roles (least privilege: an operator does not approve aid)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omur.accounts.roles import CASE_ROLES, Role
from omur.core.access import user_roles
from omur.intake.models import Decision, Status

INTAKE_ROLES = frozenset({Role.CALL_OPERATOR, *CASE_ROLES})


@dataclass(frozen=True)
class Action:
    """One button on the request page: a target status (and decision), who may press it."""

    key: str
    label: Promise
    to_status: str
    decision: str = ""
    roles: frozenset[str] = frozenset(CASE_ROLES)
    note_required: bool = False
    sms_default: bool = False
    asks_date: bool = False
    style: str = "outline-primary"


TRIAGE = Action("triage", _("Mark as triaged"), Status.TRIAGED, roles=INTAKE_ROLES)
SCHEDULE = Action("schedule", _("Schedule a home assessment"), Status.ASSESSMENT_SCHEDULED, asks_date=True)
APPROVE = Action("approve", _("Approve"), Status.DECIDED, Decision.APPROVED, sms_default=True, style="success")
REJECT = Action(
    "reject", _("Reject"), Status.DECIDED, Decision.REJECTED, note_required=True, sms_default=True, style="danger"
)
CLOSE = Action("close", _("Close"), Status.CLOSED, sms_default=True, style="outline-secondary")
# Closing before a decision (a duplicate, a withdrawn or misdirected request) needs a note saying why;
# an operator may close a new request that turns out to be a duplicate.
CLOSE_UNDECIDED = Action(
    "close",
    _("Close without a decision"),
    Status.CLOSED,
    roles=INTAKE_ROLES,
    note_required=True,
    sms_default=True,
    style="outline-secondary",
)
CLOSE_UNDECIDED_CASE = Action(
    "close",
    _("Close without a decision"),
    Status.CLOSED,
    note_required=True,
    sms_default=True,
    style="outline-secondary",
)

ACTIONS: dict[str, tuple[Action, ...]] = {
    Status.NEW: (TRIAGE, CLOSE_UNDECIDED),
    Status.TRIAGED: (SCHEDULE, APPROVE, REJECT, CLOSE_UNDECIDED_CASE),
    Status.ASSESSMENT_SCHEDULED: (APPROVE, REJECT, CLOSE_UNDECIDED_CASE),
    Status.DECIDED: (CLOSE,),
    Status.CLOSED: (),
}

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(a.to_status for a in actions) for status, actions in ACTIONS.items()
}


def action_for(from_status: str, key: str) -> Action | None:
    return next((a for a in ACTIONS.get(from_status, ()) if a.key == key), None)


def actions_for(*, status: str, user: Any) -> list[Action]:
    mine = user_roles(user)
    return [a for a in ACTIONS.get(status, ()) if a.roles & mine]


# What the citizen reads on the public status page and in SMS notices: plain words, no reasons.
PUBLIC_LABELS: dict[tuple[str, str], Promise] = {
    (Status.NEW, ""): _("Received"),
    (Status.TRIAGED, ""): _("Being reviewed"),
    (Status.ASSESSMENT_SCHEDULED, ""): _("Home visit planned"),
    (Status.DECIDED, Decision.APPROVED): _("Approved"),
    (Status.DECIDED, Decision.REJECTED): _("Not approved"),
    (Status.CLOSED, Decision.APPROVED): _("Completed"),
    (Status.CLOSED, Decision.REJECTED): _("Closed"),
    (Status.CLOSED, ""): _("Closed"),
}


def public_label(status: str, decision: str) -> str:
    return str(PUBLIC_LABELS.get((status, decision), PUBLIC_LABELS.get((status, ""), status)))


@dataclass(frozen=True)
class Stint:
    """A stretch of time a request spent in one status (ongoing when `until` is None)."""

    status: str
    since: dt.datetime
    until: dt.datetime | None
    duration: dt.timedelta


def stints(history: Sequence[Any], *, now: dt.datetime) -> list[Stint]:
    """Each history row opens a stint that the next row closes; the last one runs until `now` unless
    the request is closed (time after closing is not time "in" a state)."""
    result = []
    for row, following in zip(history, [*history[1:], None], strict=True):
        if following is not None:
            until: dt.datetime | None = following.at
            duration = following.at - row.at
        elif row.to_status == Status.CLOSED:
            until, duration = row.at, dt.timedelta(0)
        else:
            until, duration = None, now - row.at
        result.append(Stint(status=row.to_status, since=row.at, until=until, duration=max(duration, dt.timedelta(0))))
    return result


def time_in_status(history: Sequence[Any], *, now: dt.datetime) -> dict[str, dt.timedelta]:
    """Total time per status, in workflow order, closed excluded (it is the end, not a wait)."""
    totals: dict[str, dt.timedelta] = {}
    for stint in stints(history, now=now):
        if stint.status != Status.CLOSED:
            totals[stint.status] = totals.get(stint.status, dt.timedelta(0)) + stint.duration
    order = [s.value for s in Status]
    return dict(sorted(totals.items(), key=lambda item: order.index(item[0])))


def humanise_duration(value: dt.timedelta) -> str:
    """ "3 d 4 h", "2 h 5 min", "40 min", "< 1 min": short, for tables."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts: Iterable[str]
    if days:
        parts = [str(_("%(n)d d") % {"n": days}), str(_("%(n)d h") % {"n": hours}) if hours else ""]
    elif hours:
        parts = [str(_("%(n)d h") % {"n": hours}), str(_("%(n)d min") % {"n": mins}) if mins else ""]
    elif mins:
        parts = [str(_("%(n)d min") % {"n": mins})]
    else:
        parts = [str(_("< 1 min"))]
    return " ".join(p for p in parts if p)
