"""Writes for the points' daily figures and for suspended meals (askıda yemek)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omur.core.audit import audit_record
from omur.meals.models import Donation, LedgerEntry, LedgerKind, PointDay, SalePoint


def _point_day(point: SalePoint, day: dt.date) -> PointDay:
    """The point's row for the day, made with the price in force on the day and the expected
    portions, so both are fixed once the day has begun."""
    from omur.meals.selectors import expected_portions, meal_price_on

    row = PointDay.objects.filter(point=point, day=day).first()
    if row is not None:
        return row
    price = meal_price_on(day)
    if price is None:
        raise ValidationError(_("No meal price is in force on %(day)s: add one first.") % {"day": f"{day:%d.%m.%Y}"})
    row, _created = PointDay.objects.get_or_create(
        point=point,
        day=day,
        defaults={"unit_price": price, "expected": expected_portions([point.pk], day).get(point.pk, 0)},
    )
    return row


@transaction.atomic
def point_day_record(*, actor: Any, point: SalePoint, day: dt.date, sent: int, sold: int) -> PointDay:
    """Record what the kitchen sent to a point on a day and what it sold. The cash is the portions
    sold times the price in force that day (kept on the row: later prices never change it)."""
    if day > timezone.localdate():
        raise ValidationError(_("Figures can be recorded for today or earlier days only."))
    if sent < 0 or sold < 0:
        raise ValidationError(_("Portions cannot be negative."))
    row = _point_day(point, day)
    row = PointDay.objects.select_for_update().get(pk=row.pk)
    if sold + row.redeemed > sent:
        raise ValidationError(
            _(
                "Sold (%(sold)s) and suspended meals handed out (%(redeemed)s) add up to more than the %(sent)s portions sent."
            )
            % {"sold": sold, "redeemed": row.redeemed, "sent": sent}
        )
    before = {"sent": row.sent, "sold": row.sold, "cash": str(row.cash)}
    row.sent, row.sold = sent, sold
    row.cash = (row.unit_price * sold).quantize(Decimal("0.01"))
    row.recorded_by, row.updated_at = actor, timezone.now()
    row.save()
    after = {"sent": row.sent, "sold": row.sold, "cash": str(row.cash)}
    audit_record(
        actor=actor,
        action="meals.point_day_record",
        obj=point,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]} | {"day": [None, str(day)]},
    )
    return row


@transaction.atomic
def donation_receive(
    *,
    actor: Any,
    donor_name: str,
    meals: int,
    amount: Decimal,
    received_on: dt.date,
    donor_phone: str = "",
    anonymous: bool = False,
    point: SalePoint | None = None,
    note: str = "",
) -> Donation:
    """A donor pays for `meals` suspended meals: they go into the pool points hand out from."""
    if meals < 1:
        raise ValidationError(_("A donation pays for at least one meal."))
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."))
    if not donor_name.strip():
        raise ValidationError(_("Write the donor's name (it can be kept private)."))
    if received_on > timezone.localdate():
        raise ValidationError(_("A donation cannot be received in the future."))
    donation = Donation.objects.create(
        donor_name=donor_name.strip(),
        donor_phone=donor_phone.strip(),
        anonymous=anonymous,
        meals=meals,
        remaining=meals,
        amount=amount,
        received_on=received_on,
        point=point,
        note=note.strip(),
        received_by=actor,
    )
    LedgerEntry.objects.create(
        donation=donation, kind=LedgerKind.DONATION, quantity=meals, point=point, day=received_on, created_by=actor
    )
    audit_record(
        actor=actor,
        action="meals.donation_receive",
        obj=donation,
        changes={"meals": [None, meals], "amount": [None, str(amount)]},
    )
    return donation


@transaction.atomic
def suspended_redeem(*, actor: Any, point: SalePoint, day: dt.date, count: int) -> list[LedgerEntry]:
    """A point hands out `count` suspended meals: taken from the oldest donations it may use (its own
    and those for any point). Each take is a conditional UPDATE (`remaining >= n`), so two points
    redeeming at once can never spend the same meal; if the pool runs short nothing is written."""
    if count < 1:
        raise ValidationError(_("Hand out at least one meal."))
    if day > timezone.localdate():
        raise ValidationError(_("Suspended meals can be handed out today or recorded for earlier days."))
    usable = Q(point__isnull=True) | Q(point=point)
    needed = count
    entries: list[LedgerEntry] = []
    # Re-read after a lost race: another point may have just taken a donation's last meals.
    for _attempt in range(5):
        candidates = list(
            Donation.objects.filter(usable, remaining__gt=0)
            .order_by("received_on", "id")
            .values_list("id", "remaining")
        )
        for donation_id, remaining in candidates:
            take = min(remaining, needed)
            updated = Donation.objects.filter(pk=donation_id, remaining__gte=take).update(
                remaining=F("remaining") - take
            )
            if not updated:
                continue
            entries.append(
                LedgerEntry.objects.create(
                    donation_id=donation_id,
                    kind=LedgerKind.REDEMPTION,
                    quantity=-take,
                    point=point,
                    day=day,
                    created_by=actor,
                )
            )
            needed -= take
            if needed == 0:
                break
        if needed == 0 or not candidates:
            break
    if needed:
        available = count - needed
        raise ValidationError(
            ngettext(
                "Only %(available)s suspended meal is available at this point; %(count)s were asked for.",
                "Only %(available)s suspended meals are available at this point; %(count)s were asked for.",
                available,
            )
            % {"available": available, "count": count}
        )
    row = _point_day(point, day)
    PointDay.objects.filter(pk=row.pk).update(redeemed=F("redeemed") + count, updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="meals.suspended_redeem",
        obj=point,
        changes={
            "count": [None, count],
            "day": [None, str(day)],
            "donations": [None, [e.donation_id for e in entries]],
        },
    )
    return entries
