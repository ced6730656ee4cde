"""Bad input on the meals pages: each is refused with a Turkish message that says what to fix, and
nothing is written (no row, no ledger entry, no audit event)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from omur.core.models import AuditEvent
from omur.meals.models import DailyMenu, DeliverySuspension, Donation, LedgerEntry, SuspensionReason

from .test_operations import next_working

TODAY = timezone.localdate()


def _unchanged(*models: Any) -> Any:
    before = [m.objects.count() for m in (*models, AuditEvent)]
    return lambda: [m.objects.count() for m in (*models, AuditEvent)] == before


def test_a_suspension_ending_before_it_starts_is_refused(households: Any, social_worker: Any, client_as: Any) -> None:
    profile = households[0]
    response = client_as(social_worker).post(
        reverse("meals:suspension-add", kwargs={"enrolment_id": profile.enrolment_id}),
        {
            "start": (TODAY + dt.timedelta(days=5)).isoformat(),
            "end": (TODAY + dt.timedelta(days=2)).isoformat(),
            "reason": SuspensionReason.HOSPITAL,
        },
        follow=True,
    )
    assert "Son gün ilk günden önce olamaz" in response.content.decode()
    # Reading the profile page back is itself audited: look only for what the refusal would write.
    assert not DeliverySuspension.objects.exists()
    assert not AuditEvent.objects.filter(action="meals.suspension_add").exists()


def test_a_donation_of_no_meals_or_without_a_donor_is_refused(kitchen_staff: Any, client_as: Any, points: Any) -> None:
    client = client_as(kitchen_staff)  # signing in is audited: count from here
    same = _unchanged(Donation, LedgerEntry)
    url = reverse("meals:donation-create")
    good = {"donor_name": "Hayırsever Esnaf", "meals": 10, "amount": "250", "received_on": TODAY.isoformat()}
    response = client.post(url, {**good, "meals": 0})
    assert response.status_code == 400 and "1" in response.content.decode()
    response = client.post(url, {**good, "donor_name": "   "})
    assert response.status_code == 400
    response = client.post(url, {**good, "received_on": (TODAY + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 400 and "Bağış ileri bir tarihte alınmış olamaz" in response.content.decode()
    assert same()


def test_a_price_in_the_past_is_refused_and_history_kept(
    office_manager: Any, client_as: Any, price_service: Any
) -> None:
    from omur.services.models import ServicePrice

    prices = list(ServicePrice.objects.values_list("pk", "amount", "valid_from"))
    response = client_as(office_manager).post(
        reverse("meals:price-add"),
        {"amount": "30", "valid_from": (TODAY - dt.timedelta(days=1)).isoformat()},
        follow=True,
    )
    assert "geçmiş bir tarihten başlayamaz" in response.content.decode()
    assert list(ServicePrice.objects.values_list("pk", "amount", "valid_from")) == prices


def test_a_menu_with_the_same_dish_twice_is_refused(kitchen_staff: Any, client_as: Any, dishes: Any) -> None:
    day = next_working(TODAY + dt.timedelta(days=1))
    client = client_as(kitchen_staff)  # signing in is audited: count from here
    same = _unchanged(DailyMenu)
    response = client.post(
        reverse("meals:menu-edit", kwargs={"day": day.isoformat()}),
        {"dish1": dishes[0].pk, "dish2": dishes[0].pk, "dish3": dishes[1].pk, "bread": "on"},
    )
    assert response.status_code == 400
    assert "Üç farklı yemek seçin" in response.content.decode()
    assert same()
