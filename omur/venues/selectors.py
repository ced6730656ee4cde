"""Reads for the venues: scoping by the actor lives here (Activity.objects.visible_to), never in views."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from omur.core.access import user_roles
from omur.core.text import fold_turkish
from omur.registry.selectors import turkish_sort_key
from omur.services.models import Location, LocationKind
from omur.venues.models import (
    OPEN_STATUSES,
    Activity,
    Attendance,
    Certificate,
    ClubCheckIn,
    ClubMembership,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    Room,
    Session,
    SessionStatus,
)
from omur.venues.permissions import ATTENDANCE_ROLES, ENROL_ROLES, PRIORITY_REASON_ROLES, VENUE_STAFF

# Places where activities run (kitchens, meal points and offices are other apps' business).
FACILITY_KINDS = (
    LocationKind.SOCIAL_LIFE_CENTRE,
    LocationKind.VOCATIONAL_CENTRE,
    LocationKind.AUTISM_CENTRE,
    LocationKind.SCIENCE_CENTRE,
    LocationKind.PENSIONERS_CLUB,
    LocationKind.CONDOLENCE_HALL,
    LocationKind.NURSERY,
    LocationKind.SPORTS_CENTRE,
)
CLUB_SERVICE_CODE = "emekliler-lokali"


def can_run(actor: Any) -> bool:
    return bool(user_roles(actor) & VENUE_STAFF)


def can_enrol(actor: Any) -> bool:
    return bool(user_roles(actor) & ENROL_ROLES)


def can_take_attendance(actor: Any, activity: Activity) -> bool:
    roles = user_roles(actor)
    if roles & VENUE_STAFF:
        return True
    return bool(roles & ATTENDANCE_ROLES) and activity.leader_id == actor.pk


def can_see_priority_reasons(actor: Any) -> bool:
    return bool(user_roles(actor) & PRIORITY_REASON_ROLES)


# --- facilities -----------------------------------------------------------------------------------


def facility_list(*, kind: str = "") -> QuerySet[Location]:
    today = timezone.localdate()
    qs = Location.objects.filter(kind__in=FACILITY_KINDS)
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("neighbourhood__district")
        .annotate(
            room_count=Count("rooms", filter=Q(rooms__is_active=True), distinct=True),
            activity_count=Count("activities", filter=Q(activities__ends_on__gte=today), distinct=True),
        )
        .order_by("kind", "name_tr")
    )


def facility_get(*, code: str) -> Location:
    return (
        Location.objects.filter(kind__in=FACILITY_KINDS)
        .select_related("neighbourhood__district")
        .prefetch_related("hours", Prefetch("rooms", queryset=Room.objects.order_by("-is_active", "name")))
        .get(code=code)
    )


def facility_activities(*, actor: Any, location: Location) -> QuerySet[Activity]:
    today = timezone.localdate()
    return (
        Activity.objects.visible_to(actor)
        .filter(location=location, ends_on__gte=today)
        .select_related("room", "leader", "term")
        .order_by("starts_at", "name")
    )


# --- activities -------------------------------------------------------------------------------


def activity_list(
    *,
    actor: Any,
    term: Any = None,
    location: Any = None,
    kind: str = "",
    q: str = "",
    current: bool = True,
    track: str = "",
) -> QuerySet[Activity]:
    qs = (
        Activity.objects.visible_to(actor)
        .select_related("location", "room", "leader", "term", "service")
        .annotate(waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)))
    )
    if current:
        qs = qs.filter(ends_on__gte=timezone.localdate())
    if term is not None:
        qs = qs.filter(term=term)
    if location is not None:
        qs = qs.filter(location=location)
    if kind:
        qs = qs.filter(kind=kind)
    if track:
        qs = qs.filter(track=track)
    if q:
        qs = qs.filter(name_folded__contains=fold_turkish(q))
    return qs.order_by("location__name_tr", "name")


def activity_get(*, actor: Any, pk: int) -> Activity:
    return Activity.objects.visible_to(actor).select_related("location", "room", "leader", "term", "service").get(pk=pk)


def activity_people(activity: Activity) -> dict[str, list[Enrolment]]:
    """Enrolled, offered and waiting people, each list in its order (one query)."""
    rows = (
        Enrolment.objects.filter(activity=activity, status__in=[*OPEN_STATUSES, EnrolmentStatus.COMPLETED])
        .select_related("person", "person__neighbourhood")
        .prefetch_related("certificate")
        .order_by("-priority", "applied_at", "pk")
    )
    groups: dict[str, list[Enrolment]] = {"enrolled": [], "offered": [], "waiting": [], "completed": []}
    for row in rows:
        groups[row.status].append(row)
    for key in ("enrolled", "completed"):
        groups[key].sort(key=lambda e: (turkish_sort_key(e.person.family_name), turkish_sort_key(e.person.given_name)))
    return groups


def activity_closed_enrolments(activity: Activity, *, limit: int = 30) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(
            activity=activity,
            status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.DECLINED, EnrolmentStatus.EXPIRED],
        )
        .select_related("person")
        .order_by("-ended_at")[:limit]
    )


def activity_sessions(activity: Activity) -> QuerySet[Session]:
    return (
        Session.objects.filter(activity=activity)
        .annotate(
            present=Count("attendance", filter=Q(attendance__status="present")),
            marked=Count("attendance"),
        )
        .order_by("date", "starts_at")
    )


def sessions_on(*, actor: Any, day: dt.date) -> QuerySet[Session]:
    visible = Activity.objects.visible_to(actor)
    return (
        Session.objects.filter(date=day, activity__in=visible)
        .select_related("activity__location", "room")
        .annotate(marked=Count("attendance"))
        .order_by("starts_at", "activity__name")
    )


def session_get(*, actor: Any, pk: int) -> Session:
    return (
        Session.objects.filter(activity__in=Activity.objects.visible_to(actor))
        .select_related("activity__location", "activity__leader", "room")
        .get(pk=pk)
    )


def session_roster(session: Session) -> list[tuple[Enrolment, str]]:
    """Everyone enrolled (or who completed) with their mark for this session ('' if not yet taken)."""
    marks = Attendance.objects.filter(session=session, enrolment=OuterRef("pk"))
    rows = (
        Enrolment.objects.filter(
            activity_id=session.activity_id, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]
        )
        .select_related("person")
        .annotate(
            mark=marks.values("status")[:1],
        )
    )
    people = sorted(rows, key=lambda e: (turkish_sort_key(e.person.family_name), turkish_sort_key(e.person.given_name)))
    return [(e, getattr(e, "mark", None) or "") for e in people]


def session_counts(session: Session) -> dict[str, int]:
    counts = Attendance.objects.filter(session=session).aggregate(
        present=Count("id", filter=Q(status="present")),
        absent=Count("id", filter=Q(status="absent")),
        excused=Count("id", filter=Q(status="excused")),
    )
    return {k: int(v or 0) for k, v in counts.items()}


def adjacent_sessions(session: Session) -> tuple[Session | None, Session | None]:
    siblings = Session.objects.filter(activity_id=session.activity_id).exclude(status=SessionStatus.CANCELLED)
    prev = (
        siblings.filter(Q(date__lt=session.date) | Q(date=session.date, starts_at__lt=session.starts_at))
        .order_by("-date", "-starts_at")
        .first()
    )
    nxt = (
        siblings.filter(Q(date__gt=session.date) | Q(date=session.date, starts_at__gt=session.starts_at))
        .order_by("date", "starts_at")
        .first()
    )
    return prev, nxt


def person_open_enrolments(person: Any) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(person=person, status__in=OPEN_STATUSES)


# --- Kadın Ustalar ----------------------------------------------------------------------------


def certificates(*, q: str = "") -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("enrolment__person", "enrolment__activity").prefetch_related(
        "myk_exams", "placements"
    )
    if q:
        qs = qs.filter(enrolment__person__name_folded__contains=fold_turkish(q))
    return qs.order_by("-issued_on", "-pk")


def followups_due(*, within_days: int = 14) -> QuerySet[FollowUp]:
    horizon = timezone.localdate() + dt.timedelta(days=within_days)
    return (
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=horizon, placement__ended_on__isnull=True)
        .select_related("placement__person")
        .order_by("due_on", "pk")
    )


def certificate_by_code(code: str) -> Certificate | None:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(code) != 10:
        return None
    return Certificate.objects.filter(verification_code=code).first()


# --- clubs ------------------------------------------------------------------------------------


def clubs() -> QuerySet[Location]:
    today = timezone.localdate()
    return (
        Location.objects.filter(
            Q(kind=LocationKind.PENSIONERS_CLUB) | Q(service_at_locations__service__code=CLUB_SERVICE_CODE)
        )
        .distinct()
        .annotate(
            members=Count("club_memberships", distinct=True),
            expired=Count("club_memberships", filter=Q(club_memberships__expires_on__lt=today), distinct=True),
            today_count=Count("club_check_ins", filter=Q(club_check_ins__day=today), distinct=True),
        )
        .order_by("name_tr")
    )


def is_club(location: Location) -> bool:
    return (
        location.kind == LocationKind.PENSIONERS_CLUB
        or location.service_at_locations.filter(service__code=CLUB_SERVICE_CODE).exists()
    )


def club_get(*, code: str) -> Location:
    location = Location.objects.get(code=code)
    if not is_club(location):
        raise Location.DoesNotExist
    return location


def club_members(*, club: Location, q: str = "", expired: bool | None = None, limit: int = 30) -> list[ClubMembership]:
    today = timezone.localdate()
    qs = ClubMembership.objects.filter(club=club).select_related("person")
    if q:
        text = q.strip()
        if text.isdigit():
            qs = qs.filter(Q(number__endswith=text) | Q(person__phone__contains=text))
        else:
            for word in fold_turkish(text).split():
                qs = qs.filter(person__name_folded__contains=word)
    if expired is True:
        qs = qs.filter(expires_on__lt=today)
    elif expired is False:
        qs = qs.filter(expires_on__gte=today)
    today_in = ClubCheckIn.objects.filter(membership=OuterRef("pk"), day=today)
    rows = qs.annotate(in_today=Exists(today_in)).order_by("expires_on" if expired else "person__family_name")
    return list(rows[:limit])


def club_day_counts(*, club: Location, days: int = 14) -> list[tuple[dt.date, int]]:
    today = timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    rows = dict(
        ClubCheckIn.objects.filter(club=club, day__gte=start)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [(start + dt.timedelta(days=i), rows.get(start + dt.timedelta(days=i), 0)) for i in range(days)]


# --- indicators for the hub -------------------------------------------------------------------


def participants_between(start: dt.date, end: dt.date) -> int:
    """Distinct people who attended at least one session in the period."""
    return (
        Attendance.objects.filter(status="present", session__date__gte=start, session__date__lte=end)
        .values("enrolment__person_id")
        .distinct()
        .count()
    )


def certificates_between(start: dt.date, end: dt.date) -> int:
    return Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end).count()


def myk_fees_between(start: dt.date, end: dt.date) -> Decimal:
    from django.db.models import Sum

    from omur.venues.models import MykExam

    total = MykExam.objects.filter(exam_on__gte=start, exam_on__lte=end).aggregate(t=Sum("fee_amount"))["t"]
    return Decimal(total or 0)
