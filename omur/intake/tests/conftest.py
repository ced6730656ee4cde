from collections.abc import Iterator
from typing import Any

import pytest

from omur.core import sms


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> Iterator[list[sms.OutboxMessage]]:
    """Every intake test sends SMS into a list, never to a log or a gateway."""
    settings.OMUR_SMS_BACKEND = "omur.core.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def category(db: Any) -> Any:
    from omur.intake.tests.factories import CategoryFactory

    return CategoryFactory()


@pytest.fixture
def make_request(db: Any, call_operator: Any, category: Any) -> Any:
    """A request created through the service, as an operator taking a call would."""
    from omur.intake.models import Channel
    from omur.intake.services import request_create

    counter = iter(range(1000))

    def make(**overrides: Any) -> Any:
        n = next(counter)
        values: dict[str, Any] = {
            "actor": call_operator,
            "channel": Channel.PHONE_185,
            "category": category,
            "caller_name": "Ayşe Yılmaz",
            "caller_phone": f"0532 100 {n // 100 % 100:02d} {n % 100:02d}",
            "description": "Yalnız yaşayan annem için ev temizliği istiyoruz.",
        }
        values.update(overrides)
        return request_create(**values)

    return make
