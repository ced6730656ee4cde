"""Writes for check-in calls: programmes and their members and questions, the daily lists, the claim
an operator takes on a call, the outcome of each attempt with the retry policy and the escalation,
and the needs raised in a call. Every function takes `now=`/`day=` so tests freeze time by passing it.

The claim is the concurrency rule of this app: many operators press "next call" on the same list at
the same moment, and each must get a different person. It is one conditional UPDATE
(`... WHERE pk = x AND (claimed_by IS NULL OR claim_expires_at < now)`): the database checks and
takes in one statement, so it holds on SQLite (writes are serialised) and PostgreSQL (the second
UPDATE re-reads the row after the first commits and no longer matches) alike."""

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.calls.models import (
    CONTACT_OUTCOMES,
    NEED_ROUTES,
    OPEN_CALL_STATUSES,
    PERSON_OUTCOMES,
    Call,
    CallAttempt,
    CallList,
    CallNeed,
    CallProgramme,
    CallStatus,
    NeedKind,
    NeedStatus,
    Outcome,
    ProgrammeMember,
    Question,
    QuestionKind,
    Step,
)
from omur.calls.permissions import OPERATOR_ROLES, SUPERVISOR_ROLES
from omur.cases.models import EnrolmentStatus, TaskPriority
from omur.cases.services import office_text, task_raise, tasks_close_related
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.registry.models import EmergencyContact, Person

# An operator holds a call for this long without a sign of life; the call screen renews the claim
# every minute while it is open, so only a closed tab or a crashed phone lets a claim lapse.
CLAIM_MINUTES = 5


class NotAllowed(ApplicationError):
    message = _("Your role cannot do this.")


class CallTaken(ApplicationError):
    message = _("Another operator has this call now. Press “Next call” to get another one.")


class CallNotOpen(ApplicationError):
    message = _("This call is already finished (“%(status)s”).")


class OutcomeInvalid(ApplicationError):
    message = _("Choose one of the outcome buttons for this step.")


class AnswerRequired(ApplicationError):
    message = _("Answer the question “%(question)s”: it is required when the person is reached.")


class AnswerInvalid(ApplicationError):
    message = _("The answer to “%(question)s” is not valid.")


class NeedRequired(ApplicationError):
    message = _("Say what the person needs: choose the kind of help and describe it.")


class ContactRequired(ApplicationError):
    message = _("Choose which emergency contact you called.")


class ProgrammeInvalid(ApplicationError):
    message = _("%(problem)s")


class AlreadyMember(ApplicationError):
    message = _("This person is already in the programme.")


class NeedNotAwaitingReferral(ApplicationError):
    message = _("This need is not waiting for a referral any more.")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require(actor: Any, allowed: frozenset[str]) -> None:
    if not user_roles(actor) & allowed:
        raise NotAllowed()


# --- programmes ------------------------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "name",
    "active",
    "service",
    "frequency",
    "weekdays",
    "skip_holidays",
    "window_start",
    "window_end",
    "retry_minutes",
    "max_attempts",
    "task_when_not_reached",
)


def _check_programme(values: dict[str, Any]) -> None:
    if values.get("frequency") == "weekly" and not values.get("weekdays"):
        raise ProgrammeInvalid(problem=_("A weekly programme needs at least one weekday."))
    if values.get("window_start") and values.get("window_end") and values["window_end"] <= values["window_start"]:
        raise ProgrammeInvalid(problem=_("The call window must end after it starts."))
    service = values.get("service")
    if service is not None and service.mechanism != "checkin_call":
        raise ProgrammeInvalid(problem=_("Choose a check-in call service from the catalogue."))


@transaction.atomic
def programme_save(*, actor: Any, programme: CallProgramme | None = None, **values: Any) -> CallProgramme:
    _require(actor, SUPERVISOR_ROLES)
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields {sorted(unknown)}")
    if values.get("frequency") == "daily":
        values["weekdays"] = []
    if "weekdays" in values:
        values["weekdays"] = sorted({int(d) for d in values["weekdays"] or []})
    current = {f: getattr(programme, f) for f in PROGRAMME_FIELDS} if programme else {}
    _check_programme({**current, **values})
    if programme is None:
        programme = CallProgramme(created_by=actor, **values)
        action = "call_programme.create"
    else:
        for name, value in values.items():
            setattr(programme, name, value)
        action = "call_programme.update"
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as exc:
        raise ProgrammeInvalid(problem=_("Another programme already has this name.")) from exc
    changes = {k: (v.pk if hasattr(v, "pk") else str(v) if isinstance(v, dt.time) else v) for k, v in values.items()}
    audit_record(actor=actor, action=action, obj=programme, changes=changes)
    return programme


@transaction.atomic
def questions_save(*, actor: Any, programme: CallProgramme, rows: list[dict[str, Any]]) -> list[Question]:
    """Replace the programme's question list with `rows` (in order). Rows with an `id` update that
    question; questions not in `rows` stop being asked (kept, because past answers refer to them)."""
    _require(actor, SUPERVISOR_ROLES)
    kept: list[Question] = []
    existing = {q.pk: q for q in programme.questions.all()}
    for position, row in enumerate(rows, start=1):
        text = (row.get("text") or "").strip()
        if not text:
            continue
        kind = row.get("kind") or QuestionKind.YES_NO
        if kind not in QuestionKind.values:
            raise ProgrammeInvalid(problem=_("Unknown answer type."))
        flag = (row.get("flag_answer") or "").strip().replace("I", "ı").lower()
        # Supervisors type the answer in their own language; stored as the form's values.
        flag = {"evet": "yes", "e": "yes", "hayır": "no", "hayir": "no", "h": "no"}.get(flag, flag)
        if flag and kind == QuestionKind.YES_NO and flag not in ("yes", "no"):
            raise ProgrammeInvalid(problem=_("For a yes/no question the answer that needs attention is “yes” or “no”."))
        if flag and kind == QuestionKind.SCALE and flag not in ("1", "2", "3", "4", "5"):
            raise ProgrammeInvalid(problem=_("For a scale question the answer that needs attention is a score 1–5."))
        if kind == QuestionKind.TEXT:
            flag = ""
        question = existing.pop(row["id"], None) if row.get("id") else None
        question = question or Question(programme=programme)
        question.order, question.text, question.kind = position * 10, text[:200], kind
        question.required, question.flag_answer, question.active = bool(row.get("required")), flag, True
        question.save()
        kept.append(question)
    if existing:
        Question.objects.filter(pk__in=list(existing)).update(active=False)
    audit_record(
        actor=actor,
        action="call_programme.questions",
        obj=programme,
        changes={"questions": [q.pk for q in kept], "retired": sorted(existing)},
    )
    return kept


@transaction.atomic
def member_add(*, actor: Any, programme: CallProgramme, person: Person) -> ProgrammeMember:
    _require(actor, SUPERVISOR_ROLES)
    if person.date_of_death is not None:
        raise ProgrammeInvalid(problem=_("This person is recorded as deceased."))
    try:
        with transaction.atomic():
            member = ProgrammeMember.objects.create(programme=programme, person=person, added_by=actor)
    except IntegrityError as exc:
        raise AlreadyMember() from exc
    audit_record(actor=actor, action="call_member.add", obj=member, changes={"person": person.pk})
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: ProgrammeMember, now: dt.datetime | None = None) -> None:
    _require(actor, SUPERVISOR_ROLES)
    now = _now(now)
    if ProgrammeMember.objects.filter(pk=member.pk, removed_at__isnull=True).update(removed_at=now, removed_by=actor):
        audit_record(actor=actor, action="call_member.remove", obj=member, changes={"person": member.person_id})


# --- daily lists -----------------------------------------------------------------------------------


def programme_people(programme: CallProgramme, day: dt.date) -> QuerySet[Person]:
    """Who the programme calls on `day`: the rule (active enrolment in the service, started by then)
    or the explicit members; living people with a phone number only."""
    rule = Q(call_memberships__programme=programme, call_memberships__removed_at__isnull=True)
    if programme.service_id:
        rule |= Q(
            enrolments__service_id=programme.service_id,
            enrolments__status=EnrolmentStatus.ACTIVE,
        ) & (Q(enrolments__start_date__isnull=True) | Q(enrolments__start_date__lte=day))
    return Person.objects.filter(rule, date_of_death__isnull=True).exclude(phone="").distinct()


def _local(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


@transaction.atomic
def call_list_generate(
    *, actor: Any = None, programme: CallProgramme, day: dt.date | None = None
) -> tuple[CallList | None, int]:
    """The programme's list for `day` (today): created once, then only topped up with people who
    joined since (a late enrolment), never duplicated. Returns (list, calls added); (None, 0) on a
    day the programme does not call (weekday, holiday, inactive). A person already on another
    programme's list that day is not called twice."""
    if actor is not None:
        _require(actor, SUPERVISOR_ROLES)
    day = day or timezone.localdate()
    if not programme.calls_on(day):
        return None, 0
    call_list, created = CallList.objects.get_or_create(
        programme=programme, day=day, defaults={"generated_by": actor if getattr(actor, "pk", None) else None}
    )
    already = Call.objects.filter(day=day).values("person_id")
    people = programme_people(programme, day).exclude(pk__in=already).order_by("pk").values_list("pk", flat=True)
    due = _local(day, programme.window_start)
    rows = [
        Call(call_list=call_list, programme=programme, day=day, person_id=pk, due_at=due, status=CallStatus.PENDING)
        for pk in people
    ]
    # ignore_conflicts: a second generator running at the same moment (the scheduler and a supervisor's
    # button) inserts nothing twice; the unique (list, person) constraint decides.
    before = Call.objects.filter(call_list=call_list).count()
    Call.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    added = Call.objects.filter(call_list=call_list).count() - before
    if created or added:
        audit_record(
            actor=actor,
            action="call_list.generate",
            obj=call_list,
            changes={"day": str(day), "added": added, "created": created},
        )
    return call_list, added


def call_lists_generate_all(*, actor: Any = None, day: dt.date | None = None) -> dict[str, int]:
    """Every active programme's list for the day (the daily job)."""
    day = day or timezone.localdate()
    added: dict[str, int] = {}
    for programme in CallProgramme.objects.filter(active=True).order_by("pk"):
        call_list, count = call_list_generate(actor=actor, programme=programme, day=day)
        if call_list is not None:
            added[programme.name] = count
    return added


# --- claiming --------------------------------------------------------------------------------------


def _claimable(now: dt.datetime) -> Q:
    return Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=now)


def _queue(day: dt.date, now: dt.datetime) -> QuerySet[Call]:
    """Due calls in the order operators should make them: emergency-contact steps first (someone has
    not answered all day), then retries whose time has come, then first calls, earliest due first."""
    return (
        Call.objects.filter(
            day=day, status__in=OPEN_CALL_STATUSES, due_at__lte=now, programme__active=True, person__date_of_death=None
        )
        .filter(_claimable(now))
        .annotate(
            rank=Case(
                When(status=CallStatus.CONTACT, then=Value(0)),
                When(status=CallStatus.RETRY, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "due_at", "pk")
    )


def call_held_by(*, actor: Any, now: dt.datetime | None = None) -> Call | None:
    now = _now(now)
    return (
        Call.objects.filter(claimed_by=actor, claim_expires_at__gt=now, status__in=OPEN_CALL_STATUSES)
        .order_by("claimed_at")
        .first()
    )


def call_claim_next(*, actor: Any, now: dt.datetime | None = None, day: dt.date | None = None) -> Call | None:
    """Give the operator the next due call, claimed for them alone; None when nothing is due.
    An operator who already holds a call gets that one back (one call at a time)."""
    _require(actor, OPERATOR_ROLES)
    now = _now(now)
    day = day or timezone.localdate(now)
    held = call_held_by(actor=actor, now=now)
    if held is not None:
        return held
    tried: set[int] = set()
    while True:
        candidates = list(_queue(day, now).exclude(pk__in=tried).values_list("pk", flat=True)[:10])
        if not candidates:
            return None
        for pk in candidates:
            tried.add(pk)
            with transaction.atomic():
                taken = (
                    Call.objects.filter(pk=pk, status__in=OPEN_CALL_STATUSES)
                    .filter(_claimable(now))
                    .update(
                        claimed_by=actor, claimed_at=now, claim_expires_at=now + dt.timedelta(minutes=CLAIM_MINUTES)
                    )
                )
                if taken:
                    call = Call.objects.select_related("person", "programme").get(pk=pk)
                    audit_record(actor=actor, action="call.claim", obj=call, changes={"status": call.status})
                    return call
            # Lost the race for this one: another operator took it between our read and our update.


@transaction.atomic
def call_claim(*, actor: Any, call: Call, now: dt.datetime | None = None) -> Call:
    """Claim (or renew the claim on) a particular call: the call screen's heartbeat, and reopening a
    call from one's own list. Refused when another operator holds it."""
    _require(actor, OPERATOR_ROLES)
    now = _now(now)
    if call.status not in OPEN_CALL_STATUSES:
        raise CallNotOpen(status=call.get_status_display())
    taken = (
        Call.objects.filter(pk=call.pk, status__in=OPEN_CALL_STATUSES)
        .filter(_claimable(now) | Q(claimed_by=actor))
        .update(claimed_by=actor, claimed_at=now, claim_expires_at=now + dt.timedelta(minutes=CLAIM_MINUTES))
    )
    if not taken:
        raise CallTaken()
    call.claimed_by, call.claimed_at = actor, now
    call.claim_expires_at = now + dt.timedelta(minutes=CLAIM_MINUTES)
    return call


@transaction.atomic
def call_release(*, actor: Any, call: Call) -> None:
    """Put a call back on the list untouched (the operator could not make it now)."""
    if Call.objects.filter(pk=call.pk, claimed_by=actor).update(
        claimed_by=None, claimed_at=None, claim_expires_at=None
    ):
        audit_record(actor=actor, action="call.release", obj=call)


# --- outcomes --------------------------------------------------------------------------------------


def _clean_answers(call: Call, answers: dict[str, Any], *, reached: bool) -> tuple[dict[str, Any], bool]:
    """Answers keyed by question id (as strings), validated by type; whether any needs attention."""
    clean: dict[str, Any] = {}
    flagged = False
    for question in call.programme.questions.filter(active=True):
        raw = answers.get(str(question.pk))
        value: Any = raw.strip() if isinstance(raw, str) else raw
        if value in (None, ""):
            if reached and question.required:
                raise AnswerRequired(question=question.text)
            continue
        if question.kind == QuestionKind.YES_NO and value not in ("yes", "no"):
            raise AnswerInvalid(question=question.text)
        if question.kind == QuestionKind.SCALE:
            if str(value) not in ("1", "2", "3", "4", "5"):
                raise AnswerInvalid(question=question.text)
            value = int(value)
        if question.kind == QuestionKind.TEXT:
            value = str(value)[:1000]
        clean[str(question.pk)] = value
        flagged = flagged or question.is_flagged(value)
    return clean, flagged


def _close(call: Call, *, actor: Any, status: str, outcome: str, now: dt.datetime) -> None:
    call.status, call.outcome, call.closed_at, call.closed_by = status, outcome, now, actor
    call.claimed_by = call.claimed_at = call.claim_expires_at = None
    call.save(
        update_fields=["status", "outcome", "closed_at", "closed_by", "claimed_by", "claimed_at", "claim_expires_at"]
    )


def _reopen_for(call: Call, *, status: str, due: dt.datetime) -> None:
    call.status, call.due_at = status, due
    call.claimed_by = call.claimed_at = call.claim_expires_at = None
    call.save(update_fields=["status", "due_at", "attempts", "claimed_by", "claimed_at", "claim_expires_at"])


def _task(
    *, actor: Any, call: Call, source: str, title: Any, detail: str = "", priority: int = TaskPriority.HIGH, key: str
) -> Any:
    person = call.person
    task = task_raise(
        actor=actor,
        source=source,
        title=office_text(title, name=person.full_name),
        detail=detail,
        person=person,
        related=call,
        due=call.day,
        priority=priority,
        dedupe_key=f"{key}:{call.pk}",
    )
    if call.task_id is None:
        call.task = task
        call.save(update_fields=["task"])
    return task


def _contacts(person: Person) -> list[EmergencyContact]:
    return list(person.emergency_contacts.select_related("contact_person").order_by("pk"))


def _escalate(*, actor: Any, call: Call, reason: str, now: dt.datetime, on: dt.date | None = None) -> None:
    """Nobody could confirm the person is well: an urgent home visit today and a task for the case
    manager, both in this transaction (if either fails, the call stays open and is retried)."""
    from omur.homecare.services import visit_request_urgent

    visit = visit_request_urgent(
        actor=actor, person=call.person, reason=reason, source="checkin_call", on=on or call.day
    )
    call.status, call.escalated_at, call.closed_at, call.closed_by = CallStatus.ESCALATED, now, now, actor
    call.claimed_by = call.claimed_at = call.claim_expires_at = None
    if visit is not None and getattr(visit, "pk", None):
        call.visit_type = ContentType.objects.get_for_model(visit)
        call.visit_id = visit.pk
    call.save(
        update_fields=[
            "status",
            "escalated_at",
            "closed_at",
            "closed_by",
            "claimed_by",
            "claimed_at",
            "claim_expires_at",
            "visit_type",
            "visit_id",
        ]
    )
    _task(
        actor=actor,
        call=call,
        source="unanswered_call",
        title=_("%(name)s could not be reached today: urgent home visit requested"),
        detail=reason,
        priority=TaskPriority.URGENT,
        key="unanswered-call",
    )
    audit_record(
        actor=actor,
        action="call.escalate",
        obj=call,
        changes={"attempts": call.attempts, "visit": call.visit_id, "task": call.task_id},
    )


def _escalation_reason(call: Call, contact_note: str = "") -> str:
    text = office_text(
        _("Check-in call: %(attempts)s unanswered calls today; the emergency contact could not confirm."),
        attempts=call.attempts,
    )
    return f"{text} {contact_note}".strip()


def _after_no_answer(*, actor: Any, call: Call, now: dt.datetime) -> None:
    call.attempts += 1
    if call.attempts < call.programme.max_attempts:
        _reopen_for(call, status=CallStatus.RETRY, due=now + dt.timedelta(minutes=call.programme.retry_minutes))
    elif _contacts(call.person):
        _reopen_for(call, status=CallStatus.CONTACT, due=now)
    else:
        call.save(update_fields=["attempts"])
        _escalate(
            actor=actor,
            call=call,
            reason=office_text(
                _("Check-in call: %(attempts)s unanswered calls today and no emergency contact on file."),
                attempts=call.attempts,
            ),
            now=now,
        )


@transaction.atomic
def call_record(
    *,
    actor: Any,
    call: Call,
    outcome: str,
    answers: dict[str, Any] | None = None,
    note: str = "",
    contact: EmergencyContact | None = None,
    need_kind: str = "",
    need_description: str = "",
    need_urgent: bool = False,
    now: dt.datetime | None = None,
) -> CallAttempt:
    """Record what came of one dial and move the call on (the retry policy and escalation live here)."""
    _require(actor, OPERATOR_ROLES)
    now = _now(now)
    # Hold the call (or keep holding it): a lapsed claim nobody else took is still ours to finish.
    call_claim(actor=actor, call=call, now=now)
    call = Call.objects.select_related("person", "programme").get(pk=call.pk)
    step = call.step
    allowed = CONTACT_OUTCOMES if step == Step.CONTACT else PERSON_OUTCOMES
    if outcome not in allowed:
        raise OutcomeInvalid()
    note = (note or "").strip()
    if step == Step.CONTACT:
        if contact is None or contact.person_id != call.person_id:
            raise ContactRequired()
        clean: dict[str, Any] = {}
        flagged = False
    else:
        contact = None
        clean, flagged = _clean_answers(call, answers or {}, reached=outcome in (Outcome.WELL, Outcome.NEEDS_HELP))
    if outcome == Outcome.NEEDS_HELP and not (need_kind and need_description.strip()):
        raise NeedRequired()
    # answers: an encrypted JSON value (the stubs see a text field)
    attempt = CallAttempt.objects.create(  # type: ignore[misc]
        call=call,
        step=step,
        operator=actor,
        at=now,
        outcome=outcome,
        contact=contact,
        answers=clean,
        flagged=flagged,
        note=note,
    )
    audit_record(
        actor=actor,
        action="call.attempt",
        obj=call,
        changes={
            "attempt": attempt.pk,
            "step": step,
            "outcome": outcome,
            "contact": contact.pk if contact else None,
            "answers": len(clean),
            "flagged": flagged,
            "note_chars": len(note),
        },
    )
    person = call.person
    if outcome == Outcome.WELL:
        _close(call, actor=actor, status=CallStatus.DONE, outcome=outcome, now=now)
        if flagged:
            _task(
                actor=actor,
                call=call,
                source="checkin_call",
                title=_("Check-in call with %(name)s: an answer needs attention"),
                detail=note,
                priority=TaskPriority.NORMAL,
                key="checkin-flag",
            )
    elif outcome == Outcome.NEEDS_HELP:
        _close(call, actor=actor, status=CallStatus.DONE, outcome=outcome, now=now)
        need_raise(actor=actor, call=call, kind=need_kind, description=need_description, urgent=need_urgent, now=now)
    elif outcome == Outcome.NO_ANSWER:
        _after_no_answer(actor=actor, call=call, now=now)
    elif outcome == Outcome.WRONG_NUMBER:
        _task(
            actor=actor,
            call=call,
            source="checkin_wrong_number",
            title=_("Wrong phone number for %(name)s: correct the contact details"),
            detail=note,
            key="wrong-number",
        )
        # We still do not know the person is well: their emergency contact is called next.
        if _contacts(person):
            _reopen_for(call, status=CallStatus.CONTACT, due=now)
        else:
            _close(call, actor=actor, status=CallStatus.DONE, outcome=outcome, now=now)
    elif outcome == Outcome.HOSPITALISED:
        _close(call, actor=actor, status=CallStatus.DONE, outcome=outcome, now=now)
        _task(
            actor=actor,
            call=call,
            source="checkin_hospitalised",
            title=_("%(name)s is in hospital (check-in call): review the care plan and calls"),
            detail=note,
            key="hospitalised",
        )
    elif outcome == Outcome.DECEASED:
        # The registry is not changed here: the case manager confirms the death and records it, and
        # the cases daily rules close the enrolments from there.
        _close(call, actor=actor, status=CallStatus.DONE, outcome=outcome, now=now)
        _task(
            actor=actor,
            call=call,
            source="checkin_deceased",
            title=_("Reported deceased in a check-in call: confirm and record the death of %(name)s"),
            detail=note,
            priority=TaskPriority.URGENT,
            key="deceased",
        )
    elif outcome == Outcome.CONTACT_WELL:
        _close(call, actor=actor, status=CallStatus.DONE, outcome=outcome, now=now)
    elif outcome == Outcome.CONTACT_NOT_REACHED:
        tried = set(
            call.call_attempts.filter(step=Step.CONTACT, contact__isnull=False).values_list("contact_id", flat=True)
        )
        if any(c.pk not in tried for c in _contacts(person)):
            _reopen_for(call, status=CallStatus.CONTACT, due=now)  # another contact to try
        else:
            _escalate(actor=actor, call=call, reason=_escalation_reason(call, note), now=now)
    elif outcome == Outcome.CONTACT_UNSURE:
        _escalate(actor=actor, call=call, reason=_escalation_reason(call, note), now=now)
    return attempt


# --- the end-of-window sweep -----------------------------------------------------------------------


def _window_closed(call: Call, now: dt.datetime) -> bool:
    return call.day < timezone.localdate(now) or _local(call.day, call.programme.window_end) <= now


def calls_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """At the end of a programme's call window no call stays open (the evening job; `now=` in tests).

    - A call where the person did not answer at least once (a retry or emergency-contact step was
      still waiting) is escalated the same way as at the end of the retry policy: an urgent home
      visit and an urgent task for the case manager, both deduplicated (one visit per person and
      day, one task per call).
    - A call nobody got round to making (no unanswered attempt: still to call, or a wrong number
      whose emergency-contact step was not reached) is closed as "not reached today", with a task
      for the case manager only when the programme says so (`task_when_not_reached`).

    Open calls of earlier days are swept too (a missed evening run is caught up the next day).
    Each call is handled in its own transaction and re-checked under a row lock, so an operator
    finishing the call at the same moment wins or loses cleanly, never both."""
    now = _now(now)
    counts = {"escalated": 0, "missed": 0, "tasks": 0}
    candidates = (
        Call.objects.filter(status__in=OPEN_CALL_STATUSES, day__lte=timezone.localdate(now))
        .select_related("programme")
        .order_by("day", "pk")
    )
    for call in candidates:
        if not _window_closed(call, now):
            continue
        with transaction.atomic():
            locked = (
                Call.objects.select_for_update()
                .select_related("person", "programme")
                .filter(pk=call.pk, status__in=OPEN_CALL_STATUSES)
                .first()
            )
            if locked is None:
                continue
            result, tasked = _sweep_one(locked, now=now)
        counts[result] += 1
        counts["tasks"] += int(tasked)
    if counts["escalated"] or counts["missed"]:
        audit_record(
            actor=None,
            action="call.sweep",
            object_type="calls.call",
            object_repr=f"{timezone.localtime(now):%Y-%m-%d %H:%M}",
            changes=counts,
        )
    return counts


def _sweep_one(call: Call, *, now: dt.datetime) -> tuple[str, bool]:
    """Close one open call; returns ("escalated" | "missed", whether a "not reached" task was raised)."""
    window_end = f"{call.programme.window_end:%H:%M}"
    call.swept_at = now
    call.save(update_fields=["swept_at"])
    if call.attempts >= 1:
        reason = office_text(
            _(
                "Check-in call: %(attempts)s unanswered calls today and the call window closed at %(time)s "
                "without anyone confirming the person is well."
            ),
            attempts=call.attempts,
            time=window_end,
        )
        on = call.day if call.day == timezone.localdate(now) else timezone.localdate(now)
        _escalate(actor=None, call=call, reason=reason, now=now, on=on)
        return "escalated", False
    call.status, call.outcome, call.closed_at, call.closed_by = CallStatus.MISSED, Outcome.WINDOW_CLOSED, now, None
    call.claimed_by = call.claimed_at = call.claim_expires_at = None
    call.save(
        update_fields=["status", "outcome", "closed_at", "closed_by", "claimed_by", "claimed_at", "claim_expires_at"]
    )
    tasked = False
    if call.programme.task_when_not_reached:
        tasked = True
        _task(
            actor=None,
            call=call,
            source="unanswered_call",
            title=_("%(name)s was not called today (check-in call window ended): call tomorrow or check"),
            detail=office_text(_("The call window ended at %(time)s before anyone called."), time=window_end),
            priority=TaskPriority.NORMAL,
            key="not-reached",
        )
    audit_record(
        actor=None, action="call.not_reached", obj=call, changes={"window_end": window_end, "task": call.task_id}
    )
    return "missed", tasked


# --- needs -----------------------------------------------------------------------------------------


@transaction.atomic
def need_raise(
    *,
    actor: Any,
    call: Call,
    kind: str,
    description: str,
    urgent: bool = False,
    now: dt.datetime | None = None,
) -> CallNeed:
    """Record a need heard in a call and turn it into what fits: an intake request (everyday help:
    the operator records it at once) or, for health and psychological needs, a referral the case
    manager sends (a task asks them to)."""
    from omur.intake.models import Category, Channel, Urgency
    from omur.intake.services import request_create

    _require(actor, OPERATOR_ROLES)
    now = _now(now)
    description = (description or "").strip()
    if kind not in NEED_ROUTES or not description:
        raise NeedRequired()
    route, target = NEED_ROUTES[kind]
    person = call.person
    need = CallNeed(
        call=call, person=person, kind=kind, description=description, urgent=urgent, raised_by=actor, raised_at=now
    )
    if route == "request":
        category = Category.objects.filter(code=target, active=True).first() or Category.objects.get(code="other")
        need.request = request_create(
            actor=actor,
            channel=Channel.CHECKIN_CALL,
            category=category,
            description=office_text(_("Raised in a check-in call: %(text)s"), text=description),
            urgency=Urgency.HIGH if urgent else Urgency.NORMAL,
            person=person,
            district=person.district,
            neighbourhood=person.neighbourhood,
        )
        need.status = NeedStatus.REQUESTED
        need.handled_by, need.handled_at = actor, now
        need.save()
    else:
        need.status = NeedStatus.AWAITING_REFERRAL
        need.save()
        task_raise(
            actor=actor,
            source="checkin_need",
            title=office_text(
                _("Need raised in a check-in call (%(need)s): refer %(name)s"),
                need=NeedKind(kind).label,
                name=person.full_name,
            ),
            detail=description,
            person=person,
            related=need,
            due=call.day,
            priority=TaskPriority.HIGH if urgent else TaskPriority.NORMAL,
            dedupe_key=f"checkin-need:{need.pk}",
        )
    audit_record(
        actor=actor,
        action="call_need.raise",
        obj=need,
        changes={
            "call": call.pk,
            "kind": kind,
            "route": route,
            "request": need.request_id,
            "urgent": urgent,
            "description_chars": len(description),
        },
    )
    return need


@transaction.atomic
def need_refer(
    *, actor: Any, need: CallNeed, reason: str = "", to_service: Any = None, to_partner: Any = None
) -> CallNeed:
    """The case manager sends the referral a need asked for (to the suggested service by default, or
    to a partner institution) and the need is linked to it."""
    from omur.cases.models import ReferralKind
    from omur.cases.services import referral_send
    from omur.services.models import Service

    _require(actor, SUPERVISOR_ROLES)
    if not CallNeed.objects.filter(pk=need.pk, status=NeedStatus.AWAITING_REFERRAL).exists():
        raise NeedNotAwaitingReferral()
    if to_partner is None and to_service is None:
        to_service = Service.objects.filter(code=NEED_ROUTES[need.kind][1]).first()
    referral = referral_send(
        actor=actor,
        person=need.person,
        kind=ReferralKind.EXTERNAL if to_partner is not None else ReferralKind.INTERNAL,
        reason=(reason or "").strip() or need.description,
        to_service=to_service if to_partner is None else None,
        to_partner=to_partner,
    )
    now = timezone.now()
    if not CallNeed.objects.filter(pk=need.pk, status=NeedStatus.AWAITING_REFERRAL).update(
        status=NeedStatus.REFERRED, referral=referral, handled_by=actor, handled_at=now
    ):
        raise NeedNotAwaitingReferral()
    need.status, need.referral, need.handled_by, need.handled_at = NeedStatus.REFERRED, referral, actor, now
    audit_record(actor=actor, action="call_need.refer", obj=need, changes={"referral": referral.pk})
    tasks_close_related(actor=actor, related=need, sources=("checkin_need",), note=str(_("Referral sent.")))
    return need


@transaction.atomic
def need_dismiss(*, actor: Any, need: CallNeed, reason: str) -> CallNeed:
    _require(actor, SUPERVISOR_ROLES)
    reason = (reason or "").strip()
    if not reason:
        raise ProgrammeInvalid(problem=_("Say why no referral is needed."))
    if not CallNeed.objects.filter(pk=need.pk, status=NeedStatus.AWAITING_REFERRAL).update(
        status=NeedStatus.DISMISSED, handled_by=actor, handled_at=timezone.now()
    ):
        raise NeedNotAwaitingReferral()
    need.status = NeedStatus.DISMISSED
    audit_record(actor=actor, action="call_need.dismiss", obj=need, changes={"reason_chars": len(reason)})
    tasks_close_related(actor=actor, related=need, sources=("checkin_need",), note=reason)
    return need
