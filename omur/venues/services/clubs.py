"""Pensioners' clubs: memberships with an expiry date and the door's daily check-ins."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.registry.models import Person
from omur.services.models import Location
from omur.venues.models import ClubCheckIn, ClubMembership

MEMBERSHIP_MONTHS = 12


class MembershipInvalid(ApplicationError):
    message = gettext_lazy("The membership could not be saved.")


@transaction.atomic
def membership_create(
    *, actor: Any, club: Location, person: Person, starts_on: dt.date | None = None, months: int = MEMBERSHIP_MONTHS
) -> ClubMembership:
    from omur.venues.selectors import is_club

    if not is_club(club):
        raise MembershipInvalid(_("%(place)s has no pensioners' club.") % {"place": club})
    if person.date_of_death is not None:
        raise MembershipInvalid(_("This person is recorded as deceased."))
    if ClubMembership.objects.filter(club=club, person=person).exists():
        raise MembershipInvalid(_("This person is already a member of this club: renew the membership instead."))
    starts_on = starts_on or timezone.localdate()
    for _attempt in range(5):
        last = ClubMembership.objects.filter(club=club).aggregate(n=Max("number"))["n"] or "0"
        number = (
            f"{int(last) + 1:05d}" if last.isdigit() else f"{ClubMembership.objects.filter(club=club).count() + 1:05d}"
        )
        try:
            with transaction.atomic():
                membership = ClubMembership.objects.create(
                    club=club,
                    person=person,
                    number=number,
                    starts_on=starts_on,
                    expires_on=starts_on + relativedelta(months=months) - dt.timedelta(days=1),
                    created_by=actor,
                )
            break
        except IntegrityError as exc:
            if ClubMembership.objects.filter(club=club, person=person).exists():
                raise MembershipInvalid(_("This person is already a member of this club.")) from exc
            continue  # the number was taken a moment ago: take the next
    else:  # pragma: no cover
        raise MembershipInvalid(_("No member number could be given; try again."))
    audit_record(actor=actor, action="club_membership.create", obj=membership, changes={"person": person.pk})
    return membership


@transaction.atomic
def membership_renew(*, actor: Any, membership: ClubMembership, months: int = MEMBERSHIP_MONTHS) -> ClubMembership:
    """Extend by a year from the old expiry, or from today if it had already lapsed."""
    today = timezone.localdate()
    before = membership.expires_on
    base = max(before, today - dt.timedelta(days=1))
    membership.expires_on = base + relativedelta(months=months)
    membership.save(update_fields=["expires_on", "updated_at"])
    audit_record(
        actor=actor,
        action="club_membership.renew",
        obj=membership,
        changes={"expires_on": [str(before), str(membership.expires_on)]},
    )
    return membership


@dataclass(frozen=True)
class CheckInResult:
    check_in: ClubCheckIn
    created: bool
    expired: bool


@transaction.atomic
def club_check_in(*, actor: Any, membership: ClubMembership, now: dt.datetime | None = None) -> CheckInResult:
    """Count the member in once a day. An expired membership is let in but flagged, so the door
    staff ask for the renewal and the list of lapsed members shows it."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    expired = membership.expires_on < day
    try:
        with transaction.atomic():
            check_in = ClubCheckIn.objects.create(
                membership=membership,
                club_id=membership.club_id,
                day=day,
                at=now,
                membership_expired=expired,
                recorded_by=actor,
            )
    except IntegrityError:
        return CheckInResult(ClubCheckIn.objects.get(membership=membership, day=day), created=False, expired=expired)
    audit_record(
        actor=actor, action="club.check_in", obj=check_in, changes={"membership": membership.pk, "expired": expired}
    )
    return CheckInResult(check_in, created=True, expired=expired)
