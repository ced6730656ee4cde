"""Enrolment, the waitlist and place offers; over-booking is impossible."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from omur.core.models import SmsState
from omur.registry.models import Sex, SocialSecurity
from omur.registry.tests.factories import PersonFactory
from omur.services.models import EligibilityFacts
from omur.venues import services
from omur.venues.models import Activity, Enrolment, EnrolmentStatus, OfferSms
from omur.venues.tests.factories import ActivityFactory, add_rule


def test_enrol_takes_a_place_and_records_audit(centre_staff: Any, audit_events: Any) -> None:
    activity = ActivityFactory(capacity=2)
    enrolment = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    activity.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED and activity.places_taken == 1
    assert audit_events.filter(action="activity_enrolment.create", object_id=str(enrolment.pk)).exists()


def test_full_activity_puts_people_on_the_waitlist(centre_staff: Any) -> None:
    activity = ActivityFactory(capacity=1)
    services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    second = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    assert second.status == EnrolmentStatus.WAITING
    with pytest.raises(services.ActivityFull):
        services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory(), waitlist=False)


def test_same_person_cannot_enrol_twice(centre_staff: Any) -> None:
    activity = ActivityFactory(capacity=5)
    person = PersonFactory()
    services.enrolment_create(actor=centre_staff, activity=activity, person=person)
    with pytest.raises(services.AlreadyEnrolled):
        services.enrolment_create(actor=centre_staff, activity=activity, person=person)


def test_database_refuses_overbooking_even_without_the_service(db: Any) -> None:
    activity = ActivityFactory(capacity=1)
    Activity.objects.filter(pk=activity.pk).update(places_taken=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(places_taken=F("places_taken") + 1)


def test_eligibility_refusal_explains_the_rule(centre_staff: Any) -> None:
    activity = ActivityFactory()
    add_rule(activity.service, "sex", {"sex": "F"})
    add_rule(activity.service, "age_years_between", {"min": 18})
    boy = PersonFactory(sex=Sex.MALE, birth_date=dt.date(2014, 1, 1))  # 16 when the course starts (2030)
    with pytest.raises(services.NotEligible) as refused, translation.override("en"):
        services.enrolment_create(actor=centre_staff, activity=activity, person=boy)
    text = str(refused.value)
    assert "women only" in text and "16" in text and "18" in text  # each failed rule, with the facts
    assert not Enrolment.objects.filter(person=boy).exists()
    woman = PersonFactory(sex=Sex.FEMALE, birth_date=dt.date(1990, 5, 5))
    assert services.enrolment_create(actor=centre_staff, activity=activity, person=woman).status == "enrolled"


def test_missing_birth_date_is_refused_until_the_record_is_complete(centre_staff: Any) -> None:
    activity = ActivityFactory()
    add_rule(activity.service, "age_months_between", {"max": 72})
    with pytest.raises(services.NotEligible):
        services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory(birth_date=None))


def test_waitlist_is_ranked_by_vulnerability_then_application_time(centre_staff: Any, sms_outbox: list) -> None:
    activity = ActivityFactory(capacity=1)
    holder = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    early = services.enrolment_create(
        actor=centre_staff, activity=activity, person=PersonFactory(birth_date=dt.date(1990, 1, 1))
    )
    vulnerable = PersonFactory(birth_date=dt.date(1950, 1, 1), lives_alone=True, social_security=SocialSecurity.NONE)
    EligibilityFacts.objects.create(person=vulnerable, disability_percent=60)
    late = services.enrolment_create(actor=centre_staff, activity=activity, person=vulnerable)
    also_early = services.enrolment_create(
        actor=centre_staff, activity=activity, person=PersonFactory(birth_date=dt.date(1991, 1, 1))
    )
    assert late.priority == 30 + 15 + 10 + 10 and early.priority == 0
    assert late.priority_reasons == ["disability", "lives_alone", "aged_65", "no_social_security"]
    services.enrolment_withdraw(actor=centre_staff, enrolment=holder)
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.status == EnrolmentStatus.OFFERED and early.status == EnrolmentStatus.WAITING
    # Then the earlier of two equal scores.
    services.offer_decline(actor=centre_staff, enrolment=late)
    early.refresh_from_db()
    also_early.refresh_from_db()
    assert early.status == EnrolmentStatus.OFFERED and also_early.status == EnrolmentStatus.WAITING
    activity.refresh_from_db()
    assert activity.places_taken == 1


def test_offer_sends_sms_after_commit_with_deadline(
    centre_staff: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    activity = ActivityFactory(capacity=1, offer_hours=48)
    holder = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    waiting = services.enrolment_create(
        actor=centre_staff, activity=activity, person=PersonFactory(phone="+905321112233")
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.enrolment_withdraw(actor=centre_staff, enrolment=holder)
    assert sms_outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.OFFERED
    expected = waiting.offered_at + dt.timedelta(hours=48)
    assert abs((waiting.offer_expires_at - expected).total_seconds()) < 1
    assert len(sms_outbox) == 1 and sms_outbox[0].to == "+905321112233"
    deadline = timezone.localtime(waiting.offer_expires_at).strftime("%d.%m.%Y %H:%M")
    assert deadline in sms_outbox[0].text
    assert OfferSms.objects.get(enrolment=waiting).state == SmsState.SENT


def test_therapy_offer_sms_does_not_name_the_programme(centre_staff: Any, sms_outbox: list) -> None:
    activity = ActivityFactory(capacity=1, kind="therapy", name="Otizm Ebeveyn Çemberi")
    holder = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    waiting = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    services.enrolment_withdraw(actor=centre_staff, enrolment=holder)
    message = OfferSms.objects.get(enrolment=waiting)
    assert "Otizm" not in message.text and activity.location.name_tr in message.text


def test_accept_enrols_and_expired_offer_passes_to_the_next(centre_staff: Any, sms_outbox: list) -> None:
    activity = ActivityFactory(capacity=1, offer_hours=48)
    holder = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    first = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    second = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    services.enrolment_withdraw(actor=centre_staff, enrolment=holder)
    first.refresh_from_db()
    later = first.offer_expires_at + dt.timedelta(minutes=1)
    with pytest.raises(services.OfferExpired):
        services.offer_accept(actor=centre_staff, enrolment=first, now=later)
    assert services.offers_expire(now=first.offer_expires_at - dt.timedelta(minutes=1)) == 0
    assert services.offers_expire(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnrolmentStatus.EXPIRED and second.status == EnrolmentStatus.OFFERED
    services.offer_accept(actor=centre_staff, enrolment=second)
    second.refresh_from_db()
    activity.refresh_from_db()
    assert second.status == EnrolmentStatus.ENROLLED and activity.places_taken == 1
    with pytest.raises(services.NotOffered):
        services.offer_accept(actor=centre_staff, enrolment=second)


def test_more_places_are_offered_to_the_waitlist(centre_staff: Any, sms_outbox: list) -> None:
    from django.core.exceptions import ValidationError

    activity = ActivityFactory(capacity=1)
    services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    waiting = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    services.activity_update(actor=centre_staff, activity=activity, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.OFFERED
    with pytest.raises(ValidationError):
        services.activity_update(actor=centre_staff, activity=activity, capacity=1)


def _race(activity: Activity, actor: Any, people: list[Any], *, waitlist: bool) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(len(people))

    def attempt(person: Any) -> None:
        try:
            barrier.wait(timeout=10)
            enrolment = services.enrolment_create(actor=actor, activity=activity, person=person, waitlist=waitlist)
            outcomes.append(enrolment.status)
        except services.ActivityFull:
            outcomes.append("full")
        except Exception as exc:  # pragma: no cover - would fail the assertion below with the reason
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_people_take_the_last_place_at_the_same_moment_exactly_one_wins() -> None:
    from conftest import make_user

    staff = make_user("centre_staff")
    activity = ActivityFactory(capacity=3)
    for _ in range(2):
        services.enrolment_create(actor=staff, activity=activity, person=PersonFactory())
    outcomes = _race(activity, staff, PersonFactory.create_batch(2), waitlist=True)
    assert sorted(outcomes) == ["enrolled", "waiting"], outcomes
    activity.refresh_from_db()
    assert activity.places_taken == 3
    assert Enrolment.objects.filter(activity=activity, status="enrolled").count() == 3


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_enrolments_never_overbook() -> None:
    from conftest import make_user

    staff = make_user("centre_staff")
    activity = ActivityFactory(capacity=5)
    services.enrolment_create(actor=staff, activity=activity, person=PersonFactory())
    outcomes = _race(activity, staff, PersonFactory.create_batch(16), waitlist=False)
    assert outcomes.count("enrolled") == 4 and outcomes.count("full") == 12, outcomes
    activity.refresh_from_db()
    assert activity.places_taken == 5 == Enrolment.objects.filter(activity=activity, status="enrolled").count()
