"""Home delivery: the day's list, suspensions, planning end to end, the driver's view, missed
deliveries, labels, permissions, and the planning function the benchmark shares."""

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import make_user
from omur.accounts.roles import Role
from omur.cases.models import Task
from omur.meals import selectors, services
from omur.meals.models import (
    WINDOW_END,
    WINDOW_START,
    DeliveryPlan,
    DeliveryRun,
    DeliveryStop,
    Diet,
    PlanStatus,
    StopStatus,
    SuspensionReason,
)
from omur.meals.planning import delivery_day_from_json, delivery_problem

from .test_operations import next_working

TODAY = timezone.localdate()
MEAL_DAY = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "mersin" / "meal-day.json"


def _plan(day: dt.date, seconds: int = 1) -> DeliveryPlan:
    plan = DeliveryPlan.objects.create(day=day, seconds=seconds)
    return services.delivery_plan_run(plan_id=plan.pk)


def test_day_list_follows_weekdays_and_skips_weekends(households: Any) -> None:
    monday = dt.date(2026, 3, 9)
    households[2].weekdays = [0, 2, 4]
    households[2].save()
    assert len(selectors.delivery_list(day=monday)) == 4
    assert len(selectors.delivery_list(day=monday + dt.timedelta(days=1))) == 3
    assert selectors.delivery_list(day=monday + dt.timedelta(days=5)) == []


def test_delivery_planning_end_to_end(
    client_as: Any, kitchen_staff: Any, households: Any, django_capture_on_commit_callbacks: Any
) -> None:
    day = next_working(TODAY + dt.timedelta(days=1))
    client = client_as(kitchen_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meals:plan-start"), {"day": day.isoformat(), "seconds": "5"})
    assert response.status_code == 302
    plan = DeliveryPlan.objects.get(day=day)
    assert plan.status == PlanStatus.DONE, plan.error
    assert plan.summary["routed"] == 4 and plan.summary["unplaced"] == []
    runs = DeliveryRun.objects.filter(day=day)
    assert {r.kitchen.code for r in runs} == {"merkez-mutfak", "tarsus-mutfak"}
    stops = DeliveryStop.objects.filter(day=day)
    assert stops.count() == 4 and all(WINDOW_START <= s.eta <= WINDOW_END for s in stops)
    assert sum(r.portions for r in runs) == 5
    diabetic = stops.get(profile=households[0])
    assert diabetic.diet == Diet.DIABETIC and diabetic.portions == 2 and diabetic.allergies == ["milk"]
    status = client.get(reverse("meals:plan-status", kwargs={"pk": plan.pk}), HTTP_HX_REQUEST="true")
    assert status.status_code == 200 and status["HX-Refresh"] == "true"
    page = client.get(reverse("meals:delivery-day"), {"day": day.isoformat()})
    assert page.status_code == 200 and "İsmail Öztürk" in page.content.decode()
    # The map: one line per van from its kitchen, the stops in order, no names on it.
    routes = selectors.run_geometry(day)
    assert len(routes) == runs.count()
    assert sorted(len(r["stops"]) for r in routes) == sorted(r.stops.count() for r in runs)
    assert {tuple(r["base"]) for r in routes} == {(r.kitchen.lat, r.kitchen.lon) for r in runs}
    assert all(s["label"].startswith(f"{n}. ") for r in routes for n, s in enumerate(r["stops"], start=1))
    assert "İsmail" not in str(routes) and "data-route-map" in page.content.decode()
    # A second request while nothing has been recorded plans again; once a driver records, never.
    stop = stops.first()
    assert stop is not None
    DeliveryStop.objects.filter(pk=stop.pk).update(status=StopStatus.DELIVERED)
    with pytest.raises(ValidationError):
        services.delivery_plan_request(actor=kitchen_staff, day=day)


def test_hospital_suspension_removes_the_household_from_those_days_lists_and_routes(
    households: Any, social_worker: Any, client_as: Any, audit_events: Any
) -> None:
    day = next_working(TODAY + dt.timedelta(days=1))
    _plan(day)
    ismail = households[0]
    assert DeliveryStop.objects.filter(profile=ismail, day=day).exists()
    response = client_as(social_worker).post(
        reverse("meals:suspension-add", kwargs={"enrolment_id": ismail.enrolment_id}),
        {
            "start": day.isoformat(),
            "end": (day + dt.timedelta(days=6)).isoformat(),
            "reason": SuspensionReason.HOSPITAL,
        },
    )
    assert response.status_code == 302
    assert not DeliveryStop.objects.filter(profile=ismail, day=day).exists()
    assert ismail not in selectors.delivery_list(day=day)
    assert ismail in selectors.delivery_list(day=next_working(day + dt.timedelta(days=7)))
    run = DeliveryRun.objects.get(day=day, kitchen=ismail.kitchen)
    assert run.portions == sum(s.portions for s in run.stops.all())
    plan = _plan(day)
    assert plan.summary["households"] == 3 and not DeliveryStop.objects.filter(profile=ismail, day=day).exists()
    assert audit_events.filter(action="meals.suspension_add").count() == 1
    suspension = ismail.suspensions.get()
    services.suspension_end(actor=social_worker, suspension=suspension)
    assert not ismail.suspensions.exists() or ismail.suspensions.get().end == TODAY


def _stop(profile: Any, day: dt.date, driver: Any, number: int = 1) -> DeliveryStop:
    run, _ = DeliveryRun.objects.get_or_create(
        day=day, kitchen=profile.kitchen, number=number, defaults={"depart": 630, "back": 900, "driver": driver}
    )
    return DeliveryStop.objects.create(
        run=run,
        profile=profile,
        person=profile.enrolment.person,
        day=day,
        sequence=run.stops.count() + 1,
        eta=700,
        portions=profile.portions,
        diet=profile.diet,
    )


def test_a_refusal_twice_raises_one_task_for_the_case_manager(
    households: Any, driver: Any, social_worker: Any, client_as: Any
) -> None:
    days = [TODAY - dt.timedelta(days=n) for n in (3, 2, 1)]
    profile = households[1]
    stops = [_stop(profile, d, driver) for d in days]
    client = client_as(driver)
    for stop in stops:
        response = client.post(
            reverse("meals:stop-record", kwargs={"pk": stop.pk}), {"status": "refused"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
    tasks = Task.objects.filter(source="missed_meal", person=profile.enrolment.person)
    assert tasks.count() == 1
    task = tasks.get()
    assert task.assignee == social_worker and task.status == "open"
    assert DeliveryStop.objects.filter(profile=profile, status=StopStatus.REFUSED).count() == 3


def test_missed_then_delivered_then_missed_raises_nothing(households: Any, driver: Any) -> None:
    profile = households[2]
    a, b, c = (_stop(profile, TODAY - dt.timedelta(days=n), driver) for n in (3, 2, 1))
    services.stop_record(actor=driver, stop=a, status=StopStatus.NOT_HOME)
    services.stop_record(actor=driver, stop=b, status=StopStatus.DELIVERED)
    services.stop_record(actor=driver, stop=c, status=StopStatus.REFUSED)
    assert not Task.objects.filter(source="missed_meal").exists()


def test_a_driver_sees_and_records_only_their_own_runs(households: Any, driver: Any, client_as: Any) -> None:
    other = make_user(Role.DRIVER, username="other_driver")
    mine = _stop(households[0], TODAY, driver, number=1)
    theirs = _stop(households[1], TODAY, other, number=2)
    client = client_as(driver)
    assert client.get(reverse("meals:run-detail", kwargs={"pk": mine.run_id})).status_code == 200
    assert client.get(reverse("meals:run-detail", kwargs={"pk": theirs.run_id})).status_code == 404
    assert (
        client.post(reverse("meals:stop-record", kwargs={"pk": theirs.pk}), {"status": "delivered"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == StopStatus.PENDING
    runs = client.get(reverse("meals:my-runs")).content.decode()
    assert f"/yemek/seferler/{mine.run_id}/" in runs and f"/yemek/seferler/{theirs.run_id}/" not in runs
    assert client.get(reverse("meals:delivery-day")).status_code == 403


def test_roles_are_kept_to_their_work(
    households: Any, kitchen_staff: Any, social_worker: Any, caregiver: Any, client_as: Any
) -> None:
    enrolment_page = reverse("meals:profile-edit", kwargs={"enrolment_id": households[0].enrolment_id})
    assert client_as(kitchen_staff).get(enrolment_page).status_code == 403
    assert client_as(caregiver).get(reverse("meals:dashboard")).status_code == 403
    assert client_as(social_worker).get(reverse("meals:production")).status_code == 403
    assert client_as(social_worker).get(enrolment_page).status_code == 200


def test_social_worker_edits_diet_and_allergies(
    households: Any, social_worker: Any, client_as: Any, audit_events: Any
) -> None:
    profile = households[3]
    response = client_as(social_worker).post(
        reverse("meals:profile-edit", kwargs={"enrolment_id": profile.enrolment_id}),
        {
            "kitchen": profile.kitchen_id,
            "diet": "soft",
            "allergies": ["eggs", "fish"],
            "portions": "2",
            "weekdays": ["0", "3"],
            "lat": "36.92",
            "lon": "34.88",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.diet, profile.allergies, profile.portions, profile.weekdays) == (
        "soft",
        ["eggs", "fish"],
        2,
        [0, 3],
    )
    assert audit_events.filter(action="meals.profile_update").count() == 1


def test_labels_pdf_has_one_label_per_portion_with_turkish_names(
    households: Any, kitchen_staff: Any, client_as: Any
) -> None:
    day = next_working(TODAY + dt.timedelta(days=1))
    _plan(day)
    response = client_as(kitchen_staff).get(reverse("meals:labels"), {"day": day.isoformat()})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert text.count("İsmail Öztürk") == 2  # two portions
    assert "Gülşen Işık" in text and "Hüseyin Çelik" in text


def test_timeline_and_indicator(households: Any, driver: Any, social_worker: Any, kitchen_staff: Any) -> None:
    from omur.core.indicators import indicator
    from omur.meals.timeline import meal_timeline

    stop = _stop(households[0], TODAY - dt.timedelta(days=1), driver)
    services.stop_record(actor=driver, stop=stop, status=StopStatus.DELIVERED)
    person = households[0].enrolment.person
    assert [e.status for e in meal_timeline(person=person, actor=social_worker)] == ["delivered"]
    assert list(meal_timeline(person=person, actor=kitchen_staff)) == []
    figure = indicator("meals.portions_per_day")
    assert figure is not None and figure.value(TODAY - dt.timedelta(days=7), TODAY) == 2


@pytest.mark.skipif(not MEAL_DAY.exists(), reason="the shared benchmark day is not here")
def test_the_benchmark_and_the_app_build_the_same_problem() -> None:
    from omur.routing.mersin import load_meal_day

    problem, _provider = load_meal_day(MEAL_DAY)
    assert delivery_problem(delivery_day_from_json(MEAL_DAY)) == problem
