"""Menus, production, prices and point figures, suspended meals."""

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from omur.meals import selectors, services
from omur.meals.models import DailyMenu, Diet, LedgerEntry, MenuCycle, PointDay
from omur.meals.selectors import production_sheet, suspended_balance

TODAY = timezone.localdate()


def next_working(day: dt.date) -> dt.date:
    from omur.core.calendar import is_working_day

    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _history(point: Any, sold_by_week: list[int], day: dt.date) -> None:
    for week, sold in enumerate(sold_by_week, start=1):
        PointDay.objects.create(
            point=point, day=day - dt.timedelta(weeks=week), sent=sold + 5, sold=sold, unit_price=25
        )


def test_expected_portions_is_the_same_weekday_average_of_four_weeks(points: Any) -> None:
    day = dt.date(2026, 3, 11)
    _history(points[0], [40, 50, 60, 70, 999], day)  # the 5th week back is outside the window
    PointDay.objects.create(point=points[0], day=day - dt.timedelta(days=1), sent=300, sold=300, unit_price=25)
    PointDay.objects.create(point=points[1], day=day - dt.timedelta(days=2), sent=20, sold=18, unit_price=25)
    expected = selectors.expected_portions([points[0].pk, points[1].pk, points[2].pk], day)
    assert expected == {points[0].pk: 55, points[1].pk: 18, points[2].pk: selectors.DEFAULT_EXPECTED}


def test_kitchen_manager_changes_tomorrows_menu_and_prints_the_production_sheet(
    client_as: Any, kitchen_staff: Any, dishes: Any, points: Any, households: Any, price_service: Any
) -> None:
    day = next_working(TODAY + dt.timedelta(days=1))
    cycle = MenuCycle.objects.create(name="Kış", weeks=1, starts_on=day - dt.timedelta(days=day.weekday()))
    for weekday in range(5):
        services.cycle_day_set(actor=kitchen_staff, cycle=cycle, week=1, weekday=weekday, dishes=dishes[:3])
    assert services.menus_generate(actor=kitchen_staff, cycle=cycle, start=day, end=day) == 1
    _history(points[0], [40, 40, 40, 40], day)
    _history(points[1], [20, 22, 24, 26], day)
    client = client_as(kitchen_staff)
    response = client.post(
        reverse("meals:menu-edit", kwargs={"day": day.isoformat()}),
        {"dish1": dishes[0].pk, "dish2": dishes[4].pk, "dish3": dishes[3].pk, "bread": "on", "note": "Fasulye gelmedi"},
    )
    assert response.status_code == 302
    menu = DailyMenu.objects.get(day=day)
    assert [d.name for d in menu.dishes] == ["Mercimek çorbası", "Tavuk sote", "Sütlaç"]
    assert menu.changed_by == kitchen_staff
    # Regenerating from the cycle leaves the manager's change alone.
    assert services.menus_generate(actor=kitchen_staff, cycle=cycle, start=day, end=day) == 0

    sheet = production_sheet(kitchen=points[0].kitchen, day=day)
    assert sheet.point_portions == 40 + 23 and sheet.households == 3
    assert sheet.home_by_diet[Diet.DIABETIC] == 2 and sheet.home_by_diet[Diet.SOFT] == 1
    assert sheet.home_by_diet[Diet.STANDARD] == 1
    soup, main, dessert = sheet.lines
    assert soup.total == 63 + 4 and main.dish.name == "Tavuk sote"
    assert len(soup.missing_variants) == 1  # diabetic: the soup has a soft variant only
    assert dessert.allergy_conflicts == 2  # İsmail's household is allergic to milk
    page = client.get(reverse("meals:production"), {"day": day.isoformat(), "kitchen": points[0].kitchen_id})
    assert page.status_code == 200 and "Tavuk sote" in page.content.decode()
    pdf = client.get(reverse("meals:production-pdf"), {"day": day.isoformat()})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Tavuk sote" in text and "Sütlaç" in text and "Tarsus Mutfağı" in text


def test_a_past_menu_cannot_be_changed(kitchen_staff: Any, dishes: Any) -> None:
    with pytest.raises(ValidationError):
        services.menu_set(actor=kitchen_staff, day=TODAY - dt.timedelta(days=1), dishes=dishes[:3])
    with pytest.raises(ValidationError):
        services.menu_set(actor=kitchen_staff, day=TODAY, dishes=[dishes[0], dishes[0], dishes[1]])


def test_price_change_takes_effect_on_its_date_and_leaves_past_sales(
    points: Any, price_service: Any, kitchen_staff: Any, office_manager: Any, client_as: Any, audit_events: Any
) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    old = services.point_day_record(actor=kitchen_staff, point=points[0], day=yesterday, sent=60, sold=50)
    assert old.unit_price == Decimal("25.00") and old.cash == Decimal("1250.00")
    # Only the office manager records prices; a price cannot start in the past.
    assert (
        client_as(kitchen_staff).post(reverse("meals:price-add"), {"amount": "30", "valid_from": TODAY}).status_code
        == 403
    )
    with pytest.raises(ValidationError):
        services.meal_price_add(actor=office_manager, amount=Decimal("30"), valid_from=yesterday)
    response = client_as(office_manager).post(
        reverse("meals:price-add"), {"amount": "30.00", "valid_from": TODAY.isoformat(), "note": "Meclis kararı"}
    )
    assert response.status_code == 302
    assert selectors.meal_price_on(TODAY) == Decimal("30.00") and selectors.meal_price_on(yesterday) == Decimal("25.00")
    new = services.point_day_record(actor=kitchen_staff, point=points[0], day=TODAY, sent=60, sold=40)
    assert new.unit_price == Decimal("30.00") and new.cash == Decimal("1200.00")
    # Correcting yesterday's figures keeps yesterday's price.
    corrected = services.point_day_record(actor=kitchen_staff, point=points[0], day=yesterday, sent=60, sold=52)
    assert corrected.unit_price == Decimal("25.00") and corrected.cash == Decimal("1300.00")
    assert [p.amount for p in selectors.price_history()] == [
        Decimal("30.00"),
        Decimal("25.00"),
        Decimal("3.50"),
        Decimal("3.00"),
    ]
    assert audit_events.filter(action="service.price_add").count() == 1
    assert audit_events.filter(action="meals.point_day_record").count() == 3


def test_point_figures_cannot_exceed_what_was_sent(
    points: Any, price_service: Any, kitchen_staff: Any, client_as: Any
) -> None:
    with pytest.raises(ValidationError):
        services.point_day_record(actor=kitchen_staff, point=points[0], day=TODAY, sent=10, sold=11)
    with pytest.raises(ValidationError):
        services.point_day_record(
            actor=kitchen_staff, point=points[0], day=TODAY + dt.timedelta(days=1), sent=10, sold=5
        )
    response = client_as(kitchen_staff).post(
        reverse("meals:point-day-record", kwargs={"point_id": points[1].pk}),
        {"day": TODAY.isoformat(), "sent": "30", "sold": "28"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and f'id="point-{points[1].pk}"' in response.content.decode()
    assert PointDay.objects.get(point=points[1], day=TODAY).cash == Decimal("700.00")


def test_donors_meals_redeemed_at_two_points_and_the_ledger_balances(
    points: Any, price_service: Any, kitchen_staff: Any, client_as: Any
) -> None:
    client = client_as(kitchen_staff)
    response = client.post(
        reverse("meals:donation-create"),
        {"donor_name": "Hatice Karaca", "meals": "10", "amount": "250", "received_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    for point, count in [(points[0], 4), (points[1], 3)]:
        response = client.post(reverse("meals:redeem"), {"point": point.pk, "count": count, "day": TODAY.isoformat()})
        assert response.status_code == 302
    assert suspended_balance() == {"donated": 10, "redeemed": 7, "available": 3, "balanced": True}
    assert PointDay.objects.get(point=points[0], day=TODAY).redeemed == 4
    # Over-redeeming is refused and writes nothing.
    with pytest.raises(ValidationError):
        services.suspended_redeem(actor=kitchen_staff, point=points[2], day=TODAY, count=4)
    assert suspended_balance()["available"] == 3 and LedgerEntry.objects.count() == 3
    # A donation for one point is not handed out elsewhere.
    services.donation_receive(
        actor=kitchen_staff, donor_name="Mehmet Uysal", meals=5, amount=Decimal(125), received_on=TODAY, point=points[2]
    )
    with pytest.raises(ValidationError):
        services.suspended_redeem(actor=kitchen_staff, point=points[0], day=TODAY, count=4)
    services.suspended_redeem(actor=kitchen_staff, point=points[2], day=TODAY, count=8)
    assert suspended_balance() == {"donated": 15, "redeemed": 15, "available": 0, "balanced": True}


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_never_spend_a_meal_twice(points: Any, price_service: Any, kitchen_staff: Any) -> None:
    services.donation_receive(
        actor=kitchen_staff, donor_name="Esnaf Odası", meals=10, amount=Decimal(250), received_on=TODAY
    )
    outcomes: list[bool] = []

    def attempt(point: Any) -> None:
        try:
            services.suspended_redeem(actor=kitchen_staff, point=point, day=TODAY, count=3)
            outcomes.append(True)
        except ValidationError:
            outcomes.append(False)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(points[i % 3],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count(True) == 3 and len(outcomes) == 6
    assert suspended_balance() == {"donated": 10, "redeemed": 9, "available": 1, "balanced": True}


def test_only_those_who_may_post_a_price_see_the_new_price_form(
    points: Any, price_service: Any, kitchen_staff: Any, office_manager: Any, client_as: Any
) -> None:
    add_url = reverse("meals:price-add")
    kitchen = client_as(kitchen_staff).get(reverse("meals:price-list"))
    assert kitchen.status_code == 200
    page = kitchen.content.decode()
    assert 'data-testid="current-price"' in page  # the price in force is shown to the kitchen
    assert add_url not in page and 'name="amount"' not in page
    manager = client_as(office_manager).get(reverse("meals:price-list")).content.decode()
    assert add_url in manager and 'name="amount"' in manager
    # The same rule on the kitchens table: only the office manager edits a kitchen.
    edit_url = reverse("meals:kitchen-edit", kwargs={"pk": points[0].kitchen_id})
    assert edit_url not in client_as(kitchen_staff).get(reverse("meals:point-list")).content.decode()
    assert edit_url in client_as(office_manager).get(reverse("meals:point-list")).content.decode()
