import datetime as dt
from typing import Any

import pytest

from omur.homecare.models import PlanKind, PlanStatus, RoutePlan, Skill, StaffSex, Visit
from omur.homecare.services import MoveRefused, plan_request, staff_report_sick, visit_move
from omur.homecare.services.planning import explain_problems
from omur.homecare.tests.factories import StaffMemberFactory, VisitFactory
from omur.registry.tests.factories import PersonFactory

DAY = dt.date(2025, 3, 4)  # a Tuesday, no holiday


@pytest.fixture
def day_setup(db: Any) -> dict[str, Any]:
    ayse = StaffMemberFactory(first_name="Ayşe", sex=StaffSex.FEMALE)
    zehra = StaffMemberFactory(first_name="Zehra", sex=StaffSex.FEMALE)
    ali = StaffMemberFactory(first_name="Ali", sex=StaffSex.MALE, skills=[Skill.CLEANING])
    women = [PersonFactory(sex="F") for _ in range(6)]
    visits = [
        VisitFactory(person=p, date=DAY, same_sex=True, duration_minutes=45, preferred_staff=ayse if i < 3 else zehra)
        for i, p in enumerate(women)
    ]
    cleaning = VisitFactory(person=PersonFactory(sex="M"), date=DAY, kind="cleaning", required_skill=Skill.CLEANING)
    return {"ayse": ayse, "zehra": zehra, "ali": ali, "visits": visits, "cleaning": cleaning}


def _plan(actor: Any, capture: Any, **kwargs: Any) -> RoutePlan:
    with capture(execute=True):
        row = plan_request(actor=actor, day=DAY, time_limit=1, **kwargs)
    row.refresh_from_db()
    return row


def test_plan_day_end_to_end(
    day_setup: dict[str, Any], office_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    row = _plan(office_manager, django_capture_on_commit_callbacks)
    assert row.status == PlanStatus.DONE, row.error
    assert row.version == 1 and row.visits_placed == 7 and row.visits_unplaced == 0
    assert row.check_problems == []
    assert row.plan["format"] == 1
    for v in Visit.objects.filter(date=DAY):
        assert v.assigned_staff is not None and v.sequence and v.planned_start
        if v.same_sex:
            assert v.assigned_staff.sex == "F"
        assert v.required_skill in v.assigned_staff.skills
        assert v.window_start <= v.planned_start
    assert Visit.objects.get(pk=day_setup["cleaning"].pk).assigned_staff == day_setup["ali"]
    # A second run is a new version; the first stays.
    second = _plan(office_manager, django_capture_on_commit_callbacks)
    assert second.version == 2 and RoutePlan.objects.filter(date=DAY).count() == 2


def test_unplaced_visit_gets_reason(
    day_setup: dict[str, Any], office_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    nurse_only = VisitFactory(date=DAY, kind="health_check", required_skill=Skill.HEALTH_CHECK)
    row = _plan(office_manager, django_capture_on_commit_callbacks)
    nurse_only.refresh_from_db()
    assert nurse_only.assigned_staff is None
    assert nurse_only.unplaced_reason == "no_staff_with_skill"
    assert row.visits_unplaced == 1


def test_move_refused_for_wrong_skill_or_sex(
    day_setup: dict[str, Any], office_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _plan(office_manager, django_capture_on_commit_callbacks)
    visit = Visit.objects.get(pk=day_setup["visits"][0].pk)
    with pytest.raises(MoveRefused) as refused:
        visit_move(actor=office_manager, visit=visit, staff=day_setup["ali"])
    assert "Ali" in str(refused.value)
    visit.refresh_from_db()
    assert visit.pinned_staff is None and visit.assigned_staff != day_setup["ali"]


def test_move_refused_when_window_cannot_be_met(
    day_setup: dict[str, Any], office_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _plan(office_manager, django_capture_on_commit_callbacks)
    early = VisitFactory(
        date=DAY, same_sex=False, window_start=dt.time(8, 30), window_end=dt.time(9, 30), duration_minutes=30
    )
    target = day_setup["zehra"]
    # Put it after everything else on Zehra's route: its window will have closed.
    with pytest.raises(MoveRefused):
        visit_move(actor=office_manager, visit=early, staff=target, position=60)
    assert RoutePlan.objects.filter(kind=PlanKind.MANUAL).count() == 0


def test_move_accepted_pins_and_makes_a_version(
    day_setup: dict[str, Any], office_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _plan(office_manager, django_capture_on_commit_callbacks)
    visit = Visit.objects.filter(date=DAY, assigned_staff=day_setup["ayse"]).first()
    assert visit is not None
    untouched = {
        v.pk: (v.assigned_staff_id, v.sequence)
        for v in Visit.objects.filter(date=DAY).exclude(assigned_staff__in=[day_setup["ayse"], day_setup["zehra"]])
    }
    row = visit_move(actor=office_manager, visit=visit, staff=day_setup["zehra"], position=1)
    visit.refresh_from_db()
    assert row.kind == PlanKind.MANUAL and row.status == PlanStatus.DONE and row.check_problems == []
    assert visit.assigned_staff == day_setup["zehra"] and visit.sequence == 1
    assert visit.pinned_staff == day_setup["zehra"] and visit.locked
    assert {v.pk: (v.assigned_staff_id, v.sequence) for v in Visit.objects.filter(pk__in=untouched)} == untouched


def test_sick_replan_moves_only_the_sick_carers_visits(
    day_setup: dict[str, Any], office_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _plan(office_manager, django_capture_on_commit_callbacks)
    before = {v.pk: v.assigned_staff_id for v in Visit.objects.filter(date=DAY)}
    sick = day_setup["zehra"]
    with django_capture_on_commit_callbacks(execute=True):
        row = staff_report_sick(actor=office_manager, staff=sick, day=DAY, time_limit=1)
    assert row is not None
    row.refresh_from_db()
    assert row.status == PlanStatus.DONE and row.kind == PlanKind.REPLAN, row.error
    after = {v.pk: v.assigned_staff_id for v in Visit.objects.filter(date=DAY)}
    moved = {pk for pk in before if before[pk] != after[pk]}
    assert moved == {pk for pk, sid in before.items() if sid == sick.pk}
    assert sick.pk not in after.values()
    assert {c["visit"] for c in row.changes} == moved
    assert sick.absences.filter(kind="sick", start_date=DAY).exists()


def test_planning_today_never_sends_anyone_into_the_past(
    day_setup: dict[str, Any],
    office_manager: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A carer calls in sick at 11:00: the re-plan starts no visit before 11:15 (time to hear of the
    change and get going), a visit whose window closed at 10:30 is listed as not placed with the
    reason, and a visit already done stays with its carer where it was."""
    from django.utils import timezone

    from omur.homecare.models import VisitStatus
    from omur.homecare.services.planning import problem

    _plan(office_manager, django_capture_on_commit_callbacks)  # the morning's plan, made the day before
    done = Visit.objects.filter(date=DAY, assigned_staff=day_setup["zehra"]).order_by("sequence").first()
    assert done is not None
    Visit.objects.filter(pk=done.pk).update(status=VisitStatus.DONE)
    early = VisitFactory(person=PersonFactory(sex="F"), date=DAY, window_start=dt.time(9), window_end=dt.time(10, 30))
    eleven = timezone.make_aware(dt.datetime.combine(DAY, dt.time(11)))
    monkeypatch.setattr(problem, "planning_clock", lambda: timezone.localtime(eleven))

    with django_capture_on_commit_callbacks(execute=True):
        row = staff_report_sick(actor=office_manager, staff=day_setup["ayse"], day=DAY, time_limit=1)
    assert row is not None
    row.refresh_from_db()
    assert row.status == PlanStatus.DONE, row.error
    assert row.check_problems == []
    early.refresh_from_db()
    assert early.assigned_staff is None and early.unplaced_reason == "window_passed"
    assert row.plan["window_passed"] == [early.pk]
    for v in Visit.objects.filter(date=DAY, status=VisitStatus.SCHEDULED, assigned_staff__isnull=False):
        assert v.planned_start >= dt.time(11, 15), v
    done.refresh_from_db()
    assert done.assigned_staff == day_setup["zehra"]
    # Moving the closed visit by hand is refused with the same reason.
    with pytest.raises(MoveRefused, match="zaman aralığı bugün için geçti"):
        visit_move(actor=office_manager, visit=early, staff=day_setup["zehra"])


def test_one_plan_at_a_time(day_setup: dict[str, Any], office_manager: Any) -> None:
    from omur.homecare.services import PlanAlreadyRunning

    plan_request(actor=office_manager, day=DAY, enqueue=False)
    with pytest.raises(PlanAlreadyRunning):
        plan_request(actor=office_manager, day=DAY, enqueue=False)


def test_library_problems_in_words(day_setup: dict[str, Any]) -> None:
    v = day_setup["visits"][0]
    words = explain_problems(
        [f"V{v.pk}: arrival 16:20 is after its time window", "back at the base at 18:10, after 17:30"], {f"V{v.pk}": v}
    )
    assert v.person.full_name in words[0] and "16:20" in words[0]
    assert "18:10" in words[1]


def test_planner_refused_to_field_staff(day_setup: dict[str, Any], caregiver: Any) -> None:
    from omur.homecare.services import NotAllowed

    with pytest.raises(NotAllowed):
        plan_request(actor=caregiver, day=DAY, enqueue=False)
