import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from omur.core import sms
from omur.venues.tests.factories import MONDAY


@pytest.fixture
def sms_outbox(settings: Any) -> Iterator[list[sms.OutboxMessage]]:
    settings.OMUR_SMS_BACKEND = "omur.core.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def term_day(monkeypatch: Any) -> dt.date:
    """Freeze 'today' inside the test term (the services read timezone.localdate)."""
    from django.utils import timezone

    day = MONDAY + dt.timedelta(days=14)
    real_now = timezone.now
    fixed = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    offset = fixed - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    return day
