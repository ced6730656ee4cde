"""Aid programmes: eligibility, cycle limits, date-stamped amounts and tiers, overlap warnings."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from omur.benefits.models import AidTier, Confirmation, Distribution
from omur.benefits.selectors import distributions_in
from omur.benefits.services import aid
from omur.benefits.services.common import NotAllowed, NotEligible
from omur.benefits.tests.conftest import make_household
from omur.core.indicators import indicator

SIG = Confirmation.SIGNATURE


def record(actor: Any, programme: Any, person: Any, day: dt.date, **kw: Any) -> aid.Recorded:
    return aid.distribution_record(
        actor=actor, programme=programme, person=person, distributed_on=day, confirmation=SIG, **kw
    )


def this_year(month: int, day: int = 10) -> dt.date:
    today = timezone.localdate()
    return min(today, dt.date(today.year, month, day))


def test_a_fourth_clothing_distribution_in_a_year_is_refused_with_a_clear_message(
    programmes: Any, poor_adult: Any, social_worker: Any
) -> None:
    clothing = programmes["giysi-yardimi"]
    today = timezone.localdate()
    days = (
        [today - dt.timedelta(days=n) for n in (2, 1, 0)]
        if today.month == 1 and today.day < 5
        else [dt.date(today.year, 1, 2), dt.date(today.year, 1, 3), today]
    )
    for day in days:
        record(social_worker, clothing, poor_adult, day)
    with translation.override("en"), pytest.raises(aid.LimitReached) as refused:
        record(social_worker, clothing, poor_adult, today)
    message = str(refused.value)
    assert "at most 3 times" in message and str(today.year) in message
    assert days[0].strftime("%d.%m.%Y") in message  # the dates already received are named
    assert f"01.01.{today.year + 1}" in message  # and when the next one is possible
    assert Distribution.objects.filter(programme=clothing, person=poor_adult).count() == 3
    # The limit is per calendar year: last year's do not count.
    assert aid.entitlement(clothing, poor_adult, None, dt.date(today.year + 1, 1, 5)).remaining == 3


def test_voiding_frees_the_slot_and_is_audited(
    programmes: Any, poor_adult: Any, social_worker: Any, office_manager: Any, audit_events: Any
) -> None:
    once = programmes["yenidogan-paketi"]
    baby = make_household((3000, 30), (0, 0))[1]
    baby.birth_date = timezone.localdate() - dt.timedelta(days=20)
    baby.save()
    first = record(social_worker, once, baby, timezone.localdate()).distribution
    with pytest.raises(aid.LimitReached):
        record(social_worker, once, baby, timezone.localdate())
    aid.distribution_void(actor=office_manager, distribution=first, reason="Yanlış kişi")
    record(social_worker, once, baby, timezone.localdate())
    assert audit_events.filter(action="distribution.void").count() == 1
    with pytest.raises(aid.AlreadyVoided):
        aid.distribution_void(actor=office_manager, distribution=first, reason="again")


def test_ineligible_person_is_refused_with_the_catalogue_explanation(programmes: Any, social_worker: Any) -> None:
    rich = make_household((900_000, 40))[0]
    with translation.override("en"), pytest.raises(NotEligible) as refused:
        record(social_worker, programmes["giysi-yardimi"], rich, timezone.localdate())
    assert "income" in str(refused.value).lower()
    assert not Distribution.objects.exists()


def test_tier_amounts_are_date_stamped_and_a_distribution_keeps_its_days_amount(
    programmes: Any, social_worker: Any, office_manager: Any
) -> None:
    halk = programmes["halk-kart"]
    small, large = list(AidTier.objects.filter(programme=halk).order_by("min_household_size"))
    assert aid.amount_on(small, dt.date(2024, 8, 31)).amount == Decimal("500")
    assert aid.amount_on(small, dt.date(2024, 9, 1)).amount == Decimal("750")
    assert aid.amount_on(large, dt.date(2025, 1, 1)).amount == Decimal("1250")
    # A family of four gets the large tier, in force on the day.
    head = make_household((4000, 40), (0, 38), (0, 10), (0, 8))[0]
    today = timezone.localdate()
    before = record(social_worker, halk, head, today - dt.timedelta(days=31)).distribution
    assert before.tier == large and before.amount == Decimal("1250")
    # A raise from tomorrow does not rewrite what was handed out, and applies from its date.
    aid.amount_set(actor=office_manager, tier=large, valid_from=today, amount=Decimal("1600"), note="Karar 12")
    later = record(social_worker, halk, head, today).distribution
    before.refresh_from_db()
    assert before.amount == Decimal("1250") and later.amount == Decimal("1600")
    assert list(large.amounts.order_by("valid_from").values_list("amount", flat=True))[-2:] == [
        Decimal("1250"),
        Decimal("1600"),
    ]
    with pytest.raises(aid.AmountExists):
        aid.amount_set(actor=office_manager, tier=large, valid_from=today, amount=Decimal("1700"))
    with pytest.raises(NotAllowed):
        aid.amount_set(actor=social_worker, tier=large, valid_from=today + dt.timedelta(days=1), amount=Decimal("1"))


def test_halk_kart_is_once_a_month_per_household(programmes: Any, social_worker: Any) -> None:
    head, spouse = make_household((3000, 40), (0, 38))
    halk = programmes["halk-kart"]
    today = timezone.localdate()
    record(social_worker, halk, head, today)
    with pytest.raises(aid.LimitReached):
        record(social_worker, halk, spouse, today)


def test_pregnancy_milk_once_per_45_day_period(programmes: Any, social_worker: Any) -> None:
    from omur.registry.services import person_health_update

    mother = make_household((3000, 30))[0]
    mother.sex = "F"
    mother.save()
    person_health_update(actor=social_worker, person=mother, diagnoses="Z33")
    milk = programmes["gebe-sut-destegi"]
    start = timezone.localdate() - dt.timedelta(days=50)
    record(social_worker, milk, mother, start)
    with pytest.raises(aid.LimitReached):
        record(social_worker, milk, mother, start + dt.timedelta(days=44))
    second = record(social_worker, milk, mother, start + dt.timedelta(days=45)).distribution
    assert second.cycle_key == "P1"


def test_overlapping_aid_in_a_household_warns_but_does_not_refuse(programmes: Any, social_worker: Any) -> None:
    head, child = make_household((3000, 40), (0, 16))
    today = timezone.localdate()
    record(social_worker, programmes["giysi-yardimi"], child, today)
    with translation.override("en"):
        recorded = record(social_worker, programmes["halk-kart"], head, today)
    assert recorded.distribution.pk
    assert len(recorded.warnings) == 1 and child.full_name in recorded.warnings[0]
    assert recorded.distribution.overlap_note == recorded.warnings[0]
    # Nothing to warn about in a household that received nothing else.
    other = make_household((3000, 50))[0]
    assert record(social_worker, programmes["halk-kart"], other, today).warnings == []


def test_distribution_is_audited_and_counted_by_the_indicator(
    programmes: Any, poor_adult: Any, social_worker: Any, audit_events: Any
) -> None:
    today = timezone.localdate()
    d = record(social_worker, programmes["giysi-yardimi"], poor_adult, today).distribution
    event = audit_events.get(action="distribution.create")
    assert event.changes["slot"] == 1 and event.changes["amount"] == str(d.amount)
    assert distributions_in(today, today) == 1
    assert indicator("benefits.distributions").value(today, today) == 1
    assert indicator("benefits.pass_ons_per_year") is not None


def test_sociologist_cannot_record(programmes: Any, poor_adult: Any, sociologist: Any) -> None:
    with pytest.raises(NotAllowed):
        record(sociologist, programmes["giysi-yardimi"], poor_adult, timezone.localdate())


def test_future_date_refused(programmes: Any, poor_adult: Any, social_worker: Any) -> None:
    with pytest.raises(aid.FutureDate):
        record(social_worker, programmes["giysi-yardimi"], poor_adult, timezone.localdate() + dt.timedelta(days=1))
