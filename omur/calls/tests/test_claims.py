"""The shared list: "next call" hands each operator a different person, claims lapse when abandoned,
and real threads on a real database never get the same call."""

import datetime as dt
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from conftest import make_user
from omur.accounts.roles import Role
from omur.calls import services
from omur.calls.models import Call, CallAttempt, CallStatus, Outcome
from omur.calls.tests.conftest import DAY, at
from omur.calls.tests.factories import ProgrammeFactory
from omur.registry.tests.factories import PersonFactory


def _list_of(n: int, *, actor: Any) -> Any:
    programme = ProgrammeFactory()
    for person in PersonFactory.create_batch(n):
        services.member_add(actor=actor, programme=programme, person=person)
    services.call_list_generate(programme=programme, day=DAY)
    return programme


@pytest.mark.django_db
def test_next_call_claims_in_order_and_two_operators_get_different_people(
    social_worker: Any, call_operator: Any, second_operator: Any, audit_events: Any
) -> None:
    _list_of(3, actor=social_worker)
    first = services.call_claim_next(actor=call_operator, now=at(9, 1), day=DAY)
    second = services.call_claim_next(actor=second_operator, now=at(9, 1), day=DAY)
    assert first is not None and second is not None and first.pk != second.pk
    assert first.claimed_by == call_operator and first.claim_expires_at == at(9, 1) + dt.timedelta(minutes=5)
    # Asking again gives the call already held, not a second one.
    assert services.call_claim_next(actor=call_operator, now=at(9, 2), day=DAY) == first
    assert audit_events.filter(action="call.claim").count() == 2


@pytest.mark.django_db
def test_nothing_is_due_before_the_window(social_worker: Any, call_operator: Any) -> None:
    _list_of(2, actor=social_worker)
    assert services.call_claim_next(actor=call_operator, now=at(8, 59), day=DAY) is None


@pytest.mark.django_db
def test_an_abandoned_claim_expires_and_another_operator_gets_the_call(
    social_worker: Any, call_operator: Any, second_operator: Any
) -> None:
    _list_of(1, actor=social_worker)
    held = services.call_claim_next(actor=call_operator, now=at(9, 0), day=DAY)
    assert held is not None
    assert services.call_claim_next(actor=second_operator, now=at(9, 4), day=DAY) is None
    taken = services.call_claim_next(actor=second_operator, now=at(9, 6), day=DAY)
    assert taken is not None and taken.pk == held.pk and taken.claimed_by == second_operator
    # The first operator's late outcome is refused: the call is someone else's now.
    with pytest.raises(services.CallTaken):
        services.call_record(actor=call_operator, call=held, outcome=Outcome.WELL, answers={}, now=at(9, 7))


@pytest.mark.django_db
def test_the_call_screen_heartbeat_keeps_the_claim(
    social_worker: Any, call_operator: Any, second_operator: Any
) -> None:
    _list_of(1, actor=social_worker)
    held = services.call_claim_next(actor=call_operator, now=at(9, 0), day=DAY)
    assert held is not None
    services.call_claim(actor=call_operator, call=held, now=at(9, 4))
    assert services.call_claim_next(actor=second_operator, now=at(9, 8), day=DAY) is None


@pytest.mark.django_db
def test_release_puts_the_call_back(social_worker: Any, call_operator: Any, second_operator: Any) -> None:
    _list_of(1, actor=social_worker)
    held = services.call_claim_next(actor=call_operator, now=at(9, 0), day=DAY)
    assert held is not None
    services.call_release(actor=call_operator, call=held)
    again = services.call_claim_next(actor=second_operator, now=at(9, 1), day=DAY)
    assert again is not None and again.pk == held.pk


@pytest.mark.django_db
def test_only_operators_claim(social_worker: Any) -> None:
    _list_of(1, actor=social_worker)
    with pytest.raises(services.NotAllowed):
        services.call_claim_next(actor=social_worker, now=at(9, 1), day=DAY)


@pytest.mark.django_db(transaction=True)
def test_operators_working_the_same_list_at_once_never_call_the_same_person() -> None:
    supervisor = make_user(Role.SOCIAL_WORKER, username="supervisor")
    operators = [make_user(Role.CALL_OPERATOR, username=f"operator{i}") for i in range(6)]
    _list_of(24, actor=supervisor)
    start = threading.Barrier(len(operators))
    errors: list[BaseException] = []
    claims: list[tuple[int, int]] = []

    def work(operator: Any) -> None:
        try:
            start.wait()
            while True:
                call = services.call_claim_next(actor=operator, now=at(9, 30), day=DAY)
                if call is None:
                    return
                claims.append((operator.pk, call.pk))
                services.call_record(actor=operator, call=call, outcome=Outcome.WELL, answers={}, now=at(9, 31))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(op,)) for op in operators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    per_call = Counter(call_pk for _operator, call_pk in claims)
    assert len(per_call) == 24 and set(per_call.values()) == {1}
    assert Call.objects.filter(status=CallStatus.DONE).count() == 24
    assert CallAttempt.objects.count() == 24
    # The work was shared, not done by one thread while the others waited.
    assert len({operator_pk for operator_pk, _call in claims}) > 1
