"""The SMS transport: backends chosen by settings, failures returned (never raised), time-outs."""

import contextlib
import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from omur.core import sms


class _Gateway(BaseHTTPRequestHandler):
    """A stand-in SMS gateway on 127.0.0.1: behaviour set per test through the server object."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(  # type: ignore[attr-defined]
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("Authorization", "")}
        )
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "slow":
            time.sleep(1.0)
        status, body = (200, b'{"id": "gw-42"}') if mode in ("ok", "slow") else (500, b"gateway down")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (time-out test)
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def gateway(settings: Any) -> Iterator[Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.received = []  # type: ignore[attr-defined]
    server.mode = "ok"  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OMUR_SMS_BACKEND = "omur.core.sms.HttpGatewayBackend"
    settings.OMUR_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.OMUR_SMS_GATEWAY_TOKEN = "secret-token"
    settings.OMUR_SMS_SENDER = "MERSIN BB"
    settings.OMUR_SMS_TIMEOUT_SECONDS = 5
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_logging_backend_logs_the_message_with_a_masked_number(settings: Any, caplog: Any) -> None:
    settings.OMUR_SMS_BACKEND = "omur.core.sms.LoggingBackend"
    with caplog.at_level(logging.INFO, logger="omur.core.sms"):
        result = sms.send_sms(to="+905321234567", text="Başvurunuz alındı.")
    assert result.ok and result.provider_id.startswith("log-")
    assert "Başvurunuz alındı." in caplog.text
    assert "…4567" in caplog.text and "5321234567" not in caplog.text


def test_locmem_backend_keeps_messages(settings: Any) -> None:
    settings.OMUR_SMS_BACKEND = "omur.core.sms.LocmemBackend"
    sms.outbox.clear()
    assert sms.send_sms(to="+905321234567", text="merhaba").ok
    assert sms.outbox == [sms.OutboxMessage(to="+905321234567", text="merhaba")]
    sms.outbox.clear()


def test_gateway_backend_posts_json_with_token_and_sender(gateway: Any) -> None:
    result = sms.send_sms(to="+905321234567", text="Başvuru ACDEF-23456 onaylandı.")
    assert result == sms.SmsResult(ok=True, backend="omur.core.sms.HttpGatewayBackend", provider_id="gw-42")
    [received] = gateway.received
    assert received["body"] == {"from": "MERSIN BB", "to": "+905321234567", "text": "Başvuru ACDEF-23456 onaylandı."}
    assert received["auth"] == "Bearer secret-token"


def test_gateway_error_is_returned_not_raised(gateway: Any) -> None:
    gateway.mode = "fail"
    result = sms.send_sms(to="+905321234567", text="x")
    assert not result.ok
    assert result.error.startswith("HTTP 500") and "gateway down" in result.error


def test_gateway_time_out_is_returned_not_raised(gateway: Any, settings: Any) -> None:
    gateway.mode = "slow"
    settings.OMUR_SMS_TIMEOUT_SECONDS = 0.2
    started = time.monotonic()
    result = sms.send_sms(to="+905321234567", text="x")
    assert not result.ok and "timed out" in result.error.lower()
    assert time.monotonic() - started < 0.9


def test_unreachable_gateway_is_returned_not_raised(gateway: Any, settings: Any) -> None:
    gateway.shutdown()
    gateway.server_close()
    result = sms.send_sms(to="+905321234567", text="x")
    assert not result.ok and result.error


def test_gateway_without_url_fails_the_system_check_and_the_send(settings: Any) -> None:
    settings.OMUR_SMS_BACKEND = "omur.core.sms.HttpGatewayBackend"
    settings.OMUR_SMS_GATEWAY_URL = ""
    assert [e.id for e in sms.check_sms_settings()] == ["omur.E102"]
    result = sms.send_sms(to="+905321234567", text="x")
    assert not result.ok and "OMUR_SMS_GATEWAY_URL" in result.error


def test_unknown_backend_fails_the_system_check(settings: Any) -> None:
    settings.OMUR_SMS_BACKEND = "omur.core.sms.NoSuchBackend"
    assert [e.id for e in sms.check_sms_settings()] == ["omur.E101"]


def test_default_settings_pass_the_system_check() -> None:
    assert sms.check_sms_settings() == []


class _Broken(sms.SmsBackend):
    def send(self, *, to: str, text: str) -> sms.SmsResult:
        raise ValueError("bug in a provider adapter")


def test_a_backend_that_raises_comes_back_as_a_failure(settings: Any) -> None:
    settings.OMUR_SMS_BACKEND = f"{__name__}._Broken"
    result = sms.send_sms(to="+905321234567", text="x")
    assert not result.ok and "bug in a provider adapter" in result.error
