"""Background jobs of case work (django-tasks). Thin: each calls a service."""

from django_tasks import task


@task()
def cases_daily() -> dict[str, int]:
    """Daily: age limits, deaths, reviews and re-assessments coming due (services.rules)."""
    from omur.cases.services.rules import cases_daily_rules

    return cases_daily_rules()
