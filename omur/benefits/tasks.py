"""Background jobs of benefits (django-tasks). Thin: each calls a service."""

from django_tasks import task


@task()
def benefits_daily() -> dict[str, int]:
    """Daily: tasks for pass-on obligations that became overdue or fell behind pace."""
    from omur.benefits.services.obligations import obligation_tasks_raise

    return obligation_tasks_raise()
