"""Reads for therapy appointments, scoped to the actor: a therapist sees their own slots, plans and
sessions; the scheduling desk and social workers see all (social workers the schedule only). Notes are
read only through omur.cases.selectors.case_notes_visible_to, which decides and logs each read."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from omur.accounts.models import User
from omur.accounts.roles import Role
from omur.bookings.models import PlanStatus, SessionStatus, TherapyPlan, TherapySession, TherapySlot
from omur.bookings.permissions import THERAPY_DESK_ROLES, THERAPY_SCHEDULE_VIEW_ROLES
from omur.bookings.services.therapy import AGE_OUT_MONTHS, age_out_day, weekly_target
from omur.core.access import user_roles
from omur.core.phones import format_phone

LIVE = ~Q(status=SessionStatus.CANCELLED)


def is_desk(actor: Any) -> bool:
    return bool(user_roles(actor) & THERAPY_DESK_ROLES)


def is_therapist(actor: Any) -> bool:
    return Role.THERAPIST in user_roles(actor)


def sees_all(actor: Any) -> bool:
    roles = user_roles(actor)
    return bool(roles & (THERAPY_SCHEDULE_VIEW_ROLES - {Role.THERAPIST}))


def may_manage(actor: Any, therapist_id: int) -> bool:
    return is_desk(actor) or (is_therapist(actor) and actor.pk == therapist_id)


def therapists() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.THERAPIST).order_by("first_name", "last_name")


def slots_for(*, actor: Any, therapist: Any) -> QuerySet[TherapySlot]:
    if not may_manage(actor, therapist.pk) and not sees_all(actor):
        return TherapySlot.objects.none()
    return (
        TherapySlot.objects.filter(therapist=therapist, is_active=True)
        .select_related("room")
        .annotate(
            live_plans=Count("plans", filter=Q(plans__status=PlanStatus.ACTIVE), distinct=True),
        )
        .order_by("weekday", "starts_at")
    )


def plan_scope(actor: Any) -> QuerySet[TherapyPlan]:
    qs = TherapyPlan.objects.all()
    if sees_all(actor):
        return qs
    if is_therapist(actor):
        return qs.filter(therapist=actor)
    return qs.none()


def plan_list(
    *, actor: Any, therapist: Any = None, status: str = "", q: str = "", ageing_out: bool = False
) -> QuerySet[TherapyPlan]:
    from omur.core.text import fold_turkish

    qs = (
        plan_scope(actor)
        .select_related("child", "therapist", "service", "slot", "slot__room")
        .annotate(
            done=Count("sessions", filter=Q(sessions__status__in=[SessionStatus.ATTENDED, SessionStatus.NO_SHOW])),
            upcoming=Count("sessions", filter=Q(sessions__status=SessionStatus.SCHEDULED)),
            cancelled=Count("sessions", filter=Q(sessions__status=SessionStatus.CANCELLED)),
        )
        .order_by("child__family_name", "child__given_name", "-starts_on")
    )
    if therapist is not None:
        qs = qs.filter(therapist=therapist)
    if status:
        qs = qs.filter(status=status)
    if q:
        for word in fold_turkish(q).split():
            qs = qs.filter(child__name_folded__contains=word)
    if ageing_out:
        today = timezone.localdate()
        qs = qs.filter(
            status=PlanStatus.ACTIVE,
            child__birth_date__lte=today
            + dt.timedelta(days=AGE_OUT_WARNING_DAYS)
            - relativedelta(months=AGE_OUT_MONTHS),
        )
    return qs


AGE_OUT_WARNING_DAYS = 60


def plan_get(*, actor: Any, pk: int) -> TherapyPlan:
    return (
        plan_scope(actor)
        .select_related("child", "guardian", "therapist", "service", "slot", "slot__room", "enrolment__case_manager")
        .get(pk=pk)
    )


def session_get(*, actor: Any, pk: int) -> TherapySession:
    return (
        TherapySession.objects.filter(plan__in=plan_scope(actor))
        .select_related("plan__child", "plan__service", "plan__therapist", "plan__enrolment", "room", "marked_by")
        .get(pk=pk)
    )


@dataclass
class Guardian:
    name: str
    relation: str
    phone: str
    person_id: int | None = None


def guardians_of(child: Any) -> list[Guardian]:
    """The family around the child: the adults of the child's household (parents, grandparents) and
    the emergency contacts recorded on the child."""
    from omur.registry.models import EmergencyContact, HouseholdMember

    found: list[Guardian] = []
    seen: set[int] = set()
    membership = HouseholdMember.objects.filter(person=child).select_related("household").first()
    if membership is not None:
        adult_born_by = timezone.localdate() - relativedelta(years=18)
        members = (
            HouseholdMember.objects.filter(household=membership.household, person__birth_date__lte=adult_born_by)
            .exclude(person=child)
            .select_related("person")
            .order_by("relation", "person__given_name")
        )
        for m in members:
            seen.add(m.person_id)
            found.append(
                Guardian(m.person.full_name, m.get_relation_display(), format_phone(m.person.phone), m.person_id)
            )
    for c in EmergencyContact.objects.filter(person=child).select_related("contact_person"):
        if c.contact_person_id in seen:
            continue
        cp = c.contact_person
        found.append(
            Guardian(
                cp.full_name if cp else c.name,
                c.relation,
                format_phone((cp.phone if cp else "") or c.phone),
                cp.pk if cp else None,
            )
        )
    return found


def guardian_choices(child: Any) -> list[Any]:
    """Registered people who may be the family's contact for a plan."""
    from omur.registry.models import Person

    ids = [g.person_id for g in guardians_of(child) if g.person_id]
    return list(Person.objects.filter(pk__in=ids).order_by("given_name"))


def children_search(*, actor: Any, q: str, limit: int = 15) -> list[Any]:
    """Children under 72 months matching a name or TC Kimlik No (the registry's search rules)."""
    from omur.registry.models import Person
    from omur.registry.selectors import person_search

    if len((q or "").strip()) < 2:
        return []
    result = person_search(actor=actor, q=q, limit=200)
    born_after = timezone.localdate() - relativedelta(months=AGE_OUT_MONTHS)
    return list(
        Person.objects.filter(pk__in=result.ids[:200], birth_date__gt=born_after, date_of_death__isnull=True).order_by(
            "given_name", "family_name"
        )[:limit]
    )


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class TherapistWeek:
    therapist: Any
    children: int
    target: int
    sessions_by_day: dict[dt.date, list[TherapySession]] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.children / self.target)) if self.target else 0

    @property
    def bar_class(self) -> str:
        return f"w-{min(100, round(self.percent / 10) * 10)}"

    @property
    def level(self) -> str:
        if self.children > self.target:
            return "over"
        if self.children >= self.target * 0.8:
            return "near"
        return "under"


def week_view(*, actor: Any, monday: dt.date, therapist: Any = None) -> list[TherapistWeek]:
    """Each therapist's sessions of the week (Monday..Saturday) and their load: distinct children with
    a live session that week, against the weekly target. Two queries whatever the number of rows."""
    end = monday + dt.timedelta(days=6)
    people = therapists()
    if not sees_all(actor):
        people = people.filter(pk=actor.pk) if is_therapist(actor) else people.none()
    if therapist is not None:
        people = people.filter(pk=therapist.pk)
    people_list = list(people)
    sessions = (
        TherapySession.objects.filter(therapist__in=people_list, day__gte=monday, day__lte=end)
        .select_related("plan__child", "plan__service", "room")
        .order_by("day", "starts_at")
    )
    by_therapist: dict[int, TherapistWeek] = {
        t.pk: TherapistWeek(t, 0, weekly_target(), {monday + dt.timedelta(days=i): [] for i in range(6)})
        for t in people_list
    }
    children: dict[int, set[int]] = {t.pk: set() for t in people_list}
    for s in sessions:
        week = by_therapist[s.therapist_id]
        week.sessions_by_day.setdefault(s.day, []).append(s)
        if s.status != SessionStatus.CANCELLED:
            children[s.therapist_id].add(s.plan.child_id)
    for tid, kids in children.items():
        by_therapist[tid].children = len(kids)
    return list(by_therapist.values())


def therapist_load(*, therapist: Any, monday: dt.date) -> int:
    return (
        TherapySession.objects.filter(therapist=therapist, day__gte=monday, day__lte=monday + dt.timedelta(days=6))
        .filter(LIVE)
        .values("plan__child")
        .distinct()
        .count()
    )


def age_outs_ahead(*, actor: Any, days: int = AGE_OUT_WARNING_DAYS) -> list[tuple[TherapyPlan, dt.date]]:
    plans = plan_list(actor=actor, ageing_out=True)
    today = timezone.localdate()
    rows = []
    for plan in plans:
        limit = age_out_day(plan.child)
        if limit is not None and limit <= today + dt.timedelta(days=days):
            rows.append((plan, limit))
    return sorted(rows, key=lambda r: r[1])


def session_notes(*, actor: Any, sessions: list[TherapySession], purpose: str) -> dict[int, Any]:
    """{session id: its clinical note} for the notes the actor may read, each read logged.

    Who may read is decided by omur.cases (the same filter case_notes_visible_to applies: clinical
    notes for therapists and the author only); here it is applied to just these sessions' notes, so
    the trail records the notes that were shown and no others."""
    from omur.cases.selectors.notes import case_notes_by_ids_visible_to

    wanted = {s.note_id: s.pk for s in sessions if s.note_id}
    found: dict[int, Any] = {}
    for note in case_notes_by_ids_visible_to(actor, wanted, purpose=purpose):
        found[wanted[note.pk]] = note
    return found


def may_read_clinical(actor: Any) -> bool:
    from omur.cases.permissions import CLINICAL_NOTE_ROLES

    return bool(user_roles(actor) & CLINICAL_NOTE_ROLES)


def children_served(start: dt.date, end: dt.date) -> int:
    """Distinct children who attended at least one therapy session in [start, end]."""
    return (
        TherapySession.objects.filter(day__gte=start, day__lte=end, status=SessionStatus.ATTENDED)
        .values("plan__child")
        .distinct()
        .count()
    )
