"""The Social Policy Tour: a delegation's request (public form), planning with an itinerary across
project sites, the visitor register, feedback, and the follow-up that turns interest into
engagements.

    requested ──► planned ──► completed
        │            │
        └► declined  └► cancelled
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import Role
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.geo.models import Municipality
from omur.hub.models import (
    MUNICIPAL_KINDS,
    STAFF_CHANNELS,
    ActivityKind,
    Engagement,
    EngagementActivity,
    Project,
    RequestChannel,
    Stage,
    Tour,
    TourFeedback,
    TourStatus,
    TourStop,
    VisitorEntry,
)
from omur.hub.services.engagements import engagement_create, engagement_move
from omur.services.models import Location

MAX_STOPS = 8
# Who may enter a request taken by phone, e-mail or in person (the access table's TOUR rule).
STAFF_REQUEST_ROLES = frozenset({Role.TOUR_COORDINATOR, Role.OFFICE_MANAGER})


def _check_municipality(kind: str, municipality: Municipality | None) -> None:
    types = MUNICIPAL_KINDS.get(kind)  # type: ignore[call-overload]
    if types is None:
        return
    if municipality is None:
        raise ValidationError(_("Choose your municipality from the list."))
    if municipality.type not in types:
        raise ValidationError(
            _("%(name)s is a %(type)s; choose the matching kind of delegation.")
            % {"name": municipality.name, "type": municipality.get_type_display()}
        )


@transaction.atomic
def tour_request_submit(
    *,
    kind: str,
    organisation: str,
    municipality: Municipality | None,
    contact_name: str,
    contact_title: str,
    contact_phone: str,
    contact_email: str,
    preferred_from: dt.date,
    preferred_to: dt.date,
    head_count: int,
    interests: Iterable[Project] = (),
    message: str = "",
    language: str = "tr",
    actor: Any = None,
    channel: str = RequestChannel.WEB,
) -> Tour:
    """The one write path for a tour request: from the public form (no actor, channel "web"), or taken
    by a tour coordinator or the office manager by phone, e-mail or in person (actor and channel
    given), who is then the request's recorded author and the actor of its audit event."""
    if actor is None:
        if channel != RequestChannel.WEB:
            raise ValidationError(
                _("A request taken by phone, e-mail or in person needs the member of staff who took it.")
            )
    else:
        if not user_roles(actor) & STAFF_REQUEST_ROLES:
            raise PermissionDenied
        if channel not in STAFF_CHANNELS:
            raise ValidationError(_("Choose how the request reached you: phone call, e-mail or in person."))
    _check_municipality(kind, municipality)
    today = timezone.localdate()
    if preferred_from < today:
        raise ValidationError(_("The preferred dates must be in the future."))
    if preferred_to < preferred_from:
        raise ValidationError(_("The last preferred day must not be before the first."))
    if municipality is not None and kind in MUNICIPAL_KINDS:
        organisation = organisation or municipality.name
    tour = Tour(
        kind=kind,
        organisation=organisation or (municipality.name if municipality else ""),
        municipality=municipality if kind in MUNICIPAL_KINDS else None,
        contact_name=contact_name,
        contact_title=contact_title,
        contact_phone=contact_phone,
        contact_email=contact_email,
        preferred_from=preferred_from,
        preferred_to=preferred_to,
        head_count=head_count,
        message=message,
        language=language[:8],
        channel=channel,
        recorded_by=actor,
    )
    tour.full_clean()
    tour.save()
    tour.interests.set(list(interests))
    audit_record(
        actor=actor,
        action="tour.request",
        obj=tour,
        changes={"kind": kind, "head_count": head_count, "from": preferred_from.isoformat(), "channel": channel},
    )
    return tour


def _status_guard(tour: Tour, *allowed: str) -> None:
    if tour.status not in allowed:
        raise ValidationError(
            _("This cannot be done to a tour that is “%(status)s”.") % {"status": tour.get_status_display()}
        )


def _set_status(tour: Tour, from_status: str, **updates: Any) -> None:
    # Conditional UPDATE: two coordinators pressing buttons on the same tour cannot both win.
    if not Tour.objects.filter(pk=tour.pk, status=from_status).update(updated_at=timezone.now(), **updates):
        raise ValidationError(_("Someone else changed this tour meanwhile; reload the page."))
    for key, value in updates.items():
        setattr(tour, key, value)


@transaction.atomic
def tour_schedule(*, actor: Any, tour: Tour, visit_on: dt.date, coordinator: Any = None) -> Tour:
    _status_guard(tour, TourStatus.REQUESTED, TourStatus.PLANNED)
    if visit_on < timezone.localdate() and tour.status == TourStatus.REQUESTED:
        raise ValidationError(_("Choose a visit date from today on."))
    before = (tour.status, tour.visit_on)
    _set_status(tour, tour.status, status=TourStatus.PLANNED, visit_on=visit_on, coordinator=coordinator or actor)
    audit_record(
        actor=actor,
        action="tour.schedule",
        obj=tour,
        changes={"status": [before[0], TourStatus.PLANNED], "visit_on": [str(before[1] or ""), visit_on.isoformat()]},
    )
    return tour


@transaction.atomic
def tour_complete(*, actor: Any, tour: Tour) -> Tour:
    _status_guard(tour, TourStatus.PLANNED)
    if tour.visit_on and tour.visit_on > timezone.localdate():
        raise ValidationError(
            _("The visit is on %(day)s: mark it completed after it has taken place.")
            % {"day": tour.visit_on.strftime("%d.%m.%Y")}
        )
    if not tour.visitors.exists():
        raise ValidationError(_("Record the visitors (head counts) before marking the visit completed."))
    _set_status(tour, TourStatus.PLANNED, status=TourStatus.COMPLETED)
    audit_record(actor=actor, action="tour.complete", obj=tour, changes={"status": ["planned", "completed"]})
    return tour


@transaction.atomic
def tour_close(*, actor: Any, tour: Tour, to_status: str, note: str) -> Tour:
    """Decline a request or cancel a planned visit; the reason is kept in the audit trail."""
    if to_status == TourStatus.DECLINED:
        _status_guard(tour, TourStatus.REQUESTED)
    elif to_status == TourStatus.CANCELLED:
        _status_guard(tour, TourStatus.PLANNED)
    else:
        raise ValidationError(_("Unknown action."))
    if not note.strip():
        raise ValidationError(_("Write the reason (it is kept in the tour's record)."))
    from_status = tour.status
    _set_status(tour, from_status, status=to_status)
    audit_record(actor=actor, action="tour.close", obj=tour, changes={"status": [from_status, to_status], "note": note})
    return tour


def project_site_ids() -> set[int]:
    return set(Project.sites.through.objects.values_list("location_id", flat=True))


@transaction.atomic
def tour_stop_save(
    *,
    actor: Any,
    tour: Tour,
    location: Location,
    starts_at: dt.time,
    ends_at: dt.time,
    project: Project | None = None,
    note: str = "",
    stop: TourStop | None = None,
) -> TourStop:
    """Add a stop (stop=None) or change one. Clashes with opening hours, capacity, other stops or
    travel time are shown on the itinerary, not refused: the coordinator may agree an exception
    with the site (a Saturday opening for a delegation), so only impossible stops are refused."""
    _status_guard(tour, TourStatus.REQUESTED, TourStatus.PLANNED)
    if ends_at <= starts_at:
        raise ValidationError(_("A stop must end after it starts."))
    if location.pk not in project_site_ids():
        raise ValidationError(_("%(site)s is not a project site; choose one of the listed sites.") % {"site": location})
    if project is not None and not project.sites.filter(pk=location.pk).exists():
        raise ValidationError(_("%(project)s is not shown at %(site)s.") % {"project": project, "site": location})
    if stop is None and tour.stops.count() >= MAX_STOPS:
        raise ValidationError(_("A tour day has at most %(n)s stops.") % {"n": MAX_STOPS})
    creating = stop is None
    stop = stop or TourStop(tour=tour)
    stop.location, stop.project, stop.starts_at, stop.ends_at, stop.note = location, project, starts_at, ends_at, note
    stop.save()
    audit_record(
        actor=actor,
        action="tour.stop_add" if creating else "tour.stop_update",
        obj=tour,
        changes={"stop": stop.pk, "site": location.code, "from": f"{starts_at:%H:%M}", "to": f"{ends_at:%H:%M}"},
    )
    return stop


@transaction.atomic
def tour_stop_remove(*, actor: Any, stop: TourStop) -> None:
    _status_guard(stop.tour, TourStatus.REQUESTED, TourStatus.PLANNED)
    tour, pk, code = stop.tour, stop.pk, stop.location.code
    stop.delete()
    audit_record(actor=actor, action="tour.stop_remove", obj=tour, changes={"stop": pk, "site": code})


@transaction.atomic
def visitor_add(*, actor: Any, tour: Tour, group: str, head_count: int, names: str = "") -> VisitorEntry:
    _status_guard(tour, TourStatus.PLANNED, TourStatus.COMPLETED)
    if head_count < 1:
        raise ValidationError(_("The head count must be at least 1."))
    clean_names = "\n".join(line.strip() for line in names.splitlines() if line.strip())
    if clean_names and len(clean_names.splitlines()) > head_count:
        raise ValidationError(_("More names than the head count: check the number of visitors."))
    entry = VisitorEntry.objects.create(
        tour=tour, group=group.strip(), head_count=head_count, names=clean_names, recorded_by=actor
    )
    # Names are personal data: the audit row keeps the count, not the names.
    audit_record(
        actor=actor,
        action="tour.visitors",
        obj=tour,
        changes={"group": entry.group, "head_count": head_count, "names": len(clean_names.splitlines())},
    )
    return entry


@transaction.atomic
def visitor_remove(*, actor: Any, entry: VisitorEntry) -> None:
    tour, pk = entry.tour, entry.pk
    entry.delete()
    audit_record(actor=actor, action="tour.visitors_remove", obj=tour, changes={"entry": pk})


def feedback_open(tour: Tour) -> bool:
    if tour.status == TourStatus.COMPLETED:
        return True
    return tour.status == TourStatus.PLANNED and tour.visit_on is not None and tour.visit_on <= timezone.localdate()


@transaction.atomic
def feedback_submit(
    *,
    tour: Tour,
    rating: int,
    most_useful: Project | None = None,
    interested_in: Iterable[Project] = (),
    wants_support: bool = False,
    comments: str = "",
    respondent: str = "",
) -> TourFeedback:
    if not feedback_open(tour):
        raise ValidationError(_("Feedback opens on the day of the visit."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    fb = TourFeedback.objects.create(
        tour=tour,
        rating=rating,
        most_useful=most_useful,
        wants_support=wants_support,
        comments=comments,
        respondent=respondent,
    )
    fb.interested_in.set(list(interested_in))
    audit_record(actor=None, action="tour.feedback", obj=tour, changes={"feedback": fb.pk, "rating": rating})
    return fb


def follow_up_projects(tour: Tour) -> list[Project]:
    """The projects the delegation asked about or said, in feedback, they would like to start."""
    ids = set(tour.interests.values_list("pk", flat=True))
    ids |= set(
        TourFeedback.interested_in.through.objects.filter(tourfeedback__tour=tour).values_list("project_id", flat=True)
    )
    return list(Project.objects.filter(pk__in=ids).order_by("name_tr"))


@transaction.atomic
def tour_follow_up(*, actor: Any, tour: Tour) -> tuple[list[Engagement], list[Engagement]]:
    """One engagement per project of interest for the visiting municipality, at "study visit" (they
    have seen it); an engagement that already exists is moved to study visit if it was earlier, and
    gets the site visit in its activity log. Returns (created, updated)."""
    _status_guard(tour, TourStatus.COMPLETED)
    if tour.municipality is None:
        raise ValidationError(_("Only a municipality's visit can become engagements; this delegation is not one."))
    projects = follow_up_projects(tour)
    if not projects:
        raise ValidationError(_("The delegation named no project of interest, in the request or in feedback."))
    on = tour.visit_on or timezone.localdate()
    created: list[Engagement] = []
    updated: list[Engagement] = []
    for project in projects:
        engagement = Engagement.objects.filter(municipality=tour.municipality, project=project).first()
        if engagement is None:
            engagement = engagement_create(
                actor=actor,
                municipality=tour.municipality,
                project=project,
                stage=Stage.STUDY_VISIT,
                on=on,
                owner=tour.coordinator or actor,
                source_tour=tour,
                note=_("From the Social Policy Tour of %(day)s.") % {"day": on.strftime("%d.%m.%Y")},
            )
            created.append(engagement)
        else:
            if engagement.stage in (Stage.INQUIRY, Stage.PRESENTATION) and on >= engagement.stage_since:
                engagement_move(actor=actor, engagement=engagement, to_stage=Stage.STUDY_VISIT, on=on)
            updated.append(engagement)
        if engagement.activities.filter(kind=ActivityKind.SITE_VISIT, happened_on=on).exists():
            continue
        EngagementActivity.objects.create(
            engagement=engagement,
            kind=ActivityKind.SITE_VISIT,
            happened_on=on,
            staff=tour.coordinator or actor,
            note=_("Visited the project sites on the Social Policy Tour (%(n)s visitors).") % {"n": tour.head_count},
        )
    Tour.objects.filter(pk=tour.pk).update(followed_up_at=timezone.now())
    tour.followed_up_at = timezone.now()
    audit_record(
        actor=actor,
        action="tour.follow_up",
        obj=tour,
        changes={"created": [e.pk for e in created], "updated": [e.pk for e in updated]},
    )
    return created, updated
