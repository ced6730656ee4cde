"""Aid programmes: amounts and tiers (date-stamped), distributions within cycles and limits.

How the limit holds when two desks record at the same moment
-------------------------------------------------------------
Each distribution takes a numbered slot in its cycle (see models.py). Both databases enforce it:
a partial unique index on (programme, subject, cycle, slot) among live rows, and a check that the
slot is between 1 and the cycle's limit. The service picks the lowest free slot and inserts inside a
savepoint; when a colleague took that slot a moment earlier the insert fails with IntegrityError
(on PostgreSQL the second insert waits on the index until the first commits), the savepoint rolls
back and the free slots are read again. With none left the distribution is refused with the clear
limit message. We chose a constraint over a lock because `select_for_update` is a no-op on SQLite and
a lock protects only the code paths that remember to take it; the index holds for every writer, the
admin and a bulk import included."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from omur.benefits.models import (
    AidAmount,
    AidProgramme,
    AidTier,
    Confirmation,
    Cycle,
    Distribution,
    LimitScope,
)
from omur.benefits.permissions import MANAGE_ROLES, WORK_ROLES
from omur.benefits.services.common import day_text, ensure_eligible, money, require_role
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.registry.models import Household, HouseholdMember


class ProgrammeInactive(ApplicationError):
    message = _("%(programme)s is not active: no distributions can be recorded.")


class FutureDate(ApplicationError):
    message = _("The date is in the future. Record a distribution on the day it is handed out.")


class RecipientDeceased(ApplicationError):
    message = _("%(person)s is recorded as deceased.")


class TierNotInProgramme(ApplicationError):
    message = _("Choose a tier of %(programme)s.")


class NoAmount(ApplicationError):
    message = _("No amount is set for “%(tier)s” on %(date)s. The office manager sets amounts on the programme page.")


class LimitReached(ApplicationError):
    pass


class ConfirmationMissing(ApplicationError):
    message = _("Record how the recipient confirmed receipt: signature, SMS code or identity card.")


class SmsCodeMissing(ApplicationError):
    message = _("Enter the SMS code the recipient read out.")


class AmountExists(ApplicationError):
    message = _(
        "An amount from %(date)s is already recorded for this tier. Amounts are kept as history: "
        "choose another start date."
    )


class AmountInvalid(ApplicationError):
    message = _("The amount must be zero or more.")


class TierExists(ApplicationError):
    message = _("%(programme)s already has a tier called “%(name)s”.")


class AlreadyVoided(ApplicationError):
    message = _("This distribution was already voided.")


class VoidReasonMissing(ApplicationError):
    message = _("Give the reason for voiding the distribution.")


# --- amounts -----------------------------------------------------------------------------------


def amount_on(tier: AidTier, day: dt.date) -> AidAmount | None:
    return AidAmount.objects.filter(tier=tier, valid_from__lte=day).order_by("-valid_from").first()


@transaction.atomic
def amount_set(*, actor: Any, tier: AidTier, valid_from: dt.date, amount: Decimal, note: str = "") -> AidAmount:
    """A new amount for a tier from a date; earlier amounts stay for the distributions they priced."""
    require_role(actor, MANAGE_ROLES)
    if amount is None or amount < 0:
        raise AmountInvalid()
    try:
        with transaction.atomic():
            row = AidAmount.objects.create(tier=tier, valid_from=valid_from, amount=amount, note=note, set_by=actor)
    except IntegrityError as exc:
        raise AmountExists(date=day_text(valid_from)) from exc
    previous = AidAmount.objects.filter(tier=tier, valid_from__lt=valid_from).order_by("-valid_from").first()
    audit_record(
        actor=actor,
        action="aid_amount.set",
        obj=row,
        changes={
            "programme": tier.programme.code,
            "tier": tier.name,
            "valid_from": valid_from.isoformat(),
            "amount": [str(previous.amount) if previous else None, str(amount)],
        },
    )
    return row


@transaction.atomic
def tier_create(
    *,
    actor: Any,
    programme: AidProgramme,
    name: str,
    min_household_size: int,
    amount: Decimal,
    valid_from: dt.date,
) -> AidTier:
    require_role(actor, MANAGE_ROLES)
    name = name.strip()
    if AidTier.objects.filter(programme=programme, name=name).exists():
        raise TierExists(programme=programme.name, name=name)
    order = AidTier.objects.filter(programme=programme).count()
    tier = AidTier.objects.create(
        programme=programme, name=name, min_household_size=max(1, min_household_size), order=order
    )
    audit_record(
        actor=actor,
        action="aid_tier.create",
        obj=tier,
        changes={"programme": programme.code, "name": name, "min_household_size": tier.min_household_size},
    )
    amount_set(actor=actor, tier=tier, valid_from=valid_from, amount=amount, note="")
    return tier


# --- cycles ------------------------------------------------------------------------------------


def household_of(person: Any) -> Household | None:
    membership = HouseholdMember.objects.filter(person=person).select_related("household").first()
    return membership.household if membership else None


def household_size(household: Household | None) -> int:
    return HouseholdMember.objects.filter(household=household).count() if household else 1


def suggested_tier(programme: AidProgramme, size: int) -> AidTier | None:
    """The tier with the largest minimum household size that `size` reaches."""
    tiers = list(programme.tiers.all())
    fitting = [t for t in tiers if t.min_household_size <= size]
    if not fitting:
        return tiers[0] if tiers else None
    return max(fitting, key=lambda t: (t.min_household_size, -t.order))


def subject_key(programme: AidProgramme, person: Any, household: Household | None) -> str:
    if programme.limit_scope == LimitScope.HOUSEHOLD and household is not None:
        return f"h{household.pk}"
    return f"p{person.pk}"


@dataclass(frozen=True)
class CycleWindow:
    key: str
    start: dt.date | None  # None: once in a lifetime
    end: dt.date | None  # inclusive
    next_start: dt.date | None


def _live(programme: AidProgramme, subject: str) -> Any:
    return Distribution.objects.filter(programme=programme, subject_key=subject, voided_at__isnull=True)


def cycle_window(programme: AidProgramme, subject: str, day: dt.date) -> CycleWindow:
    if programme.cycle == Cycle.YEAR:
        return CycleWindow(
            str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), dt.date(day.year + 1, 1, 1)
        )
    if programme.cycle == Cycle.MONTH:
        start = day.replace(day=1)
        nxt = (start + dt.timedelta(days=32)).replace(day=1)
        return CycleWindow(f"{day:%Y-%m}", start, nxt - dt.timedelta(days=1), nxt)
    if programme.cycle == Cycle.PERIOD:
        # Periods run from the subject's first distribution: 45-day periods of pregnancy milk start
        # when the mother first receives it.
        days = int(programme.period_days or 1)
        anchor = _live(programme, subject).order_by("distributed_on").values_list("distributed_on", flat=True).first()
        anchor = anchor or day
        index = (day - anchor).days // days
        start = anchor + dt.timedelta(days=index * days)
        return CycleWindow(f"P{index}", start, start + dt.timedelta(days=days - 1), start + dt.timedelta(days=days))
    return CycleWindow("once", None, None, None)


@dataclass
class Entitlement:
    """Where a person (or their household) stands in a programme on a day."""

    programme: AidProgramme
    subject: str
    window: CycleWindow
    used: list[Distribution]
    limit: int

    @property
    def remaining(self) -> int:
        return max(0, self.limit - len(self.used))

    @property
    def free_slot(self) -> int | None:
        taken = {d.slot for d in self.used}
        return next((slot for slot in range(1, self.limit + 1) if slot not in taken), None)


def entitlement(programme: AidProgramme, person: Any, household: Household | None, day: dt.date) -> Entitlement:
    subject = subject_key(programme, person, household)
    window = cycle_window(programme, subject, day)
    used = list(
        _live(programme, subject).filter(cycle_key=window.key).select_related("person").order_by("distributed_on", "id")
    )
    return Entitlement(programme, subject, window, used, programme.limit_per_cycle)


def _limit_message(ent: Entitlement, person: Any) -> str:
    programme = ent.programme
    dates = ", ".join(day_text(d.distributed_on) for d in ent.used)
    who = person.full_name
    if programme.limit_scope == LimitScope.HOUSEHOLD:
        who = _("the household of %(person)s") % {"person": person.full_name}
    if programme.cycle == Cycle.ONCE:
        return str(
            _("%(programme)s is given once only, and %(who)s already received it (%(dates)s).")
            % {"programme": programme.name, "who": who, "dates": dates}
        )
    if programme.cycle == Cycle.YEAR:
        cycle = _("in %(year)s") % {"year": ent.window.key}
    elif programme.cycle == Cycle.MONTH:
        cycle = _("in %(month)s") % {"month": ent.window.start.strftime("%m.%Y") if ent.window.start else ""}
    else:
        cycle = _("in the %(days)s-day period %(start)s–%(end)s") % {
            "days": programme.period_days,
            "start": day_text(ent.window.start) if ent.window.start else "",
            "end": day_text(ent.window.end) if ent.window.end else "",
        }
    times = ngettext("once", "%(n)s times", ent.limit) % {"n": ent.limit}
    return str(
        _(
            "Limit reached: %(programme)s can be given at most %(times)s %(cycle)s, and %(who)s already "
            "received it on %(dates)s. The next one is possible from %(next)s."
        )
        % {
            "programme": programme.name,
            "times": times,
            "cycle": cycle,
            "who": who,
            "dates": dates,
            "next": day_text(ent.window.next_start) if ent.window.next_start else "—",
        }
    )


# --- overlapping aid -----------------------------------------------------------------------------


def overlapping(
    programme: AidProgramme, person: Any, household: Household | None, day: dt.date, *, exclude_pk: int | None = None
) -> list[Distribution]:
    """The household's live distributions from other programmes in the same calendar month."""
    if not programme.warn_overlap:
        return []
    start = day.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if household is not None:
        people = HouseholdMember.objects.filter(household=household).values("person_id")
        rows = Distribution.objects.filter(person_id__in=people)
    else:
        rows = Distribution.objects.filter(person=person)
    rows = rows.filter(
        voided_at__isnull=True, distributed_on__gte=start, distributed_on__lte=end, programme__warn_overlap=True
    ).exclude(programme=programme)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.select_related("programme", "person").order_by("distributed_on", "id"))


def overlap_text(rows: Sequence[Distribution]) -> str:
    return "; ".join(
        str(
            _("%(person)s received %(programme)s (%(amount)s) on %(date)s")
            % {
                "person": d.person.full_name,
                "programme": d.programme.name,
                "amount": money(d.amount),
                "date": day_text(d.distributed_on),
            }
        )
        for d in rows
    )


# --- distributions -------------------------------------------------------------------------------


@dataclass
class Recorded:
    distribution: Distribution
    warnings: list[str] = field(default_factory=list)


def _check_common(programme: AidProgramme, person: Any, day: dt.date) -> None:
    if not programme.active:
        raise ProgrammeInactive(programme=programme.name)
    if day > timezone.localdate():
        raise FutureDate()
    if person.date_of_death is not None and person.date_of_death <= day:
        raise RecipientDeceased(person=person.full_name)


@transaction.atomic
def distribution_record(
    *,
    actor: Any,
    programme: AidProgramme,
    person: Any,
    distributed_on: dt.date,
    confirmation: str,
    confirmation_ref: str = "",
    tier: AidTier | None = None,
    items: str = "",
    note: str = "",
) -> Recorded:
    """Record one handing-out of aid, after the catalogue's eligibility rules and the programme's
    cycle limit; returns it with any overlap warnings (shown, stored, never blocking)."""
    require_role(actor, WORK_ROLES)
    _check_common(programme, person, distributed_on)
    if confirmation not in Confirmation.values:
        raise ConfirmationMissing()
    if confirmation == Confirmation.SMS and not confirmation_ref.strip():
        raise SmsCodeMissing()
    ensure_eligible(person, programme.service, day=distributed_on)
    household = household_of(person)
    if tier is None:
        tier = suggested_tier(programme, household_size(household))
    if tier is None or tier.programme_id != programme.pk:
        raise TierNotInProgramme(programme=programme.name)
    price = amount_on(tier, distributed_on)
    if price is None:
        raise NoAmount(tier=tier.name, date=day_text(distributed_on))
    overlaps = overlapping(programme, person, household, distributed_on)
    warning = overlap_text(overlaps)

    distribution: Distribution | None = None
    # One more attempt than there are slots: each failed insert means a colleague took a slot.
    for _attempt in range(programme.limit_per_cycle + 1):
        ent = entitlement(programme, person, household, distributed_on)
        slot = ent.free_slot
        if slot is None:
            raise LimitReached(_limit_message(ent, person))
        try:
            with transaction.atomic():
                distribution = Distribution.objects.create(
                    programme=programme,
                    tier=tier,
                    person=person,
                    household=household,
                    distributed_on=distributed_on,
                    amount=price.amount,
                    items=items.strip() or programme.items_hint,
                    subject_key=ent.subject,
                    cycle_key=ent.window.key,
                    slot=slot,
                    cycle_limit=ent.limit,
                    confirmation=confirmation,
                    confirmation_ref=confirmation_ref.strip(),
                    overlap_note=warning,
                    note=note.strip(),
                    recorded_by=actor,
                )
            break
        except IntegrityError:
            continue
    if distribution is None:  # pragma: no cover - every attempt lost a race
        raise LimitReached(_limit_message(entitlement(programme, person, household, distributed_on), person))
    audit_record(
        actor=actor,
        action="distribution.create",
        obj=distribution,
        changes={
            "programme": programme.code,
            "person": person.pk,
            "household": household.pk if household else None,
            "tier": tier.name,
            "amount": str(price.amount),
            "date": distributed_on.isoformat(),
            "cycle": distribution.cycle_key,
            "slot": distribution.slot,
            "confirmation": confirmation,
            "overlap": warning,
        },
    )
    return Recorded(distribution, [warning] if warning else [])


@transaction.atomic
def distribution_void(*, actor: Any, distribution: Distribution, reason: str) -> Distribution:
    """Void a distribution recorded by mistake (it stays on record; its slot is free again).
    The office manager, or the colleague who recorded it."""
    if actor is not None and distribution.recorded_by_id != actor.pk:
        require_role(actor, MANAGE_ROLES)
    require_role(actor, WORK_ROLES)
    if not reason.strip():
        raise VoidReasonMissing()
    updated = Distribution.objects.filter(pk=distribution.pk, voided_at__isnull=True).update(
        voided_at=timezone.now(), voided_by=actor, void_reason=reason.strip()
    )
    if not updated:
        raise AlreadyVoided()
    distribution.refresh_from_db()
    audit_record(actor=actor, action="distribution.void", obj=distribution, changes={"reason": reason.strip()})
    return distribution
