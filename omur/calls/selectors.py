"""Reads for check-in calls: the operator's queue, the call screen, the live dashboard, programmes
and needs. The dashboard's figures are one grouped query per table, whatever the list's size."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from omur.calls.models import (
    OPEN_CALL_STATUSES,
    Call,
    CallAttempt,
    CallNeed,
    CallProgramme,
    CallStatus,
    NeedStatus,
    Question,
)
from omur.core.phones import format_phone
from omur.registry.models import EmergencyContact


@dataclass
class ProgrammeFigures:
    programme_id: int
    name: str
    total: int = 0
    done: int = 0
    pending: int = 0
    in_progress: int = 0
    retry_due: int = 0
    retry_later: int = 0
    contact: int = 0
    escalated: int = 0
    # Closed by the end-of-window sweep without a call being made ("not reached today").
    missed: int = 0

    @property
    def percent_done(self) -> int:
        finished = self.done + self.escalated + self.missed
        return round(100 * finished / self.total) if self.total else 0


@dataclass
class OperatorFigures:
    operator_id: int
    name: str
    attempts: int = 0
    reached: int = 0
    no_answer: int = 0
    in_progress: int = 0


@dataclass
class Dashboard:
    day: dt.date
    now: dt.datetime
    programmes: list[ProgrammeFigures] = field(default_factory=list)
    operators: list[OperatorFigures] = field(default_factory=list)
    escalations: list[Call] = field(default_factory=list)
    contact_steps: list[Call] = field(default_factory=list)
    # Calls the end-of-window sweep closed (escalated or "not reached today").
    swept: list[Call] = field(default_factory=list)

    @property
    def totals(self) -> ProgrammeFigures:
        total = ProgrammeFigures(programme_id=0, name="")
        for row in self.programmes:
            for name in (
                "total",
                "done",
                "pending",
                "in_progress",
                "retry_due",
                "retry_later",
                "contact",
                "escalated",
                "missed",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def _live_claim(now: dt.datetime) -> Q:
    return Q(claimed_by__isnull=False, claim_expires_at__gt=now)


def dashboard(*, day: dt.date | None = None, now: dt.datetime | None = None) -> Dashboard:
    """Today's calls: per programme (done, pending, in progress, retry due or later, emergency-contact
    step, escalated), per operator (attempts and results), and the escalations. "In progress" is a
    live claim on an open call, counted apart from the status it will leave."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    calls = Call.objects.filter(day=day)
    open_q = Q(status__in=OPEN_CALL_STATUSES)
    live = _live_claim(now)
    rows = (
        calls.values("programme_id", "programme__name")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=CallStatus.DONE)),
            escalated=Count("id", filter=Q(status=CallStatus.ESCALATED)),
            missed=Count("id", filter=Q(status=CallStatus.MISSED)),
            in_progress=Count("id", filter=open_q & live),
            pending=Count("id", filter=Q(status=CallStatus.PENDING) & ~live),
            retry_due=Count("id", filter=Q(status=CallStatus.RETRY, due_at__lte=now) & ~live),
            retry_later=Count("id", filter=Q(status=CallStatus.RETRY, due_at__gt=now) & ~live),
            contact=Count("id", filter=Q(status=CallStatus.CONTACT) & ~live),
        )
        .order_by("programme__name")
    )
    board = Dashboard(day=day, now=now)
    for row in rows:
        board.programmes.append(
            ProgrammeFigures(
                programme_id=row["programme_id"],
                name=row["programme__name"],
                **{k: row[k] for k in ("total", "done", "pending", "in_progress", "retry_due", "retry_later")},
                contact=row["contact"],
                escalated=row["escalated"],
                missed=row["missed"],
            )
        )
    attempts = (
        CallAttempt.objects.filter(call__day=day)
        .values("operator_id", "operator__first_name", "operator__last_name", "operator__username")
        .annotate(
            attempts=Count("id"),
            reached=Count("id", filter=Q(outcome__in=["well", "needs_help", "hospitalised", "contact_well"])),
            no_answer=Count("id", filter=Q(outcome__in=["no_answer", "contact_not_reached"])),
        )
        .order_by("operator__first_name", "operator__last_name")
    )
    holding = dict(
        calls.filter(open_q & live).values("claimed_by_id").annotate(n=Count("id")).values_list("claimed_by_id", "n")
    )
    for op in attempts:
        name = f"{op['operator__first_name']} {op['operator__last_name']}".strip() or op["operator__username"]
        board.operators.append(
            OperatorFigures(
                operator_id=op["operator_id"],
                name=name,
                attempts=op["attempts"],
                reached=op["reached"],
                no_answer=op["no_answer"],
                in_progress=holding.pop(op["operator_id"], 0),
            )
        )
    if holding:
        from omur.accounts.models import User

        for user in User.objects.filter(pk__in=list(holding)):
            board.operators.append(
                OperatorFigures(
                    operator_id=user.pk,
                    name=user.get_full_name() or user.username,
                    in_progress=holding[user.pk],
                )
            )
    board.escalations = list(
        calls.filter(status=CallStatus.ESCALATED)
        .select_related("person__neighbourhood", "programme", "task__assignee", "closed_by")
        .order_by("-escalated_at")
    )
    board.swept = list(
        calls.filter(swept_at__isnull=False)
        .select_related("person__neighbourhood", "programme", "task__assignee")
        .order_by("status", "person__family_name", "pk")
    )
    board.contact_steps = list(
        calls.filter(status=CallStatus.CONTACT).select_related("person__neighbourhood", "programme").order_by("due_at")
    )
    return board


def operator_summary(*, actor: Any, day: dt.date | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """What the operator's page shows: how many calls are due now and later, and their own day."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    calls = Call.objects.filter(day=day, programme__active=True)
    free = Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=now)
    figures = calls.aggregate(
        due_now=Count("id", filter=Q(status__in=OPEN_CALL_STATUSES, due_at__lte=now) & free),
        contact=Count("id", filter=Q(status=CallStatus.CONTACT) & free),
        later=Count("id", filter=Q(status__in=OPEN_CALL_STATUSES, due_at__gt=now)),
        in_progress=Count("id", filter=Q(status__in=OPEN_CALL_STATUSES) & _live_claim(now)),
        finished=Count("id", filter=Q(status__in=[CallStatus.DONE, CallStatus.ESCALATED])),
        total=Count("id"),
    )
    mine = (
        CallAttempt.objects.filter(operator=actor, call__day=day)
        .select_related("call__person", "call__programme", "contact")
        .order_by("-at")[:30]
    )
    next_due = (
        calls.filter(status__in=OPEN_CALL_STATUSES, due_at__gt=now).order_by("due_at").values_list("due_at", flat=True)
    ).first()
    return {"figures": figures, "mine": list(mine), "next_due": next_due}


@dataclass
class CallScreen:
    call: Call
    age: int | None
    phones: list[tuple[str, str]]  # (tel: href value, display)
    contacts: list[dict[str, Any]]
    questions: list[Question]
    history: list[CallAttempt]
    today_attempts: list[CallAttempt]
    notes: list[Any]
    open_needs: list[CallNeed]


def _tel(stored: str) -> tuple[str, str]:
    return stored, format_phone(stored)


def call_screen(*, call: Call) -> CallScreen:
    """Everything the operator needs on one screen. Case notes are not shown (operators do not read
    case files); the call notes of the last calls are, because the next operator needs them."""
    person = call.person
    phones = [_tel(p) for p in (person.phone, person.phone_alt) if p]
    contacts = []
    for contact in EmergencyContact.objects.filter(person=person).select_related("contact_person").order_by("pk"):
        phone = contact.phone or (contact.contact_person.phone if contact.contact_person else "")
        contacts.append(
            {
                "obj": contact,
                "name": contact.name or (contact.contact_person.full_name if contact.contact_person else ""),
                "relation": contact.relation,
                "phone": _tel(phone) if phone else None,
            }
        )
    history = list(
        CallAttempt.objects.filter(call__person=person)
        .exclude(call=call)
        .select_related("operator", "call__programme", "contact")
        .order_by("-at")[:8]
    )
    today_attempts = list(call.call_attempts.select_related("operator", "contact").order_by("at"))
    return CallScreen(
        call=call,
        age=person.age,
        phones=phones,
        contacts=contacts,
        questions=list(call.programme.questions.filter(active=True).order_by("order", "pk")),
        history=history,
        today_attempts=today_attempts,
        notes=[],
        open_needs=list(
            CallNeed.objects.filter(person=person, status=NeedStatus.AWAITING_REFERRAL).order_by("-raised_at")
        ),
    )


def call_get(*, pk: int) -> Call:
    return Call.objects.select_related(
        "person__neighbourhood", "person__district", "programme", "claimed_by", "closed_by", "task"
    ).get(pk=pk)


def call_history(*, call: Call) -> list[CallAttempt]:
    return list(call.call_attempts.select_related("operator", "contact").order_by("at"))


def programme_list() -> QuerySet[CallProgramme]:
    return (
        CallProgramme.objects.select_related("service")
        .annotate(
            explicit=Count("members", filter=Q(members__removed_at__isnull=True), distinct=True),
            question_count=Count("questions", filter=Q(questions__active=True), distinct=True),
        )
        .order_by("-active", "name")
    )


def programme_get(*, pk: int) -> CallProgramme:
    return (
        CallProgramme.objects.select_related("service")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.filter(active=True).order_by("order", "pk")))
        .get(pk=pk)
    )


def programme_members(*, programme: CallProgramme) -> QuerySet[Any]:
    return programme.members.filter(removed_at__isnull=True).select_related("person__neighbourhood", "added_by")


def need_list(*, status: str = NeedStatus.AWAITING_REFERRAL) -> QuerySet[CallNeed]:
    qs = CallNeed.objects.select_related("person", "call__programme", "raised_by", "request", "referral")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-urgent", "raised_at")


def escalations_count(*, day: dt.date | None = None) -> int:
    return Call.objects.filter(day=day or timezone.localdate(), status=CallStatus.ESCALATED).count()
