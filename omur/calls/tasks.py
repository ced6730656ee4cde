"""Background jobs of the call centre (django-tasks). Thin: each calls a service."""

from django_tasks import task


@task()
def calls_daily() -> dict[str, int]:
    """Early each morning: today's call list for every programme that calls today."""
    from omur.calls.services import call_lists_generate_all

    return call_lists_generate_all()


@task()
def calls_sweep() -> dict[str, int]:
    """Each evening: calls still open after their programme's call window are escalated or closed."""
    from omur.calls.services import calls_sweep as sweep

    return sweep()
