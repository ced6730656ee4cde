"""Background jobs of the meals app (django-tasks). Thin: each calls a service."""

from django_tasks import task


@task()
def plan_delivery_runs(plan_id: int) -> str:
    """Plan a day's delivery runs (services.delivery_plan_run); the page polls DeliveryPlan.status."""
    from omur.meals.services import delivery_plan_run

    return str(delivery_plan_run(plan_id=plan_id, workers=1).status)
