"""Background work for the venues (django-tasks). Thin: each calls a service."""

from django_tasks import task


@task()
def send_offer_sms(*, sms_id: int) -> str:
    from omur.venues.services import offer_sms_send

    return str(offer_sms_send(sms_id=sms_id).state)


@task()
def expire_offers() -> int:
    """Several times a day: unanswered place offers past their deadline go to the next in line."""
    from omur.venues.services import offers_expire

    return offers_expire()


@task()
def venues_daily() -> dict[str, int]:
    """Daily: expire offers, and raise tasks for job follow-ups that have come due."""
    from omur.venues.services import followups_raise_tasks, offers_expire

    return {"offers_expired": offers_expire(), "follow_up_tasks": followups_raise_tasks()}
