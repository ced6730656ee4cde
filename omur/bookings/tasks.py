"""Background work for bookings (django-tasks). Thin: each calls a service."""

from django_tasks import task


@task()
def bookings_daily() -> int:
    """Every night: erase the contact details of Mercan bookings whose visit is past the retention period."""
    from omur.bookings.services.mercan import group_bookings_erase_contacts

    return group_bookings_erase_contacts()
