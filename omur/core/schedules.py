"""Daily schedules: (name, local time, task). The scheduler process (manage.py run_scheduler) enqueues
each one once a day after its time; apps add theirs with `daily(...)` in their AppConfig.ready."""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from omur.core.models import ScheduleRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    name: str
    at: dt.time
    task: Any  # a django_tasks Task


SCHEDULES: dict[str, Schedule] = {}


def daily(name: str, at: dt.time, task: Any) -> None:
    SCHEDULES[name] = Schedule(name=name, at=at, task=task)


def schedules_fire_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every schedule whose time today has passed and that has not fired today.
    Safe to call from several processes: the unique (name, day) row decides who enqueues."""
    local = timezone.localtime(now or timezone.now())
    fired = []
    for schedule in SCHEDULES.values():
        if local.time() < schedule.at:
            continue
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(name=schedule.name, day=local.date())
                result = schedule.task.enqueue()
                ScheduleRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id))
        except IntegrityError:
            continue
        log.info("schedule %s enqueued for %s", schedule.name, local.date())
        fired.append(schedule.name)
    return fired


def _register_core() -> None:
    from omur.core.tasks import housekeeping

    daily("core.housekeeping", dt.time(3, 0), housekeeping)


_register_core()
