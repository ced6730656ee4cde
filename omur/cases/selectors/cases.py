"""Reads for the case pages: what of a person's case each role may see, enrolment, assessment,
referral and care-plan lists. Scoping is here, once; the views never filter by role themselves."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from omur.accounts.roles import CASE_ROLES, Role
from omur.cases.models import (
    CARE_TASKS_BY_ROLE,
    OPEN_ENROLMENT_STATUSES,
    Assessment,
    AssessmentStatus,
    CareTaskType,
    CaseNote,
    Enrolment,
    EnrolmentStatusChange,
    Referral,
    ReferralStatus,
    Task,
    TaskStatus,
)
from omur.cases.permissions import REFERRAL_ROLES
from omur.cases.selectors.notes import can_read_notes, case_notes_visible_to
from omur.core.access import user_roles
from omur.core.text import fold_turkish

# The services a therapist works in (catalogue codes): special education and sensory integration at
# the autism centre, its family programme, and psychological support. The catalogue has no "therapy"
# flag yet; when it gets one, this list becomes a filter on it.
THERAPY_SERVICE_CODES = ("otizm-ozel-egitim", "duyu-butunleme", "otizm-aile-destegi", "psikolojik-destek")


def enrolment_scope(actor: Any) -> Q | None:
    """The enrolments `actor` may see, as a filter (None: none at all).

    Case roles see every enrolment. A therapist sees therapy enrolments; a nurse or physiotherapist
    the enrolments whose care plan has a task they deliver (CARE_TASKS_BY_ROLE)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    roles = user_roles(actor)
    if roles & CASE_ROLES:
        return Q()
    q: Q | None = None

    def add(extra: Q) -> None:
        nonlocal q
        q = extra if q is None else q | extra

    if Role.THERAPIST in roles:
        add(
            Q(service__code__in=THERAPY_SERVICE_CODES)
            | Q(care_plan__items__task_type=CareTaskType.PSYCHOLOGICAL_SUPPORT)
        )
    for role, task_types in CARE_TASKS_BY_ROLE.items():
        if role in roles:
            add(Q(care_plan__items__task_type__in=task_types))
    return q


def scoped_enrolments(actor: Any) -> QuerySet[Enrolment]:
    scope = enrolment_scope(actor)
    if scope is None:
        return Enrolment.objects.none()
    qs = Enrolment.objects.all()
    if scope:  # an empty Q() means everything; joins through care-plan items need distinct ids
        qs = Enrolment.objects.filter(pk__in=Enrolment.objects.filter(scope).values("pk"))
    return qs


def _with_details(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return qs.select_related(
        "person", "service__policy_area", "case_manager", "care_plan__preferred_staff", "assessment"
    ).prefetch_related(
        "care_plan__items",
        Prefetch(
            "history", queryset=EnrolmentStatusChange.objects.select_related("changed_by").order_by("changed_at", "id")
        ),
    )


def enrolment_get(*, actor: Any, pk: int) -> Enrolment:
    """One enrolment the actor may see (Enrolment.DoesNotExist otherwise: a 404, not a 403, so
    the answer does not say whether it exists)."""
    return _with_details(scoped_enrolments(actor)).get(pk=pk)


def can_manage_cases(actor: Any) -> bool:
    return bool(user_roles(actor) & CASE_ROLES)


@dataclass
class CaseOverview:
    person: Any
    enrolments: list[Enrolment]
    assessments: list[Assessment] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    can_manage: bool = False
    can_read_notes: bool = False
    can_refer: bool = False

    @property
    def open_enrolments(self) -> list[Enrolment]:
        return [e for e in self.enrolments if e.is_open]

    @property
    def care_plans(self) -> list[Any]:
        return [e.care_plan for e in self.enrolments if e.is_open and hasattr(e, "care_plan")]


def case_overview(*, actor: Any, person: Any, note_search: str = "", note_level: str = "") -> CaseOverview:
    """Everything of the person's case that `actor` may see. Notes come through
    case_notes_visible_to (and are audited there); the view audits the page itself."""
    roles = user_roles(actor)
    manage = bool(roles & CASE_ROLES)
    enrolments = list(_with_details(scoped_enrolments(actor).filter(person=person)).order_by("-created_at", "-id"))
    overview = CaseOverview(
        person=person,
        enrolments=enrolments,
        can_manage=manage,
        can_read_notes=can_read_notes(actor),
        can_refer=bool(roles & REFERRAL_ROLES),
    )
    if manage:
        overview.assessments = list(
            Assessment.objects.filter(person=person)
            .select_related("assessor", "decided_by", "request")
            .order_by("-scheduled_on", "-id")
        )
    if roles & REFERRAL_ROLES:
        referrals = Referral.objects.filter(person=person).select_related(
            "to_service", "to_partner", "sent_by", "answered_by", "completed_by", "enrolment"
        )
        if not manage:
            referrals = referrals.filter(sent_by=actor)
        overview.referrals = list(referrals.order_by("-sent_at", "-id"))
    tasks = Task.objects.filter(person=person, status=TaskStatus.OPEN).select_related("assignee")
    if not manage:
        tasks = tasks.filter(Q(assignee=actor) | Q(assignee__isnull=True, assignee_role__in=roles))
    overview.tasks = list(tasks.order_by("due", "-priority", "id"))
    if overview.can_read_notes:
        overview.notes = case_notes_visible_to(actor, person, purpose="case page", search=note_search, level=note_level)
    return overview


def enrolment_list(
    *,
    actor: Any,
    status: str = "",
    service: Any = None,
    policy_area: Any = None,
    life_stage: Any = None,
    case_manager: Any = None,
    review_due: bool = False,
    search: str = "",
    today: dt.date | None = None,
) -> QuerySet[Enrolment]:
    qs = scoped_enrolments(actor).select_related("person", "service__policy_area", "case_manager")
    if status == "open":
        qs = qs.filter(status__in=OPEN_ENROLMENT_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if service is not None:
        qs = qs.filter(service=service)
    if policy_area is not None:
        qs = qs.filter(service__policy_area=policy_area)
    if life_stage is not None:
        qs = qs.filter(service__life_stages=life_stage)
    if case_manager is not None:
        qs = qs.filter(case_manager=case_manager)
    if review_due:
        qs = qs.filter(
            review_on__lte=(today or timezone.localdate()) + dt.timedelta(days=7), status__in=OPEN_ENROLMENT_STATUSES
        )
    if search:
        qs = qs.filter(person__name_folded__contains=fold_turkish(search).strip())
    return qs.order_by("person__family_name", "person__given_name", "service__name_tr", "id")


def care_plan_list(*, actor: Any, task_type: str = "") -> QuerySet[Enrolment]:
    """Open home-based enrolments with a care plan that `actor` may see (a nurse: the plans with a
    health check or personal care; a physiotherapist: with physiotherapy)."""
    qs = _with_details(scoped_enrolments(actor)).filter(status__in=OPEN_ENROLMENT_STATUSES, care_plan__isnull=False)
    if task_type:
        qs = qs.filter(pk__in=Enrolment.objects.filter(care_plan__items__task_type=task_type).values("pk"))
    return qs.order_by("person__family_name", "person__given_name", "id")


def assessment_list(*, actor: Any, status: str = "", mine: bool = False, search: str = "") -> QuerySet[Assessment]:
    if not can_manage_cases(actor):
        return Assessment.objects.none()
    qs = Assessment.objects.select_related("person", "assessor", "request")
    if status == "open":
        qs = qs.filter(status__in=[AssessmentStatus.SCHEDULED, AssessmentStatus.COMPLETED])
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assessor=actor)
    if search:
        qs = qs.filter(person__name_folded__contains=fold_turkish(search).strip())
    return (
        qs.order_by("scheduled_on", "scheduled_time", "id")
        if status in ("open", AssessmentStatus.SCHEDULED)
        else qs.order_by("-scheduled_on", "-id")
    )


def assessment_get(*, actor: Any, pk: int) -> Assessment:
    if not can_manage_cases(actor):
        raise Assessment.DoesNotExist
    return (
        Assessment.objects.select_related("person", "household", "assessor", "decided_by", "request")
        .prefetch_related(Prefetch("enrolments", queryset=Enrolment.objects.select_related("service")))
        .get(pk=pk)
    )


def referral_scope(actor: Any) -> QuerySet[Referral]:
    roles = user_roles(actor)
    if roles & CASE_ROLES:
        return Referral.objects.all()
    if roles & REFERRAL_ROLES:
        return Referral.objects.filter(sent_by=actor)
    return Referral.objects.none()


def referral_list(*, actor: Any, box: str = "", status: str = "", kind: str = "") -> QuerySet[Referral]:
    """box: "sent" (by me), "open" (waiting for an answer or an outcome), "" (all I may see)."""
    qs = referral_scope(actor).select_related("person", "to_service", "to_partner", "sent_by")
    if box == "sent":
        qs = qs.filter(sent_by=actor)
    elif box == "open":
        qs = qs.filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-sent_at", "-id")


def referral_get(*, actor: Any, pk: int) -> Referral:
    return (
        referral_scope(actor)
        .select_related(
            "person",
            "to_service",
            "to_partner",
            "sent_by",
            "answered_by",
            "completed_by",
            "enrolment__service",
            "from_enrolment__service",
        )
        .get(pk=pk)
    )


def case_managers() -> QuerySet[Any]:
    from omur.accounts.models import User
    from omur.cases.permissions import CASE_MANAGER_ROLES

    return (
        User.objects.filter(is_active=True, groups__name__in=CASE_MANAGER_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assessors() -> QuerySet[Any]:
    from omur.accounts.models import User
    from omur.cases.permissions import ASSESSOR_ROLES

    return (
        User.objects.filter(is_active=True, groups__name__in=ASSESSOR_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def note_readers() -> QuerySet[Any]:
    from omur.accounts.models import User
    from omur.cases.permissions import NOTE_WRITE_ROLES

    return (
        User.objects.filter(is_active=True, groups__name__in=NOTE_WRITE_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
