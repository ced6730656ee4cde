"""Background work for intake. Tasks stay thin: they call a service."""

from django_tasks import task


@task()
def send_request_sms(*, sms_id: int) -> str:
    from omur.intake.services import sms_message_send

    return str(sms_message_send(sms_id=sms_id).state)


@task()
def purge_rate_limits() -> int:
    """Daily: drop the public pages' expired rate-limit counters."""
    from omur.intake.ratelimit import rate_limit_purge

    return rate_limit_purge()
