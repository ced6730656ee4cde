"""SMS notices about requests: written with the change, sent after commit, failures recorded."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction

from omur.intake.models import Channel, Decision, Request, SmsMessage, Status
from omur.intake.services import request_create, request_transition, sms_message_send
from omur.registry.tests.factories import PersonFactory


class Boom(Exception):
    pass


def _triaged(make_request: Any, actor: Any, **kwargs: Any) -> Request:
    req = make_request(**kwargs)
    request_transition(actor=actor, req=req, to_status=Status.TRIAGED)
    return req


def test_sms_is_sent_only_after_commit(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = _triaged(make_request, social_worker)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_transition(actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
        # Recorded with the change, not yet sent: the transaction has not committed.
        message = SmsMessage.objects.get(request=req)
        assert message.state == SmsMessage.State.PENDING
        assert sms_outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    message.refresh_from_db()
    assert message.state == SmsMessage.State.SENT and message.sent_at is not None
    assert [m.to for m in sms_outbox] == ["+905321000000"]


def test_no_sms_when_the_change_rolls_back(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = _triaged(make_request, social_worker)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom), transaction.atomic():
        request_transition(actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
        raise Boom
    assert callbacks == []
    assert sms_outbox == []
    assert not SmsMessage.objects.exists()
    assert Request.objects.get(pk=req.pk).status == Status.TRIAGED


@pytest.mark.django_db(transaction=True)
def test_real_commit_sends_and_real_rollback_does_not(sms_outbox: list) -> None:
    """The same, on a real database transaction rather than the test's wrapping one."""
    from conftest import make_user
    from omur.accounts.roles import Role
    from omur.intake.tests.factories import CategoryFactory

    worker = make_user(Role.SOCIAL_WORKER)
    category = CategoryFactory()
    req = request_create(
        actor=worker,
        channel=Channel.PHONE_185,
        category=category,
        caller_name="Ayşe Yılmaz",
        caller_phone="05321234567",
    )
    request_transition(actor=worker, req=req, to_status=Status.TRIAGED)
    with pytest.raises(Boom), transaction.atomic():
        request_transition(actor=worker, req=req, to_status=Status.CLOSED, note="Mükerrer")
        raise Boom
    assert sms_outbox == []
    req = Request.objects.get(pk=req.pk)
    request_transition(actor=worker, req=req, to_status=Status.CLOSED, note="Mükerrer")
    assert len(sms_outbox) == 1
    assert SmsMessage.objects.get().state == SmsMessage.State.SENT


def test_sms_defaults_on_for_decisions_and_off_for_triage(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    assert sms_outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
    assert len(sms_outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.CLOSED, send_sms=False)
    assert len(sms_outbox) == 1


def test_staff_may_tick_sms_for_triage(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED, send_sms=True)
    assert len(sms_outbox) == 1


def test_sms_text_carries_the_code_and_status_but_no_personal_details(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = _triaged(make_request, social_worker, description="Annemin diyabeti var")
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(
            actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.REJECTED, note="Gelir yüksek"
        )
    [message] = sms_outbox
    assert req.tracking_code_display in message.text
    assert message.text.startswith("Mersin Büyükşehir Belediyesi:")
    assert "onaylanamadı" in message.text
    for private in ("Ayşe", "Yılmaz", "diyabet", "Gelir", "temizlik", "Evde"):
        assert private not in message.text


def test_sms_is_written_in_the_citizens_language(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = _triaged(make_request, social_worker, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
    assert sms_outbox[0].text.startswith("Mersin Metropolitan Municipality: Application")
    assert "approved" in sms_outbox[0].text


def test_sms_links_to_the_tracking_page_when_the_public_address_is_known(
    make_request: Any, social_worker: Any, sms_outbox: list, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OMUR_PUBLIC_BASE_URL = "https://omur.example/"
    req = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED, send_sms=True)
    assert sms_outbox[0].text.endswith(f"https://omur.example/basvurular/takip/?kod={req.tracking_code_display}")


def test_staff_created_request_can_send_the_tracking_code(
    call_operator: Any, category: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        req = request_create(
            actor=call_operator,
            channel=Channel.PHONE_185,
            category=category,
            caller_name="Ayşe Yılmaz",
            caller_phone="0532 123 45 67",
            send_sms=True,
        )
    assert len(sms_outbox) == 1 and req.tracking_code_display in sms_outbox[0].text


def test_registered_persons_mobile_is_used_when_no_call_back_number(
    call_operator: Any, social_worker: Any, category: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory(phone="+903241234567", phone_alt="+905559876543")  # landline first, mobile second
    req = request_create(actor=call_operator, channel=Channel.WALK_IN, category=category, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED, send_sms=True)
    assert [m.to for m in sms_outbox] == ["+905559876543"]


def test_no_mobile_number_records_a_skipped_notice(
    call_operator: Any, social_worker: Any, category: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = request_create(
        actor=call_operator,
        channel=Channel.PHONE_185,
        category=category,
        caller_name="Ali Kaya",
        caller_phone="0324 123 45 67",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED, send_sms=True)
    assert callbacks == [] and sms_outbox == []
    message = SmsMessage.objects.get(request=req)
    assert message.state == SmsMessage.State.SKIPPED and message.error


def test_a_task_delivered_twice_sends_once(
    make_request: Any, social_worker: Any, sms_outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    req = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED, send_sms=True)
    message = SmsMessage.objects.get(request=req)
    sms_message_send(sms_id=message.pk)
    assert len(sms_outbox) == 1


class _FailingGateway(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(503)
        self.send_header("Content-Length", "11")
        self.end_headers()
        self.wfile.write(b"unavailable")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def failing_gateway(settings: Any) -> Iterator[None]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingGateway)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OMUR_SMS_BACKEND = "omur.core.sms.HttpGatewayBackend"
    settings.OMUR_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.OMUR_SMS_TIMEOUT_SECONDS = 5
    yield
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_gateway_failure_is_recorded_and_the_status_change_stands(
    make_request: Any, social_worker: Any, failing_gateway: None, django_capture_on_commit_callbacks: Any
) -> None:
    req = _triaged(make_request, social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
    req.refresh_from_db()
    assert (req.status, req.decision) == (Status.DECIDED, Decision.APPROVED)
    message = SmsMessage.objects.get(request=req)
    assert message.state == SmsMessage.State.FAILED
    assert message.error.startswith("HTTP 503") and message.backend == "omur.core.sms.HttpGatewayBackend"
    assert message.sent_at is None
