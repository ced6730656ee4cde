"""Home-page cards for the centres: each is one aggregate query."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import Role
from omur.core.home_cards import Card, Figure, register
from omur.venues.models import Activity, Enrolment, EnrolmentStatus, FollowUp, Session, SessionStatus
from omur.venues.permissions import VENUE_STAFF


@register(roles=VENUE_STAFF)
def centres_card(user: Any) -> Card | None:
    today = timezone.localdate()
    sessions = Session.objects.filter(date=today, status=SessionStatus.SCHEDULED).aggregate(
        total=Count("id"), untaken=Count("id", filter=Q(attendance_taken_at__isnull=True))
    )
    offers = Enrolment.objects.filter(status=EnrolmentStatus.OFFERED).count()
    follow_ups = FollowUp.objects.filter(
        done_on__isnull=True, due_on__lte=today, placement__ended_on__isnull=True
    ).count()
    return Card(
        title=_("Centres today"),
        figures=[
            Figure(_("Sessions today"), sessions["total"], reverse("venues:sessions-today")),
            Figure(_("Attendance not yet taken"), sessions["untaken"], reverse("venues:sessions-today")),
            Figure(_("Place offers awaiting an answer"), offers, reverse("venues:activity-list")),
            Figure(_("Job follow-ups due"), follow_ups, reverse("venues:followup-list")),
        ],
    )


@register(roles={Role.THERAPIST})
def my_programmes_card(user: Any) -> Card | None:
    today = timezone.localdate()
    mine = Activity.objects.filter(leader=user, ends_on__gte=today)
    counts = mine.aggregate(
        programmes=Count("id", distinct=True),
        today=Count(
            "sessions", filter=Q(sessions__date=today, sessions__status=SessionStatus.SCHEDULED), distinct=True
        ),
    )
    if not counts["programmes"]:
        return None
    return Card(
        title=_("My group programmes"),
        figures=[
            Figure(_("Programmes running"), counts["programmes"], reverse("venues:activity-list")),
            Figure(_("Sessions today"), counts["today"], reverse("venues:sessions-today")),
        ],
    )
