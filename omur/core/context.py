"""Per-request facts (request id, client address) that the audit trail records without every service
having to pass them along. Context variables, so threads and async tasks each see their own."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


# RequestContext is a frozen dataclass, so sharing one default instance is safe.
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "omur_request",
    default=RequestContext(),  # noqa: B039
)


def current_request_context() -> RequestContext:
    return _current.get()


def set_request_context(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(ctx)


def reset_request_context(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)
