"""Two desks at once must not both hand out the last place of a cycle: real threads, real commits."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_user
from omur.benefits.models import Confirmation, Distribution
from omur.benefits.services import aid
from omur.benefits.tests.conftest import make_household


@pytest.mark.django_db(transaction=True)
def test_two_desks_cannot_both_hand_out_the_last_clothing_aid(catalogue: Any) -> None:
    from omur.benefits.models import AidProgramme

    clothing = AidProgramme.objects.select_related("service").get(code="giysi-yardimi")
    person = make_household((3000, 40))[0]
    desks = [make_user("social_worker", username=f"desk{i}") for i in range(2)]
    today = timezone.localdate()
    for n in range(2):
        aid.distribution_record(
            actor=desks[0],
            programme=clothing,
            person=person,
            distributed_on=today - dt.timedelta(days=n) if today.day > 2 else today,
            confirmation=Confirmation.ID_SEEN,
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def desk(user: Any) -> None:
        try:
            barrier.wait(timeout=10)
            aid.distribution_record(
                actor=user, programme=clothing, person=person, distributed_on=today, confirmation=Confirmation.SIGNATURE
            )
            outcomes.append("recorded")
        except aid.LimitReached:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=desk, args=(u,)) for u in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    assert Distribution.objects.filter(programme=clothing, person=person, voided_at__isnull=True).count() == 3
