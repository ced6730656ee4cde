import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from omur.core.models import ScheduleRun
from omur.core.schedules import SCHEDULES, schedules_fire_due

TZ = ZoneInfo("Europe/Istanbul")


def test_schedule_fires_once_a_day_after_its_time(db: Any) -> None:
    assert "core.housekeeping" in SCHEDULES
    before = dt.datetime(2026, 11, 25, 2, 59, tzinfo=TZ)
    after = dt.datetime(2026, 11, 25, 3, 1, tzinfo=TZ)
    assert "core.housekeeping" not in schedules_fire_due(now=before)
    assert "core.housekeeping" in schedules_fire_due(now=after)
    assert "core.housekeeping" not in schedules_fire_due(now=after + dt.timedelta(hours=2))
    assert "core.housekeeping" in schedules_fire_due(now=after + dt.timedelta(days=1))
    assert ScheduleRun.objects.filter(name="core.housekeeping").count() == 2


def test_housekeeping_drops_expired_sessions(db: Any) -> None:
    from django.utils import timezone

    from omur.accounts.models import Session
    from omur.core.tasks import housekeeping

    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - dt.timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + dt.timedelta(days=1))
    result = housekeeping.call()
    assert result["sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
