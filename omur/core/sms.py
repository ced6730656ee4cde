"""Sending SMS: one small interface, pluggable backends chosen by settings.OMUR_SMS_BACKEND.

    from omur.core.sms import send_sms
    result = send_sms(to="+905321234567", text="...")   # never raises for a delivery failure
    if not result.ok: record result.error

Backends:
- LoggingBackend (default): writes the message to the log; the demo and development.
- HttpGatewayBackend: POSTs JSON to an SMS gateway (OMUR_SMS_GATEWAY_URL, _TOKEN, OMUR_SMS_SENDER,
  OMUR_SMS_TIMEOUT_SECONDS). Turkish operators' gateways each have their own API; subclass and
  override `build_request`/`parse_response` for one, keep the rest (time-outs, error capture).
- LocmemBackend: keeps messages in `omur.core.sms.outbox`, for tests.

This module carries messages only and keeps no records: each app stores what it sent beside its own
objects (e.g. omur.intake.models.SmsMessage), so retention and erasure follow the app's records.
Sending is slow and may fail, so callers send from a background task after their transaction commits.
"""

import json
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    backend: str
    provider_id: str = ""
    error: str = ""


class SmsBackend:
    """Send one message to one E.164 number. Return an SmsResult; raise only for programming errors."""

    def send(self, *, to: str, text: str) -> SmsResult:
        raise NotImplementedError

    @property
    def name(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}"


def mask_number(to: str) -> str:
    """Logs are read by more people than the database: keep only the last four digits."""
    return f"…{to[-4:]}" if len(to) > 4 else "…"


class LoggingBackend(SmsBackend):
    def send(self, *, to: str, text: str) -> SmsResult:
        message_id = f"log-{uuid.uuid4().hex[:12]}"
        log.info("SMS %s to %s: %s", message_id, mask_number(to), text)
        return SmsResult(ok=True, backend=self.name, provider_id=message_id)


@dataclass(frozen=True)
class OutboxMessage:
    to: str
    text: str


outbox: list[OutboxMessage] = []


class LocmemBackend(SmsBackend):
    def send(self, *, to: str, text: str) -> SmsResult:
        outbox.append(OutboxMessage(to=to, text=text))
        return SmsResult(ok=True, backend=self.name, provider_id=f"locmem-{len(outbox)}")


class HttpGatewayBackend(SmsBackend):
    """A JSON-over-HTTPS gateway: POST {"from", "to", "text"} with a bearer token; a 2xx answer
    with {"id": ...} is a message accepted for delivery. Uses the standard library (urllib), so the
    project takes on no HTTP client dependency for one POST."""

    def __init__(self) -> None:
        self.url: str = settings.OMUR_SMS_GATEWAY_URL
        self.token: str = settings.OMUR_SMS_GATEWAY_TOKEN
        self.sender: str = settings.OMUR_SMS_SENDER
        self.timeout: float = float(settings.OMUR_SMS_TIMEOUT_SECONDS)
        if not self.url:
            raise ImproperlyConfigured("OMUR_SMS_GATEWAY_URL must be set to use the HTTP SMS gateway backend.")

    def build_request(self, *, to: str, text: str) -> urllib.request.Request:
        body = json.dumps({"from": self.sender, "to": to, "text": text}).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310

    def parse_response(self, status: int, body: bytes) -> SmsResult:
        try:
            data = json.loads(body.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = {}
        provider_id = str(data.get("id", "")) if isinstance(data, dict) else ""
        return SmsResult(ok=True, backend=self.name, provider_id=provider_id)

    def send(self, *, to: str, text: str) -> SmsResult:
        request = self.build_request(to=to, text=text)
        try:
            # Only the configured gateway URL is ever opened (http or https, set by the operator).
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return self.parse_response(response.status, response.read(65536))
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace") if exc.fp else ""
            return self._failed(f"HTTP {exc.code}: {detail}".strip(), to)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return self._failed(f"{type(exc).__name__}: {reason}", to)

    def _failed(self, error: str, to: str) -> SmsResult:
        log.warning("SMS to %s failed at the gateway: %s", mask_number(to), error)
        return SmsResult(ok=False, backend=self.name, error=error[:1000])


def get_backend() -> SmsBackend:
    backend_class = import_string(settings.OMUR_SMS_BACKEND)
    backend: SmsBackend = backend_class()
    return backend


def send_sms(*, to: str, text: str) -> SmsResult:
    """Send through the configured backend. A failure comes back as SmsResult(ok=False, error=...),
    whatever went wrong, so a caller's bookkeeping (and a status change) can never be broken by it."""
    try:
        backend = get_backend()
    except (ImportError, ImproperlyConfigured) as exc:
        log.error("SMS backend %s cannot be used: %s", settings.OMUR_SMS_BACKEND, exc)
        return SmsResult(ok=False, backend=settings.OMUR_SMS_BACKEND, error=f"{type(exc).__name__}: {exc}"[:1000])
    try:
        return backend.send(to=to, text=text)
    except Exception as exc:  # a gateway subclass's bug must not lose the record of the attempt
        log.exception("SMS backend %s raised", backend.name)
        return SmsResult(ok=False, backend=backend.name, error=f"{type(exc).__name__}: {exc}"[:1000])


def check_sms_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: a misconfigured backend is found at start-up, not at the first SMS."""
    path = getattr(settings, "OMUR_SMS_BACKEND", "")
    try:
        backend_class = import_string(path)
    except ImportError:
        return [checks.Error(f"OMUR_SMS_BACKEND {path!r} cannot be imported.", id="omur.E101")]
    if issubclass(backend_class, HttpGatewayBackend) and not settings.OMUR_SMS_GATEWAY_URL:
        return [checks.Error("OMUR_SMS_GATEWAY_URL must be set for the HTTP SMS gateway backend.", id="omur.E102")]
    return []
