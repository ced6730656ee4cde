"""Re-materialise a care plan's future visits when the plan is saved.

Why a signal on CarePlan (and not on CarePlanItem): `cases.services.care_plan_save` saves the plan,
then replaces its task rows with a bulk insert, which sends no signals (and code that adds task rows
one by one does so right after saving the plan, in the same transaction). The plan's post_save fires
inside that transaction, so the work is deferred to `on_commit`, when the new task rows are in place,
and runs as a background task. The daily job reconciles everything again, so a missed signal (a
plan changed in the admin shell, a crashed worker) heals the next morning.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from omur.cases.models import CarePlan


def _schedule(care_plan_id: int) -> None:
    from omur.homecare.tasks import materialise_care_plan

    transaction.on_commit(lambda: materialise_care_plan.enqueue(care_plan_id))


@receiver(post_save, sender=CarePlan, dispatch_uid="homecare.careplan_saved")
def care_plan_saved(sender: Any, instance: CarePlan, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _schedule(instance.pk)
