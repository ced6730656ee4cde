import datetime as dt
from typing import Any

from django.utils import timezone

from omur.homecare.models import Skill, VisitSource, VisitStatus
from omur.homecare.services import visit_request_urgent
from omur.homecare.services.visits import urgent_window


def test_urgent_visit_created_unplanned_and_audited(person: Any, call_operator: Any, audit_events: Any) -> None:
    visit = visit_request_urgent(actor=call_operator, person=person, reason="Three unanswered calls")
    assert visit.urgent and visit.source == VisitSource.URGENT
    assert visit.required_skill == Skill.WELFARE_CHECK
    assert visit.date == timezone.localdate()
    assert visit.status == VisitStatus.SCHEDULED and visit.assigned_staff is None
    assert visit.window_end > visit.window_start
    assert (visit.lat, visit.lon) == (36.80, 34.60)
    assert visit.origin == "checkin_call"
    assert audit_events.filter(action="visit.urgent", object_id=str(visit.pk)).exists()


def test_urgent_visit_not_duplicated_same_day(person: Any, call_operator: Any) -> None:
    first = visit_request_urgent(actor=call_operator, person=person, reason="No answer")
    again = visit_request_urgent(actor=call_operator, person=person, reason="Emergency contact unreachable")
    assert again.pk == first.pk
    assert "Emergency contact unreachable" in again.reason
    other_day = visit_request_urgent(
        actor=call_operator, person=person, reason="x", on=timezone.localdate() + dt.timedelta(days=1)
    )
    assert other_day.pk != first.pk
    assert (other_day.window_start, other_day.window_end) == (dt.time(9), dt.time(13))


def test_urgent_window_starts_now_and_stays_in_the_day() -> None:
    tz = timezone.get_current_timezone()
    day = dt.date(2025, 3, 4)
    assert urgent_window(day, dt.datetime(2025, 3, 4, 10, 7, tzinfo=tz)) == (dt.time(10, 15), dt.time(14, 15))
    assert urgent_window(day, dt.datetime(2025, 3, 4, 6, 0, tzinfo=tz)) == (dt.time(8, 0), dt.time(12, 0))
    start, end = urgent_window(day, dt.datetime(2025, 3, 4, 19, 50, tzinfo=tz))
    assert start == dt.time(20, 0) and end > start
    start, end = urgent_window(day, dt.datetime(2025, 3, 4, 23, 55, tzinfo=tz))
    assert end >= start
